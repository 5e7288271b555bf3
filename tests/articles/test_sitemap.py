"""/sitemap.xml and /robots.txt: published pages only, dates of content, absolute URLs."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone

from articles.models import Article, Block, Symptom
from comments.models import Comment, Status
from comments.services import moderate
from tests.articles.factories import (
    ArticleFactory,
    AuthorFactory,
    BlockFactory,
    CategoryFactory,
    ListItemFactory,
)
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

SITE = "https://magnesium.example"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == HTTPStatus.OK
    root = ET.fromstring(response.content)  # noqa: S314 (the site's own output)
    return {
        url.findtext("s:loc", namespaces=NS): {
            "lastmod": url.findtext("s:lastmod", namespaces=NS),
            "alternates": {
                link.get("hreflang"): link.get("href")
                for link in url.findall("x:link", namespaces=NS)
            },
        }
        for url in root.findall("s:url", namespaces=NS)
    }


@pytest.fixture
def frozen(monkeypatch):
    def at(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return at


@override_settings(SITE_URL=SITE)
def test_sitemap_lists_published_articles_categories_authors_and_symptoms(client):
    category = CategoryFactory(slug="mineralen")
    author = AuthorFactory(name="An Bos")
    article = ArticleFactory(slug="kramp", category=category, author=author)
    block = BlockFactory(article=article, kind=Block.Kind.LIST, role=Block.Role.SYMPTOMS)
    ListItemFactory(block=block, symptom=Symptom.for_name("Spierkramp"))
    ArticleFactory(slug="concept", draft=True, category=CategoryFactory(slug="leeg"))

    found = urls(client)

    for path in ("/artikelen/kramp/", "/categorie/mineralen/", "/auteurs/an-bos/"):
        assert f"{SITE}{path}" in found
        assert f"{SITE}/en{path}" in found
    assert f"{SITE}/symptomen/spierkramp/" in found
    assert not [url for url in found if "concept" in url or "leeg" in url]
    assert found[f"{SITE}/artikelen/kramp/"]["alternates"] == {
        "nl": f"{SITE}/artikelen/kramp/",
        "en": f"{SITE}/en/artikelen/kramp/",
        "x-default": f"{SITE}/artikelen/kramp/",
    }


def test_a_scheduled_article_joins_the_sitemap_only_at_its_time(client, frozen):
    moment = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    ArticleFactory(slug="gepland", status=Article.Status.PUBLISHED, published_at=moment)

    frozen(moment - timedelta(seconds=1))
    assert not [url for url in urls(client) if "gepland" in url]

    frozen(moment + timedelta(seconds=1))
    for alias in ("default", "pages"):  # what was kept above, for at most that one second
        caches[alias].clear()
    assert [url for url in urls(client) if "gepland" in url]


def test_lastmod_follows_content_and_review_not_comments(client, commit, editor):
    article = commit(
        ArticleFactory,
        slug="kramp",
        updated_at=timezone.now() - timedelta(days=30),
    )

    def lastmod():
        return next(v["lastmod"] for k, v in urls(client).items() if k.endswith("/kramp/"))

    before = lastmod()
    assert before == (timezone.now() - timedelta(days=30)).date().isoformat()

    comment = commit(CommentFactory, article=article)
    commit(moderate, Comment.objects.filter(pk=comment.pk), Status.APPROVED, editor)
    assert lastmod() == before

    Article.objects.filter(pk=article.pk).update(last_reviewed_on=date.today())
    article.refresh_from_db()
    commit(article.save)  # a recorded review saves the article
    assert lastmod() == date.today().isoformat()


def test_a_content_change_retires_the_kept_sitemap(client, commit):
    article = commit(ArticleFactory, slug="kramp", updated_at=timezone.now() - timedelta(days=9))
    urls(client)
    assert client.get("/sitemap.xml")["X-Cache"] == "hit"

    def edit():
        BlockFactory(article=article)
        article.record_edit(None)

    commit(edit)

    assert client.get("/sitemap.xml")["X-Cache"] == "miss"


def test_an_odd_page_number_is_a_404(client):
    assert client.get("/sitemap.xml?p=abc").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/sitemap.xml?p=99").status_code == HTTPStatus.NOT_FOUND


@override_settings(SITE_URL=SITE)
def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert f"Sitemap: {SITE}/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()
    assert "max-age=86400" in response["Cache-Control"]
