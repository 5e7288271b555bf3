import importlib.util
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from magnesium_site import settings as settings_module

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "-production-secret-for-this-test-only-" + "y" * 20,
    "ALLOWED_HOSTS": "magnesium.example",
    "REDIS_URL": "redis://redis.internal:6379/0",
}


def _production_settings(monkeypatch):
    """The settings module as production loads it (with Redis), read afresh."""
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("production_settings", settings_module.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def production_lockouts(settings, monkeypatch):
    """Lockouts counted by the handler production uses (in-memory cache stands in for Redis)."""
    settings.AXES_HANDLER = _production_settings(monkeypatch).AXES_HANDLER
    return settings.AXES_HANDLER


@pytest.fixture
def account(django_user_model):
    return django_user_model.objects.create_user(
        "redacteur", password="het-juiste-wachtwoord", is_staff=True
    )


def _login(client, password):
    return client.post(
        LOGIN, {"username": "redacteur", "password": password}, REMOTE_ADDR="203.0.113.5"
    )


def test_production_counts_lockouts_in_the_database_even_with_redis(production_lockouts):
    assert production_lockouts == "axes.handlers.database.AxesDatabaseHandler"


def test_axes_reset_username_unlocks_a_locked_out_editor(
    client, account, settings, production_lockouts
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "fout")
    assert _login(client, "het-juiste-wachtwoord").status_code == HTTPStatus.TOO_MANY_REQUESTS

    out = StringIO()
    call_command("axes_reset_username", "redacteur", stdout=out)

    assert "attempts removed" in out.getvalue()
    assert _login(client, "het-juiste-wachtwoord").status_code == HTTPStatus.FOUND
