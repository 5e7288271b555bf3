from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from articles.models import Block, ListItem, Symptom, symptom_key
from articles.symptoms import merge_symptoms
from tests.articles.factories import (
    ArticleFactory,
    BlockFactory,
    FaqEntryFactory,
    ListItemFactory,
    SymptomFactory,
)

pytestmark = pytest.mark.django_db


def _symptom_list(article, heading="Klachten"):
    return BlockFactory(
        article=article, kind=Block.Kind.LIST, role=Block.Role.SYMPTOMS, heading=heading
    )


def test_symptom_key_ignores_case_accents_and_spacing():
    assert symptom_key("  Hypomagnesiëmie ") == symptom_key("hypomagnesiemie")
    assert symptom_key("Spier  krampen") == "spier krampen"


def test_the_same_symptom_in_another_spelling_is_one_row():
    first = Symptom.for_name("Vermoeidheid")
    assert Symptom.for_name("  vermoeidheid ") == first
    with pytest.raises(IntegrityError):
        Symptom.objects.create(name="VERMOEIDHEID")


def test_a_duplicate_name_is_a_dutch_form_error(admin_client):
    SymptomFactory(name="Hoofdpijn")
    response = admin_client.post(
        reverse("admin:articles_symptom_add"), {"name": "hoofdpíjn", "slug": ""}
    )
    assert response.status_code == HTTPStatus.OK
    assert "Er is al een symptoom met deze naam." in response.content.decode()
    assert Symptom.objects.count() == 1


def test_index_lists_symptoms_of_published_articles_a_to_z(client):
    article = ArticleFactory()
    block = _symptom_list(article)
    ListItemFactory(block=block, text="Zwakte", symptom=Symptom.for_name("Zwakte"))
    ListItemFactory(block=block, text="Braken", symptom=Symptom.for_name("Braken"))
    draft_block = _symptom_list(ArticleFactory(draft=True))
    ListItemFactory(block=draft_block, text="Geheim", symptom=Symptom.for_name("Geheim"))

    response = client.get(reverse("articles:symptoms"))
    html = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert html.index("Braken") < html.index("Zwakte")
    assert 'id="letter-b"' in html
    assert "Geheim" not in html


def test_symptom_page_links_articles_sections_and_faq_entries(client):
    symptom = Symptom.for_name("Spierkramp")
    article = ArticleFactory(title="Magnesiumtekort")
    block = _symptom_list(article, heading="Een opsomming van klachten")
    ListItemFactory(block=block, text="Spierkramp in de kuit", symptom=symptom)
    faq = BlockFactory(article=article, kind=Block.Kind.FAQ, heading="Vragen")
    entry = FaqEntryFactory(block=faq, question="Wat helpt tegen spierkramp?")
    FaqEntryFactory(block=faq, question="Iets anders?", answer="Niets.")
    other = ArticleFactory(title="Kalium")
    ListItemFactory(block=_symptom_list(other, heading="Klachten"), symptom=symptom)

    response = client.get(symptom.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert f'href="{article.get_absolute_url()}#{block.anchor}"' in html
    assert f'href="{article.get_absolute_url()}#vraag-{entry.pk}"' in html
    assert "Iets anders?" not in html
    assert "Kalium" in html


def test_symptom_page_shows_nothing_unpublished_or_scheduled(client):
    symptom = Symptom.for_name("Duizeligheid")
    ListItemFactory(block=_symptom_list(ArticleFactory(title="Gepubliceerd")), symptom=symptom)
    ListItemFactory(
        block=_symptom_list(ArticleFactory(title="Concept", draft=True)), symptom=symptom
    )
    later = ArticleFactory(
        title="Gepland", published_at=timezone.now() + timezone.timedelta(hours=1)
    )
    ListItemFactory(block=_symptom_list(later), symptom=symptom)

    html = client.get(symptom.get_absolute_url()).content.decode()

    assert "Gepubliceerd" in html
    assert "Concept" not in html
    assert "Gepland" not in html


def test_symptom_only_in_a_draft_has_no_page(client):
    symptom = Symptom.for_name("Geheim")
    ListItemFactory(block=_symptom_list(ArticleFactory(draft=True)), symptom=symptom)

    assert client.get(symptom.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert client.get("/symptomen/bestaat-niet/").status_code == HTTPStatus.NOT_FOUND


def test_index_is_retired_when_a_list_item_is_linked(client, commit):
    article = ArticleFactory()
    item = ListItemFactory(block=_symptom_list(article), text="Tintelingen")
    assert "Tintelingen" not in client.get(reverse("articles:symptoms")).content.decode()
    assert client.get(reverse("articles:symptoms"))["X-Cache"] == "hit"

    def link():
        item.symptom = Symptom.for_name("Tintelingen")
        item.save()

    commit(link)

    assert "Tintelingen" in client.get(reverse("articles:symptoms")).content.decode()


def test_renaming_a_symptom_retires_the_index(client, commit):
    symptom = Symptom.for_name("Hoofdpijn")
    ListItemFactory(block=_symptom_list(ArticleFactory()), symptom=symptom)
    client.get(reverse("articles:symptoms"))

    def rename():
        symptom.name = "Hoofdpijnklachten"
        symptom.save()

    commit(rename)

    assert "Hoofdpijnklachten" in client.get(reverse("articles:symptoms")).content.decode()


def test_merge_moves_the_list_items_and_deletes_the_duplicates():
    keep = SymptomFactory(name="Spierkrampen")
    duplicate = SymptomFactory(name="Kramp in de spieren")
    items = [ListItemFactory(symptom=duplicate), ListItemFactory(symptom=keep)]

    merge_symptoms(keep, [duplicate])

    assert not Symptom.objects.filter(pk=duplicate.pk).exists()
    assert {item.symptom_id for item in ListItem.objects.filter(pk__in=[i.pk for i in items])} == {
        keep.pk
    }


def test_admin_merge_action_keeps_the_first_symptom(admin_client):
    keep = SymptomFactory(name="Braken")
    duplicate = SymptomFactory(name="Overgeven")
    item = ListItemFactory(symptom=duplicate)

    response = admin_client.post(
        reverse("admin:articles_symptom_changelist"),
        {"action": "merge", "_selected_action": [keep.pk, duplicate.pk]},
        follow=True,
    )

    assert response.status_code == HTTPStatus.OK
    item.refresh_from_db()
    assert item.symptom == keep
    assert list(Symptom.objects.all()) == [keep]


def test_list_items_pick_their_symptom_with_autocomplete(admin_client):
    block = _symptom_list(ArticleFactory())
    ListItemFactory(block=block)

    html = admin_client.get(reverse("admin:articles_block_change", args=[block.pk])).content
    html = html.decode()

    assert 'name="items-0-symptom"' in html
    assert "admin-autocomplete" in html
    assert reverse("admin:autocomplete") in html


def test_demo_links_its_symptoms(client):
    call_command("load_demo")

    assert Symptom.objects.filter(key="vermoeidheid").exists()
    assert (
        ListItem.objects.filter(block__role=Block.Role.SYMPTOMS, symptom__isnull=True).count() == 0
    )
    assert client.get(reverse("articles:symptoms")).status_code == HTTPStatus.OK
