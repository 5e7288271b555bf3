"""The article page's structured data (schema.org JSON-LD): one @graph, built as a dict.

Two halves. What the content says (the symptoms, causes and treatments staff marked with
a block's role, the literature) is collected once per content version with the stored
rendering (content_facts, kept in ArticleRendering.facts); the rest comes from the
article row the page has loaded anyway (article_graph). So the JSON-LD adds no query to
a page, and it is part of the cached page like everything else on it.

Serialised by to_script_json: "<", ">" and "&" are written as \\u003c and friends, so no
title or list item can close the script element or open a comment in it.
"""

import html
import json
import re

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext

from articles.models import Block

SCHEMA = "https://schema.org"
CONTENT_LANGUAGE = "nl-NL"
# A citation's number in the text ([1]) is not part of what a list item says.
_CITATION_MARK = re.compile(r'<sup class="citation"[^>]*>.*?</sup>', re.DOTALL)


def plain_text(stored_html):
    """The text a visitor reads in a stored *_html column, without markup or note numbers."""
    text = strip_tags(_CITATION_MARK.sub("", stored_html or ""))
    return " ".join(html.unescape(text).split())


def _item_entry(item):
    """A list item as the page shows it: its term names it where it has one."""
    if item.term:
        name = " ".join(item.term.split()).rstrip(": ")
        return {"name": name, "description": plain_text(item.text_html)}
    return {"name": plain_text(item.text_html).rstrip(": ")}


def content_facts(content):
    """What the blocks say for search engines, as plain data (kept with the rendering).

    content is the article's PageContent: the blocks as loaded for rendering.
    """
    facts = {"symptoms": [], "causes": [], "treatments": []}
    lists = {
        Block.Role.SYMPTOMS: facts["symptoms"],
        Block.Role.CAUSES: facts["causes"],
        Block.Role.TREATMENTS: facts["treatments"],
    }
    for block in content.blocks:
        target = lists.get(block.role)
        if target is None:
            continue
        if block.kind == Block.Kind.LIST:
            target += [_item_entry(item) for item in block.items.all()]
        elif block.heading:
            # A text block about the treatment: its heading names it, its text describes it.
            entry = {"name": block.heading, "description": plain_text(block.body_html)}
            entry["anchor"] = block.anchor
            target.append(entry)
    facts["citations"] = [
        {"text": note.citation, "url": note.url} for note in content.article.references.all()
    ]
    synonyms = getattr(content.article, "synonyms", None)
    facts["synonyms"] = [synonym.term for synonym in synonyms.all()] if synonyms else []
    return facts


def absolute(path):
    """An absolute URL on the site's own address (never the request's Host header)."""
    return settings.SITE_URL + path


def site_ids():
    return {
        "website": absolute("/#website"),
        "organization": absolute("/#organization"),
    }


def _person(author):
    person = {"@type": "Person", "@id": absolute(author.get_absolute_url()) + "#person"}
    person["name"] = author.name
    person["url"] = absolute(author.get_absolute_url())
    return person


def _reviewer(reviewer):
    url = absolute(reviewer.get_absolute_url())
    person = {"@type": "Person", "@id": url + "#person", "name": reviewer.name, "url": url}
    if reviewer.qualification:
        person["jobTitle"] = reviewer.qualification
    if reviewer.url:
        person["sameAs"] = [reviewer.url]
    return person


def _condition_parts(facts, key, schema_type):
    parts = []
    for entry in facts.get(key, []):
        part = {"@type": schema_type, "name": entry["name"]}
        if entry.get("description"):
            part["description"] = entry["description"]
        parts.append(part)
    return parts


def website_and_organization():
    """The parts every page shares: the site and who publishes it."""
    ids = site_ids()
    home = absolute(reverse("articles:home"))
    return [
        {
            "@type": "WebSite",
            "@id": ids["website"],
            "url": home,
            "name": gettext("Magnesiumwijzer"),
            "inLanguage": CONTENT_LANGUAGE,
            "publisher": {"@id": ids["organization"]},
        },
        {
            "@type": "Organization",
            "@id": ids["organization"],
            "name": gettext("Magnesiumwijzer"),
            "url": home,
            "logo": {"@type": "ImageObject", "url": absolute(static("apple-touch-icon.png"))},
        },
    ]


def article_graph(article, facts):
    """The @graph of one article page, as a dict ready to serialise."""
    ids = site_ids()
    url = absolute(article.get_absolute_url())
    page_id, article_id = url + "#webpage", url + "#article"
    condition_id, breadcrumb_id = url + "#condition", url + "#breadcrumb"

    page = {
        "@type": "MedicalWebPage",
        "@id": page_id,
        "url": url,
        "name": article.title,
        "description": article.lead,
        "inLanguage": CONTENT_LANGUAGE,
        "isPartOf": {"@id": ids["website"]},
        "breadcrumb": {"@id": breadcrumb_id},
        "mainEntity": {"@id": article_id},
        "about": {"@id": condition_id},
    }
    if article.has_review:  # only where a medical review is recorded
        page["lastReviewed"] = article.last_reviewed_on.isoformat()
        page["reviewedBy"] = _reviewer(article.reviewed_by)

    body = {
        "@type": "Article",
        "@id": article_id,
        "headline": article.title[:110],
        "description": article.lead,
        "inLanguage": CONTENT_LANGUAGE,
        "mainEntityOfPage": {"@id": page_id},
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat(),
        "author": _person(article.author),
        "publisher": {"@id": ids["organization"]},
        "about": {"@id": condition_id},
        "articleSection": article.category.name,
    }
    if body["datePublished"] is None:
        del body["datePublished"]
    citations = [
        {
            "@type": "CreativeWork",
            "name": note["text"],
            **({"url": note["url"]} if note["url"] else {}),
        }
        for note in facts.get("citations", [])
    ]
    if citations:
        body["citation"] = citations

    condition = {"@type": "MedicalCondition", "@id": condition_id, "name": condition_name(article)}
    if facts.get("synonyms"):
        condition["alternateName"] = facts["synonyms"]
    for key, prop, schema_type in (
        ("symptoms", "signOrSymptom", "MedicalSignOrSymptom"),
        ("causes", "cause", "MedicalCause"),
        ("treatments", "possibleTreatment", "MedicalTherapy"),
    ):
        parts = _condition_parts(facts, key, schema_type)
        if parts:
            condition[prop] = parts

    graph = [page, body, condition]
    if article.image:
        image_id = url + "#image"
        image = {
            "@type": "ImageObject",
            "@id": image_id,
            "url": absolute(article.image.url),
            "contentUrl": absolute(article.image.url),
        }
        if article.image_caption:
            image["caption"] = article.image_caption
        if article.image_credit:
            image["creditText"] = article.image_credit
        if article.image_alt:
            image["description"] = article.image_alt
        graph.append(image)
        body["image"] = {"@id": image_id}
        page["primaryImageOfPage"] = {"@id": image_id}

    graph.append(
        {
            "@type": "BreadcrumbList",
            "@id": breadcrumb_id,
            "itemListElement": [
                _crumb(1, gettext("Home"), absolute(reverse("articles:home"))),
                _crumb(2, article.category.name, absolute(article.category.get_absolute_url())),
                _crumb(3, article.title, url),
            ],
        }
    )
    graph += website_and_organization()
    return {"@context": SCHEMA, "@graph": graph}


def condition_name(article):
    """The condition an article is about: its title up to a colon ("Magnesiumtekort")."""
    return article.title.split(":", 1)[0].strip() or article.title


def _crumb(position, name, url):
    return {"@type": "ListItem", "position": position, "name": name, "item": url}


def to_script_json(data):
    """JSON for inside <script type="application/ld+json">: nothing in it can end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
