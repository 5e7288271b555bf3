import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change and its after-commit callbacks, as a real request would."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


@pytest.fixture
def staff_user(roles, django_user_model):
    """A member of the "Medewerkers" role, as set up by setup_roles."""
    return _user_in(django_user_model, "medewerker", "Medewerkers")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def roles(db):
    from magnesium_site.roles import ensure_roles

    ensure_roles()


def _user_in(django_user_model, username, group_name):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.com",
        password="lang-genoeg-wachtwoord",
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(roles, django_user_model):
    return _user_in(django_user_model, "redacteur", "Redacteuren")


@pytest.fixture
def medewerker(roles, django_user_model):
    return _user_in(django_user_model, "schrijver", "Medewerkers")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def _dutch_by_default(settings):
    """A request under /en/ activates English in this thread; start every test in Dutch."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def medical_editor(roles, django_user_model):
    """A member of "Medisch redacteuren" with the Reviewer they record reviews as."""
    from tests.articles.factories import ReviewerFactory

    user = _user_in(django_user_model, "arts", "Medisch redacteuren")
    ReviewerFactory(user=user, name="Dr. Sanne Visser", qualification="huisarts", email="")
    return user


@pytest.fixture
def medical_client(client, medical_editor):
    client.force_login(medical_editor)
    return client
