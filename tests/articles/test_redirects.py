"""A published article whose slug changes keeps its old address, in both languages."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from articles.models import ArticleRedirect
from tests.articles.factories import ArticleFactory
from tests.security.test_admin_permissions import change_form_data

pytestmark = pytest.mark.django_db


def rename(client, article, slug):
    change = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(client.get(change).content.decode(), type(article))
    data["slug"] = [slug]
    response = client.post(change, data, follow=True)
    assert response.status_code == HTTPStatus.OK
    return response


def test_renaming_a_published_article_sends_the_old_address_to_the_new_one(staff_client, client):
    article = ArticleFactory(slug="oud")
    response = rename(staff_client, article, "nieuw")
    messages = [str(m) for m in response.context["messages"]]
    assert any("/artikelen/oud/" in m and "/artikelen/nieuw/" in m for m in messages)
    staff_client.logout()

    for old, new in [
        ("/artikelen/oud/", "/artikelen/nieuw/"),
        ("/en/artikelen/oud/", "/en/artikelen/nieuw/"),
    ]:
        response = client.get(old)
        assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
        assert response["Location"] == new
    assert client.get("/artikelen/oud/?reacties=2")["Location"] == "/artikelen/nieuw/?reacties=2"
    assert client.get("/artikelen/nieuw/").status_code == HTTPStatus.OK


def test_a_chain_of_renames_leads_straight_to_the_live_address(staff_client, client):
    article = ArticleFactory(slug="a")
    rename(staff_client, article, "b")
    rename(staff_client, article, "c")
    staff_client.logout()

    assert client.get("/artikelen/a/")["Location"] == "/artikelen/c/"
    assert client.get("/artikelen/b/")["Location"] == "/artikelen/c/"


def test_renaming_back_never_loops_the_live_slug_wins(staff_client, client):
    article = ArticleFactory(slug="a")
    rename(staff_client, article, "b")
    rename(staff_client, article, "a")
    staff_client.logout()

    assert list(ArticleRedirect.objects.values_list("old_slug", flat=True)) == ["b"]
    assert client.get("/artikelen/a/").status_code == HTTPStatus.OK
    assert client.get("/artikelen/b/")["Location"] == "/artikelen/a/"


def test_a_new_article_on_an_old_address_takes_it_over(staff_client, client):
    article = ArticleFactory(slug="a")
    rename(staff_client, article, "b")
    newcomer = ArticleFactory(slug="a", title="Ander artikel")
    assert client.get("/artikelen/a/").status_code == HTTPStatus.OK  # the live one first

    rename(staff_client, newcomer, "a")  # its first save in the admin clears the old row

    assert not ArticleRedirect.objects.filter(old_slug="a").exists()


def test_renaming_a_draft_keeps_no_old_address(staff_client):
    article = ArticleFactory(slug="concept", draft=True)
    response = rename(staff_client, article, "concept-2")
    assert not ArticleRedirect.objects.exists()
    assert not [m for m in response.context["messages"] if "verwijst" in str(m)]


def test_an_old_address_of_an_unpublished_article_is_a_plain_404(staff_client, client):
    article = ArticleFactory(slug="oud")
    rename(staff_client, article, "nieuw")
    article.refresh_from_db()
    article.status = article.Status.DRAFT
    article.save()
    staff_client.logout()

    assert client.get("/artikelen/oud/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/artikelen/bestaat-niet/").status_code == HTTPStatus.NOT_FOUND


def test_the_redirect_costs_one_query_after_the_miss(client, django_assert_max_num_queries):
    article = ArticleFactory(slug="nieuw")
    ArticleRedirect.objects.create(old_slug="oud", article=article)
    with django_assert_max_num_queries(2):
        response = client.get("/artikelen/oud/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response.get("X-Cache") is None
    assert client.get("/artikelen/oud/").status_code == HTTPStatus.MOVED_PERMANENTLY


def test_staff_see_the_old_addresses_and_can_remove_one(staff_client, client):
    article = ArticleFactory(slug="oud")
    rename(staff_client, article, "nieuw")
    changelist = reverse("admin:articles_articleredirect_changelist")

    listing = staff_client.get(changelist).content.decode()
    assert "oud" in listing and article.title in listing
    assert staff_client.get(reverse("admin:articles_articleredirect_add")).status_code == 403

    redirect = ArticleRedirect.objects.get(old_slug="oud")
    delete = reverse("admin:articles_articleredirect_delete", args=[redirect.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == HTTPStatus.FOUND

    assert client.get("/artikelen/oud/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/artikelen/nieuw/").status_code == HTTPStatus.OK
