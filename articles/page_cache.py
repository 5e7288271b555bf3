"""Whole-page cache for anonymous visitors.

A page is rendered once with placeholders where the CSRF token and the comment
form's signed render time go; each request gets the cached bytes with its own
values substituted in. Any change a visitor could see bumps one version key,
which retires every cached page at once.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

VERSION_KEY = "pages:version"
CSRF_PLACEHOLDER = "csrf-token-placeholder-0a8e1c"
RENDER_TIME_PLACEHOLDER = "render-time-placeholder-0a8e1c"
_CSRF = CSRF_PLACEHOLDER.encode()
_RENDER_TIME = RENDER_TIME_PLACEHOLDER.encode()


def invalidate():
    """Retire every cached page (after a change visitors could see)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def is_public_request(request, personal_parameters=()):
    """An anonymous GET without personal state: it may get a shared page.

    Other query parameters (utm_source, fbclid, ...) do not change the page and
    share its cache entry, so they cannot be used to force full renders.
    """
    if request.method != "GET":
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    return not any(name in request.GET for name in personal_parameters)


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def _key(request, variant):
    return f"page:{current_version()}:{request.LANGUAGE_CODE}:{request.path}:{variant}"


def lookup(request, variant=""):
    """Return (key, cached bytes or None).

    The key holds the version read before the page is rendered: a page rendered
    from data that changed meanwhile is stored under a retired version, never
    served.
    """
    key = _key(request, variant)
    return key, cache.get(key)


def store(key, content, timeout):
    if timeout > 0:
        cache.set(key, content, timeout=timeout)


def timeout_until(next_change):
    """Seconds a page may be cached: never past a scheduled publication."""
    seconds = settings.PAGE_CACHE_SECONDS
    if next_change is not None:
        seconds = min(seconds, int((next_change - timezone.now()).total_seconds()))
    return max(seconds, 0)


def personalise(request, content, render_token):
    """The cached bytes with this request's CSRF token and render time."""
    if _CSRF in content:
        content = content.replace(_CSRF, get_token(request).encode())
    if _RENDER_TIME in content:
        content = content.replace(_RENDER_TIME, render_token.encode())
    return content


def respond(request, content, render_token):
    response = HttpResponse(
        personalise(request, content, render_token), content_type="text/html; charset=utf-8"
    )
    mark_public(response)
    return response


def mark_public(response):
    """Proxies may keep a published page briefly; the CSRF cookie makes it per visitor."""
    patch_cache_control(response, public=True, max_age=settings.PAGE_PROXY_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])


def mark_private(response):
    patch_cache_control(response, private=True, no_store=True)
