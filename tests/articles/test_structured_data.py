"""The article page's JSON-LD: parsed from the page and compared with what the page shows."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import override_settings

from articles.models import Article, Block
from articles.structured_data import to_script_json
from tests.articles.factories import (
    ArticleFactory,
    BlockFactory,
    ListItemFactory,
    ReferenceFactory,
    SynonymFactory,
)

pytestmark = pytest.mark.django_db

SITE = "https://magnesium.example"


class PageText(HTMLParser):
    """The JSON-LD scripts of a page, the text of each section's list items (sub-items
    too, in page order, without note numbers) and the synonyms line."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.items, self.synonyms = [], {}, ""
        self._script = self._section = None
        self._open = []  # (section, index) of the list items being read, innermost last
        self._sup = 0
        self._in_synonyms = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._script = []
        elif tag == "section" and attrs.get("aria-labelledby"):
            self._section = attrs["aria-labelledby"]
        elif tag in ("li", "dt") and self._section:
            found = self.items.setdefault(self._section, [])
            found.append("")
            self._open.append((self._section, len(found) - 1))
        elif tag == "sup":
            self._sup += 1
        elif tag == "p" and attrs.get("class") == "synonyms":
            self._in_synonyms = True

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None
        elif tag in ("li", "dt") and self._open:
            section, index = self._open.pop()
            self.items[section][index] = " ".join(self.items[section][index].split()).rstrip(": ")
        elif tag == "section":
            self._section = None
        elif tag == "sup":
            self._sup -= 1
        elif tag == "p":
            self._in_synonyms = False

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        elif self._open and not self._sup:
            section, index = self._open[-1]
            self.items[section][index] += data
        if self._in_synonyms:
            self.synonyms += data


def parse(client, article):
    page = PageText()
    page.feed(client.get(article.get_absolute_url()).content.decode())
    assert len(page.scripts) == 1, "one JSON-LD script per article page"
    graph = json.loads(page.scripts[0])
    assert graph["@context"] == "https://schema.org"
    return page, {node["@type"]: node for node in graph["@graph"]}


def names(parts):
    return [part["name"] for part in parts]


@pytest.fixture
def demo(db):
    call_command("load_demo")
    return Article.objects.get(slug="magnesiumtekort")


@override_settings(SITE_URL=SITE)
def test_demo_condition_lists_every_symptom_cause_and_synonym_the_page_shows(client, demo):
    page, nodes = parse(client, demo)
    condition = nodes["MedicalCondition"]
    symptoms = demo.blocks.get(role=Block.Role.SYMPTOMS)
    causes = demo.blocks.get(role=Block.Role.CAUSES)

    # Top-level items and sub-items alike: the parser reads every <li> of the section.
    assert names(condition["signOrSymptom"]) == page.items[symptoms.anchor]
    assert len(condition["signOrSymptom"]) == symptoms.items.count()
    assert names(condition["cause"]) == page.items[causes.anchor]
    assert condition["alternateName"] == list(demo.synonyms.values_list("term", flat=True))
    assert condition["alternateName"], "the demo shows its synonyms"
    for term in condition["alternateName"]:
        assert term in page.synonyms
    treatment = condition["possibleTreatment"][0]
    assert treatment["name"] == "Behandeling van een magnesiumtekort"
    assert "magnesiumsupplementen" in treatment["description"]


@override_settings(SITE_URL=SITE)
def test_graph_links_its_parts_by_id(client, demo):
    _, nodes = parse(client, demo)
    url = f"{SITE}/artikelen/magnesiumtekort/"
    ids = {node["@id"] for node in nodes.values()}

    assert set(nodes) >= {
        "MedicalWebPage",
        "Article",
        "MedicalCondition",
        "ImageObject",
        "BreadcrumbList",
        "WebSite",
        "Organization",
    }
    assert "FAQPage" not in nodes
    page, article = nodes["MedicalWebPage"], nodes["Article"]
    assert page["inLanguage"] == "nl-NL"
    for reference in (
        page["isPartOf"],
        page["breadcrumb"],
        page["mainEntity"],
        page["about"],
        page["primaryImageOfPage"],
        article["publisher"],
        article["image"],
        article["mainEntityOfPage"],
        nodes["WebSite"]["publisher"],
    ):
        assert reference["@id"] in ids
    assert article["headline"] == demo.title
    assert article["description"] == demo.lead
    assert article["author"] == {
        "@type": "Person",
        "@id": f"{SITE}/auteurs/redactie-magnesiumwijzer/#person",
        "name": "Redactie Magnesiumwijzer",
        "url": f"{SITE}/auteurs/redactie-magnesiumwijzer/",
    }
    assert article["datePublished"] == demo.published_at.isoformat()
    assert article["dateModified"] == demo.updated_at.isoformat()
    assert [c["name"] for c in article["citation"]] == ["Ned Tijdschr Geneeskd. 1993;137:287-90"]
    image = nodes["ImageObject"]
    assert image["url"].startswith(f"{SITE}/media/")
    assert image["caption"] == demo.image_caption
    assert image["creditText"] == demo.image_credit
    crumbs = nodes["BreadcrumbList"]["itemListElement"]
    assert [c["item"] for c in crumbs] == [
        f"{SITE}/",
        f"{SITE}{demo.category.get_absolute_url()}",
        url,
    ]


def test_no_review_means_no_review_properties(client):
    _, nodes = parse(client, ArticleFactory())
    assert "lastReviewed" not in nodes["MedicalWebPage"]
    assert "reviewedBy" not in nodes["MedicalWebPage"]


def test_a_title_cannot_close_the_script_element(client):
    article = ArticleFactory(title='Kramp</script><script>alert("x")</script> & <!-- meer')
    BlockFactory(
        article=article, kind=Block.Kind.LIST, role=Block.Role.SYMPTOMS, heading="Klachten"
    )
    ListItemFactory(block=article.blocks.get(), text="Pijn </script> en <!--")
    SynonymFactory(article=article, term="</SCRIPT >")

    html = client.get(article.get_absolute_url()).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)

    assert "<" not in script and ">" not in script and "&" not in script
    data = json.loads(script)
    condition = next(n for n in data["@graph"] if n["@type"] == "MedicalCondition")
    assert condition["alternateName"] == ["</SCRIPT >"]
    article_node = next(n for n in data["@graph"] if n["@type"] == "Article")
    assert article_node["headline"] == article.title


def test_script_json_escapes_what_could_end_the_element():
    text = to_script_json({"a": "</script><!--&\u2028"})
    assert text == '{"a":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028"}'
    assert json.loads(text) == {"a": "</script><!--&\u2028"}


def test_citation_numbers_are_not_part_of_a_symptom(client):
    article = ArticleFactory()
    ReferenceFactory(article=article, key="bron", citation="Een bron", url="https://example.org/")
    block = BlockFactory(
        article=article, kind=Block.Kind.LIST, role=Block.Role.SYMPTOMS, heading="Klachten"
    )
    ListItemFactory(block=block, text="Hoofdpijn[^bron]")
    article.render_content()

    _, nodes = parse(client, article)

    assert names(nodes["MedicalCondition"]["signOrSymptom"]) == ["Hoofdpijn"]
    assert nodes["Article"]["citation"] == [
        {"@type": "CreativeWork", "name": "Een bron", "url": "https://example.org/"}
    ]


def test_structured_data_follows_a_content_change(client, commit):
    article = ArticleFactory()
    block = commit(
        BlockFactory,
        article=article,
        kind=Block.Kind.LIST,
        role=Block.Role.CAUSES,
        heading="Oorzaken",
    )
    commit(ListItemFactory, block=block, text="Alcohol")
    assert names(parse(client, article)[1]["MedicalCondition"]["cause"]) == ["Alcohol"]

    commit(ListItemFactory, block=block, text="Diarree")

    assert names(parse(client, article)[1]["MedicalCondition"]["cause"]) == [
        "Alcohol",
        "Diarree",
    ]


def test_structured_data_is_part_of_the_cached_page(client, django_assert_num_queries):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())
    assert response["X-Cache"] == "hit"
    assert b'type="application/ld+json"' in response.content
