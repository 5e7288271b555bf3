import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import BylinePerson
from tests.articles.factories import (
    ArticleFactory,
    AuthorFactory,
    BlockFactory,
    StaffProfileFactory,
)
from tests.articles.test_medical_review import change_form

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.make_aware(datetime.datetime(2025, 3, 16, 12))


@pytest.fixture
def article():
    return ArticleFactory(
        author=AuthorFactory(name="Auteur Jansen"), updated_at=LONG_AGO, updated_by=None
    )


def change(client, article, **extra):
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, change_form(article, **extra))
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    article.refresh_from_db()
    return article


def test_a_substantive_update_shows_today_and_the_display_name_of_who_made_it(
    client, staff_user, article
):
    StaffProfileFactory(user=staff_user, display_name="Anna de Vries")
    client.force_login(staff_user)

    change(client, article, title="Herschreven", substantive="on")

    assert article.updated_by == staff_user
    assert timezone.now() - article.updated_at < datetime.timedelta(minutes=1)
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    today = timezone.localdate()
    assert f"Laatst bijgewerkt op {today.day} " in page
    assert "door Anna de Vries" in page
    assert staff_user.username not in page


def test_a_typo_fix_keeps_the_shown_date_and_person_but_the_save_is_kept(
    staff_client, staff_user, article
):
    change(staff_client, article, title="Tikfout hersteld")

    assert (article.updated_at, article.updated_by) == (LONG_AGO, None)
    assert article.saved_by == staff_user
    assert timezone.now() - article.saved_at < datetime.timedelta(minutes=1)
    staff_client.logout()
    page = staff_client.get(article.get_absolute_url()).content.decode()
    assert "Laatst bijgewerkt op 16 maart 2025 door" in page


def test_staff_set_the_shown_date_themselves(staff_client, article):
    change(
        staff_client,
        article,
        substantive="on",
        updated_at_0="2024-11-02",
        updated_at_1="10:00:00",
    )

    assert timezone.localtime(article.updated_at).date() == datetime.date(2024, 11, 2)
    assert timezone.now() - article.saved_at < datetime.timedelta(minutes=1)


def test_staff_may_show_the_author_instead_of_the_last_editor(client, staff_user, article):
    StaffProfileFactory(user=staff_user, display_name="Anna de Vries")
    client.force_login(staff_user)

    change(client, article, substantive="on", byline_shows_author="on")

    assert article.byline_person() == BylinePerson("Auteur Jansen", article.author)
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Anna de Vries" not in page
    assert f'<a href="{article.author.get_absolute_url()}" rel="author">Auteur Jansen</a>' in page


def test_the_byline_never_shows_a_username(staff_user, article):
    article.updated_by = staff_user

    assert article.byline_person() is None
    staff_user.first_name, staff_user.last_name = "Anna", "de Vries"
    assert article.byline_person() == BylinePerson("Anna de Vries")


def test_a_staff_member_who_is_an_author_links_to_their_page(staff_user, article):
    writer = AuthorFactory(name="Bram Bakker")
    StaffProfileFactory(user=staff_user, display_name="", author=writer)
    article.updated_by = staff_user

    assert article.byline_person() == BylinePerson("Bram Bakker", writer)


def test_a_page_without_a_name_for_the_editor_shows_only_the_date(client, staff_user, article):
    article.updated_by = staff_user
    article.save()

    page = client.get(article.get_absolute_url()).content.decode()

    assert "Laatst bijgewerkt op 16 maart 2025</p>" in page


def test_a_block_saved_on_its_own_page_asks_whether_it_is_substantive(
    staff_client, staff_user, article
):
    block = BlockFactory(article=article, heading="Kop", body="Oud")
    url = reverse("admin:articles_block_change", args=[block.pk])
    data = {
        "article": article.pk,
        "kind": "text",
        "list_style": "bullet",
        "faq_display": block.faq_display,
        "role": block.role,
        "heading": "Kop",
        "heading_level": "2",
        "anchor": block.anchor,
        "body": "Nieuw",
    }
    assert "Inhoudelijke wijziging" in staff_client.get(url).content.decode()

    staff_client.post(url, data)
    article.refresh_from_db()
    assert (article.updated_by, article.saved_by) == (None, staff_user)

    staff_client.post(url, {**data, "substantive": "on"})
    article.refresh_from_db()
    assert article.updated_by == staff_user


def test_renaming_a_staff_profile_retires_the_pages_it_signs(client, commit, staff_user):
    profile = StaffProfileFactory(user=staff_user, display_name="Oude naam")
    article = ArticleFactory(updated_by=staff_user)
    client.get(article.get_absolute_url())

    profile.display_name = "Nieuwe naam"
    commit(profile.save)

    assert "door Nieuwe naam" in client.get(article.get_absolute_url()).content.decode()
