"""Article feeds (Atom, RSS, JSON Feed): published articles only, kept like the listings."""

import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone

from articles.models import Article
from tests.articles.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db

SITE = "https://magnesium.example"
ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["/feed/artikelen/atom/", "/feed/artikelen/rss/", "/feed/artikelen/json/"]


def titles(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    if url.endswith("json/"):
        return [item["title"] for item in json.loads(response.content)["items"]]
    root = ET.fromstring(response.content)  # noqa: S314 (the site's own output)
    if root.tag == f"{ATOM}feed":
        return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    return [item.findtext("title") for item in root.iter("item")]


@pytest.fixture
def frozen(monkeypatch):
    """Set the clock the visibility rules read (timezone.now) to a given moment."""

    def at(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return at


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_list_published_articles_newest_first(client, url):
    ArticleFactory(title="Ouder", published_at=timezone.now() - timedelta(days=3))
    ArticleFactory(title="Nieuwer")
    ArticleFactory(title="Concept", draft=True)

    assert titles(client, url) == ["Nieuwer", "Ouder"]


@pytest.mark.parametrize("url", FEEDS)
def test_a_scheduled_article_appears_only_once_its_time_has_come(client, frozen, url):
    moment = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    ArticleFactory(title="Gepland", status=Article.Status.PUBLISHED, published_at=moment)
    ArticleFactory(title="Al verschenen")

    frozen(moment - timedelta(seconds=1))
    assert titles(client, url) == ["Al verschenen"]

    frozen(moment + timedelta(seconds=1))
    for alias in ("default", "pages"):  # what was kept above, for at most that one second
        caches[alias].clear()
    assert titles(client, url) == ["Gepland", "Al verschenen"]


def test_a_feed_is_never_kept_past_a_scheduled_publication(client, frozen, monkeypatch):
    from magnesium_site import page_cache

    stored = []
    original = page_cache.StoredPage
    monkeypatch.setattr(
        page_cache, "StoredPage", lambda **kw: stored.append(kw["timeout"]) or original(**kw)
    )
    moment = timezone.now().replace(microsecond=0) + timedelta(seconds=30)
    ArticleFactory(published_at=moment)
    frozen(moment - timedelta(seconds=10))

    client.get(FEEDS[0])

    assert stored and stored[0] <= 10


def test_category_feed_lists_only_that_category(client):
    category = CategoryFactory(name="Mineralen", slug="mineralen")
    ArticleFactory(title="Over magnesium", category=category)
    ArticleFactory(title="Elders")

    for kind in ("atom", "rss", "json"):
        assert titles(client, f"/categorie/mineralen/feed/{kind}/") == ["Over magnesium"]
    assert client.get("/categorie/bestaat-niet/feed/atom/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/feed/artikelen/xml/").status_code == HTTPStatus.NOT_FOUND


@override_settings(SITE_URL=SITE)
def test_json_feed_is_version_1_1_with_absolute_urls(client):
    article = ArticleFactory(
        title="Kramp", slug="kramp", lead="Over <kramp> & pijn.", author=AuthorFactory(name="An")
    )

    feed = json.loads(client.get("/feed/artikelen/json/").content)

    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == f"{SITE}/feed/artikelen/json/"
    assert feed["home_page_url"] == f"{SITE}/"
    item = feed["items"][0]
    assert item["id"] == item["url"] == f"{SITE}/artikelen/kramp/"
    assert item["summary"] == "Over <kramp> & pijn."
    assert item["content_html"] == "Over &lt;kramp&gt; &amp; pijn."
    assert item["authors"] == [{"name": "An", "url": f"{SITE}/auteurs/an/"}]
    assert item["date_published"] == article.published_at.isoformat()


@override_settings(SITE_URL=SITE)
def test_feed_addresses_never_come_from_the_host_header(client, settings):
    settings.ALLOWED_HOSTS = ["elders.example", "testserver"]
    ArticleFactory(slug="kramp")

    body = client.get("/feed/artikelen/atom/", HTTP_HOST="elders.example").content.decode()

    assert "elders.example" not in body
    assert f"{SITE}/artikelen/kramp/" in body


def test_feeds_are_kept_and_retired_with_the_listings(client, commit):
    article = commit(ArticleFactory, title="Eerste")
    assert titles(client, FEEDS[0]) == ["Eerste"]
    assert client.get(FEEDS[0])["X-Cache"] == "hit"

    article.title = "Hernoemd"
    commit(article.save)

    assert titles(client, FEEDS[0]) == ["Hernoemd"]


def test_renaming_an_author_retires_the_feeds(client, commit):
    author = commit(AuthorFactory, name="Oud")
    commit(ArticleFactory, author=author)
    client.get(FEEDS[0])
    author.name = "Nieuw"

    commit(author.save)

    assert "<name>Nieuw</name>" in client.get(FEEDS[0]).content.decode()


def test_every_page_links_the_article_feeds(client):
    html = client.get("/").content.decode()

    assert 'type="application/atom+xml"' in html and 'href="/feed/artikelen/atom/"' in html
    assert 'href="/feed/artikelen/rss/"' in html and 'href="/feed/artikelen/json/"' in html


def test_category_page_links_its_own_feeds(client):
    category = CategoryFactory(slug="mineralen")
    ArticleFactory(category=category)

    html = client.get(category.get_absolute_url()).content.decode()

    assert 'href="/categorie/mineralen/feed/atom/"' in html
    assert 'href="/categorie/mineralen/feed/json/"' in html
