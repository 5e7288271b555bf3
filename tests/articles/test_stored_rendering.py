"""The article's content is rendered once per change and language, and stored."""

from pathlib import Path

import pytest
from django.utils import translation

from articles.models import Article, ArticleRendering, Block, PageContent
from magnesium_site.markup_format import markup_format
from tests.articles.factories import (
    ArticleFactory,
    BlockFactory,
    FaqEntryFactory,
    ListItemFactory,
    ReferenceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    article = ArticleFactory()
    BlockFactory(article=article, heading="Oorzaken", body="Zie de bron.[^bron]")
    ReferenceFactory(article=article, key="bron", citation="Tijdschrift 1993")
    return Article.objects.get(pk=article.pk)


def rendering(article):
    return PageContent(Article.objects.get(pk=article.pk)).rendering


def test_the_rendering_is_stored_and_reused(article, django_assert_num_queries):
    first = rendering(article)
    assert "Oorzaken" in first.toc_html and "Tijdschrift 1993" in first.notes_html
    loaded = Article.objects.get(pk=article.pk)

    with django_assert_num_queries(1):  # the stored row, no blocks
        again = PageContent(loaded).rendering

    assert again.pk is not None and again.blocks_html == first.blocks_html


def test_an_article_read_with_its_rendering_needs_no_query_for_it(
    article, django_assert_num_queries
):
    first = rendering(article)
    loaded = Article.objects.with_rendering().get(pk=article.pk)

    with django_assert_num_queries(0):
        again = PageContent(loaded).rendering

    assert again.pk == first.pk and again.blocks_html == first.blocks_html


def test_a_joined_rendering_of_another_language_or_version_is_not_shown(article):
    with translation.override("en"):
        english = rendering(article)
    dutch = rendering(article)
    with translation.override("en"):
        loaded = Article.objects.with_rendering().get(pk=article.pk)
    # The row joined in English, the page shown in Dutch: the Dutch rendering is read.
    assert PageContent(loaded).rendering.pk == dutch.pk != english.pk

    loaded = Article.objects.with_rendering().get(pk=article.pk)
    BlockFactory(article=article, body="Nieuw blok")
    loaded.content_version += 1  # as if the change raced the load: the joined row is old
    assert "Nieuw blok" in PageContent(loaded).rendering.blocks_html


@pytest.mark.parametrize(
    "change",
    [
        lambda a: BlockFactory(article=a, body="Nieuw blok"),
        lambda a: ListItemFactory(block__article=a, text="Nieuw item"),
        lambda a: FaqEntryFactory(block__article=a, question="Nieuwe vraag?"),
        lambda a: ReferenceFactory(article=a, citation="Nieuwe bron"),
        lambda a: a.blocks.get().delete(),
    ],
    ids=["block", "item", "faq", "reference", "delete"],
)
def test_a_content_change_makes_a_new_rendering(article, change):
    before = rendering(article)
    change(article)
    after = rendering(article)

    assert after.version > before.version
    assert after.blocks_html != before.blocks_html or after.notes_html != before.notes_html


def test_a_rendering_of_an_older_version_is_never_shown(article):
    rendering(article)
    ArticleRendering.objects.update(blocks_html="<p>OUD</p>", version=0)  # a raced render

    assert "OUD" not in rendering(article).blocks_html
    assert ArticleRendering.objects.get().version == Article.objects.get().content_version


def test_each_language_has_its_own_rendering(article):
    BlockFactory(article=article, kind=Block.Kind.NOTICE, body="Let goed op.")
    with translation.override("nl"):
        dutch = rendering(article)
    with translation.override("en"):
        english = rendering(article)

    assert 'aria-label="Let op"' in dutch.blocks_html
    assert 'aria-label="Let op"' not in english.blocks_html
    assert ArticleRendering.objects.count() == 2


def test_a_rendering_made_by_another_release_is_made_again(article, monkeypatch):
    from articles import content_html

    rendering(article)
    ArticleRendering.objects.update(blocks_html="<p>OUDE OPMAAK</p>")
    monkeypatch.setattr(content_html, "FORMAT", "een-nieuwe-release")

    again = rendering(article)

    assert "OUDE OPMAAK" not in again.blocks_html
    assert ArticleRendering.objects.get().format == "een-nieuwe-release"


def test_a_changed_models_module_changes_the_format(monkeypatch, tmp_path):
    """The table of contents and the notes are built in articles/models.py."""
    from articles import content_html

    copy = tmp_path / "models.py"
    copy.write_bytes(Path(content_html.models.__file__).read_bytes())
    sources = [copy if Path(s).name == "models.py" else s for s in content_html.SOURCES]
    monkeypatch.setattr(content_html, "SOURCES", sources)
    first = markup_format(*content_html.SOURCES)
    copy.write_bytes(copy.read_bytes() + b"\n# a change to the table of contents\n")

    assert markup_format(*content_html.SOURCES) != first
