"""Editors see the searches that found nothing, most asked first, and act on them."""

from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from search.models import ZeroResultQuery

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:search_zeroresultquery_changelist")


@pytest.fixture
def logged():
    today = timezone.localdate()
    ZeroResultQuery.objects.create(query="zelden", day=today, count=2)
    ZeroResultQuery.objects.create(query="vaak gezocht", day=today, count=40)
    return ZeroResultQuery.objects.create(
        query="gisteren", day=today - timezone.timedelta(days=1), count=7
    )


def test_staff_see_the_queries_sorted_by_count(staff_client, logged):
    response = staff_client.get(CHANGELIST)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert html.index("vaak gezocht") < html.index("gisteren") < html.index("zelden")


def test_each_query_links_to_adding_it_as_a_synonym(staff_client, logged):
    html = staff_client.get(CHANGELIST).content.decode()

    link = reverse("admin:articles_synonym_add") + "?" + urlencode({"term": "vaak gezocht"})
    assert link.replace("&", "&amp;") in html
    assert staff_client.get(link).status_code == HTTPStatus.OK
    assert 'value="vaak gezocht"' in staff_client.get(link).content.decode()


def test_the_log_is_read_only(staff_client, logged, admin_client):
    assert staff_client.get(reverse("admin:search_zeroresultquery_add")).status_code in (
        HTTPStatus.FORBIDDEN,
    )
    change = reverse("admin:search_zeroresultquery_change", args=[logged.pk])
    response = admin_client.post(change, {"query": "anders", "day": logged.day, "count": 1})
    logged.refresh_from_db()
    assert logged.query == "gisteren"
    assert response.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.OK)


def test_the_log_search_and_filters_work(staff_client, logged):
    assert staff_client.get(CHANGELIST, {"q": "vaak"}).status_code == HTTPStatus.OK
    assert staff_client.get(CHANGELIST, {"day": str(logged.day)}).status_code == HTTPStatus.OK


def test_staff_without_the_permission_are_refused(client, django_user_model, logged):
    client.force_login(django_user_model.objects.create_user("leeg", is_staff=True))

    assert client.get(CHANGELIST).status_code == HTTPStatus.FORBIDDEN


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(CHANGELIST)

    assert response.status_code == HTTPStatus.FOUND
    assert "/admin/login/" in response["Location"]
