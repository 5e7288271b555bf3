from django import template
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html

from articles.sections import render_sections
from magnesium_site import content_language

register = template.Library()


@register.simple_tag(takes_context=True)
def article_sections(context, article):
    return render_sections(context, article)


@register.simple_tag
def content_lang():
    """The lang of staff-written content on this page ("" on pages in that language)."""
    return content_language.content_lang(translation.get_language())


@register.simple_tag(takes_context=True)
def page_in_language(context, language):
    """This page's address in language, or that language's home page where the page has none.

    Depends on the path and the language only, both part of the page cache's key."""
    request = context.get("request")
    if request is None:
        path_info = path = "/"
    else:
        path_info, path = request.path_info, request.path
    if language == translation.get_language():
        return path
    translated = translate_url(path_info, language)
    if translated == path_info:
        with translation.override(language):
            return reverse("articles:home")
    return translated


@register.simple_tag
def author_link(author):
    """The author's name, linked to their page (the byline)."""
    return format_html('<a href="{}" rel="author">{}</a>', author.get_absolute_url(), author.name)
