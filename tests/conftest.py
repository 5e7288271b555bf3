import pytest
from django.contrib.auth.models import Permission


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_user(django_user_model):
    """Staff with every permission on the articles app (the "Medewerkers" role)."""
    user = django_user_model.objects.create_user(
        username="medewerker", password="lang-genoeg-wachtwoord", is_staff=True
    )
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="articles"))
    return user


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
