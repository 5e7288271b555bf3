from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.articles.factories import ArticleFactory
from tests.comments.helpers import comment_url, form_data

pytestmark = pytest.mark.django_db


def _pages(client):
    article = ArticleFactory()
    return {
        "home": client.get(reverse("articles:home")),
        "article": client.get(article.get_absolute_url()),
        "form error": client.post(comment_url(article), form_data(text="")),
        "admin login": client.get(reverse("admin:login")),
    }


def test_security_headers_on_every_kind_of_page(client):
    for name, response in _pages(client).items():
        assert response.status_code in (HTTPStatus.OK, HTTPStatus.BAD_REQUEST), name
        csp = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
        assert directives["script-src"] == "'self'", name
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, name
        assert directives["object-src"] == "'none'", name
        assert directives["frame-ancestors"] == "'none'", name
        assert response["X-Frame-Options"] == "DENY", name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name


def test_form_error_page_is_never_stored_by_caches(client):
    assert _pages(client)["form error"]["Cache-Control"] == "private, no-store"
