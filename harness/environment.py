"""The environment of a production-like site on loopback."""

import os
import re
import secrets
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

# Read by the test settings or the tests, never meant for a harnessed site.
_TEST_VARIABLES = {"DJANGO_SETTINGS_MODULE", "REDIS_TEST_URL"}


def settings_variables():
    """Every variable magnesium_site/settings.py reads through magnesium_site.env."""
    source = (REPO / "magnesium_site" / "settings.py").read_text()
    return set(re.findall(r'\benv(?:_bool|_int|_list)?\(\s*"([A-Z][A-Z0-9_]*)"', source))


def new_secret_key():
    return secrets.token_urlsafe(48)  # 64 characters: long enough for DEBUG off


def production_environment(*, database_url, media_root, secret_key, redis_url=None, **overrides):
    """DEBUG off, HTTP on loopback, and the given database, Redis (or none) and overrides.

    It starts from os.environ without any of the site's own variables, so a DEBUG,
    REDIS_URL or PAGE_CACHE_SECONDS in the caller's shell never reaches the site:
    what the site runs with is what is written here.
    """
    ours = settings_variables() | _TEST_VARIABLES
    env = {name: value for name, value in os.environ.items() if name not in ours}
    env.update(
        DJANGO_SETTINGS_MODULE="magnesium_site.settings",
        PYTHONUNBUFFERED="1",
        DEBUG="false",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS=f"{HOST},localhost",
        SECURE_SSL_REDIRECT="false",  # plain HTTP: there is no TLS proxy in front
        SECURE_COOKIES="false",
        SITE_URL=f"http://{HOST}",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        # Without Redis the workers share files here: one directory per site under test,
        # next to its media, so no counter or version outlives it or reaches another.
        CACHE_DIR=str(Path(media_root).parent / "cache"),
        # No mail server on loopback: mail that is sent goes to the log.
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update({name: str(value) for name, value in overrides.items()})
    return env
