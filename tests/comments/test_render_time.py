"""The comment form's signed render time: bound to its article, valid for a short while,
and kept as it was when the 503 page hands a comment back."""

import re
import time
from http import HTTPStatus
from unittest import mock

import pytest
from django.db import OperationalError

from comments.models import Comment
from comments.spam import sign_render_time
from tests.articles.factories import ArticleFactory
from tests.comments.helpers import comment_url, form_data, render_time

pytestmark = pytest.mark.django_db

RENDERED_AT = re.compile(r'name="rendered_at" value="([^"]+)"')


@pytest.fixture
def article():
    return ArticleFactory()


def test_a_token_from_another_articles_page_is_refused(client, article):
    other = ArticleFactory()
    data = form_data(article, rendered_at=render_time(other))

    response = client.post(comment_url(article), data)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "ongeldig" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_token_is_valid_for_hours_not_days(client, article, settings):
    assert settings.COMMENTS_MAX_FORM_AGE_SECONDS <= 6 * 3600
    token = render_time(article)
    later = time.time() + settings.COMMENTS_MAX_FORM_AGE_SECONDS + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(comment_url(article), form_data(article, rendered_at=token))

    assert "te lang open" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_token_within_its_validity_is_accepted(client, article, settings):
    token = render_time(article)
    later = time.time() + settings.COMMENTS_MAX_FORM_AGE_SECONDS - 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(comment_url(article), form_data(article, rendered_at=token))

    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.count() == 1


def test_the_503_page_resends_the_original_render_time_not_a_fresh_one(client, article):
    data = form_data(article, text="Bewaar mij", rendered_at=render_time(article, 10))
    with mock.patch("comments.services.Comment.save", side_effect=OperationalError("down")):
        response = client.post(comment_url(article), data)

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert RENDERED_AT.findall(response.content.decode()) == [data["rendered_at"]]


def test_the_503_page_hands_out_nothing_that_skips_the_time_trap(client, article):
    """A visitor (or a script) whose first post failed fast gets no token valid at once."""
    data = form_data(article, rendered_at=sign_render_time(time.time(), article.pk))
    with mock.patch("comments.views.CommentCreateView.get_object") as get_object:
        get_object.side_effect = OperationalError("down")
        first = client.post(comment_url(article), data)
    resent = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', first.content.decode()))
    resent["text"] = data["text"]

    second = client.post(comment_url(article), resent)

    assert second.status_code == HTTPStatus.BAD_REQUEST
    assert "erg snel" in second.content.decode()
    assert not Comment.objects.exists()
