"""The English site: Dutch content marked as Dutch, language links to the same page,
translated help texts."""

import re
from http import HTTPStatus

import pytest
from django.utils import translation

from comments.models import Status
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory()


def _english(url):
    return "/en" + url


def _tag(html, pattern):
    match = re.search(pattern, html)
    assert match, f"no {pattern}"
    return match.group(0)


def test_article_content_is_marked_dutch_on_english_pages(client, article):
    html = client.get(_english(article.get_absolute_url())).content.decode()

    assert 'lang="en"' in _tag(html, r"<html[^>]*>")
    assert 'lang="nl"' in _tag(html, r'<article class="col-lg-8 article"[^>]*>')
    # Interface words inside the content stay English.
    assert 'lang="en"' in _tag(html, r'<p class="updated[^"]*"[^>]*>')


def test_article_content_has_no_extra_lang_on_dutch_pages(client, article):
    html = client.get(article.get_absolute_url()).content.decode()

    assert "lang=" not in _tag(html, r'<article class="col-lg-8 article"[^>]*>')


def test_comment_texts_are_marked_dutch_on_english_pages(client, article):
    CommentFactory(article=article, status=Status.APPROVED)

    url = article.get_absolute_url()
    english = client.get(_english(url)).content.decode()
    dutch = client.get(url).content.decode()

    assert '<div class="comment-text" lang="nl">' in english
    assert '<div class="comment-text">' in dutch


@pytest.mark.parametrize("page", ["home", "article"])
def test_language_links_lead_to_the_same_page_in_the_other_language(client, article, page):
    url = "/" if page == "home" else article.get_absolute_url()

    dutch = client.get(url).content.decode()
    english = client.get(_english(url)).content.decode()

    assert f'href="{_english(url)}" hreflang="en"' in dutch
    assert f'href="{url}" hreflang="nl"' in english


def test_language_link_on_a_missing_page_leads_to_the_home_page(client):
    response = client.get("/bestaat-niet/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert 'href="/en/" hreflang="en"' in response.content.decode()


def test_comment_help_text_is_translated_on_english_pages(client, article):
    html = client.get(_english(article.get_absolute_url())).content.decode()

    assert "Plain text, up to 5000 characters." in html
    assert "Platte tekst" not in html


def test_comment_help_text_stays_dutch_on_dutch_pages(client, article):
    with translation.override("nl"):
        html = client.get(article.get_absolute_url()).content.decode()

    assert "Platte tekst, maximaal 5000 tekens." in html


def test_english_card_listings_mark_the_dutch_title_lead_and_category(client, article):
    for url in ("/en/", _english(article.category.get_absolute_url())):
        html = client.get(url).content.decode()

        assert 'lang="nl"' in _tag(html, r'<h2 class="h4 card-title"[^>]*>')
        assert 'lang="nl"' in _tag(html, r'<p class="card-text"[^>]*>')
        assert 'lang="nl"' in _tag(html, r'<a href="[^"]*/categorie[^"]*"[^>]*>')


def test_english_category_page_marks_its_dutch_name(client, article):
    html = client.get(_english(article.category.get_absolute_url())).content.decode()

    assert f'<h1 class="mb-4"><span lang="nl">{article.category.name}</span></h1>' in html


def test_dutch_card_listings_carry_no_extra_lang(client, article):
    html = client.get("/").content.decode()

    assert "lang=" not in _tag(html, r'<h2 class="h4 card-title"[^>]*>')
