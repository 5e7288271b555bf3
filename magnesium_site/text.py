"""Plain-text helpers for what visitors type: invisible, direction-changing and line-breaking
characters. (HTML is magnesium_site.sanitizer's business.)"""

import unicodedata

# Explicit direction controls: embeddings and overrides, isolates, marks, the Arabic letter mark.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
LINE_BREAKS = frozenset("\r\n\u2028\u2029\x85\v\f")
# Not format characters (Cf), yet nothing shows: Hangul fillers, the blank braille pattern,
# variation selectors, the combining grapheme joiner, Khmer inherent vowels, Mongolian selectors.
_BLANK = frozenset(
    "\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5\u180b\u180c\u180d\u180f"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
)


def _is_format(char):
    return unicodedata.category(char) == "Cf"


def strip_bidi_controls(text):
    """Remove the characters that reorder the text around them (U+202E and kin)."""
    return "".join(c for c in text if c not in BIDI_CONTROLS)


def strip_format_characters(text):
    """Remove every format character (Unicode Cf): direction controls, zero-width ones, ZWJ."""
    return "".join(c for c in text if not _is_format(c))


def has_line_break(text):
    return any(c in LINE_BREAKS for c in text)


def has_visible_text(text):
    """True if something would show: not only whitespace, format and blank characters."""
    return any(not (c.isspace() or c in _BLANK or _is_format(c)) for c in text)


def normalise_for_matching(text):
    """Fold text so look-alike spellings compare equal (full-width, zero-width-split words).

    NFKC (full-width and other compatibility forms), casefold, no format characters,
    runs of whitespace as one space.
    """
    text = unicodedata.normalize("NFKC", strip_format_characters(text)).casefold()
    return " ".join(unicodedata.normalize("NFKC", text).split())
