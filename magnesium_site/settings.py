"""Settings for the magnesium site, read from the environment.

Development works without any variable (SQLite, DEBUG on). With DEBUG off the
site refuses to start unless SECRET_KEY and ALLOWED_HOSTS are set.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from magnesium_site.env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", "django-insecure-development-only-never-use-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
else:
    SECRET_KEY = env("SECRET_KEY")
    if SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be a long random production secret.")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS to the site's host names (no '*').")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
_redis_url = env("REDIS_URL", "")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "magnesium_site.apps.AdminConfig",  # django.contrib.admin with our AdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "adminsortable2",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "mailer",
    "reversion",
    "articles",
    "comments",
    "search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CSRF reads the cookie before the page cache answers and sets it on the way out;
    # cached pages skip everything below (see magnesium_site.page_cache).
    "django.middleware.csrf.CsrfViewMiddleware",
    "magnesium_site.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "magnesium_site.middleware.DatabaseUnavailableMiddleware",
    "magnesium_site.middleware.MethodNotAllowedPageMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin login guessing: lock a username from an address after a few failures, for a while.
# Counted in the database, with or without Redis: every worker sees the same count,
# admin logins are rare, and `axes_reset_username` can find the username (the cache
# handler keys on username and address together, so that command misses it there).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# Per IPv4 address or IPv6 /64, as the comment rate limit counts.
AXES_CLIENT_IP_CALLABLE = "magnesium_site.http.client_bucket"

ROOT_URLCONF = "magnesium_site.urls"
WSGI_APPLICATION = "magnesium_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "default" holds what every worker must share: the page-cache scope versions, rate-limit
# counters. Redis when REDIS_URL is set; without it, in production, files in CACHE_DIR
# that every worker on this machine reads (a per-process cache would let a worker show
# a comment an editor removed, and count posts on its own; more than one machine needs
# Redis); local memory in development (one process).
# "pages" keeps pages, fragments and counts under versioned keys (never wrong, only
# retired): a copy per process in front of "page_store", which is Redis
# (PAGE_CACHE_REDIS_URL, else REDIS_URL) or, without Redis, each process's memory.
_page_redis_url = env("PAGE_CACHE_REDIS_URL", _redis_url)
_key_prefix = env("CACHE_KEY_PREFIX", "")  # sites sharing one Redis keep apart by prefix
if _redis_url:
    _shared_cache = {"BACKEND": "magnesium_site.cache.RedisCache", "LOCATION": _redis_url}
elif DEBUG:
    _shared_cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
else:
    CACHE_DIR = Path(env("CACHE_DIR", str(BASE_DIR / "var" / "cache")))
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ImproperlyConfigured(
            f"Without REDIS_URL the workers share their cache in CACHE_DIR ({CACHE_DIR}), "
            f"which cannot be made: {error}. Set CACHE_DIR to a writable directory."
        ) from error
    if not os.access(CACHE_DIR, os.W_OK):
        raise ImproperlyConfigured(
            f"Without REDIS_URL the workers share their cache in CACHE_DIR ({CACHE_DIR}), "
            "which this process cannot write. Set CACHE_DIR to a writable directory."
        )
    _shared_cache = {
        "BACKEND": "magnesium_site.cache.FileCache",
        "LOCATION": str(CACHE_DIR),
        # Culling deletes a third of the files at random: never with a site this size.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
CACHES = {
    "default": {**_shared_cache, "KEY_PREFIX": _key_prefix},
    "page_store": {
        **(
            {"BACKEND": "magnesium_site.cache.RedisCache", "LOCATION": _page_redis_url}
            if _page_redis_url
            else {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "OPTIONS": {"MAX_ENTRIES": 2000},
            }
        ),
        "KEY_PREFIX": _key_prefix,
    },
    "pages": {"BACKEND": "magnesium_site.cache.ProcessCopyCache", "LOCATION": "page_store"},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Bootstrap comes from the XStatic-Bootstrap package, never from a CDN or a copy in the repo.
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR)]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Serve uploads through Django when no proxy or object storage does it (small set-ups).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "magnesium_site.static_storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
# Source maps are fetched only by developer tools; compressing Bootstrap's takes most
# of collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_IMAGE_UPLOAD_BYTES = env_int("MAX_IMAGE_UPLOAD_BYTES", 5 * 1024 * 1024)

_email_backend = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
# In production mail waits in a queue in the database (django-mailer) until
# `manage.py runmailer` sends it, so no request waits on the mail server.
EMAIL_QUEUE = env_bool("EMAIL_QUEUE", not DEBUG)
if EMAIL_QUEUE:
    EMAIL_BACKEND = "mailer.backend.DbBackend"
    MAILER_EMAIL_BACKEND = _email_backend
else:
    EMAIL_BACKEND = _email_backend
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "redactie@magnesium.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where visitors report an accessibility problem (the /toegankelijkheid/ page).
ACCESSIBILITY_CONTACT_EMAIL = env("ACCESSIBILITY_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere, the admin included; Bootstrap's CSS uses data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# Comments and moderation.
COMMENTS_MIN_SUBMIT_SECONDS = env_int("COMMENTS_MIN_SUBMIT_SECONDS", 3)
# A form's signed render time is valid this long (a cached page gives a fresh one per view).
COMMENTS_MAX_FORM_AGE_SECONDS = env_int("COMMENTS_MAX_FORM_AGE_SECONDS", 4 * 3600)
COMMENTS_RATE_LIMIT = env_int("COMMENTS_RATE_LIMIT", 5)  # comments per IP address ...
COMMENTS_RATE_WINDOW_SECONDS = env_int("COMMENTS_RATE_WINDOW_SECONDS", 600)  # ... in this window
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
COMMENTS_BLOCKED_WORDS = env_list(
    "COMMENTS_BLOCKED_WORDS", "viagra,cialis,casino,porn,bitcoin,crypto,forex,payday loan"
)
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50)
COMMENTS_METADATA_RETENTION_DAYS = env_int("COMMENTS_METADATA_RETENTION_DAYS", 90)
# Who is mailed about each new comment: the Redacteuren group, and superusers unless false.
COMMENTS_NOTIFY_SUPERUSERS = env_bool("COMMENTS_NOTIFY_SUPERUSERS", True)
# Number of reverse proxies in front of the app that append to X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Medical review: the next one is due this many months after the last (staff may set sooner).
MEDICAL_REVIEW_INTERVAL = env_int("MEDICAL_REVIEW_INTERVAL_MONTHS", 36)
# Reviewers are mailed this many days before a review is due (send_review_reminders).
MEDICAL_REVIEW_REMINDER_DAYS = env_int("MEDICAL_REVIEW_REMINDER_DAYS", 30)
# A signed preview link of a draft (articles.previews) opens this many days.
PREVIEW_LINK_MAX_AGE_DAYS = env_int("PREVIEW_LINK_MAX_AGE_DAYS", 7)

# Whole-page cache for anonymous visitors (0 turns it off) and the public max-age for proxies.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
PAGE_PROXY_MAX_AGE = env_int("PAGE_PROXY_MAX_AGE", 60)
# The rendered article body and comment pages, kept under the same version.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 3600)
