"""Whole-page cache for anonymous visitors: the protocol between views, templates and
the middleware.

Scopes. Every cached value (a page, a fragment, a count) is stored under a key that
carries the current version of each scope it shows: one article (its pages in every
language, its comment pages, fragments and counts), or the site-wide listings. A change
retires exactly the scopes whose pages show it: invalidate() gives them new versions
once the transaction commits, each scope once per transaction. A stored value is never
wrong, only retired, so every process may keep copies (magnesium_site.cache); the
versions themselves are read from the shared cache on every request, so a change on one
server shows on all of them at once.

Variants. A view lists the query parameters it understands (Parameters): a variant
parameter (?reacties=2) is normalised into the page's canonical query, a personal one
(?antwoord=) makes the page the visitor's own, and a parameter the view does not know,
unless it is a tracking parameter (utm_*, fbclid, ...), makes the request bypass the
shared cache: a page is never answered with one made for other parameters.

Placeholders. A page is rendered once with placeholders where per-visitor values go
(the CSRF token, a signed render time) and gets its own values filled in per response.
Apps register what they fill in with register_placeholder(). A page with placeholders
is marked private for proxies and browsers: it carries that visitor's values.

PageCacheMiddleware answers a public GET whose path and query string were stored before,
before sessions, locale and the URL resolver run. Every other request goes to the view
(CachedPageMixin), which serves or renders the page and hands a StoredPage to the
middleware through the request's PageRequest.
"""

import functools
import hashlib
import logging
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.connection import ConnectionProxy
from django.utils.crypto import salted_hmac

from magnesium_site import csrf

logger = logging.getLogger(__name__)

# Pages, fragments, counts and route hints: values under keys that never change meaning.
kept = ConnectionProxy(caches, "pages")

SCOPE_PREFIX = "scope:"
ROUTE_PREFIX = "route:"
PAGE_PREFIX = "page:"
# The middleware looks up query strings up to this length; longer ones go to the view.
MAX_QUERY_LENGTH = 64
# How long the scopes a path showed are remembered (a hint: never wrong, only missing).
ROUTE_HINT_SECONDS = 24 * 3600
# How often retiring scopes is tried before giving up (logged: pages then expire).
INVALIDATE_ATTEMPTS = 3

# The X-Cache header of pages under this protocol.
HIT, MISS, BYPASS = "hit", "miss", "bypass"
CACHE_STATUS_HEADER = "X-Cache"

# Parameters that analytics add to links; they never change a page.
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid"}
    | {"mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ref_src"}
)
TRACKING_PREFIXES = ("utm_",)

# Set by the server (gunicorn, runserver, the test client), or per response, never kept.
_UNSTORED_HEADERS = frozenset({"content-length", "date", "set-cookie", "x-cache"})


# Scopes and their versions --------------------------------------------------------------


def _new_version():
    return uuid.uuid4().hex


def read_versions(scopes):
    """The current version of each scope, as {scope: version}; one round trip as a rule."""
    keys = {SCOPE_PREFIX + scope: scope for scope in scopes}
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    for key in missing:
        # A new scope (or one the shared cache dropped): whoever adds first wins.
        mine = _new_version()
        found[key] = mine if cache.add(key, mine, timeout=None) else cache.get(key, mine)
    return {scope: found[key] for key, scope in keys.items()}


def version_token(versions):
    """One string for a set of scope versions: what fragment keys are made of."""
    return ".".join(versions[scope] for scope in sorted(versions))


class _Batch:
    """The scopes a transaction retires: bumped once, by the first of its callbacks to run."""

    def __init__(self, savepoints):
        self.savepoints = savepoints
        self.scopes = set()

    def retire(self):
        scopes, self.scopes = self.scopes, set()
        if not scopes:
            return
        values = {SCOPE_PREFIX + scope: _new_version() for scope in sorted(scopes)}
        for attempt in range(1, INVALIDATE_ATTEMPTS + 1):
            try:
                cache.set_many(values, timeout=None)
                return
            except Exception:
                if attempt == INVALIDATE_ATTEMPTS:
                    logger.exception("Could not retire cached pages of %s", sorted(scopes))
                    return
                time.sleep(0.05 * attempt)


def invalidate(*scopes, using=None):
    """Retire the cached pages of these scopes once the current transaction commits.

    Within one transaction every scope is retired once, however many rows change: the
    scopes gather in one batch, which the first of its callbacks to run retires (the
    others find it empty). A batch opened inside a savepoint is not used outside it, so
    a rollback to that savepoint drops it whole; scopes added inside a savepoint to an
    older batch are retired even if that savepoint rolls back (one retirement too many
    is harmless, one too few is not).
    """
    if not scopes:
        return
    connection = transaction.get_connection(using)
    active = frozenset(connection.savepoint_ids) if connection.in_atomic_block else None
    batch = getattr(connection, "page_cache_batch", None)
    if active is None or batch is None or not batch.savepoints <= active:
        batch = _Batch(active)
        if active is not None:
            connection.page_cache_batch = batch
    batch.scopes.update(scopes)
    transaction.on_commit(batch.retire, using=using)


# Query parameters ----------------------------------------------------------------------


def _is_tracking(name):
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def without_tracking(query):
    """The query string without tracking parameters, as the middleware looks it up."""
    if not query:
        return query
    pairs = query.split("&")
    kept_pairs = [pair for pair in pairs if not _is_tracking(pair.partition("=")[0])]
    return query if len(kept_pairs) == len(pairs) else "&".join(kept_pairs)


@dataclass
class Parameters:
    """The query parameters one kind of page understands.

    variants: name -> normalise(value, view), giving the canonical value ("" for the
    default page). personal: names that make the page one visitor's own.
    """

    variants: dict[str, Callable] = field(default_factory=dict)
    personal: set[str] = field(default_factory=set)

    def add_variant(self, name, normalise):
        self.variants[name] = normalise

    def add_personal(self, name):
        self.personal.add(name)

    def canonical_query(self, query, view):
        """The query string of the shared page this one is, or None if it is not shared."""
        for name in query:
            if name not in self.variants and (name in self.personal or not _is_tracking(name)):
                return None
        pairs = []
        for name in sorted(self.variants):
            value = self.variants[name](query.get(name, ""), view)
            if value:
                pairs.append((name, value))
        return urlencode(pairs)


# Placeholders ---------------------------------------------------------------------------


@functools.cache
def _mark(secret_key):
    # Derived from SECRET_KEY: the same on every app server, and nothing a commenter can
    # type into a page to have other visitors' values put in its place.
    return "pc" + salted_hmac("page-cache.placeholder", "mark", secret=secret_key).hexdigest()[:24]


@functools.cache
def _placeholder_pattern(mark):
    return re.compile(re.escape(mark.encode()) + rb"\.([a-z-]+)\.([A-Za-z0-9_-]{0,40})\.")


_FILLERS = {}


def register_placeholder(name, fill):
    """fill(request, arg) gives the per-visitor text for placeholder(name, arg)."""
    _FILLERS[name] = fill


def placeholder(name, arg=""):
    """Text standing for a per-visitor value in a page that is kept for everyone."""
    return f"{_mark(settings.SECRET_KEY)}.{name}.{arg}."


CSRF_PLACEHOLDER_NAME = "csrf"
register_placeholder(CSRF_PLACEHOLDER_NAME, lambda request, arg: csrf.get_token(request))


def split(content):
    """The page as a tuple: text, then (name, argument, text) for each placeholder."""
    return tuple(_placeholder_pattern(_mark(settings.SECRET_KEY)).split(content))


def personalise(request, pieces):
    """The page with this request's values in place of its placeholders."""
    if len(pieces) == 1:
        return pieces[0]
    out = [pieces[0]]
    values = {}
    for i in range(1, len(pieces), 3):
        name, arg = pieces[i], pieces[i + 1]
        if (name, arg) not in values:
            values[name, arg] = _FILLERS[name.decode()](request, arg.decode()).encode()
        out += (values[name, arg], pieces[i + 2])
    return b"".join(out)


# Entries --------------------------------------------------------------------------------


def _digest(text):
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def entry_key(path, query, versions):
    """The entry of a page: path (with its language) and canonical query, at these versions."""
    return PAGE_PREFIX + _digest(f"{path}?{query}#{version_token(versions)}")


def _route_key(path):
    return ROUTE_PREFIX + _digest(path)


def scopes_hint(path):
    """The scopes this path showed when it was last rendered, or None."""
    return kept.get(_route_key(path))


def remember_scopes(path, scopes):
    kept.set(_route_key(path), tuple(scopes), timeout=ROUTE_HINT_SECONDS)


@dataclass(frozen=True)
class StoredPage:
    """What a view hands to the middleware: a page to keep, once its headers are final."""

    key: str
    pieces: tuple
    timeout: int


@dataclass
class PageRequest:
    """What the middleware and the view of one request share (request.page_cache)."""

    hint: tuple | None = None  # the scopes the path showed last time
    versions: dict | None = None  # their versions, read before anything was loaded
    to_store: StoredPage | None = None

    @classmethod
    def of(cls, request):
        state = getattr(request, "page_cache", None)
        if state is None:
            state = request.page_cache = cls(hint=scopes_hint(request.path))
        return state

    def versions_for(self, scopes):
        """Versions of these scopes: the ones already read if they match, else read now."""
        if not scopes:
            return None
        if self.versions is not None and tuple(self.versions) == tuple(scopes):
            return self.versions
        return read_versions(scopes)


def is_public_request(request):
    """An anonymous GET without personal state: it may get a page kept for everyone."""
    if request.method != "GET":
        return False
    return not (settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES)


def respond(request, entry):
    """A kept page, with this visitor's values and the headers stored with it."""
    pieces, headers = entry
    response = HttpResponse(personalise(request, pieces), headers=headers)
    response[CACHE_STATUS_HEADER] = HIT
    return response


def mark_shared(response, pieces):
    """Proxies may keep a page briefly, unless it carries this visitor's values."""
    if len(pieces) > 1:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=settings.PAGE_PROXY_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])


def mark_private(response):
    patch_cache_control(response, private=True, no_store=True)


class PageCacheMiddleware:
    """Answer public GETs of kept pages before the rest of the stack runs.

    Belongs right after CsrfViewMiddleware (which reads the visitor's CSRF cookie and sets
    it on the way out) and before the session, locale and messages middleware. Only a
    query string that is exactly a page's canonical one is matched here; the view serves
    the others (tracking parameters, odd spellings) from the same entries.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = without_tracking(request.META.get("QUERY_STRING", ""))
        if (
            settings.PAGE_CACHE_SECONDS > 0
            and len(query) <= MAX_QUERY_LENGTH
            and is_public_request(request)
        ):
            try:
                entry = self.lookup(request, query)
            except Exception:
                # The shared cache is away: pages that need it fail in their view; every
                # other page (the health check, the admin) must still answer.
                logger.exception("Page cache lookup failed for %s", request.path)
                entry = None
            if entry is not None:
                return respond(request, entry)
        response = self.get_response(request)
        state = getattr(request, "page_cache", None)
        if state is not None and state.to_store is not None:
            page = state.to_store
            headers = {
                name: value
                for name, value in response.headers.items()
                if name.lower() not in _UNSTORED_HEADERS
            }
            kept.set(page.key, (page.pieces, headers), timeout=page.timeout)
        return response

    @staticmethod
    def lookup(request, query):
        state = request.page_cache = PageRequest(hint=scopes_hint(request.path))
        if not state.hint:
            return None
        state.versions = read_versions(state.hint)
        return kept.get(entry_key(request.path, query, state.versions))


class CachedPageMixin:
    """A page kept for anonymous visitors under the versions of the scopes it shows.

    A view sets cache_parameters, and gives its scopes: known_scopes() when they follow
    from the URL alone (the listings), else cache_scopes() once load() has run. Versions
    are always read before the content they cover is loaded: when the scopes are known
    only afterwards and were not hinted right, the content is loaded again.
    """

    cache_parameters = Parameters()
    page_versions = None
    use_placeholders = False

    def known_scopes(self):
        return None

    def cache_scopes(self):
        return self.known_scopes()

    def load(self):
        """Load what the page shows (self.object, self.object_list)."""
        raise NotImplementedError

    def cache_timeout(self):
        return settings.PAGE_CACHE_SECONDS

    def is_private_page(self):
        return False

    def get(self, request, *args, **kwargs):
        state = PageRequest.of(request)
        self.page_versions = state.versions_for(self.known_scopes() or state.hint)
        self.load()
        scopes = tuple(self.cache_scopes())
        if self.page_versions is None or tuple(self.page_versions) != scopes:
            self.page_versions = read_versions(scopes)
            self.load()
        if state.hint != scopes:  # so that the middleware can answer the next request
            remember_scopes(request.path, scopes)
            state.hint = scopes

        query = self.cache_parameters.canonical_query(request.GET, self)
        shared = query is not None and is_public_request(request) and not self.is_private_page()
        use_cache = shared and settings.PAGE_CACHE_SECONDS > 0
        if use_cache:
            key = entry_key(request.path, query, self.page_versions)
            entry = kept.get(key)
            if entry is not None:
                return respond(request, entry)

        # Rendered with placeholders, so that the page and its fragments can be kept.
        self.use_placeholders = True
        response = self.render_to_response(self.get_context_data())
        response.render()
        pieces = split(response.content)
        response.content = personalise(request, pieces)
        if not shared or response.status_code != 200:
            mark_private(response)
            response[CACHE_STATUS_HEADER] = BYPASS
            return response
        mark_shared(response, pieces)
        response[CACHE_STATUS_HEADER] = MISS
        timeout = min(self.cache_timeout(), settings.PAGE_CACHE_SECONDS)
        if use_cache and timeout > 0:
            state.to_store = StoredPage(key=key, pieces=pieces, timeout=timeout)
        return response

    def get_context_data(self, **kwargs):
        kwargs.update(
            page_version=version_token(self.page_versions),
            fragment_seconds=settings.FRAGMENT_CACHE_SECONDS,
            use_placeholders=self.use_placeholders,
        )
        if self.use_placeholders:
            kwargs["csrf_token"] = placeholder(CSRF_PLACEHOLDER_NAME)
        return super().get_context_data(**kwargs)
