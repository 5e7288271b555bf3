import datetime
import json
import re
from http import HTTPStatus

import pytest
from django.utils import timezone

from articles.models import Article, Author, Reviewer
from tests.articles.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def test_authors_get_a_unique_slug_from_their_name():
    first = AuthorFactory(name="Anne de Vries")
    second = Author.objects.create(name="Anne de-Vries")

    assert first.slug == "anne-de-vries"
    assert second.slug == "anne-de-vries-2"


def test_author_page_lists_only_their_published_articles(client):
    author = AuthorFactory(name="Piet Jansen", bio="Diëtist.")
    ArticleFactory(author=author, title="Over kalium")
    ArticleFactory(author=author, title="Nog een concept", draft=True)
    ArticleFactory(
        author=author,
        title="Straks pas",
        published_at=timezone.now() + timezone.timedelta(minutes=5),
    )
    ArticleFactory(title="Van iemand anders")

    response = client.get(author.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert author.get_absolute_url() == "/auteurs/piet-jansen/"
    assert "Over kalium" in html and "Diëtist." in html
    for hidden in ("Nog een concept", "Straks pas", "Van iemand anders"):
        assert hidden not in html


def test_unknown_author_is_a_404(client):
    assert client.get("/auteurs/niemand/").status_code == HTTPStatus.NOT_FOUND


def test_byline_links_to_the_author_page(client):
    article = ArticleFactory(author=AuthorFactory(name="Karin Bos"))

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'<a href="{article.author.get_absolute_url()}" rel="author">Karin Bos</a>' in html


def test_renaming_an_author_retires_their_page(client, commit):
    author = AuthorFactory(name="Oude Naam")
    ArticleFactory(author=author)
    client.get(author.get_absolute_url())

    def rename():
        author.name = "Nieuwe Naam"
        author.save()

    commit(rename)

    assert "Nieuwe Naam" in client.get(author.get_absolute_url()).content.decode()


def test_migration_gives_existing_authors_unique_slugs():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("articles.migrations.0008_author_slugs")
    ids = [AuthorFactory(name=name).pk for name in ("Jan Smit", "Jan  Smit", "Émile Zola")]
    for pk in ids:  # as before the migration, but unique: the test database has the constraint
        Author.objects.filter(pk=pk).update(slug=f"oud-{pk}")

    migration.fill_slugs(apps, None)

    slugs = list(Author.objects.filter(pk__in=ids).order_by("pk").values_list("slug", flat=True))
    assert slugs == ["jan-smit", "jan-smit-2", "emile-zola"]


def _reviewed(article, reviewer, on):
    Article.objects.filter(pk=article.pk).update(reviewed_by=reviewer, last_reviewed_on=on)


def test_reviewer_page_lists_the_published_articles_they_checked(client):
    reviewer = Reviewer.objects.create(name="Dr. Ina Kok", slug="ina-kok", qualification="huisarts")
    checked = ArticleFactory(title="Gecontroleerd")
    _reviewed(checked, reviewer, datetime.date(2026, 11, 1))
    _reviewed(
        ArticleFactory(title="Geheim concept", draft=True), reviewer, datetime.date(2026, 11, 1)
    )
    ArticleFactory(title="Niet gecontroleerd")

    response = client.get(reviewer.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert reviewer.get_absolute_url() == "/controleurs/ina-kok/"
    assert "Gecontroleerd" in html and "huisarts" in html
    assert "Geheim concept" not in html and "Niet gecontroleerd" not in html
    article_html = client.get(checked.get_absolute_url()).content.decode()
    assert '<a href="/controleurs/ina-kok/">Dr. Ina Kok</a>' in article_html
    assert "/controleurs/ina-kok/</loc>" in client.get("/sitemap.xml").content.decode()


def test_structured_data_names_the_review_where_one_is_recorded(client):
    reviewer = Reviewer.objects.create(name="Dr. Ina Kok", slug="ina-kok", qualification="huisarts")
    article = ArticleFactory()
    _reviewed(article, reviewer, datetime.date(2026, 11, 1))

    html = client.get(article.get_absolute_url()).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    page = next(n for n in json.loads(script.group(1))["@graph"] if n["@type"] == "MedicalWebPage")

    assert page["lastReviewed"] == "2026-11-01"
    assert page["reviewedBy"]["name"] == "Dr. Ina Kok"
    assert page["reviewedBy"]["jobTitle"] == "huisarts"
    assert page["reviewedBy"]["url"].endswith("/controleurs/ina-kok/")
