"""The benchmark's own copy of the site: environment, database, content, static files.

Everything here runs in the bench process itself, with Django set up against the
same environment (and so the same settings and database) as the gunicorn under test.
"""

import io
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "bench_magnesium"
APPROVED_COMMENTS = 200
APPROVED_REPLIES = 20  # of the approved comments, this many answer an earlier one
PENDING_COMMENTS = 2000
PENDING_REPLIES = 200  # of the pending comments, this many answer an approved one
PENDING_MARKER = "PENDING-MARKER"


class Database:
    """An SQLite file in the temporary directory, or a dedicated PostgreSQL database."""

    def __init__(self, caller_url, tmp):
        scheme = urlsplit(caller_url).scheme if caller_url else "sqlite"
        if scheme in {"postgres", "postgresql"}:
            self.vendor = "postgresql"
            self.admin_url = caller_url
            self.url = urlunsplit(urlsplit(caller_url)._replace(path=f"/{BENCH_DATABASE}"))
        elif scheme == "sqlite":
            # Never the caller's own SQLite file: the bench adds thousands of comments.
            self.vendor = "sqlite"
            self.admin_url = None
            self.url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        else:
            raise SystemExit(f"bench: unsupported DATABASE_URL scheme {scheme!r}")

    def describe(self):
        if self.vendor == "sqlite":
            return "sqlite (temporary file)"
        server = urlsplit(self.url)
        return f"postgresql ({server.hostname}:{server.port or 5432}/{BENCH_DATABASE})"

    def create(self):
        if self.vendor == "postgresql":
            self._admin("CREATE DATABASE " + BENCH_DATABASE, drop_first=True)

    def drop(self):
        if self.vendor == "postgresql":
            self._admin(None, drop_first=True)

    def _admin(self, statement, *, drop_first):
        import psycopg2

        connection = psycopg2.connect(self.admin_url)
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                if drop_first:
                    cursor.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = %s AND pid <> pg_backend_pid()",
                        [BENCH_DATABASE],
                    )
                    cursor.execute("DROP DATABASE IF EXISTS " + BENCH_DATABASE)
                if statement:
                    cursor.execute(statement)
        finally:
            connection.close()


def bench_environment(tmp, database):
    """The production-like environment of the site under test."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="magnesium_site.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(48),  # 64 characters
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        MEDIA_ROOT=str(tmp / "media"),
        DATABASE_URL=database.url,
        # The bench posts thousands of comments from one address.
        COMMENTS_RATE_LIMIT="100000000",
        # The bench's editor is notified of every comment; nothing is really sent.
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    return env


def setup_django(env):
    """Configure Django in this process with the site's environment."""
    os.environ.update(env)
    import django

    django.setup()


def build_site():
    """migrate, setup_roles, load_demo, collectstatic, an editor and the comments.

    Return whether collectstatic ran: it is skipped when STATIC_ROOT is already current,
    because compressing the collected files takes the better part of a minute.
    """
    from django.core.management import call_command

    quiet = {"stdout": io.StringIO(), "verbosity": 0}
    call_command("migrate", interactive=False, **quiet)
    call_command("setup_roles", **quiet)
    call_command("load_demo", **quiet)
    collect = not static_root_is_current()
    if collect:
        call_command("collectstatic", interactive=False, **quiet)
    _create_editor()
    _create_comments()
    return collect


def static_root_is_current():
    """True if an earlier collectstatic collected every static file as it is now.

    That is: the manifest exists, names every file the finders find, and is newer
    than each of them.
    """
    import json

    from django.apps import apps
    from django.conf import settings
    from django.contrib.staticfiles import finders

    ignore_patterns = apps.get_app_config("staticfiles").ignore_patterns
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    try:
        collected_at = manifest.stat().st_mtime
        collected = json.loads(manifest.read_text())["paths"]
    except (OSError, ValueError, KeyError):
        return False
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore_patterns):
            prefix = getattr(storage, "prefix", None)
            name = f"{prefix}/{path}" if prefix else path
            if name not in collected or storage.get_modified_time(path).timestamp() > collected_at:
                return False
    return True


def _create_editor():
    """One editor with an e-mail address, so a new comment does the notification work."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from comments.roles import EDITORS

    editor = get_user_model().objects.create_user(
        "bench-editor", "editor@example.org", is_staff=True
    )
    editor.groups.add(Group.objects.get(name=EDITORS))


def demo_article():
    from articles import demo_content
    from articles.models import Article

    return Article.objects.get(slug=demo_content.ARTICLE["slug"])


def _comment(article, text, status, parent_id=None):
    from comments.models import Comment
    from magnesium_site.sanitizer import plain_text_to_html

    email = "lezer@example.org"
    return Comment(
        article=article,
        parent_id=parent_id,
        name="Lezer",
        email=email,
        text=text,
        text_html=plain_text_to_html(text),
        status=status,
        content_hash=Comment.compute_hash(email, text, parent_id),
    )


def _create_comments():
    """Approved comments (some replies) and pending ones (some replying to approved ones)."""
    from comments.models import Comment, Status

    article = demo_article()
    approved_text = (
        "Reactie {n}: sinds ik magnesiumcitraat neem, heb ik 's nachts minder last van "
        "kramp in mijn kuiten. Mijn huisarts vond het bloedonderzoek wel verstandig."
    )
    top = APPROVED_COMMENTS - APPROVED_REPLIES
    Comment.objects.bulk_create(
        _comment(article, approved_text.format(n=n), Status.APPROVED) for n in range(top)
    )
    parents = list(
        Comment.objects.filter(article=article, parent=None)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    Comment.objects.bulk_create(
        _comment(article, approved_text.format(n=top + n), Status.APPROVED, parents[n])
        for n in range(APPROVED_REPLIES)
    )
    Comment.objects.bulk_create(
        _comment(
            article,
            f"{PENDING_MARKER}-{n} wacht nog op de redactie.",
            Status.PENDING,
            parents[n % len(parents)] if n < PENDING_REPLIES else None,
        )
        for n in range(PENDING_COMMENTS)
    )
