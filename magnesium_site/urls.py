from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve

from magnesium_site.health import healthz
from magnesium_site.robots import robots_txt


class StaticFileRedirect(RedirectView):
    """Browsers ask for /favicon.ico whatever a page links; the icon is a static file."""

    static_path = ""

    def get_redirect_url(self, *args, **kwargs):
        return static(self.static_path)


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots"),
    path("", include("articles.root_urls")),
    path("favicon.ico", StaticFileRedirect.as_view(static_path="favicon.ico"), name="favicon"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            r"^{}(?P<path>.*)$".format(settings.MEDIA_URL.lstrip("/")),
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    path("", include("comments.urls")),
    path("", include("search.urls")),
    prefix_default_language=False,
)
