"""Which pages a change retires, and which stay served from the page cache."""

from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from articles.models import CONTENT_SCOPE, Article, Block, article_scope
from comments.models import Comment, Status
from comments.services import moderate
from magnesium_site import page_cache
from tests.articles.factories import (
    ArticleFactory,
    AuthorFactory,
    BlockFactory,
    CategoryFactory,
    FaqEntryFactory,
    ListItemFactory,
)
from tests.comments.factories import CommentFactory
from tests.security.test_admin_permissions import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(commit):
    """Two articles in two categories, by two authors, each with an approved comment."""
    return commit(_site)


def _site():
    a = ArticleFactory(title="Artikel A", category=CategoryFactory(), author=AuthorFactory())
    b = ArticleFactory(title="Artikel B", category=CategoryFactory(), author=AuthorFactory())
    for article in (a, b):
        BlockFactory(article=article, heading="Kop", body=f"Tekst van {article.title}")
    return {
        "a": a,
        "b": b,
        "comment_a": CommentFactory(article=a, status=Status.APPROVED, text="Over A"),
        "comment_b": CommentFactory(article=b, status=Status.APPROVED, text="Over B"),
    }


def pages(site):
    a, b = site["a"], site["b"]
    return {
        "article a": a.get_absolute_url(),
        "article a (en)": "/en" + a.get_absolute_url(),
        "article b": b.get_absolute_url(),
        "home": "/",
        "category a": a.category.get_absolute_url(),
        "category b": b.category.get_absolute_url(),
    }


def warm(site):
    """Render every page once, then check that each is now a cache hit."""
    urls = pages(site)
    for url in urls.values():
        Client().get(url)
    assert statuses(urls) == dict.fromkeys(urls, page_cache.HIT)
    return urls


def statuses(urls):
    return {name: Client().get(url)[page_cache.CACHE_STATUS_HEADER] for name, url in urls.items()}


def rendered_again(urls):
    """The pages a visitor now gets freshly rendered (their cache entry was retired)."""
    return {name for name, status in statuses(urls).items() if status == page_cache.MISS}


def test_approving_a_comment_retires_only_its_article(site, commit, editor):
    urls = warm(site)
    pending = CommentFactory(article=site["b"], text="Nieuw bij B")

    commit(moderate, Comment.objects.filter(pk=pending.pk), Status.APPROVED, editor)

    assert rendered_again(urls) == {"article b"}
    assert "Nieuw bij B" in Client().get(urls["article b"]).content.decode()


def test_a_comments_page_retires_in_every_language(site, commit):
    urls = warm(site)
    comment = site["comment_a"]
    comment.text = "Bijgewerkt"

    commit(comment.save)

    assert rendered_again(urls) == {"article a", "article a (en)"}


@pytest.mark.parametrize(
    "before, after",
    [
        (Status.PENDING, Status.REJECTED),
        (Status.PENDING, Status.SPAM),
        (Status.SPAM, Status.REJECTED),
        (Status.REJECTED, Status.SPAM),
    ],
)
def test_a_decision_visitors_cannot_see_retires_nothing(site, commit, editor, before, after):
    comment = commit(CommentFactory, article=site["a"], status=before, text="Onzichtbaar")
    urls = warm(site)

    commit(moderate, Comment.objects.filter(pk=comment.pk), after, editor)

    assert rendered_again(urls) == set()


def test_rejecting_through_a_plain_save_retires_the_article(site, commit):
    urls = warm(site)
    comment = Comment.objects.get(pk=site["comment_a"].pk)
    comment.status = Status.REJECTED

    commit(comment.save)

    assert rendered_again(urls) == {"article a", "article a (en)"}
    assert "Over A" not in Client().get(urls["article a"]).content.decode()


def test_deleting_an_approved_comment_retires_its_article(site, commit):
    urls = warm(site)

    commit(site["comment_b"].delete)

    assert rendered_again(urls) == {"article b"}


def test_editing_a_published_article_retires_it_and_the_listings(site, commit):
    urls = warm(site)
    article = Article.objects.get(pk=site["a"].pk)
    article.title = "Artikel A, herzien"

    commit(article.save)

    assert rendered_again(urls) == {
        "article a",
        "article a (en)",
        "home",
        "category a",
        "category b",
    }
    assert "Artikel A, herzien" in Client().get("/").content.decode()


def test_editing_a_draft_leaves_the_listings_and_other_articles_alone(site, commit):
    draft = commit(ArticleFactory, draft=True)
    urls = warm(site)
    draft.title = "Nog steeds een concept"

    commit(draft.save)

    assert rendered_again(urls) == set()


def test_unpublishing_retires_the_listings(site, commit):
    urls = warm(site)
    article = Article.objects.get(pk=site["b"].pk)
    article.status = Article.Status.DRAFT

    commit(article.save)

    assert "Artikel B" not in Client().get("/").content.decode()
    assert Client().get(urls["article b"]).status_code == HTTPStatus.NOT_FOUND
    assert statuses({"article a": urls["article a"]}) == {"article a": page_cache.HIT}


@pytest.mark.parametrize(
    "change",
    [
        lambda article: BlockFactory(article=article, body="Extra blok"),
        lambda article: ListItemFactory(block__article=article, text="Extra item"),
        lambda article: FaqEntryFactory(block__article=article, question="Extra vraag?"),
        lambda article: article.blocks.first().delete(),
    ],
    ids=["block", "list item", "faq entry", "block deleted"],
)
def test_a_change_inside_an_article_retires_only_that_article(site, commit, change):
    urls = warm(site)

    commit(change, site["a"])

    assert rendered_again(urls) == {"article a", "article a (en)"}


def test_renaming_an_author_retires_their_articles_only(site, commit):
    urls = warm(site)
    author = site["a"].author
    author.name = "Nieuwe naam"

    commit(author.save)

    assert rendered_again(urls) == {"article a", "article a (en)"}
    assert "Nieuwe naam" in Client().get(urls["article a"]).content.decode()


def test_renaming_a_category_retires_its_articles_and_the_listings(site, commit):
    urls = warm(site)
    category = site["b"].category
    category.name = "Hernoemd"

    commit(category.save)

    assert rendered_again(urls) == {"article b", "home", "category a", "category b"}
    assert "Hernoemd" in Client().get(urls["article b"]).content.decode()


def test_a_transaction_retires_each_scope_once(
    site, django_capture_on_commit_callbacks, monkeypatch
):
    calls = []
    monkeypatch.setattr(cache, "set_many", lambda values, **kw: calls.append(sorted(values)))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for n in range(40):
            BlockFactory(article=site["a"], body=f"Blok {n}")

    assert calls == [
        sorted(page_cache.SCOPE_PREFIX + s for s in (article_scope(site["a"].pk), CONTENT_SCOPE))
    ]


def test_one_admin_save_with_40_inline_rows_retires_each_scope_once(
    site, staff_client, django_capture_on_commit_callbacks, monkeypatch
):
    article = site["a"]
    with django_capture_on_commit_callbacks(execute=True):
        BlockFactory.create_batch(39, article=article, body="Oud")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(staff_client.get(url).content.decode(), Article)
    bodies = [name for name in data if name.startswith("blocks-") and name.endswith("-body")]
    assert len(bodies) >= 40
    for name in bodies:
        data[name] = ["Nieuw"]
    calls = []
    monkeypatch.setattr(cache, "set_many", lambda values, **kw: calls.append(sorted(values)))

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    assert Block.objects.filter(article=article, body="Nieuw").count() == 40
    assert calls == [
        sorted(
            page_cache.SCOPE_PREFIX + s
            for s in ("listings", CONTENT_SCOPE, article_scope(article.pk))
        )
    ]


@pytest.mark.parametrize("rolled_back_first", [True, False])
def test_a_rolled_back_savepoint_never_loses_a_retirement(site, commit, rolled_back_first):
    urls = warm(site)

    def rolled_back():
        try:
            with transaction.atomic():
                BlockFactory(article=site["b"], body="Teruggedraaid")
                raise RuntimeError
        except RuntimeError:
            pass

    def change():
        with transaction.atomic():
            if rolled_back_first:
                rolled_back()
            BlockFactory(article=site["a"], body="Blijft")
            if not rolled_back_first:
                rolled_back()

    commit(change)

    # Article b may be retired as well: one retirement too many is harmless.
    assert {"article a", "article a (en)"} <= rendered_again(urls)
    assert "Blijft" in Client().get(urls["article a"]).content.decode()


def test_an_unknown_query_parameter_bypasses_the_shared_cache(site):
    warm(site)
    response = Client().get("/", {"q": "magnesium"})

    assert response[page_cache.CACHE_STATUS_HEADER] == page_cache.BYPASS
    assert response["Cache-Control"] == "private, no-store"
    again = Client().get("/", {"q": "magnesium"})
    assert again[page_cache.CACHE_STATUS_HEADER] == page_cache.BYPASS  # never stored


def test_tracking_parameters_are_served_from_the_cache(site):
    warm(site)
    response = Client().get("/?utm_source=nieuwsbrief&utm_medium=mail&fbclid=abc")
    assert response[page_cache.CACHE_STATUS_HEADER] == page_cache.HIT


def test_a_comment_page_past_the_last_shares_the_last_pages_entry(site, settings):
    settings.COMMENTS_PER_PAGE = 1
    CommentFactory(article=site["a"], status=Status.APPROVED, text="Tweede pagina")
    url = site["a"].get_absolute_url()
    assert "Tweede pagina" in Client().get(url, {"reacties": 2}).content.decode()
    entries = len(cache._cache)

    for page in (3, 50, 9999, 123456789):
        response = Client().get(url, {"reacties": page})
        assert "Tweede pagina" in response.content.decode()
        assert response[page_cache.CACHE_STATUS_HEADER] == page_cache.HIT

    assert len(cache._cache) == entries  # nothing new was stored


@pytest.mark.parametrize("page", ["article a", "article a (en)", "home", "category b"])
def test_scopes_a_path_showed_are_remembered_so_the_middleware_can_answer(site, page):
    url = pages(site)[page]
    Client().get(url)

    assert page_cache.scopes_hint(url) in {(article_scope(site["a"].pk),), ("listings",)}
    assert Client().get(url).context is None  # answered before the view
