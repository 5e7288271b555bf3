"""Keep the search index in step with the content, in the transaction that changes it.

Every article has one SearchDocument (the whole article, what results are ranked by)
and a SearchSection per headed section and per FAQ entry (what a result links to).
index_articles() writes them afresh from the content rows; search.signals calls it for
every saved or deleted article, block, list item, FAQ entry and synonym, so a change and
its index rows commit together, or not at all.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Prefetch

from articles.models import CONTENT_SCOPE, Article, Block, FaqEntry, ListItem
from magnesium_site import page_cache
from search.models import SearchDocument, SearchSection, SearchWord
from search.text import accentless_variants, fold, plain

SEARCH_CONFIG = "dutch"
# Words for the similarity list (search.models.SearchWord): shorter ones are mostly
# little words, longer ones no query word is like; numbers are never typos or compounds.
MIN_WORD_LENGTH, MAX_WORD_LENGTH = 3, 60
WEIGHTED_FIELDS = (
    ("title_text", "A"),
    ("heading_text", "B"),
    ("list_text", "C"),
    ("body_text", "D"),
    ("variants", "D"),
)


@dataclass
class _Texts:
    titles: list = field(default_factory=list)
    headings: list = field(default_factory=list)
    items: list = field(default_factory=list)
    bodies: list = field(default_factory=list)

    def fields(self):
        title, heading, items, body = (
            "\n".join(part for part in parts if part)
            for parts in (self.titles, self.headings, self.items, self.bodies)
        )
        words = fold(" ".join([title, heading, items]))
        everything = " ".join([title, heading, items, body])
        return {
            "title_text": title,
            "heading_text": heading,
            "list_text": items,
            "body_text": body,
            "words": words,
            "variants": accentless_variants(everything),
            "folded": fold(everything),
        }


def _item_text(item):
    return " ".join(part for part in (plain(item.term), plain(item.text)) if part)


def build(article):
    """The index rows of one article (with blocks, items, FAQ entries, synonyms loaded)."""
    whole = _Texts(
        titles=[plain(article.title)] + [plain(s.term) for s in article.synonyms.all()],
        items=[plain(article.lead)],
    )
    sections = []
    current = None
    for block in article.blocks.all():
        if block.heading:
            current = _Texts(headings=[plain(block.heading)])
            sections.append(
                (SearchSection.Kind.SECTION, block.anchor, plain(block.heading), current)
            )
            whole.headings.append(plain(block.heading))
        for target in filter(None, (whole, current)):
            target.bodies.append(plain(block.body))
            target.items.extend(_item_text(item) for item in block.items.all())
        for entry in block.faq_entries.all():
            question, answer = plain(entry.question), plain(entry.answer)
            whole.headings.append(question)
            whole.bodies.append(answer)
            sections.append(
                (
                    SearchSection.Kind.QUESTION,
                    f"vraag-{entry.pk}",
                    question,
                    _Texts(headings=[question], bodies=[answer]),
                )
            )
    document = SearchDocument(article=article, **whole.fields())
    rows = [
        SearchSection(
            article=article,
            position=position,
            kind=kind,
            anchor=anchor,
            label=label[:300],
            **texts.fields(),
        )
        for position, (kind, anchor, label, texts) in enumerate(sections)
    ]
    return document, rows


def _articles(ids):
    return Article.objects.filter(pk__in=ids).prefetch_related(
        "synonyms",
        Prefetch(
            "blocks",
            queryset=Block.objects.prefetch_related(
                Prefetch("items", queryset=ListItem.objects.all()),
                Prefetch("faq_entries", queryset=FaqEntry.objects.all()),
            ),
        ),
    )


def _vector():
    vector = None
    for name, weight in WEIGHTED_FIELDS:
        part = SearchVector(name, weight=weight, config=SEARCH_CONFIG)
        vector = part if vector is None else vector + part
    return vector


def index_articles(ids):
    """Write the index rows of these articles afresh (and drop those of deleted ones)."""
    ids = list(ids)
    if not ids:
        return
    with transaction.atomic():
        documents, sections = [], []
        for article in _articles(ids):
            document, rows = build(article)
            documents.append(document)
            sections += rows
        SearchSection.objects.filter(article_id__in=ids).delete()
        SearchDocument.objects.filter(article_id__in=ids).delete()
        SearchDocument.objects.bulk_create(documents)
        SearchSection.objects.bulk_create(sections, batch_size=1000)
        words = {
            word
            for document in documents
            for word in document.words.split()
            if MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH and not word.isdigit()
        }
        SearchWord.objects.bulk_create(
            (SearchWord(word=word) for word in sorted(words)),
            batch_size=1000,
            ignore_conflicts=True,
        )
        if connection.vendor == "postgresql":
            SearchDocument.objects.filter(article_id__in=ids).update(vector=_vector())
            SearchSection.objects.filter(article_id__in=ids).update(vector=_vector())


def index_article(article_id):
    index_articles([article_id])


def rebuild(batch_size=500):
    """The whole index afresh (after loaddata, or a change to how text is indexed)."""
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    SearchWord.objects.all().delete()
    for start in range(0, len(ids), batch_size):
        index_articles(ids[start : start + batch_size])
    # Content changes retire the results pages themselves (CONTENT_SCOPE); this is not one.
    page_cache.invalidate(CONTENT_SCOPE)
    return len(ids)


def index_missing(**kwargs):
    """After migrate: index the articles that have no index rows yet (a new installation,
    or articles written before search existed)."""
    ids = list(Article.objects.filter(search_document__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        index_articles(ids[start : start + 500])
