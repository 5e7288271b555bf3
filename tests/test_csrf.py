"""magnesium_site.csrf: the faster CSRF token must stay a token Django accepts."""

import re
from collections import Counter
from http import HTTPStatus

import pytest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client, RequestFactory

from comments.models import Comment
from magnesium_site import csrf
from tests.articles.factories import ArticleFactory
from tests.comments.helpers import comment_url, form_data

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_random_strings_use_every_allowed_character_evenly():
    drawn = Counter("".join(csrf.random_string() for _ in range(4000)))  # 128,000 characters

    assert set(drawn) == set(CSRF_ALLOWED_CHARS)
    expected = 4000 * CSRF_SECRET_LENGTH / len(CSRF_ALLOWED_CHARS)  # about 2065 each
    # Within 5.5 standard deviations; a biased mapping (value % 62 over all 256 byte
    # values) gives the first 8 characters 1.21 times their share.
    assert max(drawn.values()) < 1.12 * expected
    assert min(drawn.values()) > 0.88 * expected


def test_a_request_without_a_cookie_gets_a_new_secret_that_the_token_enciphers():
    request = RequestFactory().get("/")

    token = csrf.get_token(request)

    secret = request.META["CSRF_COOKIE"]
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert len(secret) == CSRF_SECRET_LENGTH and set(secret) <= set(CSRF_ALLOWED_CHARS)
    assert len(token) == 2 * CSRF_SECRET_LENGTH
    assert token[CSRF_SECRET_LENGTH:] != secret  # masked, never the secret itself


def test_a_request_with_a_cookie_keeps_its_secret_and_gets_a_new_mask_each_time():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = secret = "a" * CSRF_SECRET_LENGTH

    first, second = csrf.get_token(request), csrf.get_token(request)

    assert request.META["CSRF_COOKIE"] == secret
    assert first != second


@pytest.mark.django_db
@pytest.mark.parametrize("visitor_has_cookie", [False, True])
def test_django_accepts_the_token_of_a_cached_page_and_refuses_a_changed_one(visitor_has_cookie):
    article = ArticleFactory()
    Client().get(article.get_absolute_url())  # fills the page cache
    visitor = Client(enforce_csrf_checks=True)
    if visitor_has_cookie:
        visitor.get("/")  # the home page sets no cookie; take one from an article page
        visitor.get(article.get_absolute_url())
        cookie = visitor.cookies["csrftoken"].value
    response = visitor.get(article.get_absolute_url())
    assert response["X-Cache"] == "hit"
    token = TOKEN.search(response.content.decode()).group(1)
    if visitor_has_cookie:
        assert visitor.cookies["csrftoken"].value == cookie
    changed = token[:-1] + ("a" if token[-1] != "a" else "b")

    refused = visitor.post(comment_url(article), form_data(article, csrfmiddlewaretoken=changed))
    accepted = visitor.post(comment_url(article), form_data(article, csrfmiddlewaretoken=token))

    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert accepted.status_code == HTTPStatus.FOUND
    assert Comment.objects.count() == 1


def test_the_token_unmasks_to_the_secret_as_django_reads_it():
    from django.middleware.csrf import _unmask_cipher_token

    request = RequestFactory().get("/")
    tokens = [csrf.get_token(request) for _ in range(50)]

    assert {_unmask_cipher_token(token) for token in tokens} == {request.META["CSRF_COOKIE"]}
