"""Comment feeds: only what Comment.objects.public() lets a visitor see, kept per scope."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone

from articles.models import Article
from comments.models import Comment, Status
from comments.services import moderate
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_FEED = "/feed/reacties/atom/"


def feed_url(article):
    return f"{article.get_absolute_url()}reacties/atom/"


def entries(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (the site's own output)
    return [entry.findtext(f"{ATOM}summary") for entry in root.iter(f"{ATOM}entry")]


@pytest.fixture
def article():
    return ArticleFactory(title="Magnesiumtekort", slug="magnesiumtekort")


@pytest.mark.parametrize("site_wide", [True, False], ids=["site", "article"])
def test_feeds_carry_only_public_comments(client, article, site_wide):
    CommentFactory(article=article, status=Status.APPROVED, text="ZICHTBAAR")
    for status in (Status.PENDING, Status.REJECTED, Status.SPAM):
        CommentFactory(article=article, status=status, text=f"GEHEIM-{status}")
    pending_parent = CommentFactory(article=article, status=Status.PENDING, text="OUDER")
    CommentFactory(
        article=article, parent=pending_parent, status=Status.APPROVED, text="GEHEIM-ANTWOORD"
    )
    approved_parent = CommentFactory(article=article, status=Status.APPROVED, text="OUDER-OK")
    CommentFactory(article=article, parent=approved_parent, status=Status.APPROVED, text="ANTW-OK")
    if site_wide:
        draft = ArticleFactory(draft=True)
        CommentFactory(article=draft, status=Status.APPROVED, text="GEHEIM-CONCEPT")
        later = ArticleFactory(published_at=timezone.now() + timedelta(seconds=1))
        CommentFactory(article=later, status=Status.APPROVED, text="GEHEIM-GEPLAND")

    shown = entries(client, SITE_FEED if site_wide else feed_url(article))

    assert sorted(text.removeprefix("<p>").removesuffix("</p>") for text in shown) == [
        "ANTW-OK",
        "OUDER-OK",
        "ZICHTBAAR",
    ]
    assert len(shown) == Comment.objects.public().count()


def test_no_feed_for_an_unpublished_or_scheduled_article(client):
    draft = ArticleFactory(draft=True)
    later = ArticleFactory(published_at=timezone.now() + timedelta(seconds=1))

    assert client.get(feed_url(draft)).status_code == HTTPStatus.NOT_FOUND
    assert client.get(feed_url(later)).status_code == HTTPStatus.NOT_FOUND


def test_approving_a_comment_retires_both_feeds(client, article, commit, editor):
    comment = CommentFactory(article=article, text="NIEUW")
    assert entries(client, SITE_FEED) == []
    assert entries(client, feed_url(article)) == []
    assert client.get(SITE_FEED)["X-Cache"] == "hit"

    commit(moderate, Comment.objects.filter(pk=comment.pk), Status.APPROVED, editor)

    assert len(entries(client, SITE_FEED)) == 1
    assert len(entries(client, feed_url(article))) == 1


def test_rejecting_an_approved_comment_retires_both_feeds(client, article, commit, editor):
    comment = CommentFactory(article=article, status=Status.APPROVED)
    assert len(entries(client, SITE_FEED)) == 1
    assert len(entries(client, feed_url(article))) == 1

    commit(moderate, Comment.objects.filter(pk=comment.pk), Status.REJECTED, editor)

    assert entries(client, SITE_FEED) == []
    assert entries(client, feed_url(article)) == []


def test_unpublishing_an_article_drops_its_comments_from_the_site_feed(client, article, commit):
    CommentFactory(article=article, status=Status.APPROVED)
    assert len(entries(client, SITE_FEED)) == 1

    article.status = Article.Status.DRAFT
    commit(article.save)

    assert entries(client, SITE_FEED) == []


def test_comment_text_is_escaped_in_the_feed(client, article):
    CommentFactory(article=article, status=Status.APPROVED, text="<script>alert(1)</script>")

    body = client.get(SITE_FEED).content.decode()

    assert "<script>" not in body
    assert entries(client, SITE_FEED) == ["<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"]


def test_article_page_links_its_comment_feed(client, article):
    html = client.get(article.get_absolute_url()).content.decode()

    link = (
        '<link rel="alternate" type="application/atom+xml" '
        f'title="Reacties op Magnesiumtekort" href="{feed_url(article)}">'
    )
    assert link in html
