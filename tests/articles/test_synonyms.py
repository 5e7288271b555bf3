"""Synonyms: other names for an article's subject, kept by staff on the article's admin page."""

from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles.models import Article, Synonym
from tests.articles.factories import ArticleFactory, SynonymFactory

pytestmark = pytest.mark.django_db


def _article_form(article, synonyms):
    data = {
        "title": article.title,
        "slug": article.slug,
        "lead": article.lead,
        "category": article.category_id,
        "author": article.author_id,
        "image_alt": "",
        "image_caption": "",
        "image_credit": "",
        "status": article.status,
        "published_at_0": article.published_at.strftime("%d-%m-%Y"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
        "comments_open": "on",
    }
    for prefix, rows in (("blocks", []), ("references", []), ("synonyms", synonyms)):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    for index, term in enumerate(synonyms):
        data[f"synonyms-{index}-position"] = str(index)
        data[f"synonyms-{index}-term"] = term
        data[f"synonyms-{index}-article"] = str(article.pk)
    return data


def test_synonyms_are_listed_in_their_order():
    article = ArticleFactory()
    SynonymFactory(article=article, position=2, term="magnesiumgebrek")
    SynonymFactory(article=article, position=1, term="hypomagnesiëmie")

    assert [s.term for s in article.synonyms.all()] == ["hypomagnesiëmie", "magnesiumgebrek"]


def test_the_same_term_twice_on_one_article_is_refused_whatever_its_case():
    article = ArticleFactory()
    SynonymFactory(article=article, term="Hypomagnesemie")

    with pytest.raises(IntegrityError), transaction.atomic():
        SynonymFactory(article=article, term="hypomagnesemie")


def test_two_articles_may_share_a_synonym():
    SynonymFactory(term="kramp")
    SynonymFactory(term="kramp")

    assert Synonym.objects.filter(term="kramp").count() == 2


def test_a_synonym_change_is_a_content_change_of_its_article():
    article = ArticleFactory()
    version = article.content_version

    synonym = SynonymFactory(article=article)
    synonym.delete()

    article.refresh_from_db()
    assert article.content_version == version + 2


def test_staff_add_synonyms_on_the_article_page(staff_client):
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])

    response = staff_client.post(url, _article_form(article, ["hypomagnesiëmie", "tekort"]))

    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    assert list(article.synonyms.values_list("term", flat=True)) == ["hypomagnesiëmie", "tekort"]


def test_the_same_synonym_twice_in_one_save_is_a_form_error(staff_client):
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])

    response = staff_client.post(
        url, _article_form(article, ["Hypomagnesiëmie", "hypomagnesiëmie"])
    )

    assert response.status_code == HTTPStatus.OK
    assert "Dit synoniem staat er al." in response.content.decode()
    assert not article.synonyms.exists()


def test_a_synonym_already_on_the_article_is_a_form_error(staff_client):
    article = ArticleFactory()
    SynonymFactory(article=article, term="tekort")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = _article_form(article, [])
    data.update(
        {
            "synonyms-TOTAL_FORMS": "2",
            "synonyms-INITIAL_FORMS": "1",
            "synonyms-0-id": str(article.synonyms.get().pk),
            "synonyms-0-article": str(article.pk),
            "synonyms-0-position": "0",
            "synonyms-0-term": "tekort",
            "synonyms-1-article": str(article.pk),
            "synonyms-1-position": "1",
            "synonyms-1-term": "Tekort",
        }
    )

    response = staff_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    assert article.synonyms.count() == 1


def test_the_demo_article_has_synonyms():
    call_command("load_demo", stdout=None)

    article = Article.objects.get(slug="magnesiumtekort")
    assert "hypomagnesiëmie" in article.synonyms.values_list("term", flat=True)
