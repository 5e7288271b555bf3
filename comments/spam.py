"""Spam defences that need no third-party service."""

import re

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from magnesium_site.http import address_bucket
from magnesium_site.text import normalise_for_matching

_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
_SIGNER_SALT = "comments.form-rendered-at"


def rate_limit_exceeded(ip):
    """Count this submission for the address's bucket; True once it is over the limit.

    One counter per IPv4 address or IPv6 /64 (magnesium_site.http.address_bucket),
    in the shared cache, so it holds across app servers.
    """
    if not ip:
        return False
    key = f"comments:rate:{address_bucket(ip)}"
    try:
        count = cache.incr(key)  # one round trip while the window is open
    except ValueError:  # no window yet (or it just closed): open one
        if cache.add(key, 1, timeout=settings.COMMENTS_RATE_WINDOW_SECONDS):
            count = 1
        else:  # another request opened it meanwhile
            count = cache.incr(key)
    return count > settings.COMMENTS_RATE_LIMIT


_signed_this_second = (None, {})


def _signer(article_id):
    # Bound to the article: a token from one article's page is refused on another.
    return signing.TimestampSigner(salt=f"{_SIGNER_SALT}:{article_id}")


def sign_render_time(timestamp, article_id):
    """A signed render time for the form of one article; reused within a second (cheap)."""
    global _signed_this_second
    second = int(timestamp)
    if _signed_this_second[0] != second:
        _signed_this_second = (second, {})
    tokens = _signed_this_second[1]
    if article_id not in tokens:
        tokens[article_id] = _signer(article_id).sign(str(second))
    return tokens[article_id]


def check_render_time(token, now, article_id):
    """Return an error message if the form came back too fast, too late or altered.

    The signature is at most COMMENTS_MAX_FORM_AGE_SECONDS old and made for this article.
    """
    try:
        rendered_at = int(
            _signer(article_id).unsign(token, max_age=settings.COMMENTS_MAX_FORM_AGE_SECONDS)
        )
    except signing.SignatureExpired:
        return _("Het formulier was te lang open. Controleer je reactie en verstuur haar opnieuw.")
    except (signing.BadSignature, ValueError):
        return _("Het formulier is ongeldig geworden. Verstuur je reactie opnieuw.")
    if now - rendered_at < settings.COMMENTS_MIN_SUBMIT_SECONDS:
        return _("Dat ging wel erg snel. Wacht een paar seconden en verstuur je reactie opnieuw.")
    return None


def spam_reasons(text, name="", website=""):
    """Heuristics that file a comment as suspected spam rather than pending."""
    reasons = []
    if len(_LINK.findall(text)) > settings.COMMENTS_MAX_LINKS:
        reasons.append("links")
    # Folded, so zero-width characters and full-width letters do not hide a word.
    haystack = normalise_for_matching(f"{name} {text} {website}")
    blocked = [w for w in settings.COMMENTS_BLOCKED_WORDS if normalise_for_matching(w) in haystack]
    if blocked:
        reasons.append("woorden: " + ", ".join(blocked))
    return reasons
