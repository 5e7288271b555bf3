"""Markdown fields are bounded so that no text an editor can save takes long to render."""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from markdown.inlinepatterns import LinkInlineProcessor

from articles.models import Block, FaqEntry, ListItem
from articles.rendering import LINK_SCAN_LIMIT, render_markdown
from magnesium_site.sanitizer import clean_html
from tests.articles.factories import BlockFactory, FaqEntryFactory

pytestmark = pytest.mark.django_db

MARKDOWN_FIELDS = [(Block, "body", 8000), (ListItem, "text", 2000), (FaqEntry, "answer", 5000)]
MAX_OCCURRENCES = 200


def _field_id(param):
    return param._meta.model_name if hasattr(param, "_meta") else str(param)


def _messages(field, value):
    with pytest.raises(ValidationError) as error:
        field.run_validators(value)
    return error.value.messages


@pytest.mark.parametrize(("model", "name", "cap"), MARKDOWN_FIELDS, ids=_field_id)
def test_markdown_field_takes_its_maximum_length_and_refuses_one_character_more(model, name, cap):
    field = model._meta.get_field(name)

    field.run_validators("x" * cap)
    assert _messages(field, "x" * (cap + 1)) == [
        f"Deze tekst is te lang: maximaal {cap} tekens, nu {cap + 1}."
    ]


@pytest.mark.parametrize("character", ["[", "<"])
@pytest.mark.parametrize(("model", "name", "cap"), MARKDOWN_FIELDS, ids=_field_id)
def test_markdown_field_refuses_a_character_that_makes_rendering_slow_too_often(
    model, name, cap, character
):
    field = model._meta.get_field(name)

    field.run_validators(character * MAX_OCCURRENCES)
    assert _messages(field, character * (MAX_OCCURRENCES + 1)) == [
        f"Deze tekst bevat het teken '{character}' te vaak: maximaal {MAX_OCCURRENCES} keer, "
        f"nu {MAX_OCCURRENCES + 1}."
    ]


def _block_form(block, **changes):
    return {
        "article": block.article_id,
        "kind": block.kind,
        "list_style": block.list_style,
        "heading": block.heading,
        "heading_level": str(block.heading_level),
        "anchor": block.anchor,
        "body": block.body,
        **changes,
    }


def test_admin_refuses_an_over_long_block_body_and_saves_nothing(staff_client):
    block = BlockFactory(body="Oude tekst.")

    response = staff_client.post(
        reverse("admin:articles_block_change", args=[block.pk]),
        _block_form(block, body="x" * 8001),
    )

    assert response.status_code == HTTPStatus.OK
    assert "Deze tekst is te lang: maximaal 8000 tekens, nu 8001." in response.content.decode()
    block.refresh_from_db()
    assert block.body == "Oude tekst."
    assert "x" * 100 not in block.body_html


def test_admin_refuses_an_faq_answer_full_of_brackets_and_saves_nothing(staff_client):
    block = BlockFactory(kind=Block.Kind.FAQ)
    entry = FaqEntryFactory(block=block, answer="Ja.")
    data = _block_form(block)
    data |= {
        "faq_entries-TOTAL_FORMS": "1",
        "faq_entries-INITIAL_FORMS": "1",
        "faq_entries-MIN_NUM_FORMS": "0",
        "faq_entries-MAX_NUM_FORMS": "1000",
        "faq_entries-0-id": entry.pk,
        "faq_entries-0-block": block.pk,
        "faq_entries-0-position": entry.position,
        "faq_entries-0-question": entry.question,
        "faq_entries-0-answer": "[" * 20_000,
    }

    response = staff_client.post(reverse("admin:articles_block_change", args=[block.pk]), data)

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Deze tekst is te lang: maximaal 5000 tekens, nu 20000." in page
    assert "Deze tekst bevat het teken &#x27;[&#x27; te vaak" in page
    entry.refresh_from_db()
    assert entry.answer == "Ja."


# What survives the validators at their limits: each "[" or "<" opens something that never
# closes, so Python-Markdown and html.parser search the rest of the text for every one.
WORST_CASES = ["[", "![", "[^", "[`", "[<", "[x][", "[a](", "<b ", "<b a=", "<![CDATA["]


@pytest.mark.parametrize("motif", WORST_CASES)
def test_the_worst_text_the_validators_let_through_renders_as_plain_text(motif):
    field = Block._meta.get_field("body")
    repeat = MAX_OCCURRENCES // max(motif.count("["), motif.count("<"))
    text = (motif * repeat).ljust(8000, "w")
    field.run_validators(text)
    with pytest.raises(ValidationError):
        field.run_validators(motif + text[: -len(motif)])

    html = render_markdown(text)

    assert html.startswith("<p>")
    assert html.endswith("w</p>")
    assert html.count("[") == text.count("[")
    assert "<a " not in html


def test_link_search_looks_no_further_than_the_scan_limit(monkeypatch):
    scanned = []
    get_text = LinkInlineProcessor.getText

    def counting_get_text(self, data, index):
        scanned.append(len(data) - index)
        return get_text(self, data, index)

    monkeypatch.setattr(LinkInlineProcessor, "getText", counting_get_text)
    render_markdown("[" * MAX_OCCURRENCES + "w" * 7000)

    assert len(scanned) >= MAX_OCCURRENCES
    assert max(scanned) <= LINK_SCAN_LIMIT


def test_a_link_has_to_close_within_the_scan_limit():
    near = "https://example.com/" + "a" * (LINK_SCAN_LIMIT - 100)
    far = "https://example.com/" + "a" * LINK_SCAN_LIMIT

    assert f'<a href="{near}" rel="nofollow ugc noopener">bron</a>' in render_markdown(
        f"[bron]({near})"
    )
    assert "[bron](" in render_markdown(f"[bron]({far})")


def test_linkifier_starts_a_link_only_where_a_host_name_can_begin():
    # Trying every position of "a.-a.-a.-..." took bleach's pattern seconds for a few KB
    # (and linked "-bar.nl" out of a mail address).
    assert clean_html("<p>jan@foo-bar.nl</p>") == "<p>jan@foo-bar.nl</p>"
    worst = "a.-" * 2666
    assert clean_html(f"<p>{worst}</p>") == f"<p>{worst}</p>"


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("Zie www.thuisarts.nl/magnesium.", "http://www.thuisarts.nl/magnesium"),
        ("(https://www.rivm.nl/a_(b)?x=1&amp;y=2)", "https://www.rivm.nl/a_(b)?x=1&amp;y=2"),
        ("Op foo-bar.nl staat het.", "http://foo-bar.nl"),
        ("-- www.ntvg.nl", "http://www.ntvg.nl"),
        ("x-https://sub.example.co.uk:8080/p", "https://sub.example.co.uk:8080/p"),
    ],
)
def test_linkifier_still_links_web_addresses_in_text(text, href):
    assert f'<a href="{href}" rel="nofollow ugc noopener">' in clean_html(f"<p>{text}</p>")
