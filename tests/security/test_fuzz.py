"""Property-based fuzzing of every public form and URL (hypothesis).

Arbitrary unicode (control characters and NUL included, surrogates excluded: they
cannot be encoded in a request), very long strings and malformed form data go into:

* the comment form (``comments:post``): every field mutated, missing, repeated,
  uploaded as a file, of the wrong type or huge; unknown extra fields (mass
  assignment of ``status``, ``article`` ...); bad ``rendered_at`` tokens; all of it
  on an open, a closed, a draft and a missing article, in Dutch and under ``/en/``;
* the article page with random slugs and random ``reacties`` / ``antwoord`` /
  other query parameters;
* the home page and category pages with random ``page`` parameters;
* random paths under ``/artikelen/`` (text and raw bytes, percent-encoded).

What must hold for every example:

* the status is 2xx, 3xx or 4xx, never 5xx (an exception counts as a 500);
* a 4xx HTML page is a page of the site in the language of the URL
  (``<html lang="nl">``, or ``lang="en"`` under ``/en/``), not a blank or bare page;
* a refused comment leaves nothing behind; a 302 stores exactly one comment, not
  approved, whose name and text hold no NUL or other control character.

Hypothesis runs every example of a test inside the one database transaction of the
test, so each example first removes the comments the previous one stored.

Examples per test (``max_examples``) are in :data:`EXAMPLES`; the explicit
``@example`` inputs come on top of them. Failing examples are reported as found, not
shrunk (that would take minutes per test); the failing inputs found so far are
pinned, minimal, as plain regression tests at the end of the file.
"""

import re
import time
from html import unescape
from http import HTTPStatus
from urllib.parse import parse_qs, quote, urlencode, urljoin, urlsplit

import pytest
from django.conf import settings as django_settings
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import MULTIPART_CONTENT
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, Phase, event, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.models import Article
from comments import spam
from comments.models import Comment, Status
from comments.spam import sign_render_time
from tests.articles.factories import (
    ArticleFactory,
    BlockFactory,
    CategoryFactory,
    FaqEntryFactory,
    ListItemFactory,
    ReferenceFactory,
)
from tests.comments.factories import CommentFactory
from tests.comments.helpers import form_data

pytestmark = pytest.mark.django_db

EXAMPLES = {
    "comment_post": 300,
    "article_page": 250,
    "list_pages": 200,
    "random_paths": 250,
}
TOTAL_EXAMPLES = sum(EXAMPLES.values())


def fuzz_settings(name):
    return hypothesis_settings(
        max_examples=EXAMPLES[name],
        deadline=None,
        database=None,  # no .hypothesis directory in the repository
        # No shrinking: shrinking a request-per-example test costs a minute or more, and
        # the minimal inputs found so far are pinned as regression tests at the end.
        phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target],
        report_multiple_bugs=False,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# --- Strategies ------------------------------------------------------------------------

# Every unicode category except surrogates (Cs), which no request can carry.
ANY_CHAR = st.characters(codec="utf-8")
CONTROL_CHAR = st.sampled_from([chr(c) for c in range(0xA0) if not chr(c).isprintable()])
junk_text = st.text(alphabet=st.one_of(ANY_CHAR, CONTROL_CHAR), max_size=60)


def _repeat(pair):
    unit, length = pair
    return (unit * (length // len(unit) + 1))[:length]


# Long strings, up to ~20,000 characters, cheap to generate.
long_text = st.tuples(
    st.text(alphabet=st.one_of(ANY_CHAR, CONTROL_CHAR), min_size=1, max_size=12),
    st.integers(min_value=80, max_value=20_000),
).map(_repeat)

SPECIAL_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "\u200b",
    "\ufeff",
    "²",
    "١٢",
    "½",
    "-1",
    "0",
    "1e3",
    "NaN",
    "inf",
    "9" * 20,
    "9" * 5000,
    "null",
    "[]",
    "{}",
    "true",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    "javascript:alert(1)",
    "http://",
    "https://evil.example/" + "a" * 300,
    "user@localhost",
    "@",
]
special = st.sampled_from(SPECIAL_VALUES)

MISSING = object()
UPLOAD = object()

# Strings that look like numbers to someone: unicode digits (Nd: int() takes them),
# other numerals (No: "²", "½"; str.isdigit() is True for some), signs, huge numbers.
NOT_DECIMAL_DIGITS = [c for c in map(chr, range(0x3000)) if c.isdigit() and not c.isdecimal()]
numberish = st.one_of(
    st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=6),
    st.text(alphabet=st.sampled_from([*"0123456789", *NOT_DECIMAL_DIGITS]), min_size=1, max_size=4),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=19, max_value=6000).map(lambda n: "9" * n),
    st.tuples(st.sampled_from(["", " ", "+", "-", "0", "\t"]), st.integers(0, 99)).map(
        lambda t: f"{t[0]}{t[1]}"
    ),
)

scalar_value = st.one_of(
    junk_text,
    special,
    numberish,
    long_text,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.booleans().map(str),
)
field_value = st.one_of(
    scalar_value,
    scalar_value,
    scalar_value,
    st.just(MISSING),
    st.just(UPLOAD),
    st.lists(scalar_value, min_size=0, max_size=3),
)

FORM_FIELDS = [
    "name",
    "email",
    "website",
    "text",
    "privacy",
    "homepage",
    "rendered_at",
    "parent",
    "notify_on_approval",
    "notify_on_reply",
]
# Fields of the model that the form must never let a visitor set.
MASS_ASSIGNMENT = [
    "status",
    "article",
    "article_id",
    "parent_id",
    "content_hash",
    "text_html",
    "ip_address",
    "user_agent",
    "spam_reasons",
    "moderated_by",
    "moderated_at",
    "approval_notified_at",
    "reply_notified_at",
    "id",
    "pk",
    "csrfmiddlewaretoken",
    "submit",
]
extra_field_name = st.one_of(
    st.sampled_from(MASS_ASSIGNMENT),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters='"\r\n'), min_size=1)
    .filter(lambda name: name not in FORM_FIELDS)
    .map(lambda name: name[:40]),
)

# Kinds of rendered_at token, built at request time (they depend on the clock).
TOKEN_KINDS = [
    "valid",
    "too-fast",
    "expired",
    "future",
    "other-article",
    "wrong-salt",
    "tampered-value",
    "tampered-signature",
    "signed-junk",
    "signed-huge",
    "signed-negative",
    "unsigned-timestamp",
]
rendered_at_value = st.one_of(st.just("valid"), st.sampled_from(TOKEN_KINDS), field_value)

# Mostly-valid submissions whose free text is junk: these get stored, and must be clean.
junk_or_long = st.one_of(junk_text, junk_text, long_text.map(lambda s: s[:5000]))
plausible_mutations = st.fixed_dictionaries(
    {"text": junk_or_long},
    optional={
        "name": junk_text.map(lambda s: s[:80]),
        "website": st.one_of(st.just(""), st.just("example.com"), junk_text),
        "email": st.one_of(st.just("x@example.com"), junk_text),
        "notify_on_approval": st.sampled_from(["on", "", "0", "false", "ja"]),
        "homepage": st.one_of(st.just(""), junk_text),
    },
)

SLUGISH = st.one_of(
    st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True),
    st.text(alphabet=ANY_CHAR, min_size=1, max_size=40),
)
LANGUAGE = st.sampled_from(["nl", "en"])
HEADER_TEXT = st.text(
    # What a server passes on in a header: visible Latin-1, space, tab and obs-text.
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
    max_size=600,
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


# --- Fixtures and helpers ----------------------------------------------------------------


@pytest.fixture
def site(db):
    """Published, closed and draft articles with some content and comments."""
    category = CategoryFactory(slug="voeding")
    article = ArticleFactory(slug="magnesium", category=category)
    ReferenceFactory(article=article, key="bron")
    BlockFactory(article=article, body="Tekst met een bron.[^bron]")
    ListItemFactory(block__article=article, text="Item")
    FaqEntryFactory(block__article=article, question="Vraag?", answer="Antwoord.")
    approved = CommentFactory(article=article, status=Status.APPROVED, text="Goedgekeurd")
    CommentFactory(article=article, parent=approved, status=Status.APPROVED, text="Antwoord")
    pending = CommentFactory(article=article, text="Wacht nog")
    closed = ArticleFactory(slug="gesloten", category=category, comments_open=False)
    draft = ArticleFactory(slug="concept", category=category, draft=True)
    return {
        "article": article,
        "closed": closed,
        "draft": draft,
        "category": category,
        "approved": approved,
        "pending": pending,
        "baseline_comments": set(Comment.objects.values_list("pk", flat=True)),
    }


def prefixed(lang, path):
    return path if lang == "nl" else f"/{lang}{path}"


def url(lang, name, **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def check_response(response, lang, what, *, has_body=True):
    """Never a server error; a refusal is an HTML page of the site in the right language."""
    status = response.status_code
    assert 200 <= status < 500, f"{what}: {status}"
    content_type = response.get("Content-Type", "")
    if has_body and 400 <= status < 500 and content_type.startswith("text/html"):
        html = response.content.decode("utf-8", "replace")
        assert f'<html lang="{lang}">' in html, (
            f"{what}: {status} page without <html lang={lang!r}>: {html[:200]!r}"
        )


class OldTimestampSigner(signing.TimestampSigner):
    """Signs as if it were three days ago: a form left open far too long."""

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 3 * 24 * 3600)


def make_token(kind, article_id):
    now = int(time.time())
    salt = f"{spam._SIGNER_SALT}:{article_id}"
    signer = signing.TimestampSigner(salt=salt)
    good = sign_render_time(now - 30, article_id)
    return {
        "valid": good,
        "too-fast": sign_render_time(now, article_id),
        "expired": OldTimestampSigner(salt=salt).sign(str(now - 3 * 24 * 3600)),
        "future": sign_render_time(now + 3600, article_id),
        "other-article": sign_render_time(now - 30, article_id + 1),
        "wrong-salt": signing.TimestampSigner(salt="other").sign(str(now - 30)),
        "tampered-value": str(now - 60) + good[good.index(":") :],
        "tampered-signature": good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB"),
        "signed-junk": signer.sign("²"),
        "signed-huge": signer.sign("9" * 5000),
        "signed-negative": signer.sign(str(-(10**20))),
        "unsigned-timestamp": str(now - 30),
    }[kind]


def encode_value(value):
    """A generated value as the test client sends it (``MISSING`` is dropped by the caller)."""
    if value is UPLOAD:
        return SimpleUploadedFile("x.txt", b"\x00\xff binary", content_type="text/plain")
    return value


def build_post(mutations, extra, token_kind, article):
    data = form_data(article)
    for field, value in mutations.items():
        if value is MISSING:
            data.pop(field, None)
        else:
            data[field] = encode_value(value)
    if isinstance(token_kind, str) and token_kind in TOKEN_KINDS:
        data["rendered_at"] = make_token(token_kind, article.pk)
    elif token_kind is MISSING:
        data.pop("rendered_at", None)
    else:
        data["rendered_at"] = encode_value(token_kind)
    for name, value in extra.items():
        if value is not MISSING:
            data[name] = encode_value(value)
    return data


def has_upload(data):
    return any(
        isinstance(v, SimpleUploadedFile)
        or (isinstance(v, list) and any(isinstance(i, SimpleUploadedFile) for i in v))
        for v in data.values()
    )


# --- The comment form --------------------------------------------------------------------


@fuzz_settings("comment_post")
@given(
    mutations=st.one_of(
        st.dictionaries(st.sampled_from(FORM_FIELDS), field_value, max_size=4),
        plausible_mutations,
        plausible_mutations.map(lambda m: m | {"parent": "APPROVED"}),
        st.fixed_dictionaries({"parent": numberish}),
    ),
    token=rendered_at_value,
    extra=st.dictionaries(extra_field_name, field_value, max_size=4),
    target=st.sampled_from(["open", "open", "open", "closed", "draft", "missing"]),
    lang=LANGUAGE,
    encoding=st.sampled_from(["multipart", "urlencoded"]),
    user_agent=HEADER_TEXT,
    rate_limited=st.sampled_from([False, False, False, False, True]),
)
@example(
    mutations={"text": "Hallo\x00 daar\x07", "name": "An\x1bna"},
    token="valid",
    extra={"status": "approved", "article": "2", "moderated_by": "1"},
    target="open",
    lang="en",
    encoding="urlencoded",
    user_agent="Mozilla/5.0",
    rate_limited=False,
)
@example(
    mutations={},
    token="valid",
    extra={},
    target="open",
    lang="nl",
    encoding="multipart",
    user_agent="",
    rate_limited=True,
)
def test_comment_post_never_crashes_and_never_half_saves(
    client, site, mutations, token, extra, target, lang, encoding, user_agent, rate_limited
):
    # Every example starts from the fixture's comments and an empty rate-limit counter.
    Comment.objects.exclude(pk__in=site["baseline_comments"]).delete()
    cache.clear()
    if rate_limited:  # use up this address's allowance (the test client is 127.0.0.1)
        for _ in range(django_settings.COMMENTS_RATE_LIMIT):
            spam.rate_limit_exceeded("127.0.0.1")
    if mutations.get("parent") == "APPROVED":  # a reply to the published comment
        mutations = mutations | {"parent": str(site["approved"].pk)}
    target_article = {
        "open": site["article"],
        "closed": site["closed"],
        "draft": site["draft"],
        "missing": Article(pk=0, slug="bestaat-niet"),
    }[target]
    data = build_post(mutations, extra, token, target_article)
    slug = target_article.slug
    post_url = url(lang, "comments:post", slug=slug)
    before = Comment.objects.count()

    if encoding == "urlencoded" and not has_upload(data):
        response = client.post(
            post_url,
            urlencode(data, doseq=True),
            content_type="application/x-www-form-urlencoded",
            HTTP_USER_AGENT=user_agent,
        )
    else:
        response = client.post(
            post_url, data, content_type=MULTIPART_CONTENT, HTTP_USER_AGENT=user_agent
        )

    check_response(response, lang, f"POST {post_url} {data!r}"[:2000])
    event(f"{target}: {response.status_code}")
    after = Comment.objects.count()
    if response.status_code == HTTPStatus.FOUND:
        assert target == "open" and not rate_limited
        assert after == before + 1, "a 302 must store exactly one comment"
        new = Comment.objects.exclude(pk__in=site["baseline_comments"]).get()
        assert new.article == site["article"]
        assert new.status in (Status.PENDING, Status.SPAM), "a visitor cannot approve"
        assert new.moderated_by is None and new.moderated_at is None
        assert new.approval_notified_at is None and new.reply_notified_at is None
        for value in (new.text, new.name):
            assert value.strip() and not _CONTROL.search(value), repr(value)
        for value in (new.email, new.website, new.user_agent, new.text_html):
            assert "\x00" not in value
        assert new.parent in (None, site["approved"])
        assert len(new.text) <= 5000 and len(new.name) <= 80
    else:
        assert after == before, f"refused ({response.status_code}) but a comment was stored"
        expected = {
            "open": {HTTPStatus.BAD_REQUEST, HTTPStatus.TOO_MANY_REQUESTS},
            "closed": {HTTPStatus.FORBIDDEN, HTTPStatus.TOO_MANY_REQUESTS},
            "draft": {HTTPStatus.NOT_FOUND},
            "missing": {HTTPStatus.NOT_FOUND},
        }[target]
        assert response.status_code in expected
        if rate_limited and target in ("open", "closed"):
            assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


# --- The article page --------------------------------------------------------------------

QUERY_NAMES = st.one_of(
    st.sampled_from(["reacties", "antwoord", "page", "q", "lang"]),
    st.text(alphabet=ANY_CHAR, min_size=1, max_size=20),
)


@fuzz_settings("article_page")
@given(
    slug=st.one_of(st.sampled_from(["magnesium", "gesloten", "concept"]), SLUGISH),
    reacties=st.one_of(st.just(MISSING), numberish, scalar_value),
    antwoord=st.one_of(
        st.just(MISSING), st.sampled_from(["APPROVED", "PENDING"]), numberish, scalar_value
    ),
    others=st.dictionaries(QUERY_NAMES, st.lists(scalar_value, max_size=3), max_size=3),
    lang=LANGUAGE,
)
def test_article_page_never_crashes(client, site, slug, reacties, antwoord, others, lang):
    params = dict(others)
    if reacties is not MISSING:
        params["reacties"] = reacties
    if antwoord is not MISSING:
        params["antwoord"] = {
            "APPROVED": str(site["approved"].pk),
            "PENDING": str(site["pending"].pk),
        }.get(antwoord, antwoord)
    path = prefixed(lang, f"/artikelen/{quote(slug, safe='')}/")
    cache.clear()  # each example on its own; the second request below uses the page cache
    response = client.get(path, params)
    check_response(response, lang, f"GET {path} {params!r}"[:2000])
    if response.status_code == HTTPStatus.OK:
        response = client.get(path, params)  # from the page cache, if the page is public
        check_response(response, lang, f"GET {path} {params!r} (again)"[:2000])
        assert response.status_code == HTTPStatus.OK
        html = response.content.decode()
        assert "Wacht nog" not in html, "a pending comment must never be shown"
        assert slug in ("magnesium", "gesloten")
    elif slug in ("magnesium", "gesloten"):
        raise AssertionError(f"{path} {params!r}: {response.status_code}")


# --- Home and category pages -------------------------------------------------------------


@fuzz_settings("list_pages")
@given(
    which=st.sampled_from(["home", "category", "other-category"]),
    category=SLUGISH,
    page=st.one_of(
        st.just(MISSING), numberish, scalar_value, st.sampled_from(["last", "1", "2", "0"])
    ),
    others=st.dictionaries(QUERY_NAMES, scalar_value, max_size=2),
    lang=LANGUAGE,
)
@example(which="home", category="", page="9" * 5000, others={}, lang="nl")
@example(which="category", category="", page="last", others={}, lang="en")
def test_home_and_category_pages_never_crash(client, site, which, category, page, others, lang):
    params = {name: value for name, value in others.items() if name != "page"}
    if page is not MISSING:
        params["page"] = page
    path = {
        "home": "/",
        "category": f"/categorie/{site['category'].slug}/",
        "other-category": f"/categorie/{quote(category, safe='')}/",
    }[which]
    path = prefixed(lang, path)
    cache.clear()
    response = client.get(path, params)
    check_response(response, lang, f"GET {path} {params!r}"[:2000])
    if which != "other-category" and response.status_code != HTTPStatus.OK:
        # Only an impossible page number may refuse a real list.
        assert response.status_code == HTTPStatus.NOT_FOUND and page is not MISSING


# --- Random paths ------------------------------------------------------------------------

PATH_TAIL = st.one_of(
    st.text(alphabet=ANY_CHAR, max_size=80).map(lambda s: quote(s, safe="/")),
    st.binary(max_size=60).map(lambda b: quote(b, safe="/")),
    st.lists(SLUGISH, max_size=4).map(lambda parts: "/".join(quote(p, safe="") for p in parts)),
    st.tuples(SLUGISH, st.sampled_from(["", "/", "/reageren", "/reageren/", "/x/y/"])).map(
        lambda t: quote(t[0], safe="") + t[1]
    ),
)


@fuzz_settings("random_paths")
@given(
    tail=PATH_TAIL,
    lang=LANGUAGE,
    method=st.sampled_from(["get", "get", "get", "head", "post"]),
)
@example(tail="%00/", lang="en", method="get")
@example(tail="%FF%FE/", lang="nl", method="post")
def test_random_paths_under_artikelen_never_crash(client, site, tail, lang, method):
    Comment.objects.exclude(pk__in=site["baseline_comments"]).delete()
    cache.clear()
    path = prefixed(lang, "/artikelen/" + tail)
    before = Comment.objects.count()
    response = getattr(client, method)(path)
    # HEAD has no body; its status must still be sane.
    check_response(response, lang, f"{method.upper()} {path}", has_body=method != "head")
    if method == "post":
        assert Comment.objects.count() == before, "an empty POST stored a comment"


# --- The failing inputs the fuzzers found, as plain regression tests ---------------------

# str.isdigit() is True for these, but int() refuses them: "²" is a digit that is not a
# decimal, and 5000 digits exceed Python's int-string conversion limit (4300).
NOT_AN_INT = ["²", "9" * 5000]


@pytest.mark.parametrize("value", NOT_AN_INT, ids=["superscript-two", "5000-digits"])
@pytest.mark.parametrize("parameter", ["antwoord", "reacties"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_query_parameter_that_is_no_integer_is_ignored(client, site, parameter, value, lang):
    path = prefixed(lang, site["article"].get_absolute_url())
    response = client.get(path, {parameter: value})
    check_response(response, lang, f"GET {path}?{parameter}={value[:10]}")
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize("value", NOT_AN_INT, ids=["superscript-two", "5000-digits"])
def test_comment_with_a_parent_that_is_no_integer_is_refused(client, site, value):
    before = Comment.objects.count()
    response = client.post(
        url("nl", "comments:post", slug=site["article"].slug),
        form_data(site["article"], parent=value),
    )
    check_response(response, "nl", f"POST parent={value[:10]}")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert Comment.objects.count() == before


def test_reply_links_on_a_refused_comment_page_lead_to_the_reply_form(client, site):
    """The refused form is shown at the POST address; its links must work from there.

    The "Antwoord op <naam>" link is relative (``?antwoord=<pk>#reageren``), so from
    the refused page the browser GETs the comment URL with a query string: it must be
    sent on to the article with that query, where the form answers that comment.
    """
    post_url = url("nl", "comments:post", slug=site["article"].slug)
    refused = client.post(post_url, form_data(site["article"], text=""))
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    html = refused.content.decode()
    reply_links = re.findall(r'<a href="([^"]*)">Antwoord op ', html)
    assert reply_links, "no reply link on the refused page"

    for href in reply_links:
        target = urljoin("http://testserver" + post_url, unescape(href)).split("#")[0]
        response = client.get(target.removeprefix("http://testserver"), follow=True)
        check_response(response, "nl", f"GET {target} (from the refused page)")
        query = urlsplit(target).query
        article_url = site["article"].get_absolute_url()
        assert response.redirect_chain == [(f"{article_url}?{query}", HTTPStatus.FOUND)], target
        assert response.status_code == HTTPStatus.OK
        parent = parse_qs(query)["antwoord"][0]
        assert f'name="parent" value="{parent}"' in response.content.decode(), target
