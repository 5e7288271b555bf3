"""Staff-written Markdown to safe HTML, with literature citations like ``[^ntvg-1993]``."""

import re

import markdown
from django.utils.html import format_html

from magnesium_site.sanitizer import clean_html

CITATION = re.compile(r"\[\^([a-z0-9][a-z0-9-]{0,49})\]")
_TAG = re.compile(r"(<[^>]*>)")
_SINGLE_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


def cited_keys(text):
    return CITATION.findall(text or "")


def _link_citations(html, numbers, scope):
    def replace(match):
        key = match.group(1)
        number = numbers.get(key)
        if number is None:
            return match.group(0)
        return format_html(
            '<sup class="citation" id="cite-{}-{}"><a href="#note-{}">[{}]</a></sup>',
            key,
            scope,
            key,
            number,
        )

    # Only in text between tags: a marker inside an attribute stays as it is.
    parts = _TAG.split(html)
    return "".join(part if _TAG.fullmatch(part) else CITATION.sub(replace, part) for part in parts)


def render_markdown(text, numbers=None, scope="x", inline=False):
    """Render Markdown, sanitise it, then turn citation markers into numbered note links.

    ``numbers`` maps a reference key to its note number; ``scope`` keeps the
    citation ids unique on the page. Citations are linked after sanitising, so
    the allow-list never needs to admit ids.
    """
    html = clean_html(markdown.markdown(text or "", extensions=["sane_lists"]))
    if inline:
        match = _SINGLE_PARAGRAPH.match(html.strip())
        if match and "<p>" not in match.group(1):
            html = match.group(1)
    return _link_citations(html, numbers or {}, scope)
