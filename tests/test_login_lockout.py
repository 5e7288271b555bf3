from http import HTTPStatus

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


@pytest.fixture
def account(django_user_model):
    return django_user_model.objects.create_user(
        "redacteur", password="het-juiste-wachtwoord", is_staff=True
    )


def _try(client, password, address="10.0.0.5", username="redacteur"):
    # As the login page's form sends it, with its hidden "next" field.
    data = {"username": username, "password": password, "next": reverse("admin:index")}
    return client.post(LOGIN, data, REMOTE_ADDR=address)


def test_admin_login_locks_after_repeated_failures_with_a_dutch_page(client, account, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _try(client, "fout").status_code == HTTPStatus.OK
    locked = _try(client, "fout")

    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Tijdelijk geblokkeerd" in locked.content.decode()
    # Even the right password is refused during the cool-off.
    assert _try(client, "het-juiste-wachtwoord").status_code == HTTPStatus.TOO_MANY_REQUESTS


def _assert_logged_in(client, response, account):
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:index")
    assert client.session["_auth_user_id"] == str(account.pk)


def test_lockout_is_per_username_and_address(client, account, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "fout")
    _assert_logged_in(client, _try(client, "het-juiste-wachtwoord", address="10.0.0.6"), account)


def test_successful_login_works(client, account):
    _assert_logged_in(client, _try(client, "het-juiste-wachtwoord"), account)
