"""Staff-written Markdown to safe HTML, with literature citations like ``[^ntvg-1993]``."""

import re
from functools import partial

import markdown
from django.utils.html import format_html
from markdown.extensions import Extension

from magnesium_site.sanitizer import clean_html, insert_markup_in_text

CITATION = re.compile(r"\[\^([a-z0-9][a-z0-9-]{0,49})\]")
_SINGLE_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)

# Python-Markdown looks for the closing "]" and ")" of every "[" up to the end of the
# paragraph, which is quadratic in unclosed brackets. A link has to close this close to
# its "[" (the validators in articles/validators.py bound the number of "[").
LINK_SCAN_LIMIT = 1000
_LINK_PATTERNS = (
    "reference",
    "link",
    "image_link",
    "image_reference",
    "short_reference",
    "short_image_ref",
)


def _within_scan_limit(handle_match, match, data):
    return handle_match(match, data[: match.end() + LINK_SCAN_LIMIT])


class _BoundedLinkScan(Extension):
    def extendMarkdown(self, md):
        for name in _LINK_PATTERNS:
            pattern = md.inlinePatterns[name]
            pattern.handleMatch = partial(_within_scan_limit, pattern.handleMatch)


def _link_citations(html, numbers, scope):
    if not numbers.keys() & set(CITATION.findall(html)):
        return html

    def markup(match):
        key = match.group(1)
        number = numbers.get(key)
        if number is None:
            return None
        return format_html(
            '<sup class="citation" id="cite-{}-{}"><a href="#note-{}">[{}]</a></sup>',
            key,
            scope,
            key,
            number,
        )

    # In text only: a marker in an attribute value, a link or code stays as written.
    return insert_markup_in_text(html, CITATION, markup)


def render_markdown(text, numbers=None, scope="x", inline=False):
    """Render Markdown, sanitise it, then turn citation markers into numbered note links.

    ``numbers`` maps a reference key to its note number; ``scope`` keeps the
    citation ids unique on the page. Citations are linked after sanitising, so
    the allow-list never needs to admit ids.
    """
    html = clean_html(markdown.markdown(text or "", extensions=["sane_lists", _BoundedLinkScan()]))
    if inline:
        match = _SINGLE_PARAGRAPH.match(html.strip())
        if match and "<p>" not in match.group(1):
            html = match.group(1)
    return _link_citations(html, numbers or {}, scope)
