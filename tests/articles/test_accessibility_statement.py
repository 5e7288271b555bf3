"""The accessibility statement at /toegankelijkheid/, in the government's model."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db

URL = "/toegankelijkheid/"


def test_statement_gives_standard_status_tests_limitations_contact_and_date(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "toegankelijk@example.org"

    response = client.get(URL)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<h1 id="statement-title">Toegankelijkheidsverklaring</h1>' in html
    assert "WCAG) 2.2 op niveau A en AA" in html and "EN 301 549" in html
    for heading in ("Status", "Wat we hebben getest en hoe", "Bekende beperkingen"):
        assert f">{heading}</h2>" in html
    assert "axe-core" in html and "375 pixels" in html
    assert '<a href="mailto:toegankelijk@example.org">toegankelijk@example.org</a>' in html
    assert '<time datetime="2026-12-02">2 december 2026</time>' in html


def test_statement_is_linked_from_the_footer_of_every_page(client):
    article = ArticleFactory()
    link = f'<a href="{reverse("articles:accessibility")}">Toegankelijkheid</a>'

    for url in ("/", article.get_absolute_url(), URL):
        assert link in client.get(url).content.decode()


def test_english_statement_is_translated_under_en(client):
    response = client.get("/en" + URL)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Accessibility statement" in html
    assert "Known limitations" in html
    assert '<a href="/en/toegankelijkheid/">Accessibility</a>' in html
    # The language link leads to the Dutch statement, not to the home page.
    assert 'href="/toegankelijkheid/" hreflang="nl"' in html


def test_statement_is_kept_in_the_page_cache(client, django_assert_num_queries):
    first = client.get(URL)
    assert first["X-Cache"] == "miss"

    with django_assert_num_queries(0):
        second = client.get(URL)

    assert second["X-Cache"] == "hit"
    assert second.content == first.content
