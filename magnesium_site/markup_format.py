"""What stored HTML was made with, as a short digest (ArticleRendering, a comment's html).

Stored HTML is derived data, made again when missing: a row is shown only when it was
made with the current format. The format changes with the code that makes the markup,
the site's translations, Django's own (month names) and whatever else the caller names,
so a release that changes any of them makes every row again on first use.
"""

import hashlib
from pathlib import Path

import django
from django.conf import settings


def markup_format(*sources, extra=()):
    """A digest of the source files, the translation catalogues and the extra strings."""
    digest = hashlib.sha256(django.get_version().encode())
    for source in sources:
        digest.update(Path(source).read_bytes())
    for locale in settings.LOCALE_PATHS:
        for catalogue in sorted(Path(locale).glob("*/LC_MESSAGES/django.mo")):
            digest.update(catalogue.read_bytes())
    for value in extra:
        digest.update(b"\0" + str(value).encode())
    return digest.hexdigest()[:32]
