"""Citation markers become note links in text only, and the result stays sanitiser-clean."""

import re
from html.parser import HTMLParser

import pytest

from articles.rendering import render_markdown
from magnesium_site.sanitizer import clean_html

NUMBERS = {"k": 1, "ander": 2}
# The only attributes rendering adds after sanitising, to the citation's <sup>.
CITATION_ATTRIBUTES = re.compile(r'<sup class="citation" id="cite-[a-z0-9-]+-t">')


class Elements(HTMLParser):
    """Every element with its attributes, ancestors and own text, as a browser would parse it."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements, self.open = [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "ancestors": [e["tag"] for e in self.open]}
        element["text"] = ""
        self.elements.append(element)
        if tag not in {"br"}:
            self.open.append(element)

    def handle_endtag(self, tag):
        while self.open and self.open.pop()["tag"] != tag:
            pass

    def handle_data(self, data):
        if self.open:
            self.open[-1]["text"] += data

    def tagged(self, tag):
        return [element for element in self.elements if element["tag"] == tag]


def render(text, inline=False):
    return render_markdown(text, NUMBERS, scope="t", inline=inline)


def assert_linked_once(page, key, number):
    (sup,) = page.tagged("sup")
    assert sup["attrs"] == {"class": "citation", "id": f"cite-{key}-t"}
    (link,) = [a for a in page.tagged("a") if "sup" in a["ancestors"]]
    assert link["attrs"] == {"href": f"#note-{key}"}
    assert link["text"] == f"[{number}]"


def test_citation_in_an_abbr_title_with_a_greater_than_sign_stays_in_the_title():
    page = Elements(render('<abbr title="x>[^k]">y</abbr> en [^k]'))

    (abbr,) = page.tagged("abbr")
    assert abbr["attrs"] == {"title": "x>[^k]"}
    assert abbr["text"] == "y"
    assert_linked_once(page, "k", 1)


def test_citation_in_a_link_title_stays_in_the_title():
    page = Elements(render('<a title="> [^k]" href="https://e.x">t</a> en [^ander]'))

    link = page.tagged("a")[0]
    assert link["attrs"] == {
        "title": "> [^k]",
        "href": "https://e.x",
        "rel": "nofollow ugc noopener",
    }
    assert link["text"] == "t"
    assert_linked_once(page, "ander", 2)


ADVERSARIAL = [
    '<abbr title="x>[^k]">y</abbr>',
    '<abbr title=">[^k]<">y</abbr> [^k]',
    "<abbr title='\"[^k]\">'>y</abbr>",
    '<a title="[^k]" href="https://e.x">t</a>',
    '<a href="https://e.x/?q=>[^k]" title="a>b">t</a> [^ander]',
    '[zie](https://example.com/ "Zie >[^k]") en [^k]',
    '<abbr title="x>[^k]"><abbr title="[^ander]>">y</abbr></abbr>',
    "Tekst[^k] en *nadruk[^ander]* en **[^onbekend]**",
]


@pytest.mark.parametrize("text", ADVERSARIAL)
@pytest.mark.parametrize("inline", [False, True], ids=["block", "inline"])
def test_rendered_html_is_what_the_sanitiser_leaves(text, inline):
    html = render(text, inline=inline)
    without_citation_attributes = CITATION_ATTRIBUTES.sub("<sup>", html)

    assert clean_html(without_citation_attributes) == without_citation_attributes
    for element in Elements(html).elements:
        if element["attrs"].get("class") == "citation":
            continue
        for name, value in element["attrs"].items():
            assert "<sup" not in value and "cite-" not in value, f"markup in {name}={value!r}"


@pytest.mark.parametrize(
    "text",
    ["Schrijf `[^k]` voor een bron.", "Zo:\n\n    Tekst[^k]\n", "<pre>[^k]</pre>"],
    ids=["code span", "code block", "pre"],
)
def test_citation_in_code_is_shown_as_written(text):
    html = render(text)

    assert "<sup" not in html
    (code,) = Elements(html).tagged("code") or Elements(html).tagged("pre")
    assert "[^k]" in code["text"]


def test_citation_in_link_text_stays_text_instead_of_nesting_a_link():
    page = Elements(render("[zie bron[^k]](https://example.com/) en [^ander]"))

    outer = page.tagged("a")[0]
    assert outer["attrs"]["href"] == "https://example.com/"
    assert outer["text"] == "zie bron[^k]"
    assert_linked_once(page, "ander", 2)
