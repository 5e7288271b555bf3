"""Finding published articles for a query, best first, each with the part that matched.

PostgreSQL: dutch full-text matching of the stored vectors (websearch syntax), each query
word widened through pg_trgm word similarity over titles, synonyms, headings, FAQ
questions and list items, so that compounds ("tekort" in "magnesiumtekort"), compound
parts ("magnesium" and "tekort" for "magnesiumtekort") and typos ("magnesuim") are found
too; ranked in two steps (_PostgresSearch). SQLite: every word of the query must occur
(case- and accent-insensitively) somewhere in the article; titles count most.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import F, TextField, Value
from django.db.models.functions import Concat

from articles.models import Article
from search.indexing import SEARCH_CONFIG
from search.models import SearchDocument, SearchSection, SearchWord
from search.text import START_MARK, STOP_MARK, fold, highlight, marked_headline

RESULTS_PER_PAGE = 10
# PostgreSQL: at most this many results are listed, best first (the page then says "more
# than"): counting every one of thousands of matches cost as much as ranking them.
MAX_RESULTS = 100
# PostgreSQL: how many matches each of the two cheap scores passes on to the full ranking.
CANDIDATES = MAX_RESULTS
# word_similarity() from which a word counts as found ("kramp" in "spierkrampen" is 0.5).
WORD_SIMILARITY_THRESHOLD = 0.45
# At most this many similar words per query word, of at least this length, and at most
# this many query words widened (a pasted paragraph is searched as typed).
SIMILAR_WORDS = 12
# Of the words word similarity finds (at most WIDENING_CANDIDATES), a typo is as long as
# the query word give or take two letters and this similar as a whole ("magnesuim" and
# "magnesium": 0.43; "spierkramp" and "spierpijn": 0.31).
WIDENING_CANDIDATES = 50
TYPO_LENGTH_DIFFERENCE = 2
TYPO_SIMILARITY = 0.4
# A compound query word is also looked for as two indexed words of at least this length.
MIN_PART_LENGTH = 4
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
class _Candidate:
    article_id: int
    score: float
    published_at: datetime


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
    also asks for "magnesiumtekort", "magnesuim" for "magnesium".

    Ranked in two steps, so that the cost does not grow with how many articles mention a
    word. Every match gets two cheap scores from its stored vector: ts_rank with the
    field weights (how much the article as a whole is about the words: a title mention
    wins, further mentions add little) and ts_rank with every weight 1 (how often it
    mentions them, wherever). The CANDIDATES best by either go on, and are ranked by the
    first plus the ts_rank_cd of their best section or FAQ entry, the part a result
    links to: the weighted count of the words in it, not normalised by length, so a
    section about the subject outweighs thousands of passing mentions in titles.
    A section's count is never more than its article's mentions, so an article in
    neither list could only come out above the candidates by mentioning the words more
    often than all of the CANDIDATES that mention them most.
    """

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

    def page(self, number):
        with transaction.atomic():
            # Only for this transaction: the threshold of the %> operator (GIN-indexed).
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                    [str(WORD_SIMILARITY_THRESHOLD)],
                )
            self.query = self._widened()
            candidates, found = self._candidates()
            sections = self._best_sections(candidates)

            def rank(candidate):
                evidence = sections.get(candidate.article_id, (None, 0.0))[1]
                return (-(candidate.score + evidence), -candidate.published_at.timestamp())

            ranked = sorted(candidates, key=rank)[:MAX_RESULTS]
            page = ResultPaginator(ranked, capped=found > len(ranked)).get_page(number)
            page.object_list = self._results(page.object_list, sections)
        return page

    def _candidates(self):
        """The CANDIDATES best matches by each cheap score, and how many published articles
        match at all: one scan of the stored vectors (kept in their rows, migration 0003)."""
        matches = (
            published_documents()
            .filter(vector=self.query)
            .annotate(
                score=SearchRank(F("vector"), self.query),
                mentions=SearchRank(F("vector"), self.query, weights=[1, 1, 1, 1]),
            )
            .values_list("article_id", "score", "mentions", "article__published_at")
            .order_by()
        )
        sql, params = matches.query.sql_with_params()
        order = "published_at DESC, article_id LIMIT %s"
        # MATERIALIZED: the vectors are read once, for both lists and the count. Only the
        # ORM's own SQL goes into the text; every value is a parameter.
        both = (
            f"WITH m (article_id, score, mentions, published_at) AS MATERIALIZED ({sql}) "  # noqa: S608
            f"SELECT article_id, score, published_at, (SELECT count(*) FROM m) FROM ("
            f"(SELECT * FROM m ORDER BY score DESC, {order}) UNION "
            f"(SELECT * FROM m ORDER BY mentions DESC, {order})) AS candidates"
        )
        with connection.cursor() as cursor:
            cursor.execute(both, [*params, CANDIDATES, CANDIDATES])
            rows = cursor.fetchall()
        found = rows[0][3] if rows else 0
        return [_Candidate(*row[:3]) for row in rows], found

    def _best_sections(self, candidates):
        """{article id: (section id, ts_rank_cd)}: each candidate's best matching section."""
        rows = (
            SearchSection.objects.filter(article_id__in=[c.article_id for c in candidates])
            .filter(vector=self.query)
            .annotate(evidence=SearchRank(F("vector"), self.query, cover_density=True))
            .order_by("article_id", "-evidence", "position")
            .distinct("article_id")
            .values_list("article_id", "pk", "evidence")
        )
        return {article_id: (pk, evidence) for article_id, pk, evidence in rows}

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

    def _results(self, candidates, sections):
        """The Results of one page of candidates: headlines for these only."""
        ids = [candidate.article_id for candidate in candidates]
        articles = Article.objects.in_bulk(ids)
        shown = {
            section.article_id: section
            for section in SearchSection.objects.filter(
                pk__in=[sections[i][0] for i in ids if i in sections]
            )
            .annotate(
                headline=self._headline(
                    Concat("list_text", Value("\n"), "body_text", output_field=TextField())
                )
            )
            .only("article_id", "anchor", "label")
        }
        leads = dict(
            Article.objects.filter(pk__in=set(ids) - shown.keys())
            .annotate(headline=self._headline("lead"))
            .values_list("pk", "headline")
        )
        results = []
        for article_id in ids:
            section = shown.get(article_id)
            if section is None:
                snippet = marked_headline(leads.get(article_id, ""))
                results.append(Result(articles[article_id], snippet=snippet))
            else:
                results.append(
                    Result(
                        articles[article_id],
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
