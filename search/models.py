from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article

# What a visitor may type: longer queries are cut here (the results page says so), and
# the zero-result log stores no more.
MAX_QUERY_LENGTH = 200


class VectorField(SearchVectorField):
    """A stored tsvector on PostgreSQL; an unused text column on SQLite, which has no tsvector."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class TrigramTextField(models.TextField):
    """Text matched by pg_trgm word similarity (the `%>` operator, served by a GIN index)."""


TrigramTextField.register_lookup(TrigramWordSimilar)


class IndexedText(models.Model):
    """The searchable text of an article or of one of its parts, by weight.

    Filled from the article's content in the transaction that changes it
    (search.indexing), never edited. On PostgreSQL `vector` holds the weighted dutch
    tsvector of the four texts and `words` is matched by trigram similarity; on SQLite
    `folded` (lower case, no accents) is matched by substring.
    """

    title_text = models.TextField(blank=True)  # weight A: titles and synonyms
    heading_text = models.TextField(blank=True)  # weight B: headings and FAQ questions
    list_text = models.TextField(blank=True)  # weight C: list items and the lead
    body_text = models.TextField(blank=True)  # weight D: paragraphs and FAQ answers
    # Weight D too: accented words without their accents ("creme" for "crème"), which the
    # dutch configuration does not fold for every letter.
    variants = models.TextField(blank=True)
    # Titles, synonyms, headings, FAQ questions and list items, folded: the words that
    # typos and compound parts are matched against.
    words = TrigramTextField(blank=True)
    folded = models.TextField(blank=True)
    vector = VectorField(null=True, editable=False)

    class Meta:
        abstract = True


class SearchDocument(IndexedText):
    """One article as a whole: what results are ranked by."""

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name=_("artikel"),
    )

    class Meta:
        verbose_name = _("zoekdocument")
        verbose_name_plural = _("zoekdocumenten")

    def __str__(self):
        return str(self.article_id)


class SearchSection(IndexedText):
    """A section (a headed block with the unheaded blocks after it) or one FAQ entry:
    where a result links to."""

    class Kind(models.TextChoices):
        SECTION = "section", _("paragraaf")
        QUESTION = "question", _("veelgestelde vraag")

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="search_sections",
        verbose_name=_("artikel"),
    )
    position = models.PositiveIntegerField(_("volgorde"))
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    anchor = models.CharField(_("anker"), max_length=100)
    label = models.CharField(_("kop"), max_length=300)

    class Meta:
        ordering = ["article", "position"]
        verbose_name = _("zoekbaar onderdeel")
        verbose_name_plural = _("zoekbare onderdelen")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="unique_search_section_position"
            )
        ]

    def __str__(self):
        return self.label


class SearchWord(models.Model):
    """A word of some article's titles, synonyms, headings, FAQ questions or list items
    (folded): what a query word is compared with by trigram similarity, to find the
    compounds that contain it and the spelling it was a typo of. Kept when the article
    changes (a word nothing contains any more only widens a query by a word that finds
    nothing); rebuild_search_index starts the list afresh."""

    word = TrigramTextField(_("woord"), primary_key=True)

    class Meta:
        verbose_name = _("zoekwoord")
        verbose_name_plural = _("zoekwoorden")

    def __str__(self):
        return self.word


class ZeroResultQuery(models.Model):
    """How often a query found nothing on one day: the query text and a count, nothing
    about who searched."""

    query = models.CharField(_("zoekopdracht"), max_length=MAX_QUERY_LENGTH)
    day = models.DateField(_("dag"))
    count = models.PositiveIntegerField(_("aantal"), default=1)

    class Meta:
        ordering = ["-count", "-day", "query"]
        verbose_name = _("zoekopdracht zonder resultaat")
        verbose_name_plural = _("zoekopdrachten zonder resultaat")
        constraints = [
            models.UniqueConstraint(fields=["query", "day"], name="unique_zero_result_query_day"),
            models.CheckConstraint(
                condition=~models.Q(query=""), name="zero_result_query_not_empty"
            ),
        ]
        indexes = [models.Index(fields=["-count", "-day"], name="zero_result_count_idx")]

    def __str__(self):
        return self.query
