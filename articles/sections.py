"""Sections other apps add to the article page below the article (the comments app adds
its comment section), and links they add to its head (the comment feed), so that
articles needs to know none of them."""

from django.utils.safestring import mark_safe

_SECTIONS = []


def register(render):
    """render(context, article) gives a section's HTML; sections show in registration order."""
    if render not in _SECTIONS:
        _SECTIONS.append(render)


def render_sections(context, article):
    return mark_safe("".join(str(render(context, article)) for render in _SECTIONS))  # noqa: S308


_HEAD_LINKS = []


def register_head_link(render):
    """render(article) gives <link> elements for the article page's head (a feed)."""
    if render not in _HEAD_LINKS:
        _HEAD_LINKS.append(render)


def render_head_links(article):
    return mark_safe("".join(str(render(article)) for render in _HEAD_LINKS))  # noqa: S308
