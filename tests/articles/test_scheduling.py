"""A scheduled article is public at its publication time to the second, with no cron job:
visibility is computed per request, and every cached page that lists articles expires
by the next publication time. Checked with a frozen clock, through the page cache."""

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.articles.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

PUBLISH_AT = timezone.make_aware(datetime.datetime(2026, 5, 4, 9, 30))
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def scheduled(settings):
    assert settings.PAGE_CACHE_SECONDS > 0 and settings.FRAGMENT_CACHE_SECONDS > 0
    category = CategoryFactory(slug="voeding")
    with time_machine.travel(PUBLISH_AT - datetime.timedelta(days=2), tick=False):
        ArticleFactory(title="Al langer online", category=category)
        return ArticleFactory(
            title="Het geplande artikel", slug="gepland", category=category, published_at=PUBLISH_AT
        )


PAGES = {
    "home": lambda article: reverse("articles:home"),
    "category": lambda article: article.category.get_absolute_url(),
    "author": lambda article: article.author.get_absolute_url(),
    "atom feed": lambda article: reverse("articles:feed", kwargs={"format": "atom"}),
    "sitemap": lambda article: reverse("sitemap"),
    "search": lambda article: reverse("search:results") + "?q=geplande",
}
MARKS = {"sitemap": "/artikelen/gepland/", "search": "/artikelen/gepland/"}
# Pages the whole-page cache keeps: the second visit before publication is a hit.
KEPT = {"home", "category", "author"}


def visit_at(client, moment, path):
    with time_machine.travel(moment, tick=False):
        return client.get(path)


@pytest.mark.parametrize("page", PAGES)
def test_a_listing_shows_a_scheduled_article_from_its_publication_second(client, scheduled, page):
    path, mark = PAGES[page](scheduled), MARKS.get(page, "Het geplande artikel")
    # Visited (and so cached, where the page is kept) a minute before, then asked for
    # one second before and one second after.
    first = visit_at(client, PUBLISH_AT - 60 * SECOND, path)
    assert first.status_code == HTTPStatus.OK
    assert mark not in first.content.decode()

    before = visit_at(client, PUBLISH_AT - SECOND, path)
    after = visit_at(client, PUBLISH_AT + SECOND, path)

    assert mark not in before.content.decode()
    assert (before["X-Cache"] == "hit") if page in KEPT else True
    assert after.status_code == HTTPStatus.OK
    assert mark in after.content.decode()


def test_the_article_page_opens_at_its_publication_second(client, scheduled):
    path = scheduled.get_absolute_url()
    assert visit_at(client, PUBLISH_AT - 60 * SECOND, path).status_code == HTTPStatus.NOT_FOUND

    before = visit_at(client, PUBLISH_AT - SECOND, path)
    after = visit_at(client, PUBLISH_AT + SECOND, path)

    assert before.status_code == HTTPStatus.NOT_FOUND
    assert after.status_code == HTTPStatus.OK
    assert "Het geplande artikel" in after.content.decode()
    assert "preview-banner" not in after.content.decode()
    # ... and is kept for visitors from then on.
    assert visit_at(client, PUBLISH_AT + 2 * SECOND, path)["X-Cache"] == "hit"


def test_a_listing_is_kept_no_longer_than_until_the_next_publication(client, scheduled):
    visit_at(client, PUBLISH_AT - 10 * SECOND, reverse("articles:home"))

    with time_machine.travel(PUBLISH_AT - 10 * SECOND, tick=False):
        assert Article.objects.next_publication_time() == PUBLISH_AT
    assert visit_at(client, PUBLISH_AT - SECOND, reverse("articles:home"))["X-Cache"] == "hit"
    assert visit_at(client, PUBLISH_AT, reverse("articles:home"))["X-Cache"] == "miss"


def test_the_published_queryset_turns_at_the_second(scheduled):
    with time_machine.travel(PUBLISH_AT - SECOND, tick=False):
        assert scheduled not in Article.objects.published()
        assert not Article.objects.get(pk=scheduled.pk).is_published
    with time_machine.travel(PUBLISH_AT, tick=False):
        assert scheduled in Article.objects.published()
        assert Article.objects.get(pk=scheduled.pk).is_published


def test_the_admin_list_says_scheduled_with_the_time(staff_client, scheduled):
    with time_machine.travel(PUBLISH_AT - 60 * SECOND, tick=False):
        page = staff_client.get(reverse("admin:articles_article_changelist")).content.decode()

    assert '<span class="scheduled">gepland 4 mei 2026 09:30:00</span>' in page
