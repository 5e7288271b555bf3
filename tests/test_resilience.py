from contextlib import contextmanager
from http import HTTPStatus

import pytest
from django.db import OperationalError, connection

from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@contextmanager
def database_away():
    """Every query fails as it does when the database server cannot be reached."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError("could not connect to server: Connection refused")

    with connection.execute_wrapper(refuse):
        yield


def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"database": "ok", "cache": "ok"}


def test_healthz_answers_503_when_the_database_is_away(client):
    with database_away():
        response = client.get("/healthz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json() == {"database": "error", "cache": "ok"}


def test_database_error_on_a_page_gives_a_dutch_503(client):
    article = ArticleFactory()
    with database_away():
        response = client.get(article.get_absolute_url())
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "Tijdelijk niet beschikbaar" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert response["Retry-After"] == "60"


def test_healthz_answers_503_when_the_shared_cache_is_away(client, monkeypatch):
    """The page cache looks every public request up first; that must not turn the health
    check itself into a 500 when the cache server cannot be reached."""
    from django.core.cache import cache, caches

    def refuse(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    for method in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(cache, method, refuse)
    monkeypatch.setattr(caches["pages"], "get", refuse)

    response = client.get("/healthz")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json() == {"database": "ok", "cache": "error"}
