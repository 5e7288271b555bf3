"""The benchmark's own copy of the site: environment, database, content, static files.

Everything here runs in the bench process itself, with Django set up against the
same environment (and so the same settings and database) as the gunicorn under test.
"""

import contextlib
import functools
import io
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

import harness

BENCH_DATABASE = "bench_magnesium"
APPROVED_COMMENTS = 200
APPROVED_REPLIES = 20  # of the approved comments, this many answer an earlier one
PENDING_COMMENTS = 2000
PENDING_REPLIES = 200  # of the pending comments, this many answer an approved one
PENDING_MARKER = "PENDING-MARKER"
EDITOR = "bench-editor"

# The mixed workload's articles: copies of the demo article.
MIXED_SLUG_PREFIX = "bench-artikel-"
MIXED_WITH_COMMENT_PAGES = 10  # the most popular copies get a second page of comments
MIXED_PENDING_PER_ARTICLE = 20  # for the approvals during the run


def database(caller_url, tmp):
    """A PostgreSQL database of the bench's own on the caller's server, else an SQLite file.

    Never the caller's own SQLite file: the bench adds thousands of comments.
    """
    if harness.is_postgres(caller_url):
        return harness.PostgresDatabase(caller_url, BENCH_DATABASE)
    if caller_url and not caller_url.startswith("sqlite:"):
        raise SystemExit(f"bench: unsupported DATABASE_URL {caller_url.split(':', 1)[0]!r}")
    return harness.SqliteDatabase(tmp / "bench.sqlite3")


def bench_environment(tmp, database):
    """The production-like environment of the site under test; REDIS_URL passes through."""
    return harness.production_environment(
        database_url=database.url,
        media_root=tmp / "media",
        secret_key=harness.new_secret_key(),
        redis_url=os.environ.get("REDIS_URL"),
        # The bench posts thousands of comments from one address.
        COMMENTS_RATE_LIMIT="100000000",
    )


def setup_django(env):
    """Configure Django in this process with the site's environment (and nothing else)."""
    os.environ.clear()
    os.environ.update(env)
    import django

    django.setup()


@contextlib.contextmanager
def postgres_django(name, *, keep=False):
    """Django set up in this process on a PostgreSQL database `name` of the bench's own,
    on the server DATABASE_URL names; yields whether an existing database was kept.

    The database is created empty and dropped afterwards, unless keep: then one left by
    an earlier run is used as it is (and migrated), and it stays for the next run.
    """
    server = os.environ.get("DATABASE_URL", "")
    if not harness.is_postgres(server):
        sys.exit("Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1/test")
    database = harness.PostgresDatabase(server, name)
    kept = keep and database.exists()
    if not kept:
        database.create()
    tmp = Path(tempfile.mkdtemp(prefix=f"{name}-"))
    try:
        setup_django(
            harness.production_environment(
                database_url=database.url,
                media_root=tmp / "media",
                secret_key=harness.new_secret_key(),
                ALLOWED_HOSTS="testserver",  # Django's test client
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            )
        )
        yield kept
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not keep:
            database.drop()
        shutil.rmtree(tmp, ignore_errors=True)


def build_site(env):
    """migrate, setup_roles, load_demo, collectstatic, an editor and the comments.

    Return whether collectstatic ran: it is skipped when STATIC_ROOT is already current.
    """
    from django.core.management import call_command

    collectstatic = harness.start_collectstatic(env)
    quiet = {"stdout": io.StringIO(), "verbosity": 0}
    call_command("migrate", interactive=False, **quiet)
    call_command("setup_roles", **quiet)
    call_command("load_demo", **quiet)
    _create_editor()
    _create_comments()
    if collectstatic is not None:
        collectstatic.finish()
    return collectstatic is not None


def _create_editor():
    """One editor with an e-mail address, so a new comment does the notification work."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from comments.roles import EDITORS

    editor = get_user_model().objects.create_user(EDITOR, "editor@example.org", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))


def demo_article():
    from articles import demo_content
    from articles.models import Article

    return Article.objects.get(slug=demo_content.ARTICLE["slug"])


@functools.cache
def _text_html(text):
    from magnesium_site.sanitizer import plain_text_to_html

    return plain_text_to_html(text)


def _comment(article, text, status, parent_id=None):
    from comments.models import Comment

    email = "lezer@example.org"
    return Comment(
        article=article,
        parent_id=parent_id,
        name="Lezer",
        email=email,
        text=text,
        text_html=_text_html(text),
        status=status,
        content_hash=Comment.compute_hash(email, text, parent_id),
    )


APPROVED_TEXT = (
    "Reactie {n}: sinds ik magnesiumcitraat neem, heb ik 's nachts minder last van "
    "kramp in mijn kuiten. Mijn huisarts vond het bloedonderzoek wel verstandig."
)


def _create_comments():
    """Approved comments (some replies) and pending ones (some replying to approved ones)."""
    from comments.models import Comment, Status

    article = demo_article()
    top = APPROVED_COMMENTS - APPROVED_REPLIES
    Comment.objects.bulk_create(
        _comment(article, APPROVED_TEXT.format(n=n), Status.APPROVED) for n in range(top)
    )
    parents = list(
        Comment.objects.filter(article=article, parent=None)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    Comment.objects.bulk_create(
        _comment(article, APPROVED_TEXT.format(n=top + n), Status.APPROVED, parents[n])
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


def create_mixed_articles(count, seed=1):
    """`count` published copies of the demo article, in a random order of popularity.

    Each copy has the demo's blocks, list items, FAQ entries and references with their
    HTML as rendered for the demo (rendering 100 articles again takes most of a minute;
    only the note links keep the demo's ids), and MIXED_PENDING_PER_ARTICLE pending
    comments; the first MIXED_WITH_COMMENT_PAGES in that order also get a second page
    of approved comments. Return the copies, most popular first.
    """
    from datetime import timedelta

    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from articles.models import Article, Block, FaqEntry, ListItem, Reference
    from comments.models import Comment, Status

    demo = demo_article()
    blocks = list(demo.blocks.prefetch_related("items", "faq_entries"))
    references = list(demo.references.all())
    now = timezone.now()
    with transaction.atomic():
        copies = Article.objects.bulk_create(
            _copy(
                demo,
                slug=f"{MIXED_SLUG_PREFIX}{n:03d}",
                title=f"{demo.title} ({n})",
                image="",
                published_at=now - timedelta(minutes=n + 1),
            )
            for n in range(count)
        )
        Reference.objects.bulk_create(
            _copy(ref, article=copy) for copy in copies for ref in references
        )
        new_blocks = Block.objects.bulk_create(
            _copy(block, article=copy) for copy in copies for block in blocks
        )
        originals = blocks * len(copies)
        ListItem.objects.bulk_create(
            _copy(item, block=new)
            for new, old in zip(new_blocks, originals, strict=True)
            for item in old.items.all()
        )
        FaqEntry.objects.bulk_create(
            _copy(entry, block=new)
            for new, old in zip(new_blocks, originals, strict=True)
            for entry in old.faq_entries.all()
        )
    random.Random(seed).shuffle(copies)
    second_page = settings.COMMENTS_PER_PAGE + 5
    Comment.objects.bulk_create(
        _comment(copy, APPROVED_TEXT.format(n=n), Status.APPROVED)
        for copy in copies[:MIXED_WITH_COMMENT_PAGES]
        for n in range(second_page)
    )
    Comment.objects.bulk_create(
        _comment(copy, f"Wacht op goedkeuring tijdens de bench ({n}).", Status.PENDING)
        for copy in copies
        for n in range(MIXED_PENDING_PER_ARTICLE)
    )
    return copies


def _copy(row, **changes):
    """An unsaved copy of a model instance: every column but the primary key, then changes."""
    fields = {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if not (field.primary_key or field.generated or {field.name, field.attname} & set(changes))
    }
    return type(row)(**fields, **changes)
