"""The site's URLs plus views that fail on purpose, so that every error page can be
loaded in the browser tests (ROOT_URLCONF in tests/browser/test_accessibility_browser.py)."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.db import DatabaseError
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import path

from magnesium_site.urls import urlpatterns as site_urlpatterns


def bad_request(request):
    raise BadRequest("test")


def forbidden(request):
    raise PermissionDenied


def server_error(request):
    raise RuntimeError("A 500 on purpose, for the accessibility check of the 500 page.")


def method_not_allowed(request):
    return HttpResponseNotAllowed(["POST"])  # empty: the middleware gives the Dutch page


def database_unavailable(request):
    raise DatabaseError("test")


def comment_form_unavailable(request):
    """What a visitor gets when the database is away as they post (comments.views)."""
    return render(
        request,
        "comments/unavailable.html",
        {"text": "Mijn ervaring.", "hidden": [("name", "Sanne")]},
        status=503,
    )


def admin_lockout(request):
    return render(request, "axes/lockout.html", status=429)


urlpatterns = [
    path("test-fout/400/", bad_request),
    path("test-fout/403/", forbidden),
    path("test-fout/405/", method_not_allowed),
    path("test-fout/500/", server_error),
    path("test-fout/503/", database_unavailable),
    path("test-fout/reactie-niet-opgeslagen/", comment_form_unavailable),
    path("test-fout/geblokkeerd/", admin_lockout),
    *site_urlpatterns,
]
