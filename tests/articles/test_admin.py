from http import HTTPStatus

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Article, ArticleRedirect, Block, FaqEntry
from tests.articles.factories import (
    ArticleFactory,
    BlockFactory,
    FaqEntryFactory,
    ListItemFactory,
    ReferenceFactory,
)

pytestmark = pytest.mark.django_db

ARTICLE_MODELS = [m for m in admin.site._registry if m._meta.app_label == "articles"]
# Made by the site, never added by hand: their add page is refused.
NEVER_ADDED = {"articleredirect"}


@pytest.fixture
def content():
    article = ArticleFactory()
    ReferenceFactory(article=article)
    faq = BlockFactory(article=article, kind=Block.Kind.FAQ)
    FaqEntryFactory(block=faq)
    ListItemFactory(block=BlockFactory(article=article, kind=Block.Kind.LIST))
    ArticleRedirect.objects.create(old_slug="oud-adres", article=article)
    return article


@pytest.mark.parametrize("model", ARTICLE_MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_search_add_and_change_pages_render(staff_client, content, model):
    info = model._meta.app_label, model._meta.model_name
    changelist = reverse("admin:{}_{}_changelist".format(*info))

    assert staff_client.get(changelist).status_code == HTTPStatus.OK
    assert staff_client.get(changelist, {"q": "magnesium"}).status_code == HTTPStatus.OK
    added = HTTPStatus.FORBIDDEN if info[1] in NEVER_ADDED else HTTPStatus.OK
    assert staff_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == added
    for obj in model.objects.all():
        url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        assert staff_client.get(url).status_code == HTTPStatus.OK


def test_block_page_offers_the_inline_for_its_kind(staff_client, content):
    faq = content.blocks.get(kind=Block.Kind.FAQ)
    html = staff_client.get(reverse("admin:articles_block_change", args=[faq.pk])).content.decode()
    assert "faq_entries-TOTAL_FORMS" in html
    assert "items-TOTAL_FORMS" not in html


def _inline_management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_staff_reorder_edit_add_and_remove_faq_entries(staff_client, staff_user):
    article = ArticleFactory()
    block = BlockFactory(article=article, kind=Block.Kind.FAQ, heading="FAQ")
    first = FaqEntryFactory(block=block, position=1, question="Eerste?")
    second = FaqEntryFactory(block=block, position=2, question="Tweede?")
    gone = FaqEntryFactory(block=block, position=3, question="Weg?")
    data = {
        "article": article.pk,
        "kind": "faq",
        "list_style": "bullet",
        "faq_display": "accordion",
        "heading": "FAQ",
        "heading_level": "2",
        "anchor": block.anchor,
        "body": "",
        **_inline_management("faq_entries", 4, 3),
    }
    rows = [
        (first, 2, "Eerste, herschreven?"),
        (second, 1, "Tweede?"),
        (gone, 3, "Weg?"),
    ]
    for index, (entry, position, question) in enumerate(rows):
        prefix = f"faq_entries-{index}"
        data.update(
            {
                f"{prefix}-id": entry.pk,
                f"{prefix}-block": block.pk,
                f"{prefix}-position": position,
                f"{prefix}-question": question,
                f"{prefix}-answer": "Antwoord.",
            }
        )
    data["faq_entries-2-DELETE"] = "on"
    data.update(
        {
            "faq_entries-3-block": block.pk,
            "faq_entries-3-position": 4,
            "faq_entries-3-question": "Nieuw?",
            "faq_entries-3-answer": "Ja.",
        }
    )

    response = staff_client.post(reverse("admin:articles_block_change", args=[block.pk]), data)

    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    questions = list(FaqEntry.objects.filter(block=block).values_list("question", flat=True))
    assert questions == ["Tweede?", "Eerste, herschreven?", "Nieuw?"]
    article.refresh_from_db()
    assert article.saved_by == staff_user
    page = staff_client.get(article.get_absolute_url()).content.decode()
    assert page.index("Tweede?") < page.index("Eerste, herschreven?") < page.index("Nieuw?")
    assert "Weg?" not in page


def test_publish_action_publishes_drafts(staff_client):
    draft = ArticleFactory(draft=True)
    staff_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.published_at is not None


def test_staff_without_permission_cannot_open_article_admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("leeg", is_staff=True))
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == HTTPStatus.FOUND
    assert "/admin/login/" in response["Location"]
