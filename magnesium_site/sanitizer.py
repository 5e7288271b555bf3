"""The one place where HTML is sanitised.

Every call to bleach lives here, with one allow-list, so that switching to
another sanitiser (nh3) means changing this file alone.
"""

import re
from html import unescape

import bleach
from bleach import html5lib_shim
from bleach.linkifier import TLDS, Linker

ALLOWED_TAGS = frozenset(
    {"a", "abbr", "b", "blockquote", "br", "code", "em", "i", "li", "ol", "p", "pre", "strong"}
    | {"sub", "sup", "ul"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "abbr": ["title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# C0/C1 control characters except tab, newline and carriage return, plus NUL.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# The linkifier runs after the allow-list and would link any protocol it knows (data:,
# ftp:, ssh: ...), so every link it makes or keeps is checked again: what a browser
# ignores in a URL (tab, newline) and strips around it (controls, space) is ignored here.
_URL_NOISE = re.compile(r"[\t\n\r]")
_URL_EDGES = "".join(chr(c) for c in range(0x21))
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")

# bleach's URL pattern (linkifier.build_url_re), except where a match may start: at the
# first "(" of a run, and where a host name can begin (not right after a letter, digit or
# "-", save up to three leading hyphens) unless a scheme follows. bleach's pattern retries
# every position of "((((" or "a.-a.-a.-" and takes seconds on 5 KB, a comment's maximum.
_URL_RE = re.compile(
    r"""(?<!\()\(*
    \b(?<![@.])(?:(?=(?:{protocols}):)|(?<![\w-])|(?<=(?<![\w.-])-)|(?<=(?<![\w.-])--)
    |(?<=(?<![\w.-])---))
    (?:(?:{protocols}):/{{0,3}}(?:(?:\w+:)?\w+@)?)?
    ([\w-]+\.)+(?:{tlds})(?:\:[0-9]+)?(?!\.\w)\b
    (?:[/?][^\s\{{\}}\|\\\^`<>"]*)?
    """.format(
        protocols="|".join(sorted(html5lib_shim.allowed_protocols)), tlds="|".join(sorted(TLDS))
    ),
    re.IGNORECASE | re.VERBOSE | re.UNICODE,
)


def _has_allowed_protocol(href):
    match = _SCHEME.match(_URL_NOISE.sub("", unescape(href)).strip(_URL_EDGES))
    return match is None or match.group(1).lower() in ALLOWED_PROTOCOLS


def _set_rel(attrs, new=False):
    href_key = (None, "href")
    href = attrs.get(href_key, "")
    if not _has_allowed_protocol(href):
        if new:
            return None  # not a link after all: the text stays text
        del attrs[href_key]
        href = ""
    if href.startswith("#"):
        return attrs
    attrs[(None, "rel")] = LINK_REL
    return attrs


def _force_rel(html):
    linker = Linker(
        callbacks=[_set_rel], skip_tags={"pre", "code"}, parse_email=False, url_re=_URL_RE
    )
    return linker.linkify(html)


def _characters(text):
    """Text tokens with their character references as Entity tokens.

    The parser leaves references such as ``&amp;`` in the text as written; kept as
    Characters, the serializer would escape their ``&`` a second time.
    """
    for part in html5lib_shim.next_possible_entity(text):
        entity = html5lib_shim.match_entity(part) if part.startswith("&") else None
        if entity is None:
            if part:
                yield {"type": "Characters", "data": part}
            continue
        yield {"type": "Entity", "name": entity}
        if rest := part[len(entity) + 2 :]:
            yield {"type": "Characters", "data": rest}


def _is_text(token):
    return token["type"] == "Characters"


class _MarkupInText(html5lib_shim.Filter):
    # Code is shown as written, and a link inside a link is no link.
    TEXT_AS_WRITTEN = frozenset({"a", "code", "pre"})

    def __init__(self, source, pattern, markup_tokens):
        super().__init__(source)
        self.pattern = pattern
        self.markup_tokens = markup_tokens

    def __iter__(self):
        as_written = 0
        for token in super().__iter__():
            if _is_text(token):
                yield from self._text(token["data"], searched=not as_written)
                continue
            if token.get("name") in self.TEXT_AS_WRITTEN:
                as_written += {"StartTag": 1, "EndTag": -1}.get(token["type"], 0)
            yield token

    def _text(self, text, searched):
        position = 0
        for match in self.pattern.finditer(text) if searched else ():
            tokens = self.markup_tokens(match)
            if tokens is not None:
                yield from _characters(text[position : match.start()])
                yield from tokens
                position = match.end()
        yield from _characters(text[position:])


def insert_markup_in_text(html, pattern, markup):
    """Replace matches of ``pattern`` in the text of sanitised ``html`` with trusted markup.

    Only text is searched: never attribute values, nor the text of links and code.
    ``markup(match)`` returns HTML built with ``format_html``, or None to leave the match
    as text. Parsed and serialised as the linkifier does, so the result is well-formed.
    """
    parser = html5lib_shim.BleachHTMLParser(
        tags=html5lib_shim.HTML_TAGS,
        strip=False,
        consume_entities=False,
        namespaceHTMLElements=False,
    )
    walker = html5lib_shim.getTreeWalker("etree")
    parsed = {}

    def markup_tokens(match):
        snippet = markup(match)
        if snippet is None:
            return None
        if snippet not in parsed:
            tokens = walker(parser.parseFragment(snippet))
            parsed[snippet] = [
                part
                for token in tokens
                for part in (_characters(token["data"]) if _is_text(token) else [token])
            ]
        return parsed[snippet]

    stream = _MarkupInText(walker(parser.parseFragment(html)), pattern, markup_tokens)
    serializer = html5lib_shim.BleachHTMLSerializer(
        quote_attr_values="always",
        omit_optional_tags=False,
        resolve_entities=False,
        sanitize=False,
        alphabetical_attributes=False,
    )
    return serializer.render(stream)


def strip_control_characters(text):
    """Remove NUL and other control characters that have no place in stored text."""
    return _CONTROL_CHARS.sub("", text)


def clean_html(html):
    """Sanitise HTML from a trusted-but-fallible source (staff Markdown output)."""
    cleaned = bleach.clean(
        strip_control_characters(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    return _force_rel(cleaned)


def plain_text_to_html(text):
    """Turn a visitor's plain text into safe HTML: escaped, paragraphs kept, URLs linked."""
    text = strip_control_characters(text).replace("\r\n", "\n").replace("\r", "\n").strip()
    escaped = bleach.clean(text, tags=set(), strip=False)
    paragraphs = [p for p in re.split(r"\n\s*\n", escaped) if p.strip()]
    html = "".join("<p>{}</p>".format(p.strip().replace("\n", "<br>")) for p in paragraphs)
    # clean_html links the URLs (allowed protocols only) and gives every link its rel.
    return clean_html(html)
