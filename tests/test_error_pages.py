"""Error pages share one template; the 500 page renders without a request context."""

from http import HTTPStatus

import pytest
from django.test import RequestFactory
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_the_500_page_renders_from_an_empty_context_in_dutch():
    response = defaults.server_error(RequestFactory().get("/"))

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    html = response.content.decode()
    assert "<h1>Er ging iets mis</h1>" in html
    assert '<html lang="nl">' in html


@pytest.mark.parametrize(
    "url, status, heading",
    [
        ("/bestaat-niet/", HTTPStatus.NOT_FOUND, "Pagina niet gevonden"),
        ("/en/bestaat-niet/", HTTPStatus.NOT_FOUND, "Page not found"),
    ],
)
def test_error_pages_come_from_the_shared_template(client, url, status, heading):
    response = client.get(url)

    assert response.status_code == status
    assert "includes/error_page.html" in [t.name for t in response.templates]
    assert f"<h1>{heading}</h1>" in response.content.decode()
