"""Sections other apps add to the article page below the article (the comments app adds
its comment section), so that articles needs to know none of them."""

from django.utils.safestring import mark_safe

_SECTIONS = []


def register(render):
    """render(context, article) gives a section's HTML; sections show in registration order."""
    if render not in _SECTIONS:
        _SECTIONS.append(render)


def render_sections(context, article):
    return mark_safe("".join(str(render(context, article)) for render in _SECTIONS))  # noqa: S308
