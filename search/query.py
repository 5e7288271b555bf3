"""Finding published articles for a query, best first, each with the part that matched.

PostgreSQL: the dutch full-text ranking of the stored vectors (websearch syntax), plus
pg_trgm word similarity over titles, synonyms, headings, FAQ questions and list items, so
that the parts of compound words ("tekort" in "magnesiumtekort") and typos ("magnesuim")
are found too; the two scores are added. SQLite: every word of the query must occur
(case- and accent-insensitively) somewhere in the article; titles count most.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import F, FloatField, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat

from articles.models import Article
from search.indexing import SEARCH_CONFIG
from search.models import SearchDocument, SearchSection, SearchWord
from search.text import START_MARK, STOP_MARK, fold, highlight, marked_headline

RESULTS_PER_PAGE = 10
# PostgreSQL: at most this many results are listed, best first (the page then says "more
# than"): counting every one of thousands of matches cost as much as ranking them.
MAX_RESULTS = 100
# word_similarity() from which a word counts as found ("kramp" in "spierkrampen" is 0.5).
WORD_SIMILARITY_THRESHOLD = 0.45
# At most this many similar words per query word, of at least this length, and at most
# this many query words widened (a pasted paragraph is searched as typed).
SIMILAR_WORDS = 12
# Of the words word similarity finds (at most WIDENING_CANDIDATES), a typo is as long as
# the query word give or take two letters and this similar as a whole ("magnesuim" and
# "magnesium": 0.43; "spierkramp" and "spierpijn": 0.31).
WIDENING_CANDIDATES = 50
# A compound query word is also looked for as two indexed words of at least this length.
MIN_PART_LENGTH = 4
TYPO_LENGTH_DIFFERENCE = 2
TYPO_SIMILARITY = 0.4
MIN_SIMILAR_LENGTH = 4
MAX_TERMS = 6
NEGATION = re.compile(r"(^|\s)-\w")
SQLITE_WEIGHTS = {"title_text": 8, "heading_text": 4, "list_text": 2, "body_text": 1}


def _widening(term):
    """The indexed words a query word also asks for: the compounds that contain it
    ("tekort": "magnesiumtekort") and the words it is a typo of ("magnesuim":
    "magnesium"). Not the shorter parts of the word itself: "spierkramp" does not also
    ask for every article that says "spier" (word similarity alone admits those)."""
    found = (
        SearchWord.objects.filter(word__trigram_word_similar=term)
        .exclude(word=term)
        .annotate(
            closeness=TrigramWordSimilarity(term, "word"),
            likeness=TrigramSimilarity("word", term),
        )
        .order_by("-closeness", "word")
        .values_list("word", "likeness")[:WIDENING_CANDIDATES]
    )
    return [
        word
        for word, likeness in found
        if term in word
        or (abs(len(word) - len(term)) <= TYPO_LENGTH_DIFFERENCE and likeness >= TYPO_SIMILARITY)
    ][:SIMILAR_WORDS]


def _compound_parts(term):
    """The ways a compound query word splits into two indexed words, each at least
    MIN_PART_LENGTH long: "magnesiumtekort" also asks for articles with both "magnesium"
    and "tekort" ("een tekort aan magnesium"), "spierkramp" for "spier" and "kramp"."""
    splits = [(term[:i], term[i:]) for i in range(MIN_PART_LENGTH, len(term) - MIN_PART_LENGTH + 1)]
    if not splits:
        return []
    known = set(
        SearchWord.objects.filter(
            word__in={part for split in splits for part in split}
        ).values_list("word", flat=True)
    )
    return [(head, tail) for head, tail in splits if head in known and tail in known]


@dataclass
class Result:
    article: Article
    anchor: str = ""
    label: str = ""
    snippet: str = ""

    @property
    def url(self):
        url = self.article.get_absolute_url()
        return f"{url}#{self.anchor}" if self.anchor else url


def published_documents():
    return SearchDocument.objects.filter(article__in=Article.objects.published())


class ResultPaginator(Paginator):
    """A Paginator that knows whether more results were found than it lists (`capped`)."""

    def __init__(self, object_list, capped=False):
        super().__init__(object_list, RESULTS_PER_PAGE)
        self.capped = capped


def search(query, page_number=1):
    """A page (django.core.paginator.Page) of Result for the query; any query is safe."""
    if not fold(query):
        return ResultPaginator([]).get_page(1)
    if connection.vendor == "postgresql":
        return _PostgresSearch(query).page(page_number)
    return _SimpleSearch(query).page(page_number)


class _PostgresSearch:
    """websearch_to_tsquery of the query, OR each query word widened to the indexed words
    it is similar to (SearchWord, pg_trgm word_similarity through a GIN index): "tekort"
    also asks for "magnesiumtekort", "magnesuim" for "magnesium". Everything is then
    full-text matching over the GIN-indexed vectors, ranked by ts_rank."""

    def __init__(self, query):
        self.text = query
        self.query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")

    def _widened(self):
        terms = fold(self.text).split()[:MAX_TERMS]
        if not terms or NEGATION.search(self.text) or '"' in self.text:
            return self.query  # the visitor's own operators: taken as they are
        widened = None
        for term in terms:
            words = [term]
            if len(term) >= MIN_SIMILAR_LENGTH:
                words += _widening(term)
            alternatives = None
            for word in words:
                part = SearchQuery(word, config=SEARCH_CONFIG, search_type="plain")
                alternatives = part if alternatives is None else alternatives | part
            for head, tail in _compound_parts(term):
                both = SearchQuery(head, config=SEARCH_CONFIG, search_type="plain") & SearchQuery(
                    tail, config=SEARCH_CONFIG, search_type="plain"
                )
                alternatives = alternatives | both
            widened = alternatives if widened is None else widened & alternatives
        return self.query | widened

    def match(self):
        return Q(vector=self.query)

    def score(self):
        """ts_rank of the whole article plus ts_rank_cd of its best-matching section.

        ts_rank of the whole article alone is won by any title that has the word once
        (weight A), and further mentions add almost nothing: thousands of short articles
        with "hartkloppingen" in their title then outrank the one with a section about
        it. ts_rank_cd (cover density) adds up every mention, by weight, so the best
        section's score says how much of one part of the article is about the query; a
        passing mention in a list item or a title still counts through the first term.
        """
        best_section = (
            SearchSection.objects.filter(article_id=OuterRef("article_id"))
            .filter(self.match())
            .annotate(cover=SearchRank(F("vector"), self.query, cover_density=True))
            .order_by("-cover")
            .values("cover")[:1]
        )
        return SearchRank(F("vector"), self.query) + Coalesce(
            Subquery(best_section, output_field=FloatField()), Value(0.0)
        )

    def section_score(self):
        return SearchRank(F("vector"), self.query, cover_density=True)

    def page(self, number):
        with transaction.atomic():
            # Only for this transaction: the threshold of the %> operator (GIN-indexed).
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                    [str(WORD_SIMILARITY_THRESHOLD)],
                )
            self.query = self._widened()
            ranked = list(
                published_documents()
                .filter(self.match())
                .alias(score=self.score())
                .order_by("-score", "-article__published_at", "pk")
                .values_list("pk", flat=True)[: MAX_RESULTS + 1]
            )
            page = ResultPaginator(ranked[:MAX_RESULTS], capped=len(ranked) > MAX_RESULTS)
            page = page.get_page(number)
            documents = (
                SearchDocument.objects.filter(pk__in=page.object_list)
                .select_related("article")
                .only("article__title", "article__slug", "article__lead", "article__published_at")
                .in_bulk()
            )
            page.object_list = self._results([documents[pk] for pk in page.object_list])
        return page

    def _headline(self, expression):
        return SearchHeadline(
            expression,
            self.query,
            config=SEARCH_CONFIG,
            start_sel=START_MARK,
            stop_sel=STOP_MARK,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )

    def _results(self, documents):
        ids = [document.article_id for document in documents]
        best = {
            section.article_id: section
            for section in SearchSection.objects.filter(article_id__in=ids)
            .filter(self.match())
            .annotate(
                score=self.section_score(),
                headline=self._headline(
                    Concat(
                        "list_text",
                        Value("\n"),
                        "body_text",
                        output_field=TextField(),
                    )
                ),
            )
            .order_by("article_id", "-score", "position")
            .distinct("article_id")
            .only("article_id", "anchor", "label")
        }
        leads = dict(
            SearchDocument.objects.filter(article_id__in=set(ids) - best.keys())
            .annotate(headline=self._headline("article__lead"))
            .values_list("article_id", "headline")
        )
        results = []
        for document in documents:
            section = best.get(document.article_id)
            if section is None:
                snippet = marked_headline(leads.get(document.article_id, ""))
                results.append(Result(document.article, snippet=snippet))
            else:
                results.append(
                    Result(
                        document.article,
                        anchor=section.anchor,
                        label=section.label,
                        snippet=marked_headline(section.headline),
                    )
                )
        return results


class _SimpleSearch:
    """Every word of the query somewhere in the article's folded text."""

    def __init__(self, query):
        self.terms = fold(query).split()

    def _matching(self, queryset):
        for term in self.terms:
            queryset = queryset.filter(folded__contains=term)
        return queryset

    def _score(self, row):
        return sum(
            weight * fold(getattr(row, name)).count(term)
            for name, weight in SQLITE_WEIGHTS.items()
            for term in self.terms
        )

    def page(self, number):
        documents = list(
            self._matching(published_documents()).select_related("article").order_by("pk")
        )
        documents.sort(key=lambda d: (-self._score(d), -d.article.published_at.timestamp()))
        page = ResultPaginator(documents).get_page(number)
        page.object_list = self._results(list(page.object_list))
        return page

    def _results(self, documents):
        ids = [document.article_id for document in documents]
        best = {}
        sections = SearchSection.objects.filter(article_id__in=ids).order_by("position")
        for section in sections:
            if not any(term in section.folded for term in self.terms):
                continue
            current = best.get(section.article_id)
            if current is None or self._score(section) > self._score(current):
                best[section.article_id] = section
        results = []
        for document in documents:
            section = best.get(document.article_id)
            if section is None:
                snippet = highlight(document.article.lead, self.terms)
                results.append(Result(document.article, snippet=snippet))
            else:
                text = " ".join([section.list_text, section.body_text]) or section.heading_text
                results.append(
                    Result(
                        document.article,
                        anchor=section.anchor,
                        label=section.label,
                        snippet=highlight(text, self.terms),
                    )
                )
        return results
