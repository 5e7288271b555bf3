"""Staff write content in the site's own language (LANGUAGE_CODE); a page in another
language marks that content, so that screen readers pronounce it right."""

from django.conf import settings


def content_lang(language):
    """The lang for content on a page in language: "" where the page is in it already."""
    return "" if language == settings.LANGUAGE_CODE else settings.LANGUAGE_CODE
