"""Reading numbers from query strings and forms without ever raising."""

MAX_DIGITS = 9


def positive_int(value):
    """A plain positive whole number (ASCII digits only), or None for anything else.

    str.isdigit() accepts "²" and "⑴", which int() refuses, and very long digit
    strings exceed int()'s limit: both are visitor input, never a server error.
    """
    value = str(value or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS and int(value) > 0:
        return int(value)
    return None
