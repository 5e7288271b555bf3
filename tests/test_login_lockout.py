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
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_admin_login_locks_after_repeated_failures_with_a_dutch_page(client, account, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _try(client, "fout").status_code == HTTPStatus.OK
    locked = _try(client, "fout")

    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Tijdelijk geblokkeerd" in locked.content.decode()
    # Even the right password is refused during the cool-off.
    assert _try(client, "het-juiste-wachtwoord").status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_lockout_is_per_username_and_address(client, account, settings, django_user_model):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "fout")
    assert _try(client, "het-juiste-wachtwoord", address="10.0.0.6").status_code == HTTPStatus.FOUND


def test_successful_login_works(client, account):
    response = _try(client, "het-juiste-wachtwoord")
    assert response.status_code == HTTPStatus.FOUND
