import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.services import preview_token, preview_url
from magnesium_site import page_cache
from tests.articles.factories import ArticleFactory, BlockFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    article = ArticleFactory(draft=True, title="Nog niet af")
    BlockFactory(article=article, heading="Kop", body="Conceptzin die niemand ziet.")
    return article


def preview_path(article):
    return reverse("articles:preview", kwargs={"token": preview_token(article)})


def assert_never_kept_and_noindex(response):
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert response["X-Cache"] == "bypass"


def test_staff_preview_a_draft_with_a_banner_and_noindex(staff_client, draft):
    response = staff_client.get(draft.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "preview-banner" in page
    assert "Conceptzin die niemand ziet." in page
    assert '<meta name="robots" content="noindex' in page
    assert_never_kept_and_noindex(response)


def test_a_signed_link_shows_a_draft_to_a_visitor_without_an_account(client, draft):
    response = client.get(preview_path(draft))

    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "preview-banner" in page
    assert "Conceptzin die niemand ziet." in page
    assert '<meta name="robots" content="noindex' in page
    assert_never_kept_and_noindex(response)
    # The draft itself stays hidden from that visitor.
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_a_preview_is_never_answered_from_the_page_cache(client, draft):
    path = preview_path(draft)
    client.get(path)

    again = client.get(path)

    assert again["X-Cache"] == "bypass"
    assert page_cache.scopes_hint(path) is None


def test_a_preview_shows_the_change_made_since_the_last_preview(client, commit, draft):
    path = preview_path(draft)
    client.get(path)
    block = draft.blocks.get()
    block.body = "Nieuwe conceptzin."
    commit(block.save)

    assert "Nieuwe conceptzin." in client.get(path).content.decode()


def test_a_scheduled_article_previewed_before_its_time_is_fresh_for_its_first_visitors(
    client, settings
):
    publish_at = timezone.now() + datetime.timedelta(hours=1)
    article = ArticleFactory(published_at=publish_at)
    BlockFactory(article=article, body="De tekst.")
    client.get(preview_path(article))

    with time_machine.travel(publish_at + datetime.timedelta(seconds=1)):
        response = client.get(article.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert "preview-banner" not in response.content.decode()
    assert "noindex" not in response.content.decode()


def test_an_expired_link_gives_a_dutch_410(client, draft, settings):
    settings.PREVIEW_LINK_MAX_AGE_DAYS = 7
    path = preview_path(draft)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, seconds=1)):
        response = client.get(path)

    assert response.status_code == HTTPStatus.GONE
    assert "Deze voorbeeldlink is verlopen" in response.content.decode()
    assert '<meta name="robots" content="noindex' in response.content.decode()
    assert "Conceptzin" not in response.content.decode()
    assert_never_kept_and_noindex(response)


def test_a_link_opens_until_its_last_day(client, draft, settings):
    settings.PREVIEW_LINK_MAX_AGE_DAYS = 2
    path = preview_path(draft)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=2, seconds=-5)):
        assert client.get(path).status_code == HTTPStatus.OK
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2, seconds=5)):
        assert client.get(path).status_code == HTTPStatus.GONE


@pytest.mark.parametrize(
    "token",
    [
        "1:aaaaaa:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        "niet-ondertekend",
        "x" * 300,
    ],
)
def test_a_tampered_or_made_up_link_gives_a_dutch_404(client, draft, token):
    response = client.get(reverse("articles:preview", kwargs={"token": token}))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Pagina niet gevonden" in response.content.decode()


def test_a_link_for_one_article_cannot_be_changed_into_another(client, draft):
    other = ArticleFactory(draft=True)
    _, timestamp, signature = preview_token(draft).split(":")

    response = client.get(
        reverse("articles:preview", kwargs={"token": f"{other.pk}:{timestamp}:{signature}"})
    )

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_link_to_a_deleted_article_gives_a_404(client, draft):
    path = preview_path(draft)
    draft.delete()

    assert client.get(path).status_code == HTTPStatus.NOT_FOUND


def test_the_article_admin_page_offers_the_link_to_copy(staff_client, draft):
    page = staff_client.get(reverse("admin:articles_article_change", args=[draft.pk]))

    html = page.content.decode()
    assert 'class="vLargeTextField preview-link"' in html
    assert f"/voorbeeld/{draft.pk}:" in html
    assert preview_url(draft).startswith("http")


def test_a_link_to_a_published_article_shows_no_draft_banner_but_says_noindex(client):
    article = ArticleFactory()

    response = client.get(preview_path(article))

    assert response.status_code == HTTPStatus.OK
    assert "preview-banner" not in response.content.decode()
    assert '<meta name="robots" content="noindex' in response.content.decode()
    assert_never_kept_and_noindex(response)
