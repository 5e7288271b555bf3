from http import HTTPStatus
from unittest import mock

import pytest
from django.db import OperationalError

from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"database": "ok", "cache": "ok"}


def test_healthz_answers_503_when_the_database_is_away(client):
    with mock.patch("magnesium_site.health._database_ok", return_value=False):
        response = client.get("/healthz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["database"] == "error"


def test_database_error_on_a_page_gives_a_dutch_503(client):
    article = ArticleFactory()
    with mock.patch(
        "articles.views.ArticleDetailView.get_object", side_effect=OperationalError("down")
    ):
        response = client.get(article.get_absolute_url())
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "Tijdelijk niet beschikbaar" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
