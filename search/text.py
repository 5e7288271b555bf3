"""Turning content and queries into the plain, folded text the search index holds."""

import html
import re
import unicodedata

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from magnesium_site.text import strip_format_characters

_CITATION = re.compile(r"\[\^[^\]]*\]")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"[*_`~]+")
_BLOCK_MARKUP = re.compile(r"^[ \t]*[#>]+|\|", re.MULTILINE)
_NON_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"\w+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def fold(text):
    """Lower case, no accents, words separated by single spaces: ``Hypomagnesiëmie!`` ->
    ``hypomagnesiemie``. What matches case- and accent-insensitively."""
    if text.isascii():  # most of the content: no accents or format characters to remove
        return " ".join(_NON_WORD.sub(" ", text.lower()).split())
    text = unicodedata.normalize("NFKD", strip_format_characters(text).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", text).split())


def accentless_variants(text):
    """The words of text that have accents, without them, once each, in first-seen order."""
    seen = {}
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        folded = fold(word)
        if folded != word.casefold():
            seen.setdefault(folded, None)
    return " ".join(seen)


def plain(markdown_text):
    """The readable words of staff Markdown: no citation markers, link targets or markup."""
    text = _CITATION.sub("", markdown_text or "")
    text = _LINK.sub(r"\1", text)
    text = html.unescape(strip_tags(text))
    text = _BLOCK_MARKUP.sub(" ", _EMPHASIS.sub("", _CONTROL.sub(" ", text)))
    return " ".join(text.split())


def clean_query(raw, max_length):
    """What a visitor typed as a query: no control or invisible characters, single spaces,
    at most max_length characters. Returns (query, was_cut)."""
    text = _CONTROL.sub(" ", strip_format_characters(str(raw or "")))
    text = " ".join(text.split())
    if len(text) <= max_length:
        return text, False
    return text[:max_length].rstrip(), True


def has_words(text):
    return bool(fold(text))


def highlight(text, terms, words=30):
    """A stretch of text around the first word that contains one of the (folded) terms,
    those words in <mark>, everything else escaped."""
    tokens = list(_WORD.finditer(text))
    hits = [i for i, m in enumerate(tokens) if any(t in fold(m.group()) for t in terms)]
    if not tokens:
        return ""
    first = hits[0] if hits else 0
    start = max(0, first - words // 3)
    end = min(len(tokens), start + words)
    begin = tokens[start].start() if start else 0
    finish = tokens[end - 1].end() if end < len(tokens) else len(text)
    marked = set(hits)
    out, cursor = [], begin
    for i in range(start, end):
        match = tokens[i]
        out.append(escape(text[cursor : match.start()]))
        word = escape(match.group())
        out.append(f"<mark>{word}</mark>" if i in marked else word)
        cursor = match.end()
    out.append(escape(text[cursor:finish]))
    snippet = "".join(out).strip()
    prefix = "… " if begin > 0 else ""
    suffix = " …" if finish < len(text) else ""
    return mark_safe(prefix + snippet + suffix)  # noqa: S308 (every piece escaped above)


# Sentinels for SearchHeadline: characters plain() and clean_query() never let through,
# so the marks can be put in after the text is escaped.
START_MARK, STOP_MARK = "\x02", "\x03"


def marked_headline(headline):
    """A SearchHeadline made with the sentinels, as escaped HTML with <mark> elements."""
    text = escape(headline or "")
    return mark_safe(text.replace(START_MARK, "<mark>").replace(STOP_MARK, "</mark>"))  # noqa: S308
