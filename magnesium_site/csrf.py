"""Django's CSRF token, made faster for pages served from the page cache.

Every cached page with a form needs a fresh masked token per response, and a visitor
without a CSRF cookie also needs a new secret. django.middleware.csrf.get_token() draws
each of those 64 characters with its own secrets.choice() call, which cost about as much
as the rest of a cache hit. get_token() here makes the same values (32 characters from
CSRF_ALLOWED_CHARS for the secret and the mask, the secret enciphered with the mask)
from one os.urandom() call each, and hands the secret to CsrfViewMiddleware exactly as
Django's get_token() does, so the middleware sets the cookie and checks the POST as
always. Only CSRF_USE_SESSIONS = False (this site's setting) is supported.
"""

import os

from django.conf import settings
from django.middleware import csrf

_CHARS = csrf.CSRF_ALLOWED_CHARS
_LENGTH = csrf.CSRF_SECRET_LENGTH
# Bytes below the largest multiple of len(_CHARS) map onto it without bias; the rest are
# dropped (8 of 256 values for 62 characters).
_USABLE = 256 - 256 % len(_CHARS)
_TABLE = bytes(ord(_CHARS[value % len(_CHARS)]) if value < _USABLE else 0 for value in range(256))
_DROPPED = bytes(range(_USABLE, 256))
# The enciphered character of each (secret character, mask character) pair, as Django's
# _mask_cipher_secret() computes it.
_CIPHER = {
    s + m: _CHARS[(i + j) % len(_CHARS)] for i, s in enumerate(_CHARS) for j, m in enumerate(_CHARS)
}


def random_string(length=_LENGTH):
    """length characters drawn uniformly from CSRF_ALLOWED_CHARS by the OS's CSPRNG."""
    while True:
        drawn = os.urandom(length + length // 2).translate(_TABLE, _DROPPED)
        if len(drawn) >= length:
            return drawn[:length].decode("ascii")


def get_token(request):
    """Like django.middleware.csrf.get_token(): the masked token of the request's secret,
    with a new secret if the request brought none, and the cookie (re)set by
    CsrfViewMiddleware on the way out."""
    if settings.CSRF_USE_SESSIONS:  # pragma: no cover - not this site's configuration
        return csrf.get_token(request)
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = random_string()
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = random_string()
    return mask + "".join(map(_CIPHER.__getitem__, map(str.__add__, secret, mask)))
