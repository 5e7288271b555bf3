"""Every XSS vector through every write path, checked on the real rendered pages.

The server-side half of the XSS suite: pages are fetched with Django's test client
and parsed with :class:`html.parser.HTMLParser`; nothing runs in a browser here.

Write paths, for each vector in :mod:`tests.security.xss_vectors`:

* visitor comments: text, name, website and a reply's text, posted with the real
  form. A stored comment (whatever its status: spam too) is approved and shown on
  the article page; a refused one is checked on the form page that shows the input
  again;
* the editors' admin: the comment changelist (name, e-mail, excerpt, buttons), the
  message after moderating (it names the visitor) and the comment change form with
  its preview;
* staff content: article title, lead, image alt text, caption and credit, block
  heading and Markdown body (text and notice blocks), list items and sub-items,
  definition terms and texts, FAQ questions and answers, reference citations and
  URLs; on the article page and on the home page.

Each page is checked twice: with a small HTML parser (tags and attributes, entity
decoded) and with independent raw-markup checks. The site's own layout and the admin
legitimately contain scripts, forms and meta tags, so every page is compared with the
same page built from harmless text, and the regions that show the vector are checked
absolutely (nothing dangerous at all; only the sanitiser's allow-list inside
sanitised HTML; no markup at all inside plain-text fields).

Speed: the vectors go through the write paths in chunks of ``CHUNK_SIZE`` that share
an article and its admin pages; the work is done once per module (in a transaction
that is rolled back) and each vector's test reports what was found for it. A failure
in a vector's own region (its comment, changelist row, message, block, list item...)
is reported for that vector; one that no region explains fails the whole chunk.
Per vector, one comment carries the vector as text, name and website; a refused one
is checked on the form page and its accepted fields are posted again. Replies and the
admin change form take the accepted texts packed several to a comment (each signed
with an accepted name), and staff plain-text fields hold a chunk's payloads one per
line, while every Markdown field holds a single payload. Selecting tests with ``-k``
only runs the selected vectors.
"""

import io
import json
import re
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from html import unescape
from html.parser import HTMLParser
from http import HTTPStatus
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Max
from django.template import Template
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image

from articles.models import Article, Block, FaqEntry, ListItem, Reference
from articles.rendering import render_markdown
from comments import services
from comments.models import Comment, Status
from magnesium_site import sanitizer
from search import signals as search_signals
from tests.articles.factories import (
    ArticleFactory,
    BlockFactory,
    FaqEntryFactory,
    ListItemFactory,
    ReferenceFactory,
)
from tests.comments.factories import CommentFactory
from tests.comments.helpers import comment_url, form_data
from tests.security.xss_vectors import SENTINEL, VECTOR_COUNT, VECTORS

CHUNK_SIZE = 20

# --- What counts as dangerous ---------------------------------------------------------

# Elements that must never come from visitor or staff text.
DANGEROUS_TAGS = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math"}
    | {"style", "base", "meta", "form", "link", "noscript", "template", "xmp", "noembed"}
    | {"noframes", "plaintext", "isindex", "title", "portal", "animate", "set", "use"}
)
# Form controls: the site's own forms have them; counted against the harmless page.
FORM_CONTROL_TAGS = frozenset({"input", "textarea", "button", "select", "keygen", "option"})
# Attributes that hold a URL the browser may load or navigate to.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background"}
    | {"codebase", "cite", "longdesc", "dynsrc", "lowsrc", "srcset", "ping", "manifest"}
    | {"icon", "profile", "usemap", "classid", "archive", "to", "from", "values"}
)
DANGEROUS_SCHEMES = frozenset({"javascript", "vbscript", "data", "livescript", "mocha"})
SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# What a visitor's website or a reference URL may be (Django's URLValidator).
VALIDATED_URL_SCHEMES = frozenset({"http", "https", "ftp", "ftps"})
FORBIDDEN_SANITIZER_TAGS = frozenset(
    {"script", "style", "svg", "math", "noscript", "iframe", "object", "embed", "template"}
    | {"textarea", "title", "xmp", "noembed", "noframes", "plaintext", "form", "base", "meta"}
    | {"link", "frame", "frameset", "applet"}
)
LINK_REL = frozenset({"nofollow", "ugc", "noopener"})

_URL_NOISE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


def url_scheme(value):
    """The scheme a browser would see in an attribute value (already entity-decoded)."""
    value = _URL_NOISE.sub("", value or "").strip(_C0_AND_SPACE)
    match = _SCHEME.match(value)
    return match.group(1).lower() if match else None


# --- A small parser: every element with its attributes, ancestors and source span ------

VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta"}
    | {"param", "source", "track", "wbr", "isindex", "frame"}
)


@dataclass(eq=False)
class Element:
    tag: str
    attrs: list
    ancestors: tuple
    start: int
    index: int
    end: int = -1

    def get(self, name, default=None):
        return next((value for key, value in self.attrs if key == name), default)

    @property
    def attribute_names(self):
        return {name for name, _ in self.attrs}

    @property
    def classes(self):
        return set((self.get("class") or "").split())

    @property
    def parent(self):
        return self.ancestors[-1] if self.ancestors else None

    def within(self, other):
        return any(ancestor is other for ancestor in self.ancestors)

    def __repr__(self):
        attrs = " ".join(f"{k}={v!r}" for k, v in self.attrs)
        return f"<{self.tag} {attrs}>"[:300]


class PageParser(HTMLParser):
    """Collects every start tag with its attributes (entity-decoded) and its ancestors."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.html = html
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.elements = []
        self._stack = []
        self.feed(html)
        self.close()
        for element in self._stack:
            element.end = len(html)

    def _offset(self):
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _element(self, tag, attrs):
        element = Element(tag, attrs, tuple(self._stack), self._offset(), len(self.elements))
        self.elements.append(element)
        return element

    def handle_starttag(self, tag, attrs):
        element = self._element(tag, attrs)
        if tag in VOID_TAGS:
            element.end = self.html.find(">", element.start) + 1
        else:
            self._stack.append(element)

    def handle_startendtag(self, tag, attrs):
        element = self._element(tag, attrs)
        element.end = self.html.find(">", element.start) + 1

    def handle_endtag(self, tag):
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index].tag == tag:
                end = self.html.find(">", self._offset()) + 1
                for element in self._stack[index:]:
                    element.end = end
                del self._stack[index:]
                return


class Page:
    def __init__(self, html):
        self.html = html
        self.elements = PageParser(html).elements

    def find(self, tag=None, *, cls=None, id=None, within=None):
        candidates = self.elements if within is None else self.descendants(within)
        return [
            el
            for el in candidates
            if (tag is None or el.tag == tag)
            and (cls is None or cls in el.classes)
            and (id is None or el.get("id") == id)
        ]

    def one(self, tag=None, **kwargs):
        found = self.find(tag, **kwargs)
        assert len(found) == 1, f"expected one <{tag}> {kwargs}, found {len(found)}"
        return found[0]

    def children(self, element, tag=None):
        return [el for el in self.descendants(element) if el.parent is element and el.tag == tag]

    def descendants(self, region):
        found = []
        for element in self.elements[region.index + 1 :]:
            if not element.within(region):
                break
            found.append(element)
        return found

    def source(self, element):
        return self.html[element.start : element.end]


def element_problems(element, dangerous_tags=DANGEROUS_TAGS):
    problems = []
    if element.tag in dangerous_tags:
        problems.append(("tag", element.tag))
    for name, value in element.attrs:
        if name.startswith("on"):
            problems.append(("event", element.tag, name))
        elif name in ("style", "srcdoc"):
            problems.append((name, element.tag))
        elif name in URL_ATTRIBUTES and url_scheme(value) in DANGEROUS_SCHEMES:
            problems.append(("url", element.tag, name, url_scheme(value)))
    return problems


# Raw-markup checks, independent of HTMLParser: find tags with a regex, skip quoted values.
_RAW_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_RAW_ATTR = re.compile(r"""([^\s"'>/=`]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")


def raw_problems(html):
    problems = Counter()
    problems[("raw", "<script")] = html.lower().count("<script")
    for tag_match in _RAW_TAG.finditer(html):
        tag = tag_match.group(1).lower()
        if tag in DANGEROUS_TAGS or tag in FORM_CONTROL_TAGS:
            problems[("raw-tag", tag)] += 1
        for attr in _RAW_ATTR.finditer(tag_match.group(2)):
            name, value = attr.group(1).lower(), (attr.group(2) or "").strip("\"'")
            if name.startswith("on"):
                problems[("raw-event", name)] += 1
            elif name in ("style", "srcdoc"):
                problems[("raw-" + name, tag)] += 1
            elif name in URL_ATTRIBUTES and url_scheme(unescape(value)) in DANGEROUS_SCHEMES:
                problems[("raw-url", name)] += 1
    return +problems


def page_features(page):
    """What a page has that visitor or staff text must never add to it."""
    features = Counter()
    for element in page.elements:
        features.update(element_problems(element, DANGEROUS_TAGS | FORM_CONTROL_TAGS))
    features.update(raw_problems(page.html))
    return +features


# --- Assertions -------------------------------------------------------------------------


def assert_no_more_than_baseline(page, baseline):
    """The page adds nothing dangerous to what the same page has with harmless text."""
    excess = page_features(page) - baseline
    if excess:
        tags = DANGEROUS_TAGS | FORM_CONTROL_TAGS
        bad = [el for el in page.elements if set(element_problems(el, tags)) & set(excess)]
        shown = "\n".join(page.source(el)[:300] for el in bad[:3])
        raise AssertionError(f"the page gained {dict(excess)}\n{shown}")


_STRUCTURED_DATA = re.compile(
    r'<script type="application/ld\+json">(?P<data>[^<]*)</script>', re.IGNORECASE
)


def without_structured_data(html):
    """The page without the site's own JSON-LD: data, never run, and only if it is JSON
    with no "<" in it, so that no text inside it can end the element."""

    def check(match):
        json.loads(match["data"])  # not JSON: a test failure, not a pass
        return ""

    return _STRUCTURED_DATA.sub(check, html)


def assert_public_page_clean(page):
    """The pages visitors see have no scripts, handlers or script URLs of their own
    (the JSON-LD data block apart, which must be JSON without any "<")."""
    html = without_structured_data(page.html)
    assert "<script" not in html.lower(), "<script in a public page"
    for element in Page(html).elements:
        problems = [p for p in element_problems(element) if p[0] != "tag"]
        assert not problems, f"{problems} on {element!r}"
    raw = {k: v for k, v in raw_problems(html).items() if k[0] != "raw-tag"}
    assert not raw, f"raw markup {raw}"


def assert_region_clean(page, region):
    """Nothing dangerous inside a region that shows visitor or staff text."""
    for element in [region, *page.descendants(region)]:
        problems = element_problems(element)
        assert not problems, f"{problems} on {element!r}\n{page.source(element)[:300]}"
    source = page.source(region)
    raw = {
        key: count
        for key, count in raw_problems(source).items()
        if not (key[0] == "raw-tag" and key[1] in FORM_CONTROL_TAGS)
    }
    assert not raw, f"raw markup {raw}\n{source[:500]}"


def assert_plain_text(page, region):
    """A field printed as text: no elements inside the region at all."""
    assert_region_clean(page, region)
    inner = page.descendants(region)
    assert not inner, f"text became markup: {inner[:3]}"


def assert_sanitised(page, region, wrappers=frozenset()):
    """Only the sanitiser's allow-list inside, plus the template's own wrapper elements."""
    assert_region_clean(page, region)
    for element in page.descendants(region):
        if element.tag in wrappers:
            continue
        assert element.tag in sanitizer.ALLOWED_TAGS, f"{element!r} is not on the allow-list"
        allowed = set(sanitizer.ALLOWED_ATTRIBUTES.get(element.tag, []))
        if element.tag == "sup" and "citation" in element.classes:
            allowed |= {"class", "id"}
        extra = element.attribute_names - allowed
        assert not extra, f"attributes {extra} on {element!r}"
        href = element.get("href")
        if element.tag == "a" and href is not None:
            scheme = url_scheme(href)
            assert scheme is None or scheme in SAFE_LINK_SCHEMES, f"link to {href!r}"
            if not href.startswith("#"):
                rel = set((element.get("rel") or "").split())
                assert rel >= LINK_REL, f"link without rel: {element!r}"


def assert_comment_html(page, region):
    """What plain_text_to_html makes of a visitor's text: paragraphs, breaks, safe links."""
    assert_sanitised(page, region)
    for element in page.descendants(region):
        assert element.tag in {"p", "br", "a"}, f"{element!r} in a visitor's text"
        assert element.attribute_names <= {"href", "rel"}, f"{element!r} in a visitor's text"


def assert_only_links(page, region, schemes):
    """Plain text in a region whose template may wrap it in a link with a validated URL."""
    assert_region_clean(page, region)
    for element in page.descendants(region):
        assert element.tag == "a", f"{element!r} where only text or a link belongs"
        scheme = url_scheme(element.get("href"))
        assert scheme is None or scheme in schemes, f"link to {element.get('href')!r}"
        inner = page.descendants(element)
        assert not inner, f"markup inside a link: {inner[:3]}"


def _is_dirty(page, region):
    try:
        assert_region_clean(page, region)
    except AssertionError:
        return True
    return False


class Findings:
    """Per vector: which checks ran, and what they found."""

    def __init__(self):
        self.errors = defaultdict(list)
        self.covered = defaultdict(set)

    def check(self, keys, labels, function, *args):
        """Run one check for the vectors in keys; labels name the write paths it covers."""
        for key in keys:
            self.covered[key].update(labels)
        try:
            function(*args)
        except AssertionError as error:
            for key in keys:
                self.errors[key].append(f"[{', '.join(labels)}] {error}")

    def check_page(self, keys, labels, page, regions, function, *args):
        """A check of a page that shows several vectors, each in its own regions.

        A failure is blamed on the vectors whose regions hold something dangerous; on
        every vector of the page when it came from none of them.
        """
        for key in keys:
            self.covered[key].update(labels)
        try:
            function(*args)
        except AssertionError as error:
            blamed = [k for region, owners in regions if _is_dirty(page, region) for k in owners]
            for key in dict.fromkeys(blamed or keys):
                self.errors[key].append(f"[{', '.join(labels)}] {error}")

    def report(self, key):
        return "\n\n".join(self.errors[key])


def _render_without_instrumentation(self, context):
    return self.nodelist.render(context)  # what Template._render does outside the tests


@contextmanager
def rolled_back(django_db_blocker):
    """Database work in a module fixture, undone afterwards.

    pytest-django creates the test database only for tests marked django_db, so every
    test using these fixtures carries the mark; the check below makes sure of it.
    The test client's copy of every template context (response.context, unused here)
    is switched off: it costs more than rendering the comment form itself.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(COMMENTS_RATE_LIMIT=1_000_000, COMMENTS_PER_PAGE=1_000),
        mock.patch.object(Template, "_render", _render_without_instrumentation),
    ):
        name = str(connection.settings_dict["NAME"])
        assert "memory" in name or "test" in name.rsplit("/", 1)[-1], f"not a test database: {name}"
        with transaction.atomic():
            yield
            transaction.set_rollback(True)


def chunked(items, size=CHUNK_SIZE):
    return [items[i : i + size] for i in range(0, len(items), size)]


def selected_vectors(request, test_name):
    """The vectors whose test is collected for this run (all, unless -k narrows it)."""
    ids = {
        item.callspec.params["vector"].id
        for item in request.session.items
        if getattr(item, "originalname", None) == test_name
        and "vector" in getattr(getattr(item, "callspec", None), "params", {})
    }
    return [vector for vector in VECTORS if vector.id in ids]


# --- The corpus and the allow-list ------------------------------------------------------


def test_corpus_is_large_enough():
    print(f"XSS corpus: {VECTOR_COUNT} vectors")
    assert len(VECTORS) >= 150
    assert sum(SENTINEL in v.payload for v in VECTORS) > len(VECTORS) * 0.8


# What the sanitiser does with each promise of its allow-list, not what the list says.


@pytest.mark.parametrize("tag", sorted(FORBIDDEN_SANITIZER_TAGS))
def test_the_sanitiser_removes_every_forbidden_tag(tag):
    html = sanitizer.clean_html(f'<p>Vooraf</p><{tag} title="x">inhoud</{tag}><p>Achteraf</p>')
    page, region = _region(html)
    assert not page.find(tag), html
    assert_sanitised(page, region)


ATTACKING_ATTRIBUTES = (
    f'onclick="{SENTINEL}" onmouseover="{SENTINEL}" onfocus="{SENTINEL}" style="color:red" '
    'srcdoc="&lt;script&gt;" src="javascript:x" formaction="javascript:x" '
    'background="javascript:x" class="x" id="x"'
)


@pytest.mark.parametrize("tag", sorted(sanitizer.ALLOWED_TAGS))
def test_the_sanitiser_strips_handlers_styles_and_script_urls_from_every_allowed_tag(tag):
    html = sanitizer.clean_html(f"<{tag} {ATTACKING_ATTRIBUTES}>tekst</{tag}>")
    page, region = _region(html)
    for element in page.descendants(region):
        assert not element_problems(element), f"{element!r} from {html}"
        assert not element.attribute_names & {"style", "srcdoc", "class", "id"}, html
    assert "tekst" in html


@pytest.mark.parametrize(
    "source, href",
    [
        ('<a href="https://example.com/">x</a>', "https://example.com/"),
        ('<a href="http://example.com/">x</a>', "http://example.com/"),
        ('<a href="mailto:redactie@example.com">x</a>', "mailto:redactie@example.com"),
        ("Zie https://example.com/pagina voor meer.", "https://example.com/pagina"),
        ('<a href="#note-bron">[1]</a>', "#note-bron"),
        ('<a href="javascript:alert(1)">x</a>', None),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', None),
        ('<a href="java&#09;script:alert(1)">x</a>', None),
        ('<a href="vbscript:msgbox(1)">x</a>', None),
        ('<a href="data:text/html,&lt;script&gt;">x</a>', None),
        ('<a href="ftp://example.com/bestand">x</a>', None),
        ("Zie ftp://example.com/bestand voor meer.", None),
        ("Zie data://example.com/text/html voor meer.", None),
    ],
)
def test_the_sanitiser_keeps_only_web_and_mail_links_each_with_rel(source, href):
    for name, html in (
        ("clean_html", sanitizer.clean_html(source)),
        ("plain_text_to_html", sanitizer.plain_text_to_html(source)),
    ):
        if name == "plain_text_to_html" and source.startswith("<"):
            continue  # a visitor's markup is escaped, never a link
        page, _ = _region(html)
        links = [el for el in page.find("a") if el.get("href") is not None]
        if href is None:
            assert links == [], f"{name}: {html}"
            continue
        assert [link.get("href") for link in links] == [href], f"{name}: {html}"
        rel = set((links[0].get("rel") or "").split())
        assert rel == (set() if href.startswith("#") else LINK_REL), f"{name}: {html}"


def _region(html):
    page = Page(f'<div class="region">{html}</div>')
    return page, page.elements[0]


@pytest.mark.parametrize("vector", VECTORS, ids=str)
def test_sanitiser_output(vector):
    """The sanitiser's own output, without templates: precise and fast."""
    outputs = {
        "clean_html": sanitizer.clean_html(vector.payload),
        "plain_text_to_html": sanitizer.plain_text_to_html(vector.payload),
        "render_markdown": render_markdown(vector.payload, {"bron": 1}, scope="t"),
        "render_markdown inline": render_markdown(vector.payload, inline=True),
    }
    for name, html in outputs.items():
        page, region = _region(html)
        try:
            assert_sanitised(page, region)
            if name == "plain_text_to_html":
                assert_comment_html(page, region)
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}\n{html[:500]}") from None


# --- Comments: the visitor's write paths ----------------------------------------------

COMMENT_PATHS = ("text", "name", "website", "reply")
MAX_TEXT = 5000


@dataclass
class Pack:
    """A reply holding several accepted texts, signed with one accepted name."""

    text_keys: list
    name_key: object
    comment: Comment


@dataclass
class Refused:
    key: str
    paths: list  # the write paths the form refused
    page: Page  # the form page that shows the input again


@dataclass
class CommentChunk:
    article: object
    stored: dict = field(default_factory=dict)  # Comment -> (key, [write paths it carries])
    refused: list = field(default_factory=list)  # [Refused]
    packs: list = field(default_factory=list)  # [Pack]
    pages: dict = field(default_factory=dict)  # name -> HTML

    def stored_paths(self, key):
        return {path for k, paths in self.stored.values() if k == key for path in paths}


def _post(client, article, fields):
    """Post the comment form: (stored comment, None, set()) or (None, refused Page, fields)."""
    last = Comment.objects.aggregate(last=Max("pk"))["last"] or 0
    response = client.post(comment_url(article), form_data(article, **fields))
    new = list(Comment.objects.filter(pk__gt=last))
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.BAD_REQUEST), response
    if response.status_code == HTTPStatus.FOUND:
        assert len(new) == 1, f"accepted, but {len(new)} comments were stored"
        return new[0], None, set()
    assert not new, "refused, but stored anyway"
    page = Page(response.content.decode())
    errors = {el.get("name") for el in page.elements if "is-invalid" in el.classes}
    return None, page, errors


def _fields(number, values, parent=None):
    fields = {"email": f"bezoeker-{number}@example.com", "text": f"Reactie {number}."}
    fields.update(values)
    if parent is not None:
        fields["parent"] = parent.pk
    return fields


def _packs(texts):
    """Group (key, text) pairs into comment texts within the length limit."""
    packs, current, length = [], [], 0
    for key, text in texts:
        if current and length + len(text) + 2 > MAX_TEXT:
            packs.append(current)
            current, length = [], 0
        current.append((key, text))
        length += len(text) + 2
    return [*packs, current] if current else packs


def run_comment_chunk(entries, visitor, editor_client, editor, change_forms=None):
    """entries: (key, {path: value}). Post, approve, and fetch every page that shows them.

    Per vector, one comment with the vector as text, name and website; if the form
    refuses it, its page (showing all three again) is kept and the fields it accepted are
    posted again without the refused ones. Replies hold the chunk's accepted texts, packed
    into as few comments as the length limit allows, each signed with an accepted name:
    every text goes through the reply path and reaches the admin change form and its
    preview without a page per vector. A text the form refuses is also posted as a reply
    on its own, to see the refused reply form.
    """
    article = ArticleFactory()
    parent = CommentFactory(article=article, status=Status.APPROVED, name="Eerste Bezoeker")
    chunk = CommentChunk(article)
    own_paths = ("text", "name", "website")
    for number, (key, values) in enumerate(entries):
        fields = _fields(number, {path: values[path] for path in own_paths})
        comment, page, errors = _post(visitor, article, fields)
        if comment is not None:
            chunk.stored[comment] = (key, list(own_paths))
            continue
        chunk.refused.append(Refused(key, [p for p in own_paths if p in errors], page))
        accepted = [path for path in own_paths if path not in errors]
        if "text" not in accepted:
            fields = _fields(number, {"text": values["reply"]}, parent)
            comment, page, _ = _post(visitor, article, fields)
            assert comment is None, "a reply with a refused text was accepted"
            chunk.refused.append(Refused(key, ["reply"], page))
        if accepted:
            fields = _fields(number + 1000, {path: values[path] for path in accepted})
            comment, _, errors = _post(visitor, article, fields)
            assert comment is not None, f"accepted fields refused on their own: {errors}"
            chunk.stored[comment] = (key, accepted)

    texts = [(key, values["reply"]) for key, values in entries if "text" in chunk.stored_paths(key)]
    names = [(key, values["name"]) for key, values in entries if "name" in chunk.stored_paths(key)]
    for number, pack in enumerate(_packs(texts)):
        text = "\n\n".join(text for _, text in pack)
        fields = _fields(2000 + number, {"text": text}, parent)
        name_key = None
        if names:
            name_key, fields["name"] = names[number % len(names)]
        comment, _, errors = _post(visitor, article, fields)
        assert comment is not None, f"a pack of accepted texts and name was refused: {errors}"
        chunk.packs.append(Pack([key for key, _ in pack], name_key, comment))

    def get(client, url, **params):
        cache.clear()  # the page cache must not answer with a page from an earlier chunk
        response = client.get(url, params)
        assert response.status_code == HTTPStatus.OK, url
        return response.content.decode()

    changelist = reverse("admin:comments_comment_changelist")
    # The moderation queue as editors open it (pending comments), before approving.
    chunk.pages["queue"] = get(editor_client, changelist, article__id__exact=article.pk)
    comments = [*chunk.stored, *(pack.comment for pack in chunk.packs)]
    pks = [comment.pk for comment in comments]
    services.moderate(Comment.objects.filter(pk__in=pks), Status.APPROVED, editor)
    for comment, (_, paths) in chunk.stored.items():
        if "name" in paths:  # the admin's moderation message names the visitor
            url = reverse("admin:comments_comment_moderate", args=[comment.pk, "approved"])
            assert editor_client.post(url).status_code == HTTPStatus.FOUND

    chunk.pages["article"] = get(visitor, article.get_absolute_url())
    # Every comment of the article, now approved, with the moderation messages.
    chunk.pages["changelist"] = get(
        editor_client, changelist, status="all", article__id__exact=article.pk
    )
    # Every pack's change form; few vectors are valid URLs: each of those gets its own.
    shown = [pack.comment for pack in chunk.packs][:change_forms]
    shown += [c for c, (_, paths) in chunk.stored.items() if "website" in paths][:change_forms]
    for comment in shown:
        url = reverse("admin:comments_comment_change", args=[comment.pk])
        chunk.pages[f"change-{comment.pk}"] = get(editor_client, url)
    return chunk


def _check_refused_page(page, baseline):
    assert_no_more_than_baseline(page, baseline)
    assert_public_page_clean(page)
    for field_name in ("name", "website", "text"):
        assert_region_clean(page, page.one("div", id=f"div_id_{field_name}"))


def _check_comment_on_page(page, comment):
    region = page.one("article", id=f"reactie-{comment.pk}")
    assert_region_clean(page, region)
    name_line = page.one("p", id=f"reactie-{comment.pk}-kop")
    assert_only_links(page, name_line, VALIDATED_URL_SCHEMES)
    assert_comment_html(page, page.one("div", cls="comment-text", within=region))


def _changelist_row(page, comment):
    boxes = [el for el in page.find("input") if el.get("value") == str(comment.pk)]
    boxes = [el for el in boxes if el.get("name") == "_selected_action"]
    assert len(boxes) == 1, f"comment {comment.pk} is not in the changelist"
    return next(el for el in reversed(boxes[0].ancestors) if el.tag == "tr")


def _check_changelist_row(page, comment):
    row = _changelist_row(page, comment)
    assert_region_clean(page, row)
    for cell in page.descendants(row):
        if cell.classes & {"field-name", "field-email", "field-article"}:
            assert_only_links(page, cell, set())
        elif "field-excerpt" in cell.classes:
            assert_excerpt_cell(page, cell)


# The queue's text cell (CommentAdmin.excerpt): the text in a <p>, or cut in a <details>
# with the whole text below its <summary>, then the "Openen" link to the change page.
EXCERPT_SHAPES = (["p", "a"], ["details", "summary", "p", "a"])


def assert_excerpt_cell(page, cell):
    """The comment text is only text inside the admin's own markup, which it never adds to."""
    assert_region_clean(page, cell)
    tags = [element.tag for element in page.descendants(cell)]
    assert tags in EXCERPT_SHAPES, f"{tags} in the text cell, not one of {EXCERPT_SHAPES}"
    link = next(element for element in page.descendants(cell) if element.tag == "a")
    assert url_scheme(link.get("href")) is None, f"link to {link.get('href')!r}"


def _check_messages(page, message_lists, count):
    assert len(message_lists) == 1, "no messages after moderating"
    assert_region_clean(page, message_lists[0])
    assert [el.tag for el in page.descendants(message_lists[0])] == ["li"] * count


def _check_change_form(page, baseline):
    assert_no_more_than_baseline(page, baseline)
    for field_name in ("name", "email", "website", "text", "preview"):
        assert_region_clean(page, page.one("div", cls=f"field-{field_name}"))
    assert_comment_html(page, page.one("div", cls="comment-preview"))
    for region in page.find("div", cls="breadcrumbs") + page.find("h2"):
        assert_region_clean(page, region)


def _comment_regions(chunk, page, find, only=None):
    """(region, keys) for every comment of the chunk (or of those in only) on the page."""
    owners = [(comment, [key]) for comment, (key, _) in chunk.stored.items()]
    owners += [
        (p.comment, [*p.text_keys, *([p.name_key] if p.name_key else [])]) for p in chunk.packs
    ]
    regions = []
    for comment, keys in owners:
        if only is not None and comment not in only:
            continue
        try:
            regions.append((find(comment), keys))
        except AssertionError:
            continue  # reported by the comment's own check
    return regions


def check_comment_chunk(chunk, findings, baselines):
    check = findings.check
    keys = list(
        dict.fromkeys([r.key for r in chunk.refused] + [k for k, _ in chunk.stored.values()])
    )
    for refused in chunk.refused:
        labels = [f"{path}: refused form" for path in refused.paths]
        check([refused.key], labels, _check_refused_page, refused.page, baselines["refused"])

    page = Page(chunk.pages["article"])
    regions = _comment_regions(
        chunk, page, lambda comment: page.one("article", id=f"reactie-{comment.pk}")
    )
    page_check = partial(findings.check_page, keys, ["article page"], page, regions)
    page_check(assert_no_more_than_baseline, page, baselines["article"])
    page_check(assert_public_page_clean, page)
    page_check(assert_region_clean, page, page.one("ol", cls="comment-list"))
    for comment, (key, paths) in chunk.stored.items():
        labels = [f"{path}: article page" for path in paths]
        check([key], labels, _check_comment_on_page, page, comment)
    for pack in chunk.packs:
        check(pack.text_keys, ["reply: article page"], _check_comment_on_page, page, pack.comment)
        if pack.name_key:
            labels = ["name: article page (reply)"]
            check([pack.name_key], labels, _check_comment_on_page, page, pack.comment)

    page = Page(chunk.pages["queue"])
    pending = [
        c for c in [*chunk.stored, *(p.comment for p in chunk.packs)] if c.status == "pending"
    ]
    regions = _comment_regions(chunk, page, lambda c: _changelist_row(page, c), pending)
    page_check = partial(findings.check_page, keys, ["moderation queue"], page, regions)
    page_check(assert_no_more_than_baseline, page, baselines["queue"])
    for comment, (key, paths) in chunk.stored.items():
        if comment in pending:
            labels = [f"{path}: moderation queue" for path in paths]
            check([key], labels, _check_changelist_row, page, comment)
    for pack in chunk.packs:
        if pack.comment in pending:
            labels = ["reply: moderation queue"]
            check(pack.text_keys, labels, _check_changelist_row, page, pack.comment)

    page = Page(chunk.pages["changelist"])
    regions = _comment_regions(chunk, page, lambda comment: _changelist_row(page, comment))
    # One message per moderated name, in the order the names were moderated.
    named = [key for key, paths in chunk.stored.values() if "name" in paths]
    message_lists = page.find("ul", cls="messagelist")
    messages = page.children(message_lists[0], "li") if len(message_lists) == 1 else []
    message_regions = list(zip(messages, [[key] for key in named], strict=False))
    regions += message_regions
    page_check = partial(findings.check_page, keys, ["changelist"], page, regions)
    page_check(assert_no_more_than_baseline, page, baselines["changelist"])
    for comment, (key, paths) in chunk.stored.items():
        labels = [f"{path}: changelist" for path in paths]
        check([key], labels, _check_changelist_row, page, comment)
    for pack in chunk.packs:
        check(pack.text_keys, ["reply: changelist"], _check_changelist_row, page, pack.comment)
    if named:
        labels = ["name: moderation message"]
        page_check = partial(findings.check_page, named, labels, page, message_regions)
        page_check(_check_messages, page, message_lists, len(named))
        for message, (key,) in message_regions:
            check([key], labels, assert_plain_text, page, message)

    for comment, (key, paths) in chunk.stored.items():
        if "website" in paths:
            page = Page(chunk.pages[f"change-{comment.pk}"])
            labels = [f"{path}: change form" for path in paths]
            check([key], labels, _check_change_form, page, baselines["change"])
    for pack in chunk.packs:
        page = Page(chunk.pages[f"change-{pack.comment.pk}"])
        labels = ["text: change form and preview", "reply: change form and preview"]
        check(pack.text_keys, labels, _check_change_form, page, baselines["change"])
        if pack.name_key:
            labels = ["name: change form"]
            check([pack.name_key], labels, _check_change_form, page, baselines["change"])


def _editor():
    editor = get_user_model().objects.create_superuser(
        "hoofdredacteur", "hoofdredacteur@example.com", "lang-genoeg-wachtwoord"
    )
    client = Client()
    client.force_login(editor)
    return editor, client


def _harmless(number):
    # Replies longer than half the limit: one pack each, the most a chunk can have, so
    # the harmless changelist has at least as many rows (checkbox, button) as any chunk.
    filler = " Magnesium zit in noten, zaden en groene groenten." * 52
    return {
        "text": f"Gewone reactie {number} over magnesium, zie https://example.com/{number}.",
        "name": f"Gewone Naam {number}",
        "website": f"https://example.com/site/{number}",
        "reply": f"Gewoon antwoord {number}.{filler}\n\nMet een tweede alinea.",
    }


@pytest.fixture(scope="module")
def baselines(django_db_setup, django_db_blocker):
    """Features of every checked page built from harmless text, rolled back afterwards."""
    pages = {}
    with rolled_back(django_db_blocker):
        editor, editor_client = _editor()
        entries = [(f"harmless-{n}", _harmless(n)) for n in range(CHUNK_SIZE)]
        chunk = run_comment_chunk(entries, Client(), editor_client, editor, change_forms=1)
        assert not chunk.refused, "harmless comments must all be accepted"
        assert len(chunk.packs) == CHUNK_SIZE
        pages["article"] = chunk.pages["article"]
        pages["changelist"] = chunk.pages["changelist"]
        pages["queue"] = chunk.pages["queue"]
        pages["change"] = chunk.pages[f"change-{chunk.packs[0].comment.pk}"]
        website_change = chunk.pages[f"change-{next(iter(chunk.stored)).pk}"]
        assert page_features(Page(website_change)) == page_features(Page(pages["change"]))
        response = Client().post(
            comment_url(chunk.article), form_data(chunk.article, text="x" * (MAX_TEXT + 1))
        )
        assert response.status_code == HTTPStatus.BAD_REQUEST
        pages["refused"] = response.content.decode()
        staff_entries = [(f"harmless-{n}", f"Gewone *tekst* {n}.") for n in range(CHUNK_SIZE)]
        staff = run_staff_chunk(staff_entries)
        pages["staff-article"] = staff.pages["article"]
        pages["home"] = staff.pages["home"]
    return {name: page_features(Page(html)) for name, html in pages.items()}


@pytest.fixture(scope="module")
def comment_findings(request, django_db_setup, django_db_blocker, baselines):
    findings = Findings()
    vectors = selected_vectors(request, "test_comment_write_paths")
    with rolled_back(django_db_blocker):
        editor, editor_client = _editor()
        for vectors_in_chunk in chunked(vectors):
            entries = [(v.id, dict.fromkeys(COMMENT_PATHS, v.payload)) for v in vectors_in_chunk]
            with transaction.atomic():
                chunk = run_comment_chunk(entries, Client(), editor_client, editor)
                check_comment_chunk(chunk, findings, baselines)
                transaction.set_rollback(True)
    return findings


@pytest.mark.django_db
@pytest.mark.parametrize("vector", VECTORS, ids=str)
def test_comment_write_paths(vector, comment_findings):
    covered = comment_findings.covered[vector.id]
    for path in COMMENT_PATHS:
        assert any(label.startswith(f"{path}:") for label in covered), f"{path} never checked"
    if "text: article page" in covered:
        expected = {"text: changelist", "text: change form and preview"}
        expected |= {"reply: article page", "reply: changelist", "reply: change form and preview"}
        assert expected <= covered
    if "name: article page" in covered:
        assert {"name: changelist", "name: moderation message"} <= covered
    if "website: article page" in covered:
        assert {"website: changelist", "website: change form"} <= covered
    assert not comment_findings.errors[vector.id], comment_findings.report(vector.id)


# --- Staff content: Markdown and plain fields ------------------------------------------


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


def _valid_url_or_blank(value):
    try:
        return Reference._meta.get_field("url").clean(value, None)
    except ValidationError:
        return ""


@dataclass
class StaffChunk:
    article: object
    faq_entries: dict = field(default_factory=dict)  # key -> FaqEntry
    pages: dict = field(default_factory=dict)


def _fit(model, field, value):
    """A value cut to the column's length: PostgreSQL refuses longer ones, SQLite does not."""
    return value[: model._meta.get_field(field).max_length]


def run_staff_chunk(entries):
    """entries: (key, payload). One article with each payload in every field staff write.

    Plain-text fields hold the chunk's payloads one per line; every Markdown field holds
    one payload, so Markdown in one vector cannot swallow the next. Saving renders the
    Markdown, as the admin does.
    """
    # The admin's forms refuse NUL and PostgreSQL cannot store it; the sanitiser's own
    # handling of NUL is tested directly above.
    entries = [(key, payload.replace("\x00", "")) for key, payload in entries]
    joined = "\n".join(payload for _, payload in entries)
    article = ArticleFactory(
        title=_fit(Article, "title", joined),
        lead=joined,
        image=SimpleUploadedFile("mg.png", PNG, content_type="image/png"),
        image_alt=_fit(Article, "image_alt", joined),
        image_caption=_fit(Article, "image_caption", joined),
        image_credit=_fit(Article, "image_credit", joined),
    )
    chunk = StaffChunk(article)
    _write_staff_rows(article, entries, chunk)

    client = Client()
    for name, url in (("article", article.get_absolute_url()), ("home", reverse("articles:home"))):
        cache.clear()  # the page cache must not answer with a page from an earlier chunk
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        chunk.pages[name] = response.content.decode()
    return chunk


@search_signals.batch()
def _write_staff_rows(article, entries, chunk):
    """Every row through its save() (the Markdown and sanitiser path), the article
    indexed for search once at the end rather than after each of its 120-odd rows."""
    ReferenceFactory(article=article, position=0, key="bron", url="https://example.com/")
    bullets = BlockFactory(
        article=article, kind=Block.Kind.LIST, position=10_000, heading="Lijst", body=""
    )
    definitions = BlockFactory(
        article=article,
        kind=Block.Kind.LIST,
        list_style=Block.ListStyle.DEFINITION,
        position=10_001,
        heading="Begrippen",
        body="",
    )
    faq = BlockFactory(
        article=article, kind=Block.Kind.FAQ, position=10_002, heading="Vragen", body=""
    )
    for n, (key, payload) in enumerate(entries, start=1):
        ReferenceFactory(
            article=article,
            position=n,
            key=f"bron-{n}",
            citation=_fit(Reference, "citation", payload),
            url=_fit(Reference, "url", _valid_url_or_blank(payload)),
        )
        BlockFactory(
            article=article, position=2 * n, heading=_fit(Block, "heading", payload), body=payload
        )
        BlockFactory(
            article=article, kind=Block.Kind.NOTICE, position=2 * n + 1, heading="", body=payload
        )
        ListItemFactory(block=bullets, position=2 * n, text=payload)
        ListItemFactory(block=bullets, position=2 * n + 1, text=payload, is_subitem=True)
        ListItemFactory(
            block=definitions, position=n, term=_fit(ListItem, "term", payload), text=payload
        )
        chunk.faq_entries[key] = FaqEntryFactory(
            block=faq, position=n, question=_fit(FaqEntry, "question", payload), answer=payload
        )
    BlockFactory(article=article, position=1, heading="Bronnen", body="Zie de bron.[^bron]")


BLOCK_WRAPPERS = frozenset({"section", "aside", "h2", "h3", "dl", "dt", "dd", "details"})
BLOCK_WRAPPERS |= {"summary", "div"}


def _blocks(page):
    return [
        el
        for el in page.elements
        if (el.tag == "section" and "block" in el.classes)
        or (el.tag == "aside" and "notice" in el.classes)
    ]


def _check_staff_page(page, baseline):
    assert_no_more_than_baseline(page, baseline)
    assert_public_page_clean(page)
    assert_region_clean(page, page.one("article", cls="article"))
    for region in (
        page.one("h1", id="article-title"),
        page.one("p", cls="lead"),
        page.one("figcaption"),
        page.one("li", cls="active"),
    ):
        assert_plain_text(page, region)
    for link in page.find("a", within=page.one("nav", cls="toc")):
        assert_plain_text(page, link)
        assert link.get("href", "").startswith("#")


def _check_block(page, block):
    assert_sanitised(page, block, BLOCK_WRAPPERS)
    for heading in page.find(within=block):
        if heading.tag in {"h2", "h3"} and heading.parent is block:
            assert_plain_text(page, heading)


def _check_faq_entry(page, details):
    assert_region_clean(page, details)
    assert_plain_text(page, page.one("summary", within=details))
    assert_sanitised(page, page.one("div", cls="faq-answer", within=details))


def _check_reference(page, note):
    assert_only_links(page, note, VALIDATED_URL_SCHEMES)


def _check_home(page, baseline, article):
    assert_no_more_than_baseline(page, baseline)
    assert_public_page_clean(page)
    cards = [
        card
        for card in page.find("article", cls="article-card")
        if any(a.get("href") == article.get_absolute_url() for a in page.find("a", within=card))
    ]
    assert len(cards) == 1, "the article is not on the home page"
    assert_region_clean(page, cards[0])
    for text in page.find(within=cards[0]):
        if "card-title" in text.classes:
            assert_only_links(page, text, set())
        elif "card-text" in text.classes and "small" not in text.classes:
            assert_plain_text(page, text)


def _staff_regions(page, chunk, keys):
    """Per vector, the parts of the article page that show only that vector."""
    blocks = _blocks(page)
    # In page order: the citation block, then per vector a text and a notice block, then
    # the bullet list, definition list and FAQ blocks.
    expected = 1 + 2 * len(keys) + 3
    assert len(blocks) == expected, f"expected {expected} blocks, found {len(blocks)}"
    bullets, definitions, faq = blocks[-3:]
    items = [li for li in page.find("li", within=bullets) if li.parent.parent is bullets]
    terms = page.find("dt", within=definitions)
    texts = page.find("dd", within=definitions)
    assert len(items) == len(terms) == len(texts) == len(keys), "list items are missing"
    regions = {}
    for n, key in enumerate(keys):
        regions[key] = {
            "block": blocks[1 + 2 * n],
            "notice": blocks[2 + 2 * n],
            "item": items[n],
            "term": terms[n],
            "text": texts[n],
            "faq": page.one("details", id=f"vraag-{chunk.faq_entries[key].pk}"),
            "reference": page.one("li", id=f"note-bron-{n + 1}"),
        }
    return regions, (bullets, definitions, faq)


def check_staff_chunk(chunk, entries, findings, baselines):
    keys = [key for key, _ in entries]
    page = Page(chunk.pages["article"])
    try:
        per_key, list_blocks = _staff_regions(page, chunk, keys)
    except AssertionError as error:
        for key in keys:
            findings.errors[key].append(f"[article structure] {error}")
        return
    regions = [(region, [key]) for key, parts in per_key.items() for region in parts.values()]
    label = "title, lead, image text, breadcrumb, contents"
    findings.check_page(
        keys, [label], page, regions, _check_staff_page, page, baselines["staff-article"]
    )
    for key, parts in per_key.items():
        check = partial(findings.check, [key])
        check(["block heading and body"], _check_block, page, parts["block"])
        check(["notice body"], _check_block, page, parts["notice"])
        check(["list item and sub-item"], assert_sanitised, page, parts["item"], {"ul", "li"})
        check(["definition term"], assert_plain_text, page, parts["term"])
        check(["definition text"], assert_sanitised, page, parts["text"])
        check(["FAQ question and answer"], _check_faq_entry, page, parts["faq"])
        check(["reference"], _check_reference, page, parts["reference"])
    for block in list_blocks:
        findings.check_page(keys, ["list and FAQ blocks"], page, regions, _check_block, page, block)

    page = Page(chunk.pages["home"])
    findings.check(keys, ["home page"], _check_home, page, baselines["home"], chunk.article)


@pytest.fixture(scope="module")
def staff_findings(request, django_db_setup, django_db_blocker, baselines):
    findings = Findings()
    vectors = selected_vectors(request, "test_staff_write_paths")
    with rolled_back(django_db_blocker):
        for vectors_in_chunk in chunked(vectors):
            entries = [(v.id, v.payload) for v in vectors_in_chunk]
            with transaction.atomic():
                chunk = run_staff_chunk(entries)
                check_staff_chunk(chunk, entries, findings, baselines)
                transaction.set_rollback(True)
    return findings


STAFF_CHECKS = {
    "title, lead, image text, breadcrumb, contents",
    "block heading and body",
    "notice body",
    "list item and sub-item",
    "definition term",
    "definition text",
    "FAQ question and answer",
    "reference",
    "home page",
}


@pytest.mark.django_db
@pytest.mark.parametrize("vector", VECTORS, ids=str)
def test_staff_write_paths(vector, staff_findings):
    missing = STAFF_CHECKS - staff_findings.covered[vector.id]
    assert not missing, f"never checked: {missing}\n{staff_findings.report(vector.id)}"
    assert not staff_findings.errors[vector.id], staff_findings.report(vector.id)


# --- Citations are linked after sanitising, in text only -------------------------------


def test_citation_markers_are_not_replaced_inside_attributes():
    html = render_markdown('[bron](https://example.com/ "Zie [^bron]")', {"bron": 1}, scope="t")
    page, _ = _region(html)
    for element in page.elements:
        for name, value in element.attrs:
            assert "<" not in (value or ""), f"markup injected into {name}={value!r}"
        assert element.attribute_names <= {"class", "href", "title", "rel", "id"}
