from http import HTTPStatus

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from comments.models import Comment
from magnesium_site.http import InvalidClientAddress, address_bucket, client_bucket, client_ip
from tests.articles.factories import ArticleFactory
from tests.comments.helpers import comment_url, form_data

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


def _request(remote_addr="192.0.2.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.fixture
def article():
    return ArticleFactory()


@pytest.fixture
def account(django_user_model):
    return django_user_model.objects.create_user(
        "redacteur", password="het-juiste-wachtwoord", is_staff=True
    )


def _post_comment(client, article, n, **extra):
    return client.post(
        comment_url(article), form_data(article, text=f"Reactie nummer {n}"), **extra
    )


def _login(client, password, **extra):
    return client.post(LOGIN, {"username": "redacteur", "password": password}, **extra)


@pytest.mark.parametrize(
    "written, normalised",
    [
        ("2001:DB8::1", "2001:db8::1"),
        ("2001:db8:0::1", "2001:db8::1"),
        ("2001:0db8::0001", "2001:db8::1"),
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("::ffff:1.2.3.4", "1.2.3.4"),
        ("::FFFF:0102:0304", "1.2.3.4"),
        ("fe80::1%eth0", "fe80::1"),  # a zone id means nothing outside the machine
        ("[2001:db8::1]", "2001:db8::1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("192.0.2.7:51234", "192.0.2.7"),
        (" 192.0.2.7 ", "192.0.2.7"),
    ],
)
def test_one_address_has_one_spelling_whatever_the_proxy_wrote(written, normalised):
    assert client_ip(_request(remote_addr=written)) == normalised


@pytest.mark.parametrize(
    "value",
    [
        "unknown",
        "nonsense",
        "192.0.2",
        "192.0.2.300",
        "01.2.3.4",  # leading zeros: octal to some parsers, decimal to others
        "\uff11\uff19\uff12.0.2.1",  # full-width digits
        "192.0.2.1:",
        "192.0.2.1:port",
        "[192.0.2.1]",  # brackets are for IPv6
        "[2001:db8::1",
        "2001:db8::1::2",
        "192.0.2.1%eth0",
        "<script>",
    ],
)
def test_a_value_that_is_not_an_address_is_a_suspicious_request(value):
    with pytest.raises(InvalidClientAddress):
        client_ip(_request(remote_addr=value))


def test_no_address_at_all_is_none_not_an_error():
    assert client_ip(_request(remote_addr="")) is None
    assert client_bucket(_request(remote_addr="")) is None


@pytest.mark.parametrize(
    "address, bucket",
    [
        ("192.0.2.7", "192.0.2.7"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("2001:db8:1:2::1", "2001:db8:1:2::"),
        ("2001:DB8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::"),
        ("2001:db8:1:3::1", "2001:db8:1:3::"),
        ("::1", "::"),
    ],
)
def test_ipv4_counts_per_address_and_ipv6_per_64(address, bucket):
    assert address_bucket(address) == bucket
    assert client_bucket(_request(remote_addr=address)) == bucket


@pytest.mark.parametrize(
    "proxies, remote_addr, forwarded, expected",
    [
        (0, "192.0.2.1", "203.0.113.9", "192.0.2.1"),  # no proxy: the header is the visitor's
        (1, "10.0.0.2", "203.0.113.9", "203.0.113.9"),
        (1, "10.0.0.2", "198.51.100.1, 203.0.113.9", "203.0.113.9"),
        (2, "10.0.0.2", "198.51.100.1, 203.0.113.9, 10.0.0.3", "203.0.113.9"),
        (2, "10.0.0.2", "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", "2001:DB8::0009", "2001:db8::9"),
    ],
)
def test_x_forwarded_for_is_trusted_only_as_far_as_our_proxies(
    settings, proxies, remote_addr, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(_request(remote_addr=remote_addr, forwarded=forwarded)) == expected


def test_junk_a_visitor_puts_before_the_trusted_entry_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = _request(remote_addr="10.0.0.2", forwarded="nonsense, <script>, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


def test_six_addresses_from_one_64_share_one_comment_rate_limit(client, article, settings):
    settings.COMMENTS_RATE_LIMIT = 5
    for n in range(5):
        response = _post_comment(client, article, n, REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}")
        assert response.status_code == HTTPStatus.FOUND
    sixth = _post_comment(client, article, 6, REMOTE_ADDR="2001:db8:1:2:aaaa:bbbb:cccc:dddd")
    other_network = _post_comment(client, article, 7, REMOTE_ADDR="2001:db8:1:3::1")

    assert sixth.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert other_network.status_code == HTTPStatus.FOUND


def test_one_address_written_four_ways_is_one_rate_limit_bucket(client, article, settings):
    settings.COMMENTS_RATE_LIMIT = 3
    spellings = ["2001:DB8::1", "2001:db8:0::1", "2001:0db8::0001"]
    for n, spelling in enumerate(spellings):
        assert _post_comment(client, article, n, REMOTE_ADDR=spelling).status_code == (
            HTTPStatus.FOUND
        )
    fourth = _post_comment(client, article, 4, REMOTE_ADDR="2001:db8:0:0:0:0:0:1")
    assert fourth.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_ipv4_mapped_address_counts_with_its_ipv4_address(client, article, settings):
    settings.COMMENTS_RATE_LIMIT = 1
    _post_comment(client, article, 1, REMOTE_ADDR="192.0.2.7")
    response = _post_comment(client, article, 2, REMOTE_ADDR="::ffff:192.0.2.7")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


@pytest.mark.parametrize(
    "written, stored",
    [
        ("2001:0DB8:0001:0002::0001", "2001:db8:1:2::1"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
    ],
)
def test_comment_keeps_the_exact_address_in_its_one_spelling(client, article, written, stored):
    _post_comment(client, article, 1, REMOTE_ADDR=written)
    assert Comment.objects.get().ip_address == stored


@pytest.mark.parametrize("forwarded", ["nonsense", "unknown", "203.0.113.9; DROP TABLE"])
def test_comment_with_a_forwarded_value_that_is_no_address_gets_the_dutch_400(
    client, article, settings, forwarded
):
    settings.TRUSTED_PROXY_COUNT = 1
    response = _post_comment(client, article, 1, HTTP_X_FORWARDED_FOR=forwarded)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Ongeldig verzoek" in response.content.decode()
    assert not Comment.objects.exists()


def test_comment_with_a_remote_addr_that_is_no_address_gets_the_dutch_400(client, article):
    response = _post_comment(client, article, 1, REMOTE_ADDR="nonsense")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Ongeldig verzoek" in response.content.decode()
    assert not Comment.objects.exists()


def test_admin_login_with_a_forwarded_value_that_is_no_address_gets_the_dutch_400(
    client, account, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    response = _login(client, "het-juiste-wachtwoord", HTTP_X_FORWARDED_FOR="nonsense")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Ongeldig verzoek" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_admin_lockout_counts_per_64_not_per_address(client, account, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "fout", REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}")

    same_network = _login(client, "het-juiste-wachtwoord", REMOTE_ADDR="2001:db8:1:2::ffff")
    other_network = _login(client, "het-juiste-wachtwoord", REMOTE_ADDR="2001:db8:1:3::1")

    assert same_network.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert other_network.status_code == HTTPStatus.FOUND
    assert AccessAttempt.objects.get().ip_address == "2001:db8:1:2::"
