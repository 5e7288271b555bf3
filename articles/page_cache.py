"""Whole-page cache for anonymous visitors.

A page is rendered once with placeholders where the CSRF token and the comment
form's signed render time go; each request gets the cached bytes with its own
values substituted in. Any change a visitor could see bumps one version key,
which retires every cached page at once.

Entries live in the "pages" cache: the shared cache (Redis in production) with a
copy in each process (magnesium_site.cache). The version is read from the shared
cache on every request, so a change on one app server retires the copies on all
of them.

PageCacheMiddleware answers from an entry before the rest of the middleware
stack and the URL resolver run; the views fill the entries and serve the
requests the middleware cannot match (see CachedPageMixin).
"""

import hashlib
import time
import uuid

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.connection import ConnectionProxy
from django.utils.crypto import salted_hmac

from comments.spam import sign_render_time

VERSION_KEY = "pages:version"
# Pages, fragments and counts: everything stored under a key that carries the version.
kept = ConnectionProxy(caches, "pages")


# Derived from SECRET_KEY: the same on every app server, and not something a commenter
# can type into a page to have other visitors' tokens put in its place.
def _placeholder(name):
    return f"{name}-{salted_hmac('articles.page_cache.placeholder', name).hexdigest()[:24]}"


CSRF_PLACEHOLDER = _placeholder("csrf-token")
RENDER_TIME_PLACEHOLDER = _placeholder("render-time")
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


def key(path, query="", version=None):
    """The entry of a page: the path holds the language (/en/...), the query its variant.

    The key holds the version read before the page is rendered: a page rendered
    from data that changed meanwhile is stored under a retired version, never
    served.
    """
    page = hashlib.md5(f"{path}?{query}".encode(), usedforsecurity=False).hexdigest()
    return f"page:{version or current_version()}:{page}"


def fetch(key):
    """The entry (content pieces, headers) stored under key, or None."""
    return kept.get(key)


def store(key, content, headers, timeout):
    if timeout > 0:
        kept.set(key, (split(content), headers), timeout=timeout)


def defer_store(response, key, content, timeout):
    """Let PageCacheMiddleware store the page with the headers the inner middleware add."""
    response.page_cache_entry = (key, content, timeout)


def timeout_until(next_change):
    """Seconds a page may be cached: never past a scheduled publication."""
    seconds = settings.PAGE_CACHE_SECONDS
    if next_change is not None:
        seconds = min(seconds, int((next_change - timezone.now()).total_seconds()))
    return max(seconds, 0)


def split(content):
    """The page as pieces: text at even positions, a placeholder at each odd one."""
    pieces = []
    for i, part in enumerate(content.split(_CSRF)):
        if i:
            pieces.append(_CSRF)
        for j, text in enumerate(part.split(_RENDER_TIME)):
            if j:
                pieces.append(_RENDER_TIME)
            pieces.append(text)
    return tuple(pieces)


def personalise(request, pieces):
    """The page with this request's CSRF token and render time."""
    if len(pieces) == 1:
        return pieces[0]
    values = {}
    if _CSRF in pieces[1::2]:
        values[_CSRF] = get_token(request).encode()
    if _RENDER_TIME in pieces[1::2]:
        values[_RENDER_TIME] = sign_render_time(time.time()).encode()
    return b"".join([values[piece] if i % 2 else piece for i, piece in enumerate(pieces)])


def respond(request, pieces, headers=None):
    """A cached page; headers as stored with it, or the public ones."""
    response = HttpResponse(personalise(request, pieces), headers=headers)
    if headers is None:
        mark_public(response)
    return response


# Set by the server (gunicorn, runserver, the test client), never by the page.
_UNSTORED_HEADERS = {"content-length", "date", "set-cookie"}


class PageCacheMiddleware:
    """Answer public GETs of cached pages before the rest of the stack runs.

    Belongs right after CsrfViewMiddleware (which reads the visitor's CSRF cookie
    and sets it on the way out) and before the session, locale and messages
    middleware. Only a request whose query string is exactly a page's canonical one
    (none, or ?reacties=2, ?page=3) is matched here; the view serves the others from
    the same entry.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if settings.PAGE_CACHE_SECONDS > 0 and len(query) <= 32 and is_public_request(request):
            entry = fetch(key(request.path, query))
            if entry is not None:
                content, headers = entry
                return respond(request, content, headers)
        response = self.get_response(request)
        pending = getattr(response, "page_cache_entry", None)
        if pending is not None:
            entry_key, content, timeout = pending
            headers = {
                name: value
                for name, value in response.headers.items()
                if name.lower() not in _UNSTORED_HEADERS
            }
            store(entry_key, content, headers, timeout)
        return response


def mark_public(response):
    """Proxies may keep a published page briefly; the CSRF cookie makes it per visitor."""
    patch_cache_control(response, public=True, max_age=settings.PAGE_PROXY_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])


def mark_private(response):
    patch_cache_control(response, private=True, no_store=True)
