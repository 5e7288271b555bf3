import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, Block
from tests.articles.factories import (
    ArticleFactory,
    BlockFactory,
    FaqEntryFactory,
    ListItemFactory,
    ReferenceFactory,
)

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_future_publications():
    visible = ArticleFactory()
    ArticleFactory(draft=True)
    ArticleFactory(published_at=timezone.now() + timezone.timedelta(hours=1))

    assert list(Article.objects.published()) == [visible]


def test_scheduled_article_becomes_visible_when_its_time_passes():
    article = ArticleFactory(published_at=timezone.now() + timezone.timedelta(hours=1))
    assert not Article.objects.published().filter(pk=article.pk).exists()

    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - timezone.timedelta(seconds=1)
    )
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_published_article_needs_a_publication_date_in_the_database():
    with pytest.raises(IntegrityError):
        ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)


def test_image_without_alt_text_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        ArticleFactory(image="articles/x.png", image_alt="")


def test_clean_asks_for_alt_text_and_fills_in_publication_date():
    article = ArticleFactory.build(image="articles/x.png", image_alt=" ")
    with pytest.raises(ValidationError) as error:
        article.clean()
    assert "image_alt" in error.value.message_dict

    article = ArticleFactory.build(status=Article.Status.PUBLISHED, published_at=None)
    article.clean()
    assert article.published_at is not None


def test_block_gets_a_unique_anchor_from_its_heading():
    article = ArticleFactory()
    first = BlockFactory(article=article, heading="Oorzaken van een tekort")
    second = BlockFactory(article=article, heading="Oorzaken van een tekort")

    assert first.anchor == "oorzaken-van-een-tekort"
    assert second.anchor == "oorzaken-van-een-tekort-2"


def test_block_body_is_rendered_and_sanitised_on_save():
    block = BlockFactory(body="Hallo **wereld** <script>alert(1)</script>")

    assert "<strong>wereld</strong>" in block.body_html
    assert "<script" not in block.body_html
    block.refresh_from_db()
    assert "<strong>wereld</strong>" in block.body_html


def test_citation_links_to_its_numbered_note():
    article = ArticleFactory()
    ReferenceFactory(article=article, key="eerste", position=0)
    ReferenceFactory(article=article, key="ntvg-1993", position=1)
    block = BlockFactory(article=article, kind=Block.Kind.LIST)
    item = ListItemFactory(block=block, text="Deficiëntie[^ntvg-1993]")

    assert f'id="cite-ntvg-1993-i{item.pk}"' in item.text_html
    assert '<a href="#note-ntvg-1993">[2]</a>' in item.text_html
    notes = article.footnotes()
    assert [note.number for note in notes] == [1, 2]
    assert notes[1].first_citation == f"cite-ntvg-1993-i{item.pk}"
    assert notes[0].first_citation is None


def test_render_content_renumbers_notes_after_references_move():
    article = ArticleFactory()
    first = ReferenceFactory(article=article, key="a", position=0)
    ReferenceFactory(article=article, key="b", position=1)
    block = BlockFactory(article=article, body="Zie bron[^b].")
    assert '">[2]</a>' in block.body_html

    first.position = 5
    first.save()
    article.render_content()

    block.refresh_from_db()
    assert '">[1]</a>' in block.body_html


def test_unknown_citation_key_stays_plain_text():
    block = BlockFactory(body="Zie bron[^onbekend].")
    assert "[^onbekend]" in block.body_html
    assert "<sup" not in block.body_html


def test_subitems_nest_under_the_item_above():
    block = BlockFactory(kind=Block.Kind.LIST)
    top = ListItemFactory(block=block, text="Geneesmiddelen, waaronder:", position=0)
    child = ListItemFactory(block=block, text="cisplatine", is_subitem=True, position=1)
    last = ListItemFactory(block=block, text="Overmatig zweten", position=2)

    assert block.item_tree() == [(top, [child]), (last, [])]


def test_faq_answer_is_rendered_from_markdown():
    entry = FaqEntryFactory(answer="Ja, *zeker*.")
    assert "<em>zeker</em>" in entry.answer_html


def test_record_edit_keeps_date_and_editor(staff_user):
    article = ArticleFactory(updated_at=timezone.now() - timezone.timedelta(days=30))
    article.record_edit(staff_user)

    article.refresh_from_db()
    assert article.updated_by == staff_user
    assert timezone.now() - article.updated_at < timezone.timedelta(minutes=1)


def test_every_model_has_a_readable_str():
    article = ArticleFactory(title="Magnesium")
    assert str(article) == "Magnesium"
    assert str(article.author) and str(article.category)
    assert str(BlockFactory(heading="Kop")) == "Kop"
    assert str(FaqEntryFactory(question="Waarom?")) == "Waarom?"
    assert str(ListItemFactory(term="Term", text="x")) == "Term"
    assert str(ReferenceFactory(citation="Bron 1")) == "Bron 1"


def test_citation_inside_a_link_title_stays_text():
    article = ArticleFactory()
    ReferenceFactory(article=article, key="bron")
    block = BlockFactory(
        article=article, body='[zie](https://example.com/ "Zie [^bron]") en [^bron]'
    )
    assert 'title="Zie [^bron]"' in block.body_html
    assert block.body_html.count("<sup") == 1
