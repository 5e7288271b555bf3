"""Ranking, compound words and typos (PostgreSQL: dutch full text plus pg_trgm)."""

import pytest
from django.urls import reverse

from search.query import search
from tests.articles.factories import ArticleFactory
from tests.search.conftest import postgres_only
from tests.search.test_views import results

pytestmark = [pytest.mark.django_db, postgres_only]

QUERIES = [
    "magnesium",
    "tekort",
    "magnesiumtekort",  # the title's compound
    "magnesuim",  # a typo
    "spierkramp",  # a compound the list has as "spierkrampen"
    "kramp",  # a part of "spierkrampen"
    "hartkloppingen",
    "hypomagnesiëmie",  # a synonym
    "hypomagnesiemie",  # the synonym without its accent
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_magnesium_article_is_in_the_top_three(demo, query):
    top = [result.article.slug for result in search(query).object_list[:3]]

    assert demo.slug in top, top


def test_other_articles_are_found_too(demo):
    found = {result.article.title for result in search("kramp").object_list}

    assert "Kramp in je kuit 's nachts" in found


def test_a_compound_part_links_to_the_section_with_the_compound(demo, client):
    href = next(h for h, title in results(client, "hartkloppingen") if title == demo.title)

    assert href == reverse("articles:detail", args=[demo.slug]) + (
        "#magnesiumtekort-en-hartkloppingen"
    )


def test_a_typo_still_finds_the_article_without_highlights_going_wrong(demo, client):
    html = client.get(reverse("search:results"), {"q": "magnesuim"}).content.decode()

    assert demo.title in html


def test_title_matches_rank_above_body_matches(db):
    from tests.articles.factories import ArticleFactory, BlockFactory

    ArticleFactory(title="Slapen en voeding", lead="Over slaap.")
    body = ArticleFactory(title="Eten", lead="Iets anders.")
    BlockFactory(article=body, heading="", body="Soms helpt selenium.")
    title = ArticleFactory(title="Selenium", lead="Een spoorelement.")

    assert [r.article for r in search("selenium").object_list] == [title, body]


def test_websearch_syntax_excludes_words(demo):
    found = {result.article.slug for result in search("tekort -magnesium").object_list}

    assert demo.slug not in found
    assert found  # the other articles about a shortage


def test_a_typo_is_marked_in_the_snippet_as_the_word_it_resembles(demo, client):
    html = client.get(reverse("search:results"), {"q": "magnesuim"}).content.decode()

    assert "<mark>magnesium</mark>" in html.lower()


def test_an_article_about_the_word_outranks_many_that_mention_it_once(db):
    from tests.articles.factories import ArticleFactory, BlockFactory, ListItemFactory

    for subject in ["ijzer", "zink", "kalium", "calcium", "jodium", "koper"] * 5:
        stub = ArticleFactory(title=f"{subject.capitalize()} en hartkloppingen", lead="Kort.")
        BlockFactory(article=stub, heading="Klachten", body=f"Een tekort aan {subject}.")
    about = ArticleFactory(title="Je hart en mineralen", lead="Over het hartritme.")
    block = BlockFactory(
        article=about,
        heading="Hartkloppingen door een tekort",
        body="Hartkloppingen komen vaak voor. Bij hartkloppingen in rust: ga naar de huisarts.",
    )
    ListItemFactory(block=block, text="Hartkloppingen na inspanning")
    ListItemFactory(block=block, text="Hartkloppingen 's nachts")

    top = [result.article for result in search("hartkloppingen").object_list[:3]]

    assert about in top, top


def test_more_matches_than_are_listed_says_more_than(db, client, monkeypatch):
    from tests.articles.factories import ArticleFactory

    monkeypatch.setattr("search.query.MAX_RESULTS", 3)
    for n in range(4):
        ArticleFactory(title=f"Selenium {n}")

    html = client.get(reverse("search:results"), {"q": "selenium"}).content.decode()

    assert "Meer dan 3 artikelen gevonden" in html
    assert html.count('<h2 class="h5 mb-1">') == 3


def test_a_compound_query_finds_its_parts_together_but_not_one_part_alone(db):
    both = ArticleFactory(title="Een tekort aan magnesium", lead="Over magnesium.")
    one = ArticleFactory(title="Magnesium in noten", lead="Noten en zaden.")
    ArticleFactory(title="Tekort aan slaap", lead="Moe overdag.")

    found = {result.article.pk for result in search("magnesiumtekort").object_list}

    assert both.pk in found
    assert one.pk not in found


def test_a_compound_query_does_not_ask_for_every_article_with_its_first_part(db):
    """Word similarity admits "spier" for "spierkramp"; the widening does not."""
    cramp = ArticleFactory(title="Spierkrampen na het sporten", lead="Wat helpt.")
    ArticleFactory(title="Spier en pees", lead="Over een spier.")
    ArticleFactory(title="Spierpijn", lead="Na het sporten.")

    found = [result.article.pk for result in search("spierkramp").object_list]

    assert found == [cramp.pk]


def test_an_article_about_the_word_is_found_beyond_the_candidates_the_titles_fill(db, monkeypatch):
    """Many more title mentions than the ranking looks at closely: the article that keeps
    coming back to the word still gets there, by how often it mentions it."""
    from tests.articles.factories import ArticleFactory, BlockFactory, ListItemFactory

    monkeypatch.setattr("search.query.CANDIDATES", 5)
    for number in range(20):
        stub = ArticleFactory(title=f"Kramp in je kuit ({number})", lead="Kort.")
        BlockFactory(article=stub, heading="Wat helpt?", body="Rekken voor het slapen.")
    about = ArticleFactory(title="Je spieren en mineralen", lead="Over spierkrampen.")
    block = BlockFactory(
        article=about,
        heading="Krampen door een tekort",
        body="Krampen komen vaak voor. Een kramp in rust of spierkrampen 's nachts: "
        "bij veel krampen naar de huisarts.",
    )
    ListItemFactory(block=block, text="Spierkrampen na inspanning")

    top = [result.article for result in search("kramp").object_list[:3]]

    assert about in top, top
