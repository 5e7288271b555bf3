"""The search index follows every content change, in the same transaction."""

import pytest
from django.core.management import call_command
from django.db import transaction

from articles.models import Article, Block
from search.indexing import index_missing
from search.models import SearchDocument, SearchSection
from tests.articles.factories import (
    ArticleFactory,
    BlockFactory,
    FaqEntryFactory,
    ListItemFactory,
    SynonymFactory,
)

pytestmark = pytest.mark.django_db


def document(article):
    return SearchDocument.objects.get(article=article)


def test_a_new_article_is_indexed_with_its_title_and_lead():
    article = ArticleFactory(title="Zink en afweer", lead="Over **zink**.")

    indexed = document(article)
    assert indexed.title_text == "Zink en afweer"
    assert "Over zink." in indexed.list_text
    assert "zink en afweer" in indexed.words


def test_each_part_of_the_content_lands_at_its_weight():
    article = ArticleFactory(title="Magnesium")
    SynonymFactory(article=article, term="Hypomagnesiëmie")
    BlockFactory(article=article, heading="Oorzaken", body="Door *alcohol*.[^bron-1]")
    items = BlockFactory(article=article, kind=Block.Kind.LIST, heading="Klachten", body="")
    ListItemFactory(block=items, term="Kramp", text="In je [kuit](https://example.com).")
    faq = BlockFactory(article=article, kind=Block.Kind.FAQ, heading="Vragen", body="")
    FaqEntryFactory(block=faq, question="Is het erg?", answer="Meestal niet.")

    indexed = document(article)
    assert indexed.title_text.split("\n") == ["Magnesium", "Hypomagnesiëmie"]
    assert indexed.heading_text.split("\n") == ["Oorzaken", "Klachten", "Vragen", "Is het erg?"]
    assert "Kramp In je kuit." in indexed.list_text
    assert "Door alcohol." in indexed.body_text
    assert "Meestal niet." in indexed.body_text
    assert "hypomagnesiemie" in indexed.words and "kramp in je kuit" in indexed.words
    assert "meestal niet" in indexed.folded and "meestal niet" not in indexed.words


def test_sections_and_faq_entries_are_indexed_with_their_anchors():
    article = ArticleFactory()
    BlockFactory(article=article, heading="", body="Zonder kop.")
    block = BlockFactory(article=article, heading="Oorzaken", body="Door alcohol.")
    BlockFactory(article=article, heading="", body="Hoort bij oorzaken.")
    faq = BlockFactory(article=article, kind=Block.Kind.FAQ, heading="Vragen", body="")
    entry = FaqEntryFactory(block=faq, question="Is het erg?", answer="Meestal niet.")

    sections = list(SearchSection.objects.filter(article=article))
    assert [(s.kind, s.anchor, s.label) for s in sections] == [
        ("section", block.anchor, "Oorzaken"),
        ("section", faq.anchor, "Vragen"),
        ("question", f"vraag-{entry.pk}", "Is het erg?"),
    ]
    assert sections[0].body_text == "Door alcohol.\nHoort bij oorzaken."
    assert "zonder kop" in document(article).folded


def test_editing_and_removing_parts_updates_the_index():
    article = ArticleFactory()
    block = BlockFactory(article=article, kind=Block.Kind.LIST, heading="Klachten", body="")
    item = ListItemFactory(block=block, text="Hoofdpijn")
    synonym = SynonymFactory(article=article, term="magnesiumgebrek")

    item.text = "Spierkramp"
    item.save()
    synonym.delete()
    assert "spierkramp" in document(article).words
    assert "hoofdpijn" not in document(article).words
    assert "magnesiumgebrek" not in document(article).words

    block.delete()
    assert not SearchSection.objects.filter(article=article).exists()
    assert "spierkramp" not in document(article).folded


def test_a_title_change_is_indexed():
    article = ArticleFactory(title="Oud")
    article.title = "Nieuwe titel"
    article.save()

    assert document(article).title_text == "Nieuwe titel"


def test_a_rolled_back_change_leaves_the_index_as_it_was():
    article = ArticleFactory(title="Blijft")

    with pytest.raises(RuntimeError), transaction.atomic():
        BlockFactory(article=article, heading="Verdwijnt", body="Weg")
        assert "verdwijnt" in document(article).words  # written in the same transaction
        raise RuntimeError

    assert "verdwijnt" not in document(article).words
    assert not SearchSection.objects.filter(article=article).exists()


def test_deleting_an_article_deletes_its_index_rows():
    article = ArticleFactory()
    faq = BlockFactory(article=article, kind=Block.Kind.FAQ)
    FaqEntryFactory(block=faq)

    article.delete()

    assert not SearchDocument.objects.exists()
    assert not SearchSection.objects.exists()


def test_deleting_articles_in_bulk_deletes_their_index_rows():
    for _ in range(2):
        ListItemFactory(block=BlockFactory(kind=Block.Kind.LIST))

    Article.objects.all().delete()

    assert not SearchDocument.objects.exists()


def test_the_demo_article_is_indexed_when_loaded():
    call_command("load_demo", stdout=None)

    indexed = SearchDocument.objects.get(article__slug="magnesiumtekort")
    assert "hypomagnesiëmie" in indexed.title_text
    assert "hartkloppingen" in indexed.words
    assert SearchSection.objects.filter(article=indexed.article, kind="question").exists()


def test_articles_without_index_rows_are_indexed_after_migrate():
    article = ArticleFactory(title="Van voor de zoekfunctie")
    SearchDocument.objects.all().delete()

    index_missing()

    assert document(article).title_text == "Van voor de zoekfunctie"


def test_rebuild_search_index_writes_every_article_afresh():
    article = ArticleFactory(title="Opnieuw")
    SearchDocument.objects.filter(article=article).update(title_text="kapot")

    call_command("rebuild_search_index", stdout=None)

    assert document(article).title_text == "Opnieuw"


def test_a_batch_of_changes_indexes_each_article_once_at_its_end(monkeypatch):
    from search import signals

    article, other = ArticleFactory(), ArticleFactory()
    indexed = []
    real = signals.index_article
    monkeypatch.setattr(signals, "index_article", lambda pk: (indexed.append(pk), real(pk)))

    with signals.batch():
        for n in range(5):
            BlockFactory(article=article, heading=f"Kop {n}", body=f"Tekst over selenium {n}.")
        with signals.batch():  # nested: still one batch
            BlockFactory(article=other, heading="Jodium", body="Over jodium.")
        assert indexed == []  # nothing yet
        assert "selenium" not in document(article).body_text

    assert sorted(indexed) == sorted([article.pk, other.pk])
    assert "Tekst over selenium 4." in document(article).body_text
    assert "Over jodium." in document(other).body_text
    BlockFactory(article=article, heading="Daarna", body="Los weer.")
    assert "Los weer." in document(article).body_text  # outside a batch: at once


def test_numbers_are_not_words_to_find_typos_and_compounds_among():
    from search.models import SearchWord

    ArticleFactory(title="Vitamine B12 in 2024 (12)")

    words = set(SearchWord.objects.values_list("word", flat=True))
    assert {"vitamine", "b12"} <= words
    assert "2024" not in words


def test_linking_a_list_item_to_a_symptom_does_not_index_the_article_again(monkeypatch):
    from articles.models import Symptom
    from search import signals

    items = BlockFactory(kind=Block.Kind.LIST, heading="Klachten", body="")
    item = ListItemFactory(block=items, text="Kramp")
    indexed = []
    real = signals.index_article
    monkeypatch.setattr(signals, "index_article", lambda pk: (indexed.append(pk), real(pk)))

    item.symptom = Symptom.for_name("Kramp")
    item.save(update_fields=["symptom"])
    assert indexed == []  # search reads no symptom

    item.text = "Spierkramp"
    item.save(update_fields=["text"])
    assert indexed == [items.article_id]
    assert "Spierkramp" in document(items.article).list_text


@pytest.mark.django_db(transaction=True)
def test_a_batch_that_raises_indexes_nothing_and_keeps_its_error(monkeypatch):
    from django.db import transaction

    from search import signals

    article = ArticleFactory()
    indexed = []
    monkeypatch.setattr(signals, "index_article", indexed.append)

    # The error inside the failed transaction is what the caller sees, not a
    # TransactionManagementError from indexing in a broken transaction.
    with pytest.raises(ZeroDivisionError), signals.batch(), transaction.atomic():
        BlockFactory(article=article, heading="Kop", body="Tekst.")
        1 / 0  # noqa: B018

    assert indexed == []
    BlockFactory(article=article, heading="Daarna", body="Los weer.")
    assert indexed == [article.pk]  # the batch is over: indexed at once again
