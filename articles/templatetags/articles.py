import functools

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_urlconf, reverse, translate_url
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from articles import structured_data
from articles.sections import render_head_links, render_sections
from magnesium_site import content_language

register = template.Library()


@register.simple_tag(takes_context=True)
def article_sections(context, article):
    return render_sections(context, article)


@register.simple_tag
def content_lang():
    """The lang of staff-written content on this page ("" on pages in that language)."""
    return content_language.content_lang(translation.get_language())


def _per_process(function):
    """Remember what function returns for its arguments and the URL configuration, in this
    process: for what only a release changes (URLs, templates, translations). Not while
    DEBUG is on, where runserver reloads templates without restarting."""
    remembered = functools.lru_cache(maxsize=4096)(
        lambda urlconf, *args: function(*args)  # urlconf: part of the key only
    )

    @functools.wraps(function)
    def wrapper(*args):
        if settings.DEBUG:
            return function(*args)
        return remembered(get_urlconf(settings.ROOT_URLCONF), *args)

    wrapper.cache_clear = remembered.cache_clear
    return wrapper


@_per_process
def translated_path(path_info, language):
    """translate_url() of a path (a URL resolve and a reverse), for the language links of
    every page."""
    return translate_url(path_info, language)


@register.simple_tag
def site_header():
    """The header with the main menu and the search field: the same on every page in a
    language, so rendered once per process and language."""
    return _site_header(translation.get_language())


@_per_process
def _site_header(language):
    return mark_safe(render_to_string("includes/site_header.html"))  # noqa: S308 (our template)


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
    translated = translated_path(path_info, language)
    if translated == path_info:
        with translation.override(language):
            return reverse("articles:home")
    return translated


@register.simple_tag
def author_link(author):
    """The author's name, linked to their page (the byline)."""
    return format_html('<a href="{}" rel="author">{}</a>', author.get_absolute_url(), author.name)


@register.simple_tag(takes_context=True)
def canonical_url(context, page=None):
    """This page's address on the site's own host, without query ("" without a request).

    page: a listing's page number; pages after the first are addresses of their own."""
    request = context.get("request")
    if request is None:
        return ""
    url = structured_data.absolute(request.path)
    if page and str(page) != "1":
        url += f"?page={page}"
    return url


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """hreflang links to this page in every language, and x-default (the site's own)."""
    request = context.get("request")
    if request is None:
        return ""
    current = translation.get_language()
    urls = {}
    for code, _name in settings.LANGUAGES:
        url = translated_path(request.path_info, code)
        if code != current and url == request.path_info:
            return ""  # a page in one language only
        urls[code] = url if code != current else request.path
    urls["x-default"] = urls[settings.LANGUAGE_CODE]
    return format_html_join(
        "\n  ",
        '<link rel="alternate" hreflang="{}" href="{}">',
        ((code, structured_data.absolute(url)) for code, url in urls.items()),
    )


@register.simple_tag
def absolute_url(path):
    return structured_data.absolute(path)


@register.simple_tag
def article_structured_data(article, content):
    """The article's JSON-LD script (schema.org @graph), safe inside the script element."""
    graph = structured_data.article_graph(article, content.rendering.facts)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(structured_data.to_script_json(graph)),  # noqa: S308 (escaped for script)
    )


@register.simple_tag
def article_head_links(article):
    return render_head_links(article)


@register.simple_tag
def reviewer_link(reviewer):
    """A medical reviewer's name, linked to their page (the review line)."""
    return format_html('<a href="{}">{}</a>', reviewer.get_absolute_url(), reviewer.name)
