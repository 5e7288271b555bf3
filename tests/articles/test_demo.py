from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags

from articles.models import Article, Block, FaqEntry, ListItem, Reference

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Article, Block, FaqEntry, ListItem, Reference)]


def test_load_demo_is_idempotent():
    call_command("load_demo")
    first = _counts()
    call_command("load_demo")
    assert all(first), f"load_demo left a model empty: {first}"
    assert _counts() == first


def test_demo_article_has_every_element(client):
    call_command("load_demo")
    article = Article.objects.published().get(slug="magnesiumtekort")

    assert article.image and article.image_alt and article.image_credit
    assert FaqEntry.objects.filter(block__article=article).count() == 20
    symptoms = article.blocks.get(heading="Een opsomming van klachten")
    assert symptoms.heading_level == 3
    assert symptoms.items.count() == 43
    medicines = ListItem.objects.get(text="Geneesmiddelen, waaronder:")
    tree = dict(medicines.block.item_tree())
    assert len(tree[medicines]) == 8
    assert article.blocks.filter(kind=Block.Kind.NOTICE).exists()
    assert article.blocks.filter(list_style=Block.ListStyle.DEFINITION).count() == 1

    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Ned Tijdschr Geneeskd. 1993;137:287-90" in html
    assert '<a href="#note-ntvg-1993">[1]</a>' in html
    # The FAQ shown open, as on the reference page; terms in a bullet list in bold.
    assert html.count('class="faq-entry faq-entry-open"') == 20
    assert "<details" not in html
    assert '<strong class="list-term">Bloedstolling:</strong>' in html
    assert article.title in html


def test_demo_article_carries_a_medical_review_and_a_byline_with_a_display_name(client):
    call_command("load_demo")
    article = Article.objects.get(slug="magnesiumtekort")

    html = client.get(article.get_absolute_url()).content.decode()

    # The reviewer's name links to their page.
    assert "Medisch gecontroleerd door Dr. Femke Oosterbaan, huisarts, op " in strip_tags(html)
    assert "Volgende controle: " in html
    assert "door Joris Hazelaar" in html
    assert "demo-redacteur" not in html


def test_demo_article_has_a_first_revision_and_an_old_address(client):
    from reversion.models import Version

    call_command("load_demo")
    article = Article.objects.get(slug="magnesiumtekort")

    (version,) = Version.objects.get_for_object(article)
    assert version.revision.comment == "Voorbeeldartikel geladen. Eerste versie."
    response = client.get("/artikelen/magnesium-tekort-symptomen/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == article.get_absolute_url()
