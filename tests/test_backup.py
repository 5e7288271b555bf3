"""Backup and restore: ``dumpdata`` of all content, comments and roles, then ``loaddata``.

The round trip must give back every row of every model of the articles and comments
apps and the groups with their permissions, field by field: the cached ``*_html``
renderings, the ordering positions, the moderation trail, the timestamps. The article
page and the home page must render the same HTML after the restore (apart from the
CSRF token, which differs per request).

Users are not part of this backup (``auth.user`` is not dumped): foreign keys to them
are written as natural keys (``--natural-foreign``), and the users stay in the
database while the backed-up tables are emptied.

Runs on SQLite and on PostgreSQL (``DATABASE_URL=postgres://...``); on PostgreSQL
``loaddata`` must also reset the id sequences, which the test checks by adding rows
after the restore.
"""

import io
import json
import re
from datetime import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles.models import Article, Author, Block, Category, FaqEntry, ListItem, Reference
from comments import services
from comments.models import Comment, ModerationEvent, Status
from tests.articles.factories import (
    ArticleFactory,
    BlockFactory,
    FaqEntryFactory,
    ListItemFactory,
    ReferenceFactory,
)
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

# In the order a restore can fill them; emptied in reverse.
BACKED_UP = [Group, Author, Category, Article, Reference, Block, ListItem, FaqEntry]
BACKED_UP += [Comment, ModerationEvent]
DUMPED_APPS = ["articles", "comments", "auth.group"]

CSRF_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')
FROZEN_TIME = 1_750_000_000.0
MICROSECONDS = re.compile(r"(\d\d:\d\d:\d\d\.\d{3})\d{3}")


@pytest.fixture
def content(roles, django_user_model):
    """The demo article, a second article, comments in every status, a moderation trail."""
    call_command("load_demo", stdout=io.StringIO())
    demo = Article.objects.get(slug="magnesiumtekort")
    editor = django_user_model.objects.create_user("redacteur", "r@example.com", "x" * 12)
    editor.groups.add(Group.objects.get(name="Redacteuren"))
    writer = django_user_model.objects.create_user("schrijver", "s@example.com", "x" * 12)
    writer.groups.add(Group.objects.get(name="Medewerkers"))
    demo.record_edit(writer)

    # Block order differs from creation order: positions must survive, not the pk order.
    blocks = list(demo.blocks.order_by("position"))
    for position, block in enumerate(reversed(blocks)):
        block.position = position
    Block.objects.bulk_update(blocks, ["position"])
    demo.render_content()

    second = ArticleFactory(
        title="Magnesium en slaap",
        slug="magnesium-en-slaap",
        lead="Helpt magnesium bij het inslapen?",
        updated_by=writer,
    )
    ReferenceFactory(article=second, key="b", position=1, citation="Tweede bron")
    ReferenceFactory(article=second, key="a", position=0, citation="Eerste bron")
    BlockFactory(article=second, position=1, body="Zie de bron.[^b] En de andere.[^a]")
    list_block = BlockFactory(article=second, position=0, kind=Block.Kind.LIST, heading="Lijst")
    ListItemFactory(block=list_block, position=2, text="Derde [^a]")
    ListItemFactory(block=list_block, position=0, text="Eerste", term="Begrip")
    ListItemFactory(block=list_block, position=1, text="Sub", is_subitem=True)
    faq = BlockFactory(article=second, position=2, kind=Block.Kind.FAQ, heading="Vragen")
    FaqEntryFactory(block=faq, position=1, question="Wanneer?", answer="**'s Avonds**.[^b]")
    FaqEntryFactory(block=faq, position=0, question="Hoeveel?", answer="Zie [link](https://x.nl).")
    ArticleFactory(title="Concept", slug="concept", draft=True)
    second.render_content()

    def comment(**kwargs):
        kwargs.setdefault("article", demo)
        return CommentFactory(**kwargs)

    first = comment(
        name="Annemiek",
        text="Sinds ik meer noten eet, heb ik minder kramp.\n\nZie https://example.com/noten",
        website="https://annemiek.example",
        notify_on_approval=True,
        ip_address="192.0.2.10",
        user_agent="Mozilla/5.0",
    )
    second_thread = comment(name="Bert", text="Ik slaap beter met magnesium.")
    replies = [
        comment(parent=first, name="Carla", text="Herkenbaar!"),
        comment(parent=first, name="Dirk", text="Bij mij niet."),
        comment(parent=first, name="Eva", text="Wacht nog op moderatie."),
        comment(parent=second_thread, name="Frits", text="Afgewezen antwoord."),
    ]
    pending = comment(name="Gerda", text="Nog niet gemodereerd.", ip_address="2001:db8::1")
    rejected = comment(name="Hans", text="Onzin.")
    spam = comment(
        name="Spammer",
        text="Koop crypto op https://a.example https://b.example https://c.example",
        status=Status.SPAM,
        spam_reasons="links; woorden: crypto",
    )
    comment(article=second, name="Ina", text="Op het tweede artikel.")

    approve = [first, second_thread, replies[0], replies[1], replies[3]]
    services.moderate(Comment.objects.filter(pk__in=[c.pk for c in approve]), "approved", editor)
    services.moderate(
        Comment.objects.filter(pk__in=[rejected.pk, replies[3].pk]), "rejected", editor
    )
    services.moderate(Comment.objects.filter(pk=spam.pk), "spam", editor)  # no-op: already spam
    services.moderate(Comment.objects.filter(pk=second_thread.pk), "approved", None)
    edited = Comment.objects.get(pk=replies[1].pk)
    services.record_edit(edited, editor)
    edited.text = "Bij mij helaas niet."
    edited.save()
    ModerationEvent.objects.create(comment=pending, action=ModerationEvent.Action.PRIVACY)
    Comment.objects.filter(pk=first.pk).update(approval_notified_at=timezone.now())
    assert {c.status for c in Comment.objects.all()} == set(Status.values)
    assert Comment.objects.filter(parent__isnull=False).count() == 4
    return {"demo": demo, "second": second}


def snapshot():
    """Every row of the backed-up models, field by field, plus the orders the site shows."""
    rows = {model._meta.label: list(model.objects.order_by("pk").values()) for model in BACKED_UP}
    rows["group permissions"] = sorted(
        (group.name, perm.content_type.app_label, perm.codename)
        for group in Group.objects.all()
        for perm in group.permissions.all()
    )
    # The default orderings (position, then pk; created_at, then pk) as the pages use them.
    rows["orderings"] = {
        model._meta.label: list(model.objects.values_list("pk", flat=True)) for model in BACKED_UP
    }
    return rows


def render(path):
    """The page as a new visitor gets it, at a fixed clock, without any cached copy."""
    cache.clear()
    with mock.patch("time.time", return_value=FROZEN_TIME):
        response = Client().get(path)
    assert response.status_code == 200, path
    return CSRF_TOKEN.sub(r"\1-\2", response.content.decode())


def truncate_to_milliseconds(rows):
    """Django's JSON encoder keeps milliseconds of a datetime, not microseconds."""

    def truncate(value):
        if isinstance(value, datetime):
            return value.replace(microsecond=value.microsecond // 1000 * 1000)
        return value

    if isinstance(rows, dict):
        return {key: truncate_to_milliseconds(value) for key, value in rows.items()}
    if isinstance(rows, list):
        return [truncate_to_milliseconds(value) for value in rows]
    if isinstance(rows, tuple):
        return tuple(truncate_to_milliseconds(value) for value in rows)
    return truncate(rows)


def flush():
    for model in reversed(BACKED_UP):
        model.objects.all().delete()
    assert all(not model.objects.exists() for model in BACKED_UP)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_dump_and_restore_round_trip(content, tmp_path, fmt):
    demo, second = content["demo"], content["second"]
    pages = ["/", demo.get_absolute_url(), second.get_absolute_url(), "/en/"]
    pages.append(demo.category.get_absolute_url())
    before = snapshot()
    html_before = {path: render(path) for path in pages}
    backup = tmp_path / f"backup.{fmt}"

    call_command(
        "dumpdata",
        *DUMPED_APPS,
        natural_foreign=True,
        format=fmt,
        indent=2,
        output=str(backup),
    )
    flush()
    call_command("loaddata", str(backup), verbosity=0)

    after = snapshot()
    if fmt == "json":
        # Django's JSON encoder writes datetimes with milliseconds, not microseconds
        # (DjangoJSONEncoder); XML keeps them whole. Compare JSON at millisecond precision.
        before, after = truncate_to_milliseconds(before), truncate_to_milliseconds(after)
    rows_compared = sum(len(before[model._meta.label]) for model in BACKED_UP)
    assert rows_compared > 100
    fields_compared = sum(len(row) for model in BACKED_UP for row in before[model._meta.label])
    print(f"backup round trip ({fmt}): {rows_compared} rows, {fields_compared} fields compared")
    for model in BACKED_UP:
        label = model._meta.label
        assert len(after[label]) == len(before[label]), label
        for old, new in zip(before[label], after[label], strict=True):
            assert new == old, f"{label} #{old['id']} differs after the restore"
    assert after["group permissions"] == before["group permissions"]
    assert after["orderings"] == before["orderings"]

    for path, html in html_before.items():
        restored = render(path)
        if fmt == "json":
            # <time datetime="...:08.174539+01:00"> shows the microseconds JSON dropped.
            html, restored = MICROSECONDS.sub(r"\1000", html), MICROSECONDS.sub(r"\1000", restored)
        assert restored == html, f"{path} renders differently after the restore"

    # The id sequences follow the restored rows (PostgreSQL): new rows get fresh ids.
    new_comment = CommentFactory(article=Article.objects.get(pk=demo.pk), text="Na de restore")
    assert new_comment.pk > max(row["id"] for row in before["comments.Comment"])
    new_block = BlockFactory(article=Article.objects.get(pk=second.pk))
    assert new_block.pk > max(row["id"] for row in before["articles.Block"])
    assert Group.objects.create(name="Nieuwe groep").pk > max(
        row["id"] for row in before["auth.Group"]
    )


def test_backup_refers_to_users_by_name_not_by_id(content, tmp_path):
    """Natural foreign keys: a restore where the users have other ids still finds them."""
    backup = tmp_path / "backup.json"
    call_command("dumpdata", *DUMPED_APPS, natural_foreign=True, output=str(backup))
    records = json.loads(backup.read_text())
    assert {record["model"] for record in records} >= {"articles.article", "comments.comment"}
    assert not any(record["model"].startswith("auth.user") for record in records)
    moderators = {
        tuple(record["fields"]["moderated_by"])
        for record in records
        if record["model"] == "comments.comment" and record["fields"]["moderated_by"]
    }
    assert moderators == {("redacteur",)}
    expected = sorted(
        Comment.objects.values_list("pk", "moderated_by__username", "edited_by__username")
    )
    article_editor = Article.objects.get(pk=content["demo"].pk).updated_by.username

    flush()
    # The same users under new ids, as in a database that was set up again.
    users = list(User.objects.order_by("-pk").values())
    User.objects.all().delete()
    for user in users:
        old_pk = user.pop("id")
        assert User.objects.create(**user).pk != old_pk
    call_command("loaddata", str(backup), verbosity=0)

    assert (
        sorted(Comment.objects.values_list("pk", "moderated_by__username", "edited_by__username"))
        == expected
    )
    assert Article.objects.get(pk=content["demo"].pk).updated_by.username == article_editor
