import re
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.utils import timezone

from comments.models import Comment, Status
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory
from tests.comments.helpers import shown_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory()


@pytest.mark.parametrize("status", [Status.PENDING, Status.REJECTED, Status.SPAM])
def test_unapproved_comment_appears_nowhere_a_visitor_looks(client, article, status):
    CommentFactory(article=article, status=status, text="GEHEIM-ONGEMODEREERD", name="Geheim")
    CommentFactory(article=article, status=Status.APPROVED, text="Zichtbare reactie")

    for url in (article.get_absolute_url(), "/", article.category.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "GEHEIM-ONGEMODEREERD" not in html
        assert "Geheim" not in html
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Zichtbare reactie" in html
    assert shown_count(html) == 1


@pytest.mark.parametrize("status", [Status.REJECTED, Status.SPAM, Status.PENDING])
def test_reply_is_withheld_with_its_parent(client, article, status):
    parent = CommentFactory(article=article, status=Status.APPROVED, text="Ouder")
    CommentFactory(article=article, parent=parent, status=Status.APPROVED, text="ANTWOORD-X")
    Comment.objects.filter(pk=parent.pk).update(status=status)

    response = client.get(article.get_absolute_url())

    assert "ANTWOORD-X" not in response.content.decode()
    assert response.context["comment_count"] == 0
    assert Comment.objects.approved().count() == 0


def test_count_equals_the_comments_a_visitor_can_see(client, article):
    parent = CommentFactory(article=article, status=Status.APPROVED)
    CommentFactory.create_batch(2, article=article, parent=parent, status=Status.APPROVED)
    CommentFactory(article=article, parent=parent, status=Status.PENDING)
    CommentFactory(article=article, status=Status.SPAM)

    response = client.get(article.get_absolute_url())
    html = response.content.decode()

    assert response.context["comment_count"] == 3
    assert html.count('class="comment mb-3"') == 3
    assert shown_count(html) == 3


def test_approved_comments_are_oldest_first_with_permalink_and_dutch_date(client, article):
    newer = CommentFactory(article=article, status=Status.APPROVED, text="Tweede")
    older = CommentFactory(article=article, status=Status.APPROVED, text="Eerste")
    Comment.objects.filter(pk=older.pk).update(
        created_at=timezone.datetime(2025, 3, 16, 10, 0, tzinfo=timezone.get_current_timezone())
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert html.index("Eerste") < html.index("Tweede")
    assert f'id="reactie-{older.pk}"' in html and f'href="#reactie-{newer.pk}"' in html
    assert "16 maart 2025" in html
    assert older.email not in html


def test_comments_are_paginated_beyond_fifty(client, article):
    comments = CommentFactory.create_batch(51, article=article, status=Status.APPROVED)

    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url(), {"reacties": 2})

    assert len(first.context["page_obj"].object_list) == 50
    assert f'id="reactie-{comments[-1].pk}"' in second.content.decode()
    assert comments[-1].get_absolute_url().endswith(f"?reacties=2#reactie-{comments[-1].pk}")
    assert comments[0].get_absolute_url().endswith(f"/#reactie-{comments[0].pk}")


def test_reply_link_prefills_the_form(client, article):
    parent = CommentFactory(article=article, status=Status.APPROVED, name="Piet")
    response = client.get(article.get_absolute_url(), {"antwoord": parent.pk})
    html = response.content.decode()
    assert "Antwoord op Piet" in html
    assert f'name="parent" value="{parent.pk}"' in html


@pytest.mark.parametrize("threads", [1, 20])
def test_comment_section_query_count_is_constant(
    client, article, settings, django_assert_num_queries, threads
):
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 0
    client.get(article.get_absolute_url())  # stores the article's rendering
    for _ in range(threads):
        parent = CommentFactory(article=article, status=Status.APPROVED)
        CommentFactory.create_batch(2, article=article, parent=parent, status=Status.APPROVED)
    cache.clear()  # the counts too
    # The article, its rendering, the site's comment words, two counts, the threads and
    # their replies.
    with django_assert_num_queries(7):
        response = client.get(article.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().count('class="comment mb-3"') == 3 * threads


def test_threads_and_replies_are_exactly_the_approved_comments(article):
    statuses = [Status.APPROVED, Status.PENDING, Status.REJECTED, Status.SPAM]
    for parent_status in statuses:
        parent = CommentFactory(article=article, status=parent_status)
        for status in statuses:
            CommentFactory(article=article, parent=parent, status=status)
    threads = set(Comment.objects.approved_threads())
    replies = set(Comment.objects.approved_replies())

    assert threads.isdisjoint(replies)
    assert threads | replies == set(Comment.objects.approved())
    assert len(threads) == 1 and len(replies) == 1


@pytest.mark.parametrize(
    "website, shown",
    [
        ("https://example.com/", "https://example.com/"),
        ("http://example.com", "http://example.com"),
        ("javascript:window.__xss=1", ""),
        (" JaVaScRiPt:alert(1)", ""),
        ("data:text/html,x", ""),
    ],
)
def test_only_http_websites_become_links(client, article, website, shown):
    comment = CommentFactory(article=article, status=Status.APPROVED, website=website)
    assert comment.public_website == shown
    html = client.get(article.get_absolute_url()).content.decode()
    linked = f'rel="nofollow ugc noopener">{comment.name}</a>' in html
    assert linked is bool(shown)
    assert "javascript:" not in html.lower() and "data:text" not in html


def test_pagination_links_use_the_comment_page_parameter(client, article, settings):
    settings.COMMENTS_PER_PAGE = 1
    CommentFactory.create_batch(2, article=article, status=Status.APPROVED)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'href="?reacties=2#reacties"' in html


@pytest.mark.parametrize("value", ["²", "⑴", "9" * 5000, "-1", "0"])
def test_odd_numbers_in_the_query_are_page_one_not_an_error(client, article, value):
    for parameter in ("reacties", "antwoord"):
        response = client.get(article.get_absolute_url(), {parameter: value})
        assert response.status_code == HTTPStatus.OK


def test_count_is_said_once_in_the_heading_with_words_for_screen_readers(client, article):
    CommentFactory.create_batch(2, article=article, status=Status.APPROVED)

    html = client.get(article.get_absolute_url()).content.decode()

    heading = re.search(r'<h2 id="reacties-heading">.*?</h2>', html, re.S).group(0)
    assert re.search(
        r'comment-count">2<span class="visually-hidden"> geplaatste reacties</span>', heading
    )
    assert "2 geplaatste reacties." not in html
