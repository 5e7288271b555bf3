"""/robots.txt: what crawlers may fetch, and where the sitemap is (an absolute URL)."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

# Depends on the settings only: proxies and crawlers may keep it for a day.
ROBOTS_MAX_AGE = 24 * 3600


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=ROBOTS_MAX_AGE)
    return response
