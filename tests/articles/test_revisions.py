"""Revisions through the admin views: what a save keeps, history, compare, restore, recover."""

import json
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version

from articles.models import Article, Block, FaqEntry, ListItem, Reference
from articles.revisions import live_snapshot, snapshot_of_revision
from tests.articles.factories import (
    ArticleFactory,
    BlockFactory,
    FaqEntryFactory,
    ListItemFactory,
    ReferenceFactory,
)
from tests.security.test_admin_permissions import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    """An article with a text block, a list with a cause and its nested medicines, an FAQ
    and a reference, as the demo article has."""
    article = ArticleFactory(title="Magnesium", slug="magnesium")
    BlockFactory(article=article, position=1, heading="Wat is het?", body="Een mineraal.")
    causes = BlockFactory(article=article, position=2, kind=Block.Kind.LIST, heading="Oorzaken")
    ListItemFactory(block=causes, position=1, text="Medicijnen")
    ListItemFactory(block=causes, position=2, text="Maagzuurremmers", is_subitem=True)
    ListItemFactory(block=causes, position=3, text="Plaspillen", is_subitem=True)
    faq = BlockFactory(article=article, position=3, kind=Block.Kind.FAQ, heading="Vragen")
    FaqEntryFactory(block=faq, position=1, question="Hoeveel?", answer="Genoeg.")
    ReferenceFactory(article=article, position=1, key="bron", citation="Een bron.")
    return article


def url(view, *args):
    return reverse(f"admin:articles_article_{view}", args=args)


def save_article(client, article, **changes):
    """Post the article's change page as shown, with some fields changed."""
    html = client.get(url("change", article.pk)).content.decode()
    data = change_form_data(html, Article)
    for name, value in changes.items():
        data[name] = [value]
    response = client.post(url("change", article.pk), data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    return response


def revisions_of(article):
    return [v.revision for v in Version.objects.get_for_object(article).select_related("revision")]


def block_field(article, heading):
    """The prefix of the inline form of the block with this heading."""
    for index, block in enumerate(article.blocks.all()):
        if block.heading == heading:
            return f"blocks-{index}"
    raise AssertionError(heading)


def test_an_admin_save_keeps_one_revision_of_the_whole_article(staff_client, staff_user, article):
    save_article(staff_client, article, title="Magnesium, herzien")

    (revision,) = revisions_of(article)
    kept = dict.fromkeys((Article, Block, ListItem, FaqEntry, Reference), 0)
    for version in revision.version_set.all():
        kept[version._model] += 1
    assert kept == {Article: 1, Block: 3, ListItem: 3, FaqEntry: 1, Reference: 1}
    assert revision.user == staff_user
    snapshot = snapshot_of_revision(revision, article.pk)
    causes = snapshot.blocks[1]
    assert [item.values["text"] for item in causes.children] == [
        "Medicijnen",
        "Maagzuurremmers",
        "Plaspillen",
    ]


def test_the_revision_comment_says_in_dutch_what_changed(staff_client, article):
    save_article(staff_client, article)
    prefix = block_field(article, "Wat is het?")
    save_article(staff_client, article, title="Nieuw", **{f"{prefix}-body": "Ander mineraal."})

    latest, first = revisions_of(article)
    assert first.comment == "Eerste versie."
    assert latest.comment == "Titel gewijzigd; 1 blok gewijzigd."


def test_a_block_saved_on_its_own_page_keeps_a_revision_of_its_article(staff_client, article):
    block = article.blocks.get(heading="Oorzaken")
    html = staff_client.get(reverse("admin:articles_block_change", args=[block.pk])).content
    data = change_form_data(html.decode(), Block)
    data["items-0-text"] = ["Medicijnen en alcohol"]
    response = staff_client.post(reverse("admin:articles_block_change", args=[block.pk]), data)

    assert response.status_code == HTTPStatus.FOUND
    (revision,) = revisions_of(article)
    snapshot = snapshot_of_revision(revision, article.pk)
    assert len(snapshot.blocks) == 3
    assert snapshot.blocks[1].children[0].values["text"] == "Medicijnen en alcohol"


def test_an_faq_entry_saved_on_its_own_page_keeps_a_revision_of_its_article(staff_client, article):
    entry = FaqEntry.objects.get(question="Hoeveel?")
    change = reverse("admin:articles_faqentry_change", args=[entry.pk])
    data = change_form_data(staff_client.get(change).content.decode(), FaqEntry)
    data["answer"] = ["300 mg per dag."]

    assert staff_client.post(change, data).status_code == HTTPStatus.FOUND
    (revision,) = revisions_of(article)
    assert revision.comment == "Eerste versie."
    assert "300 mg per dag." in str(
        snapshot_of_revision(revision, article.pk).blocks[2].children[0].values
    )


def test_a_drag_and_drop_reorder_keeps_a_revision_and_retires_the_rendering(
    staff_client, article, commit
):
    faq = article.blocks.get(kind=Block.Kind.FAQ)
    second = FaqEntryFactory(block=faq, position=2, question="Wanneer?")
    first = faq.faq_entries.get(question="Hoeveel?")
    version = Article.objects.get(pk=article.pk).content_version

    response = commit(
        staff_client.post,
        reverse("admin:articles_faqentry_sortable_update"),
        json.dumps({"updatedItems": [[second.pk, 1], [first.pk, 2]]}),
        content_type="application/json",
    )

    assert response.status_code == HTTPStatus.OK
    assert Article.objects.get(pk=article.pk).content_version > version
    (revision,) = revisions_of(article)
    questions = [
        entry.values["question"]
        for entry in snapshot_of_revision(revision, article.pk).blocks[2].children
    ]
    assert questions == ["Wanneer?", "Hoeveel?"]
    page = staff_client.get(article.get_absolute_url()).content.decode()
    assert page.index("Wanneer?") < page.index("Hoeveel?")


def test_the_history_lists_who_when_and_what_with_a_compare_form(staff_client, article):
    save_article(staff_client, article)
    save_article(staff_client, article, title="Nieuwe titel")

    html = staff_client.get(url("history", article.pk)).content.decode()

    assert "Titel gewijzigd." in html
    assert "Eerste versie." in html
    assert "medewerker" in html
    assert url("compare", article.pk) in html
    assert html.count('name="a"') == 2


def test_compare_marks_added_removed_changed_and_moved_parts(staff_client, article):
    save_article(staff_client, article)
    old = Version.objects.get_for_object(article).first()
    text = article.blocks.get(heading="Wat is het?")
    text.body = "Een mineraal dat je <script>nodig</script> hebt."
    text.position = 9
    text.save()
    FaqEntry.objects.get(question="Hoeveel?").delete()
    ListItem.objects.get(text="Plaspillen").delete()
    ListItemFactory(block=article.blocks.get(heading="Oorzaken"), position=4, text="Alcohol")
    BlockFactory(article=article, position=10, heading="Nieuw blok")

    response = staff_client.get(url("compare", article.pk), {"a": old.pk, "b": "live"})

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Een mineraal<ins> dat je &lt;script&gt;nodig&lt;/script&gt; hebt</ins>." in html
    assert "<script>nodig" not in html
    comparison = response.context["comparison"]
    assert [(c.label, c.status, c.moved) for c in comparison.blocks] == [
        ("Oorzaken", "same", False),
        ("Vragen", "same", False),
        ("Wat is het?", "changed", True),
        ("Nieuw blok", "added", False),
    ]
    causes, faq = comparison.blocks[0], comparison.blocks[1]
    assert [(c.label, c.status) for c in causes.children] == [
        ("Medicijnen", "same"),
        ("Maagzuurremmers", "same"),
        ("Plaspillen", "removed"),
        ("Alcohol", "added"),
    ]
    assert [(c.label, c.status) for c in faq.children] == [("Hoeveel?", "removed")]
    assert response.context["summary"] == (
        "1 blok toegevoegd; 1 lijstitem toegevoegd; 1 lijstitem verwijderd; "
        "1 veelgestelde vraag verwijderd; 1 blok gewijzigd; 1 blok verplaatst."
    )


def test_compare_two_revisions_puts_the_older_on_the_left(staff_client, article):
    save_article(staff_client, article)
    save_article(staff_client, article, title="Later")
    newer, older = Version.objects.get_for_object(article)

    response = staff_client.get(url("compare", article.pk), {"a": newer.pk, "b": older.pk})

    (change,) = response.context["comparison"].article_fields
    assert (change.old, change.new) == ("Magnesium", "Later")


@pytest.mark.parametrize("query", [{}, {"a": "x"}, {"a": "999999"}, {"a": "live", "b": "x"}])
def test_compare_without_two_readable_versions_goes_back_to_the_history(
    staff_client, article, query
):
    response = staff_client.get(url("compare", article.pk), query)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == url("history", article.pk)


def test_compare_of_a_version_of_another_article_is_refused(staff_client, article):
    other = ArticleFactory()
    save_article(staff_client, other)
    foreign = Version.objects.get_for_object(other).first()

    response = staff_client.get(url("compare", article.pk), {"a": foreign.pk})

    assert response.status_code == HTTPStatus.FOUND


def restore(client, article, version):
    """Open the revision's page and press save, as an editor does."""
    page = client.get(url("revision", article.pk, version.pk))
    assert page.status_code == HTTPStatus.OK
    data = change_form_data(page.content.decode(), Article)
    return client.post(url("revision", article.pk, version.pk), data)


def test_restore_brings_back_deleted_parts_in_order_and_removes_added_ones(
    staff_client, article, commit
):
    save_article(staff_client, article)
    old = Version.objects.get_for_object(article).first()
    public = article.get_absolute_url()
    staff_client.get(public)  # a stored rendering of the current content
    article.blocks.get(kind=Block.Kind.FAQ).delete()
    ListItem.objects.get(text="Maagzuurremmers").delete()
    causes = article.blocks.get(heading="Oorzaken")
    causes.position = 0
    causes.save()
    ListItemFactory(block=causes, position=9, text="Alcohol")
    BlockFactory(article=article, position=5, heading="Nieuw blok")
    Reference.objects.filter(article=article).delete()

    response = commit(restore, staff_client, article, old)

    assert response.status_code == HTTPStatus.FOUND
    assert [b.heading for b in article.blocks.all()] == ["Wat is het?", "Oorzaken", "Vragen"]
    items = ListItem.objects.filter(block__article=article)
    assert [(i.text, i.is_subitem) for i in items] == [
        ("Medicijnen", False),
        ("Maagzuurremmers", True),
        ("Plaspillen", True),
    ]
    assert all(item.text_html for item in items)
    assert FaqEntry.objects.get(block__article=article).answer_html
    assert article.references.get().key == "bron"
    page = staff_client.get(public).content.decode()
    assert "Nieuw blok" not in page and "Alcohol" not in page
    assert page.index("Wat is het?") < page.index("Maagzuurremmers") < page.index("Hoeveel?")
    (latest, *_rest) = revisions_of(article)
    assert latest.comment.startswith("Versie van ")
    assert "hersteld." in latest.comment


def test_restore_serves_visitors_the_old_text_at_once(client, staff_client, article, commit):
    save_article(staff_client, article)
    old = Version.objects.get_for_object(article).first()
    prefix = block_field(article, "Wat is het?")
    commit(save_article, staff_client, article, **{f"{prefix}-body": "Foute tekst."})
    assert "Foute tekst." in client.get(article.get_absolute_url()).content.decode()

    commit(restore, staff_client, article, old)

    page = client.get(article.get_absolute_url()).content.decode()
    assert "Een mineraal." in page and "Foute tekst." not in page


def test_restore_keeps_what_no_revision_holds(staff_client, article, commit):
    save_article(staff_client, article)
    old = Version.objects.get_for_object(article).first()
    reviewed_on = timezone.localdate()
    Article.objects.filter(pk=article.pk).update(content_version=50, last_reviewed_on=reviewed_on)

    commit(restore, staff_client, article, old)

    article.refresh_from_db()
    assert article.content_version > 50  # a stored rendering of an older version never returns
    assert article.last_reviewed_on == reviewed_on  # a restore does not undo a medical review


def test_recover_brings_back_a_deleted_article_with_all_its_parts(staff_client, article, commit):
    pk = article.pk
    response = commit(staff_client.post, url("delete", pk), {"post": "yes"})
    assert response.status_code == HTTPStatus.FOUND
    assert not Article.objects.filter(pk=pk).exists()

    listing = staff_client.get(url("recoverlist"))
    assert "Magnesium" in listing.content.decode()
    (deleted,) = listing.context["deleted"]
    assert deleted.revision.comment.startswith("Artikel verwijderd.")
    page = staff_client.get(url("recover", deleted.pk))
    data = change_form_data(page.content.decode(), Article)
    response = commit(staff_client.post, url("recover", deleted.pk), data)

    assert response.status_code == HTTPStatus.FOUND
    article = Article.objects.get(pk=pk)
    assert [b.heading for b in article.blocks.all()] == ["Wat is het?", "Oorzaken", "Vragen"]
    assert list(ListItem.objects.filter(block__article=article).values_list("text", flat=True)) == [
        "Medicijnen",
        "Maagzuurremmers",
        "Plaspillen",
    ]
    assert FaqEntry.objects.filter(block__article=article).count() == 1
    assert article.references.count() == 1
    assert "Maagzuurremmers" in staff_client.get(article.get_absolute_url()).content.decode()


def test_a_publish_action_keeps_one_revision_per_article(staff_client):
    drafts = ArticleFactory.create_batch(2, draft=True)
    staff_client.post(
        url("changelist"),
        {"action": "publish", "_selected_action": [d.pk for d in drafts]},
    )
    for draft in drafts:
        (revision,) = revisions_of(draft)
        assert revision.version_set.filter(content_type__model="article").count() == 1
    assert Revision.objects.count() == 2


def test_live_snapshot_matches_a_fresh_revision(staff_client, article):
    save_article(staff_client, article)
    (revision,) = revisions_of(article)
    kept, live = snapshot_of_revision(revision, article.pk), live_snapshot(article)
    assert kept == live


# --- Who may do what ----------------------------------------------------------------------


@pytest.fixture
def saved(staff_client, article, client):
    save_article(staff_client, article)
    staff_client.logout()
    return Version.objects.get_for_object(article).first()


def _staff(django_user_model, name, *perms):
    user = django_user_model.objects.create_user(name, password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="articles", codename__in=perms)
    )
    return user


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", HTTPStatus.FOUND),
        ("staff without permission", HTTPStatus.FORBIDDEN),
        ("staff who may only view", HTTPStatus.FORBIDDEN),
        ("staff who may change", HTTPStatus.FOUND),
    ],
)
def test_restore_needs_the_change_permission(
    client, django_user_model, article, saved, who, expected
):
    perms = {
        "anonymous": None,
        "staff without permission": (),
        "staff who may only view": ("view_article",),
        "staff who may change": ("view_article", "change_article"),
    }[who]
    if perms is not None:
        client.force_login(_staff(django_user_model, "iemand", *perms))
    Block.objects.filter(article=article, kind=Block.Kind.FAQ).delete()
    data = {"title": "Magnesium", "slug": "magnesium"}  # refused before the form is read
    if expected == HTTPStatus.FOUND and perms:
        page = client.get(url("revision", article.pk, saved.pk))
        data = change_form_data(page.content.decode(), Article)

    response = client.post(url("revision", article.pk, saved.pk), data)

    assert response.status_code == expected
    if who == "anonymous":
        assert "/admin/login/" in response["Location"]
    restored = Block.objects.filter(article=article, kind=Block.Kind.FAQ).exists()
    assert restored == (who == "staff who may change")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", HTTPStatus.FOUND),
        ("staff without permission", HTTPStatus.FORBIDDEN),
        ("staff who may change but not add", HTTPStatus.FORBIDDEN),
        ("staff who may add and change", HTTPStatus.OK),
    ],
)
def test_recovering_a_deleted_article_needs_add_and_change(
    client, django_user_model, article, saved, who, expected
):
    perms = {
        "anonymous": None,
        "staff without permission": (),
        "staff who may change but not add": ("view_article", "change_article"),
        "staff who may add and change": ("view_article", "change_article", "add_article"),
    }[who]
    if perms is not None:
        client.force_login(_staff(django_user_model, "iemand", *perms))
    other = client.__class__()
    other.force_login(django_user_model.objects.create_superuser("wisser", password="x"))
    other.post(url("delete", article.pk), {"post": "yes"})
    deleted = Version.objects.get_deleted(Article).first()

    assert client.get(url("recoverlist")).status_code == expected
    assert client.get(url("recover", deleted.pk)).status_code == expected


def test_the_history_and_compare_need_view_permission(client, django_user_model, article, saved):
    client.force_login(_staff(django_user_model, "niemand"))
    assert client.get(url("history", article.pk)).status_code == HTTPStatus.FORBIDDEN
    assert client.get(url("compare", article.pk), {"a": saved.pk}).status_code == (
        HTTPStatus.FORBIDDEN
    )
    client.force_login(_staff(django_user_model, "lezer", "view_article"))
    assert client.get(url("compare", article.pk), {"a": saved.pk}).status_code == HTTPStatus.OK
