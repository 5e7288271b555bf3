"""The reference page's last details: the comment section's words, open FAQs, notices
inside a section and terms in bullet lists."""

import re
from http import HTTPStatus

import pytest
from django.db import IntegrityError
from django.urls import reverse

from articles.models import Block, SiteSettings
from tests.articles.factories import (
    ArticleFactory,
    BlockFactory,
    FaqEntryFactory,
    ListItemFactory,
)

pytestmark = pytest.mark.django_db


def _page(client, article, prefix=""):
    response = client.get(prefix + article.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def _comment_heading(html):
    return re.search(r'<h2 id="reacties-heading">(.*?)<span class="badge', html, re.S).group(1)


def _toc(html):
    return re.search(r'<nav class="toc.*?</nav>', html, re.S).group(0)


# The comment section's heading and introduction ----------------------------------------


def test_comment_section_has_the_built_in_heading_and_introduction(client):
    html = _page(client, ArticleFactory())

    assert "Reacties en ervaringen" in _comment_heading(html)
    assert "De redactie leest elke reactie voordat die verschijnt" in html
    assert "enkele uren" in html


def test_site_settings_give_every_article_its_comment_heading_and_introduction(client):
    SiteSettings.objects.create(
        comments_heading="Jouw ervaringen",
        comments_intro="Eerste alinea.\n\nWe lezen alles eerst; reken op een paar uur.",
    )
    html = _page(client, ArticleFactory())

    assert "Jouw ervaringen" in _comment_heading(html)
    assert "Reacties en ervaringen" not in html
    assert "<p>Eerste alinea.</p>" in html
    assert "<p>We lezen alles eerst; reken op een paar uur.</p>" in html


def test_an_article_of_its_own_overrides_the_site_settings(client):
    SiteSettings.objects.create(comments_heading="Jouw ervaringen", comments_intro="Standaard.")
    article = ArticleFactory(comments_heading="Vragen aan de lezers", comments_intro="Eigen.")

    html = _page(client, article)

    assert "Vragen aan de lezers" in _comment_heading(html)
    assert "<p>Eigen.</p>" in html
    assert "Standaard." not in html


def test_an_empty_article_field_falls_back_on_the_site_settings_field_by_field(client):
    SiteSettings.objects.create(comments_heading="", comments_intro="Standaard van de site.")
    article = ArticleFactory(comments_heading="Eigen kop")

    html = _page(client, article)

    assert "Eigen kop" in _comment_heading(html)
    assert "Standaard van de site." in html


def test_comment_text_written_by_staff_is_marked_dutch_on_the_english_site(client):
    article = ArticleFactory(comments_heading="Jouw ervaringen", comments_intro="Lees dit.")

    html = _page(client, article, "/en")

    assert '<span lang="nl">Jouw ervaringen</span>' in _comment_heading(html)
    assert '<div class="comments-intro" lang="nl"><p>Lees dit.</p></div>' in html


def test_built_in_comment_text_is_translated_on_the_english_site(client):
    html = _page(client, ArticleFactory(), "/en")

    heading = _comment_heading(html)
    assert "Comments and experiences" in heading
    assert "lang=" not in heading
    assert "The editors read every comment before it appears" in html


def test_the_introduction_is_left_out_when_comments_are_closed(client):
    html = _page(client, ArticleFactory(comments_open=False, comments_intro="Reageer hier."))

    assert "Reageer hier." not in html


def test_changing_the_site_settings_retires_every_cached_article_page(client, commit):
    first, second = ArticleFactory(), ArticleFactory()
    _page(client, first), _page(client, second)

    commit(SiteSettings.objects.create, comments_heading="Nieuwe kop")

    assert "Nieuwe kop" in _comment_heading(_page(client, first))
    assert "Nieuwe kop" in _comment_heading(_page(client, second))


def test_changing_the_site_settings_retires_the_kept_article_rows_too(client, commit, settings):
    """With the page cache off the article row is kept with its comment words: the
    change reaches it all the same."""
    settings.PAGE_CACHE_SECONDS = 0
    article = ArticleFactory()
    _page(client, article), _page(client, article)

    commit(SiteSettings.objects.create, comments_heading="Nieuwe kop")

    assert "Nieuwe kop" in _comment_heading(_page(client, article))


def test_a_refused_comment_page_shows_the_articles_own_comment_heading(client):
    article = ArticleFactory(comments_heading="Vragen aan de lezers")

    response = client.post(reverse("comments:post", kwargs={"slug": article.slug}), {})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Vragen aan de lezers" in _comment_heading(response.content.decode())


def test_site_settings_are_one_row():
    SiteSettings.objects.create(comments_heading="Een")
    with pytest.raises(IntegrityError):
        SiteSettings.objects.create(pk=2, comments_heading="Twee")


def test_staff_edit_the_site_default_in_the_admin(staff_client):
    add = reverse("admin:articles_sitesettings_add")
    response = staff_client.post(add, {"comments_heading": "Ervaringen", "comments_intro": ""})

    assert response.status_code == HTTPStatus.FOUND
    assert SiteSettings.objects.get().comments_heading == "Ervaringen"
    # One row: no second one to add, and the row is never deleted.
    assert staff_client.get(add).status_code == HTTPStatus.FORBIDDEN
    delete = reverse("admin:articles_sitesettings_delete", args=[1])
    assert staff_client.get(delete).status_code == HTTPStatus.FORBIDDEN


# FAQ blocks: an accordion or shown open -------------------------------------------------


def test_faq_block_is_an_accordion_by_default(client):
    article = ArticleFactory()
    faq = BlockFactory(article=article, kind=Block.Kind.FAQ, heading="Vragen")
    FaqEntryFactory(block=faq, question="Is het erg?", answer="Meestal niet.")

    html = _page(client, article)

    assert "<summary>Is het erg?</summary>" in html


def test_open_faq_block_shows_every_question_as_a_heading_with_its_answer(client):
    article = ArticleFactory()
    faq = BlockFactory(
        article=article,
        kind=Block.Kind.FAQ,
        heading="Vragen",
        heading_level=2,
        faq_display=Block.FaqDisplay.OPEN,
    )
    entry = FaqEntryFactory(block=faq, question="Is het erg?", answer="Meestal niet.")

    html = _page(client, article)

    assert "<details" not in html
    assert (
        f'<div class="faq-entry faq-entry-open" id="vraag-{entry.pk}">'
        '<h3 class="faq-question h5">Is het erg?</h3>'
        '<div class="faq-answer"><p>Meestal niet.</p></div></div>'
    ) in html


def test_an_open_faq_under_a_subheading_has_questions_one_level_lower(client):
    article = ArticleFactory()
    faq = BlockFactory(
        article=article, kind=Block.Kind.FAQ, heading_level=3, faq_display=Block.FaqDisplay.OPEN
    )
    FaqEntryFactory(block=faq, question="Is het erg?")

    assert '<h4 class="faq-question h5">Is het erg?</h4>' in _page(client, article)


def test_switching_a_faq_block_to_open_shows_at_once(client, commit):
    article = ArticleFactory()
    faq = BlockFactory(article=article, kind=Block.Kind.FAQ)
    FaqEntryFactory(block=faq, question="Is het erg?")
    assert "<summary>Is het erg?</summary>" in _page(client, article)

    faq.faq_display = Block.FaqDisplay.OPEN
    commit(faq.save)

    assert "<summary>" not in _page(client, article)


# Notices inside a section -----------------------------------------------------------------


def test_a_notice_with_a_heading_does_not_start_a_table_of_contents_entry(client):
    article = ArticleFactory()
    BlockFactory(article=article, heading="Hartkloppingen", heading_level=2, position=1)
    BlockFactory(
        article=article, kind=Block.Kind.NOTICE, heading="Let op bij een hartaandoening", position=2
    )
    BlockFactory(article=article, heading="", body="Vervolg van het hoofdstuk.", position=3)
    BlockFactory(article=article, heading="Oorzaken", heading_level=2, position=4)

    html = _page(client, article)
    toc = _toc(html)

    assert "Hartkloppingen" in toc and "Oorzaken" in toc
    assert "Let op bij een hartaandoening" not in toc
    assert "Let op bij een hartaandoening" in html  # still shown in its box


# Terms in bullet lists --------------------------------------------------------------------


def test_a_bullet_item_with_a_term_shows_the_term_in_bold_before_its_text(client):
    article = ArticleFactory()
    block = BlockFactory(article=article, kind=Block.Kind.LIST, list_style=Block.ListStyle.BULLET)
    ListItemFactory(block=block, term="Bloedstolling", text="Helpt bij wondgenezing.")
    ListItemFactory(block=block, term="", text="Zonder begrip.")
    ListItemFactory(block=block, term="Sub:", text="Ingesprongen.", is_subitem=True)

    html = _page(client, article)

    assert '<li><strong class="list-term">Bloedstolling:</strong> Helpt bij wondgenezing.' in html
    assert (
        '<li>Zonder begrip.<ul><li><strong class="list-term">Sub:</strong> Ingesprongen.</li></ul>'
    ) in html


def test_a_term_is_escaped(client):
    article = ArticleFactory()
    block = BlockFactory(article=article, kind=Block.Kind.LIST)
    ListItemFactory(block=block, term="<b>x</b>", text="Tekst.")

    html = _page(client, article)

    assert "&lt;b&gt;x&lt;/b&gt;:" in html
    assert "<b>x</b>" not in html
