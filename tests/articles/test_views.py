import re
from datetime import UTC
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from articles.models import Block
from tests.articles.factories import (
    ArticleFactory,
    BlockFactory,
    FaqEntryFactory,
    ListItemFactory,
    ReferenceFactory,
)

pytestmark = pytest.mark.django_db


def test_home_lists_published_articles_newest_first(client):
    older = ArticleFactory(title="Ouder", published_at=timezone.now() - timezone.timedelta(days=9))
    newer = ArticleFactory(title="Nieuwer")
    ArticleFactory(title="Geheim concept", draft=True)

    response = client.get(reverse("articles:home"))

    assert response.status_code == HTTPStatus.OK
    assert list(response.context["articles"]) == [newer, older]
    assert "Geheim concept" not in response.content.decode()


def test_category_page_lists_only_its_articles(client):
    article = ArticleFactory()
    other = ArticleFactory()

    response = client.get(article.category.get_absolute_url())

    assert list(response.context["articles"]) == [article]
    assert other.title not in response.content.decode()


def test_article_page_shows_every_element(client):
    article = ArticleFactory(title="Magnesiumtekort", lead="Korte inleiding.")
    ReferenceFactory(article=article, key="ntvg-1993", citation="Ned Tijdschr Geneeskd. 1993")
    BlockFactory(article=article, heading="Inleiding", body="Eerste alinea.")
    faq = BlockFactory(article=article, kind=Block.Kind.FAQ, heading="Vragen")
    FaqEntryFactory(block=faq, question="Hoe weet ik het?", answer="Door te *testen*.")
    causes = BlockFactory(article=article, kind=Block.Kind.LIST, heading="Oorzaken")
    ListItemFactory(block=causes, text="Geneesmiddelen, waaronder:")
    ListItemFactory(block=causes, text="cisplatine", is_subitem=True)
    BlockFactory(article=article, kind=Block.Kind.NOTICE, heading="", body="Raadpleeg je arts.")
    BlockFactory(
        article=article, heading="Preventie sub", heading_level=3, body="Eet noten[^ntvg-1993]."
    )

    response = client.get(article.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert html.count("<h1") == 1
    assert 'aria-current="page">Magnesiumtekort</li>' in html
    assert "Laatst bijgewerkt op" in html
    assert '<a href="#inleiding">Inleiding</a>' in html
    assert "<summary>Hoe weet ik het?</summary>" in html
    assert "<em>testen</em>" in html
    # The medicine nests inside the item above it.
    assert re.search(r"<li>Geneesmiddelen, waaronder:\s*<ul><li>cisplatine</li></ul></li>", html)
    assert '<aside class="notice' in html
    assert '<h3 id="preventie-sub">' in html
    assert 'id="note-ntvg-1993"' in html


def test_updated_line_is_dutch_in_amsterdam_time(client):
    article = ArticleFactory(
        updated_at=timezone.datetime(2025, 3, 15, 23, 30, tzinfo=UTC),
        author__name="M. de Vries",
    )

    response = client.get(article.get_absolute_url())

    text = strip_tags(response.content.decode())
    assert "Laatst bijgewerkt op 16 maart 2025 door M. de Vries" in text


def test_english_version_translates_the_interface(client):
    article = ArticleFactory(updated_at=timezone.datetime(2025, 3, 16, 12, tzinfo=UTC))

    response = client.get("/en" + article.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert "Last updated on 16 March 2025 by" in response.content.decode()


def test_draft_is_not_found_for_visitors(client):
    draft = ArticleFactory(draft=True)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Pagina niet gevonden" in response.content.decode()


def test_draft_is_not_shown_to_staff_without_article_permission(client, django_user_model):
    draft = ArticleFactory(draft=True)
    client.force_login(django_user_model.objects.create_user("kijker", is_staff=True))
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_staff_see_a_draft_preview_with_banner(staff_client):
    draft = ArticleFactory(draft=True)

    response = staff_client.get(draft.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert "preview-banner" in response.content.decode()


def test_published_article_has_no_preview_banner_for_staff(staff_client):
    article = ArticleFactory()
    assert "preview-banner" not in staff_client.get(article.get_absolute_url()).content.decode()


def test_article_page_queries_do_not_grow_with_content(
    client, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 0

    def build(size):
        article = ArticleFactory()
        for n in range(size):
            ReferenceFactory(article=article)
            faq = BlockFactory(article=article, kind=Block.Kind.FAQ)
            FaqEntryFactory.create_batch(size, block=faq)
            lst = BlockFactory(article=article, kind=Block.Kind.LIST)
            ListItemFactory.create_batch(size, block=lst)
            BlockFactory(article=article, heading_level=3 if n % 2 else 2)
        return article

    small, large = build(1), build(8)
    counts = {}
    for visit in ("first", "again"):  # the first visit renders and stores the content
        for name, article in (("small", small), ("large", large)):
            with django_assert_max_num_queries(13) as queries:
                client.get(article.get_absolute_url())
            counts[name, visit] = len(queries.captured_queries)
    assert counts["small", "first"] == counts["large", "first"]
    # The article, its rendering, the site's comment words and the counts.
    assert counts["small", "again"] == counts["large", "again"] <= 4


def test_unknown_article_is_a_dutch_404(client):
    response = client.get("/artikelen/bestaat-niet/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Pagina niet gevonden" in response.content.decode()


def test_static_assets_are_served_locally(client):
    html = client.get(reverse("articles:home")).content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "//cdn" not in html


def test_english_translation_is_complete():
    """Every interface string has an English translation (none missing or fuzzy)."""
    import re
    from pathlib import Path

    po = (Path(__file__).resolve().parents[2] / "locale/en/LC_MESSAGES/django.po").read_text()
    entries = po.split("\n\n")[1:]  # the first entry is the header
    untranslated = [
        e
        for e in entries
        if re.search(r'^msgstr(\[\d\])? ""\n?$', e, re.M)
        and not re.search(r'^msgstr(\[\d\])? ""\n"', e, re.M)
    ]
    assert "#, fuzzy" not in po
    assert untranslated == []
