"""Feedback where the visitor is: the confirmation in the comment section, and on a
refused post an error summary on top of the form that the page opens at."""

import re
from http import HTTPStatus

import pytest

from tests.articles.factories import ArticleFactory
from tests.comments.helpers import comment_url, form_data, render_time

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory()


def _section(html):
    return html[html.index('id="reacties"') :]


def _summary(html):
    match = re.search(r'<div[^>]*id="formulierfouten"[^>]*>.*?</div>', html, re.S)
    assert match, "no error summary"
    return match.group(0)


def test_confirmation_is_shown_in_the_comment_section_as_a_status(client, article):
    response = client.post(comment_url(article), form_data(article), follow=True)

    html = response.content.decode()
    section = _section(html)
    assert "Bedankt voor je reactie!" in section
    assert "Bedankt voor je reactie!" not in html[: html.index('id="reacties"')]
    status = re.search(r'<div[^>]*role="status"[^>]*>.*?</div>', section, re.S).group(0)
    assert "Een redacteur leest elke reactie" in status
    assert "enkele uren" in status


def test_messages_stay_at_the_top_on_other_pages(client, article, settings):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.INFO, "Een bericht voor bovenaan")
    response = client.get("/")
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value

    html = client.get(article.category.get_absolute_url()).content.decode()

    assert html.index("Een bericht voor bovenaan") < html.index("<h1")


@pytest.mark.parametrize(
    "overrides, field",
    [({"text": ""}, "text"), ({"email": "geen-adres"}, "email"), ({"privacy": None}, "privacy")],
)
def test_refused_post_has_an_error_summary_linking_to_the_field(client, article, overrides, field):
    response = client.post(comment_url(article), form_data(article, **overrides))

    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    summary = _summary(html)
    assert 'tabindex="-1"' in summary
    assert "Er is een probleem" in summary
    assert f'href="#id_{field}"' in summary
    assert f'id="id_{field}"' in html


def test_too_fast_post_has_the_error_as_a_plain_item_and_keeps_the_text(client, article):
    data = form_data(article, rendered_at=render_time(article, seconds_ago=0))
    response = client.post(comment_url(article), data)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    summary = _summary(response.content.decode())
    assert "<li>" in summary and "href" not in summary.split("<ul", 1)[1]
    assert data["text"] in response.content.decode()


def test_error_summary_comes_before_the_form(client, article):
    html = client.post(comment_url(article), form_data(article, text="")).content.decode()

    assert html.index('id="formulierfouten"') < html.index('id="reactieformulier"')


@pytest.mark.parametrize("post", [False, True])
def test_form_is_sent_to_the_error_summary_so_a_refused_page_opens_there(client, article, post):
    if post:
        html = client.post(comment_url(article), form_data(article, text="")).content.decode()
    else:
        html = client.get(article.get_absolute_url()).content.decode()

    assert f'action="{comment_url(article)}#formulierfouten"' in html


def test_page_without_errors_has_no_error_summary(client, article):
    html = client.get(article.get_absolute_url()).content.decode()

    assert 'id="formulierfouten"' not in html
