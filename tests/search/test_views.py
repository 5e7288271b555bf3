"""/zoeken/: what visitors find, and what they never find."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Block
from search.models import MAX_QUERY_LENGTH, ZeroResultQuery
from tests.articles.factories import (
    ArticleFactory,
    BlockFactory,
    FaqEntryFactory,
    ListItemFactory,
    SynonymFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("search:results")
RESULT_LINK = re.compile(r'<h2 class="h5 mb-1"><a href="([^"]+)">([^<]+)</a>')


def results(client, query, **params):
    response = client.get(URL, {"q": query, **params})
    assert response.status_code == HTTPStatus.OK
    return RESULT_LINK.findall(response.content.decode())


def titles(client, query, **params):
    return [title for _, title in results(client, query, **params)]


@pytest.fixture
def article():
    article = ArticleFactory(title="Zink voor je afweer", lead="Zink is een spoorelement.")
    SynonymFactory(article=article, term="spoorelement Zn")
    text = BlockFactory(article=article, heading="Waar zit zink in?", body="In **oesters**.")
    items = BlockFactory(article=article, kind=Block.Kind.LIST, heading="Klachten", body="")
    ListItemFactory(block=items, text="Een trage wondgenezing")
    faq = BlockFactory(article=article, kind=Block.Kind.FAQ, heading="Vragen", body="")
    entry = FaqEntryFactory(block=faq, question="Helpt zink bij verkoudheid?", answer="Soms.")
    article.anchors = {"text": text.anchor, "items": items.anchor, "entry": f"vraag-{entry.pk}"}
    return article


@pytest.mark.parametrize(
    "query, part",
    [
        ("oesters", "text"),  # body text
        ("wondgenezing", "items"),  # list item
        ("verkoudheid", "entry"),  # FAQ question
    ],
)
def test_a_result_links_to_the_part_that_matched(client, article, query, part):
    (href, title), *_ = results(client, query)

    assert title == article.title
    assert href == f"{article.get_absolute_url()}#{article.anchors[part]}"


def test_title_and_synonym_matches_are_found(client, article):
    assert titles(client, "afweer") == [article.title]
    assert titles(client, "Zn") == [article.title]


def test_search_ignores_case_and_accents(client):
    article = ArticleFactory(title="Cafeïne en slaap")
    BlockFactory(article=article, heading="Koffie", body="Een CRÈME brûlée.")

    assert titles(client, "CAFEINE") == [article.title]
    assert titles(client, "creme brulee") == [article.title]
    assert titles(client, "Crème") == [article.title]


def test_drafts_are_never_found(client):
    ArticleFactory(title="Geheim concept", draft=True)

    assert titles(client, "geheim") == []


def test_a_scheduled_article_is_found_from_its_publication_time_on(client, monkeypatch):
    now = timezone.now()
    ArticleFactory(title="Gepland stuk over jodium", published_at=now + timezone.timedelta(hours=1))
    monkeypatch.setattr(timezone, "now", lambda: now)

    assert titles(client, "jodium") == []

    monkeypatch.setattr(timezone, "now", lambda: now + timezone.timedelta(hours=1, seconds=1))
    assert titles(client, "jodium") == ["Gepland stuk over jodium"]


def test_comments_are_not_searched(client, article):
    from comments.models import Status
    from tests.comments.factories import CommentFactory

    CommentFactory(article=article, text="Ik eet liever pompoenpitten.", status=Status.APPROVED)

    assert titles(client, "pompoenpitten") == []


def test_a_query_that_finds_nothing_says_so_in_dutch(client, article):
    response = client.get(URL, {"q": "onvindbaarwoord"})

    assert response.status_code == HTTPStatus.OK
    assert "We hebben niets gevonden voor \u2018onvindbaarwoord\u2019." in response.content.decode()


def test_an_empty_query_asks_for_words(client):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get(URL, params)
        assert response.status_code == HTTPStatus.OK
        assert "Typ een of meer woorden om te zoeken" in response.content.decode()
    assert not ZeroResultQuery.objects.exists()


@pytest.mark.parametrize(
    "query",
    ["%", "'", "&", "|", "!", "a\x00b", "\x00", "😀", "<script>alert(1)</script>", "!(&|", "'; --"],
)
def test_odd_queries_give_a_friendly_page(client, article, query):
    response = client.get(URL, {"q": query})

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "Zoeken" in html


def test_odd_characters_around_words_still_find_them(client, article):
    assert titles(client, "zink!") == [article.title]
    assert titles(client, "'afweer'") == [article.title]
    assert titles(client, "oesters 😀") == [article.title]


def test_a_long_query_is_cut_and_the_page_says_so(client, article):
    response = client.get(URL, {"q": "zink " + "x" * 500})

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert f"langer dan {MAX_QUERY_LENGTH} tekens" in html
    assert "x" * (MAX_QUERY_LENGTH - 5) in html
    assert "x" * (MAX_QUERY_LENGTH - 4) not in html


def test_results_pages_are_not_indexed_by_search_engines(client, article):
    response = client.get(URL, {"q": "zink"})

    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"


def test_results_come_in_pages(client):
    for number in range(13):
        ArticleFactory(title=f"Selenium deel {number}")

    first = client.get(URL, {"q": "selenium"}).content.decode()
    second = client.get(URL, {"q": "selenium", "page": "2"}).content.decode()

    assert "13 artikelen gevonden" in first
    assert len(RESULT_LINK.findall(first)) == 10
    assert len(RESULT_LINK.findall(second)) == 3
    assert "?q=selenium&amp;page=2" in first
    assert set(RESULT_LINK.findall(first)).isdisjoint(RESULT_LINK.findall(second))


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99", "²", "9" * 30])
def test_an_odd_page_number_gives_a_page_of_results(client, article, page):
    assert titles(client, "zink", page=page) == [article.title]


def test_the_snippet_marks_the_words_found_and_escapes_the_text(client):
    article = ArticleFactory(title="Tekens")
    BlockFactory(article=article, heading="Kop", body="Bij fosfaat < 5 & kalk > 2 is het goed.")

    html = client.get(URL, {"q": "fosfaat"}).content.decode()

    assert "<mark>fosfaat</mark> &lt; 5 &amp; kalk &gt; 2" in html


def test_every_page_has_a_labelled_search_form(client, article):
    html = client.get(article.get_absolute_url()).content.decode()

    assert '<form role="search"' in html
    assert '<label for="site-search-q"' in html
    assert f'action="{URL}"' in html


def test_the_english_site_has_the_search_page(client, article):
    response = client.get("/en" + URL, {"q": "zink"})

    assert response.status_code == HTTPStatus.OK
    assert article.title in response.content.decode()


# Zero results ---------------------------------------------------------------------------


def test_a_query_without_results_is_counted_per_day(client):
    for query in ("Vitamine Q", "vitamine   q", "VITAMINE Q"):
        client.get(URL, {"q": query})

    logged = ZeroResultQuery.objects.get()
    assert (logged.query, logged.day, logged.count) == ("vitamine q", timezone.localdate(), 3)


def test_a_query_with_results_is_not_counted(client, article):
    client.get(URL, {"q": "zink"})

    assert not ZeroResultQuery.objects.exists()


@pytest.mark.parametrize("query", ["%", "!!!", "😀", "   "])
def test_queries_without_words_are_not_counted(client, query):
    client.get(URL, {"q": query})

    assert not ZeroResultQuery.objects.exists()


def test_the_stored_query_is_cut_at_the_maximum_length(client):
    client.get(URL, {"q": "q" * 1000})

    assert ZeroResultQuery.objects.get().query == "q" * MAX_QUERY_LENGTH


def test_a_draft_match_counts_as_nothing_found(client):
    ArticleFactory(title="Geheim concept", draft=True)

    client.get(URL, {"q": "geheim"})

    assert ZeroResultQuery.objects.get().query == "geheim"


# Page cache -----------------------------------------------------------------------------


def test_two_queries_never_share_a_cached_page(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    ArticleFactory(title="Zink voor je afweer")
    ArticleFactory(title="Jodium en je schildklier")

    assert titles(client, "zink") == ["Zink voor je afweer"]
    assert titles(client, "jodium") == ["Jodium en je schildklier"]
    second = client.get(URL, {"q": "zink"})
    assert second["X-Cache"] == "hit"
    assert "Zink voor je afweer" in second.content.decode()
    assert "Jodium" not in second.content.decode()
    other = client.get(URL, {"q": "jodium"})
    assert other["X-Cache"] == "hit"
    assert "Zink" not in other.content.decode()


def test_a_results_page_is_served_again_from_the_cache(client, article):
    client.get(URL, {"q": "zink"})

    assert client.get(URL, {"q": "zink"})["X-Cache"] == "hit"
    assert client.get(URL, {"q": "zink", "page": "2"})["X-Cache"] == "miss"


def test_a_content_change_retires_cached_results(client, article, commit):
    assert titles(client, "koper") == []
    assert titles(client, "zink") == [article.title]

    commit(BlockFactory, article=article, heading="Zink en koper", body="")
    response = client.get(URL, {"q": "zink"})

    assert response["X-Cache"] == "miss"
    assert titles(client, "koper") == [article.title]


def test_unpublishing_retires_cached_results(client, article, commit):
    assert titles(client, "zink") == [article.title]

    def unpublish():
        fresh = Article.objects.get(pk=article.pk)
        fresh.status = Article.Status.DRAFT
        fresh.save()

    commit(unpublish)
    assert titles(client, "zink") == []


def test_a_page_without_results_is_not_kept_so_that_each_search_counts(client):
    client.get(URL, {"q": "onvindbaar"})
    response = client.get(URL, {"q": "onvindbaar"})

    assert response["X-Cache"] != "hit"
    assert ZeroResultQuery.objects.get().count == 2
