"""The site header is rendered once per process and language: each language still gets
its own words and addresses, and a different URL configuration its own header."""

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.test import override_settings
from django.urls import include, path
from django.utils import translation

from articles.templatetags.articles import site_header, translated_path
from search.views import SearchView

pytestmark = pytest.mark.django_db

# This module as a URL configuration: the site's, with the search somewhere else.
urlpatterns = i18n_patterns(
    path("", include("articles.urls")),
    path("vinden/", include(([path("", SearchView.as_view(), name="results")], "search"))),
    prefix_default_language=False,
)


def _header(client, url):
    html = client.get(url).content.decode()
    start = html.index('<header class="site-header')
    return html[start : html.index("</header>", start)]


def test_each_language_gets_its_own_header(client):
    dutch, english = _header(client, "/"), _header(client, "/en/")

    assert 'href="/symptomen/"' in dutch
    assert "Symptomen A-Z" in dutch
    assert 'href="/en/symptomen/"' in english
    assert "Symptoms A-Z" in english
    assert _header(client, "/") == dutch  # and the remembered one is the same


@override_settings(DEBUG=False)
def test_a_remembered_header_belongs_to_its_url_configuration():
    with translation.override("nl"):
        assert 'action="/zoeken/"' in site_header()
        assert translated_path("/zoeken/", "en") == "/en/zoeken/"
        with override_settings(ROOT_URLCONF=__name__):
            # Another configuration is another key: rendered for it, not taken from before.
            assert 'action="/vinden/"' in site_header()
            assert translated_path("/vinden/", "en") == "/en/vinden/"
        assert 'action="/zoeken/"' in site_header()
