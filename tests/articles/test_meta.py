"""What the head of a page tells search engines and social sites."""

import re
from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings

from articles.demo_image import draw_demo_image
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SITE = "https://magnesium.example"


def meta(html, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return found.group(1) if found else None


def links(html, rel):
    return re.findall(rf'<link rel="{rel}"(?: hreflang="([^"]+)")? href="([^"]+)">', html)


@pytest.fixture
def article():
    article = ArticleFactory(
        title="Kramp & pijn",
        slug="kramp",
        lead="Wat je moet weten over kramp.",
        image_alt="Een kuitspier",
    )
    article.image.save("kramp.png", ContentFile(draw_demo_image()))
    return article


@override_settings(SITE_URL=SITE)
def test_article_head_has_title_description_canonical_and_social_card(client, article):
    html = client.get(article.get_absolute_url()).content.decode()

    assert "<title>Kramp &amp; pijn · Magnesiumwijzer</title>" in html
    assert meta(html, "name", "description") == "Wat je moet weten over kramp."
    assert links(html, "canonical") == [("", f"{SITE}/artikelen/kramp/")]
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:title") == "Kramp &amp; pijn"
    assert meta(html, "property", "og:url") == f"{SITE}/artikelen/kramp/"
    image_url = f"{SITE}{article.image.url}"
    assert image_url.startswith(f"{SITE}/media/articles/")
    assert meta(html, "property", "og:image") == image_url
    assert meta(html, "property", "og:image:alt") == "Een kuitspier"
    assert meta(html, "property", "og:image:width") == str(article.image_width)
    assert meta(html, "property", "og:image:height") == str(article.image_height)
    assert article.image_width > 0
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "twitter:image") == image_url
    assert meta(html, "name", "robots") is None


@override_settings(SITE_URL=SITE)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_language_version_names_the_others(client, article, prefix):
    html = client.get(f"{prefix}/artikelen/kramp/").content.decode()

    assert links(html, "alternate") == [
        ("nl", f"{SITE}/artikelen/kramp/"),
        ("en", f"{SITE}/en/artikelen/kramp/"),
        ("x-default", f"{SITE}/artikelen/kramp/"),
    ]
    assert links(html, "canonical") == [("", f"{SITE}{prefix}/artikelen/kramp/")]


def test_a_preview_of_a_draft_is_noindex(staff_client):
    draft = ArticleFactory(draft=True)

    response = staff_client.get(draft.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert meta(response.content.decode(), "name", "robots") == "noindex, nofollow"


def test_error_pages_are_noindex_without_canonical(client):
    html = client.get("/artikelen/bestaat-niet/").content.decode()

    assert meta(html, "name", "robots") == "noindex"
    assert links(html, "canonical") == []


@override_settings(SITE_URL=SITE)
def test_later_pages_of_a_listing_are_their_own_canonical(client):
    ArticleFactory.create_batch(21)

    first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()

    assert links(first, "canonical") == [("", f"{SITE}/")]
    assert links(second, "canonical") == [("", f"{SITE}/?page=2")]


@override_settings(SITE_URL=SITE, PAGE_CACHE_SECONDS=0)
def test_the_kept_head_of_an_article_follows_its_edits(
    client, article, django_capture_on_commit_callbacks
):
    """The head is a fragment kept per article version: an edit shows at once."""
    client.get(article.get_absolute_url())  # keeps the head
    with django_capture_on_commit_callbacks(execute=True):
        article.lead = "Nieuw: kramp in de nacht."
        article.save()

    html = client.get(article.get_absolute_url()).content.decode()

    assert meta(html, "name", "description") == "Nieuw: kramp in de nacht."
    assert meta(html, "property", "og:description") == "Nieuw: kramp in de nacht."
    assert meta(html, "name", "twitter:description") == "Nieuw: kramp in de nacht."


@override_settings(SITE_URL=SITE, PAGE_CACHE_SECONDS=0)
def test_the_kept_head_of_one_language_is_not_shown_in_another(client, article):
    client.get(article.get_absolute_url())

    html = client.get("/en" + article.get_absolute_url()).content.decode()

    assert links(html, "canonical") == [("", f"{SITE}/en/artikelen/kramp/")]
    assert meta(html, "property", "og:locale") == "en_GB"
