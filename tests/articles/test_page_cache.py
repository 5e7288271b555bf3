import re
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Block, article_scope
from comments.models import Comment, Status
from comments.services import moderate
from magnesium_site import page_cache
from tests.articles.factories import (
    ArticleFactory,
    BlockFactory,
    FaqEntryFactory,
    ListItemFactory,
    ReferenceFactory,
)
from tests.comments.factories import CommentFactory
from tests.comments.helpers import comment_url, form_data, shown_count

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RENDERED_AT = re.compile(r'name="rendered_at" value="([^"]+)"')


@pytest.fixture
def article():
    article = ArticleFactory(title="Oude titel")
    BlockFactory(article=article, heading="Kop", body="Oude tekst")
    return article


@pytest.fixture(params=["page", "fragments"])
def cache_layer(request, settings):
    """Run a test against the whole-page cache and, with it off, against the fragments."""
    if request.param == "fragments":
        settings.PAGE_CACHE_SECONDS = 0
    return request.param


def test_second_visit_is_served_from_the_cache_without_queries(
    client, article, django_assert_num_queries
):
    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "Oude tekst" in response.content.decode()


def test_cached_page_gets_a_fresh_csrf_token_and_render_time_per_visitor(client, article):
    from django.test import Client

    first = client.get(article.get_absolute_url()).content.decode()
    other = Client()
    second = other.get(article.get_absolute_url()).content.decode()

    assert page_cache.placeholder("csrf") not in second
    assert page_cache.placeholder("render-time", str(article.pk)) not in second
    assert TOKEN.search(first) and TOKEN.search(second)
    assert TOKEN.search(first).group(1) != TOKEN.search(second).group(1)
    assert RENDERED_AT.search(second).group(1)


def test_a_form_from_a_cached_page_can_be_posted(article):
    from django.test import Client

    Client().get(article.get_absolute_url())  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    html = visitor.get(article.get_absolute_url()).content.decode()
    data = form_data(csrfmiddlewaretoken=TOKEN.search(html).group(1))

    response = visitor.post(comment_url(article), data)

    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.count() == 1


def _change_title(article):
    article.title = "Nieuwe titel"
    article.save()


def _change_block(article):
    block = article.blocks.get()
    block.body = "Nieuwe tekst"
    block.save()


def _add_list_item(article):
    ListItemFactory(block=BlockFactory(article=article, kind=Block.Kind.LIST), text="Nieuw item")


def _add_faq(article):
    FaqEntryFactory(block=BlockFactory(article=article, kind=Block.Kind.FAQ), question="Nieuw?")


def _add_reference(article):
    ReferenceFactory(article=article, citation="Nieuwe bron 2024")


def _change_image_text(article):
    from django.core.files.base import ContentFile

    from articles.demo_image import draw_demo_image

    article.image_alt = "Nieuw beeld"
    article.image.save("nieuw.png", ContentFile(draw_demo_image()))


@pytest.mark.parametrize(
    "change, expected",
    [
        (_change_title, "Nieuwe titel"),
        (_change_block, "Nieuwe tekst"),
        (_add_list_item, "Nieuw item"),
        (_add_faq, "Nieuw?"),
        (_add_reference, "Nieuwe bron 2024"),
        (_change_image_text, "Nieuw beeld"),
    ],
)
def test_content_change_shows_at_once(client, article, commit, change, expected, cache_layer):
    assert expected not in client.get(article.get_absolute_url()).content.decode()
    commit(change, article)
    assert expected in client.get(article.get_absolute_url()).content.decode()


def test_deleting_a_block_shows_at_once(client, article, commit, cache_layer):
    client.get(article.get_absolute_url())
    commit(article.blocks.get().delete)
    assert "Oude tekst" not in client.get(article.get_absolute_url()).content.decode()


def test_unpublishing_removes_the_page_and_the_home_entry_at_once(
    client, article, commit, cache_layer
):
    assert "Oude titel" in client.get("/").content.decode()
    client.get(article.get_absolute_url())

    article.status = Article.Status.DRAFT
    commit(article.save)

    assert client.get(article.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert "Oude titel" not in client.get("/").content.decode()


def test_publishing_shows_on_home_at_once(client, commit):
    draft = ArticleFactory(draft=True, title="Vers artikel")
    assert "Vers artikel" not in client.get("/").content.decode()
    draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now()
    commit(draft.save)
    assert "Vers artikel" in client.get("/").content.decode()


def test_a_scheduled_article_appears_on_the_cached_home_page_when_its_time_comes(
    client, monkeypatch
):
    import time

    when = timezone.now() + timezone.timedelta(seconds=30)
    ArticleFactory(published_at=when, title="Gepland artikel")
    assert "Gepland artikel" not in client.get("/").content.decode()
    assert client.get("/").context is None  # kept, with nothing saved since

    # 31 seconds later, for the caches and the database query alike; no save announces it.
    later, now = time.time() + 31, timezone.now() + timezone.timedelta(seconds=31)
    monkeypatch.setattr(time, "time", lambda: later)
    monkeypatch.setattr(timezone, "now", lambda: now)

    assert "Gepland artikel" in client.get("/").content.decode()


@pytest.mark.parametrize("new_status", [Status.REJECTED, Status.SPAM, Status.PENDING])
def test_moderation_changes_show_at_once(client, article, commit, editor, new_status, cache_layer):
    comment = CommentFactory(article=article, status=Status.PENDING, text="REACTIE-Z")
    assert "REACTIE-Z" not in client.get(article.get_absolute_url()).content.decode()

    commit(moderate, Comment.objects.filter(pk=comment.pk), Status.APPROVED, editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "REACTIE-Z" in html and shown_count(html) == 1

    commit(moderate, Comment.objects.filter(pk=comment.pk), new_status, editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "REACTIE-Z" not in html and shown_count(html) == 0


def test_editing_and_deleting_an_approved_comment_show_at_once(
    client, article, commit, cache_layer
):
    comment = CommentFactory(article=article, status=Status.APPROVED, text="Eerst")
    client.get(article.get_absolute_url())

    comment.text = "Daarna"
    commit(comment.save)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Daarna" in html and "Eerst" not in html

    commit(comment.delete)
    assert "Daarna" not in client.get(article.get_absolute_url()).content.decode()


def test_pending_submission_never_enters_a_cached_page(client, article, cache_layer):
    from django.test import Client

    client.get(article.get_absolute_url())
    client.post(comment_url(article), form_data(article, text="NIET-GOEDGEKEURD"))

    assert "NIET-GOEDGEKEURD" not in Client().get(article.get_absolute_url()).content.decode()
    stored = list(cache._cache.values())  # the local-memory cache keeps pickled values
    assert any(b"Oude tekst" in value for value in stored)  # the check can see pages
    assert not any(b"NIET-GOEDGEKEURD" in value for value in stored)


def test_page_rendered_during_a_change_is_never_served_afterwards(client, article, commit):
    path = article.get_absolute_url()
    client.get(path)  # the path's scopes are known
    read_before = page_cache.read_versions([article_scope(article.pk)])
    commit(page_cache.invalidate, article_scope(article.pk))  # commits while the old renders
    stale = (page_cache.split(b"stale page"), {})
    page_cache.kept.set(page_cache.entry_key(path, "", read_before), stale, 300)

    assert b"stale page" not in client.get(path).content


@pytest.mark.parametrize(
    "cookies, query",
    [({"sessionid": "x"}, ""), ({"messages": "x"}, ""), ({}, "?antwoord=3")],
)
def test_personal_requests_bypass_the_cache(client, article, cookies, query):
    for name, value in cookies.items():
        client.cookies[name] = value
    response = client.get(article.get_absolute_url() + query)
    assert response["Cache-Control"] == "private, no-store"


def test_a_page_without_per_visitor_values_is_briefly_cacheable_by_proxies(
    client, article, settings
):
    for _ in range(2):  # rendered, then from the cache
        response = client.get("/")
        assert response["Cache-Control"] == f"public, max-age={settings.PAGE_PROXY_MAX_AGE}"
        assert "Cookie" in response["Vary"]
        assert "csrftoken" not in response.cookies


def test_a_page_with_a_csrf_token_is_kept_by_no_shared_cache(client, article):
    for _ in range(2):  # rendered, then from the cache
        response = client.get(article.get_absolute_url())
        assert response["Cache-Control"] == "private, no-cache"
        assert "csrftoken" in response.cookies


def test_an_article_closed_for_comments_carries_no_token_and_may_be_kept_by_proxies(
    client, settings
):
    article = ArticleFactory(comments_open=False)
    response = client.get(article.get_absolute_url())
    assert response["Cache-Control"] == f"public, max-age={settings.PAGE_PROXY_MAX_AGE}"
    assert "csrftoken" not in response.cookies


def test_preview_and_admin_are_never_stored(staff_client):
    draft = ArticleFactory(draft=True)
    assert staff_client.get(draft.get_absolute_url())["Cache-Control"] == "private, no-store"
    admin = staff_client.get(reverse("admin:articles_article_changelist"))
    assert "no-store" in admin["Cache-Control"] and "private" in admin["Cache-Control"]


def test_cache_can_be_turned_off(client, article, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(article.get_absolute_url())
    with django_assert_max_num_queries(10):
        response = client.get(article.get_absolute_url())
    assert response.context is not None
    assert response["Cache-Control"] == "private, no-cache"


def test_tracking_parameters_share_the_cached_page(client, article, django_assert_num_queries):
    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url() + "?utm_source=nieuwsbrief&fbclid=x")
    assert "Oude tekst" in response.content.decode()


def test_each_comment_page_has_its_own_cache_entry(client, article, settings):
    settings.COMMENTS_PER_PAGE = 1
    CommentFactory(article=article, status=Status.APPROVED, text="Op pagina een")
    CommentFactory(article=article, status=Status.APPROVED, text="Op pagina twee")
    url = article.get_absolute_url()

    for _ in range(2):  # the second round comes from the cache
        assert "Op pagina een" in client.get(url).content.decode()
        assert "Op pagina twee" in client.get(url, {"reacties": 2}).content.decode()
        assert "Op pagina een" in client.get(url, {"reacties": "abc"}).content.decode()
        assert "Op pagina een" in client.get(url, {"reacties": "0"}).content.decode()


def test_each_home_page_has_its_own_cache_entry(client):
    articles = ArticleFactory.create_batch(21)
    for _ in range(2):
        assert articles[0].title not in client.get("/", {"page": 1}).content.decode()
        assert articles[0].title in client.get("/", {"page": 2}).content.decode()
    assert client.get("/", {"page": 3}).status_code == HTTPStatus.NOT_FOUND


def test_cached_answer_carries_the_headers_of_a_full_render(client, article):
    full = client.get(article.get_absolute_url())
    cached = client.get(article.get_absolute_url())

    assert cached.context is None  # answered by PageCacheMiddleware
    for header in [
        "Content-Type",
        "Content-Language",
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cache-Control",
        "Vary",
    ]:
        assert cached[header] == full[header], header
    assert cached.content.replace(
        TOKEN.search(cached.content.decode()).group(1).encode(), b""
    ).replace(RENDERED_AT.search(cached.content.decode()).group(1).encode(), b"") == (
        full.content.replace(TOKEN.search(full.content.decode()).group(1).encode(), b"").replace(
            RENDERED_AT.search(full.content.decode()).group(1).encode(), b""
        )
    )


def test_a_visitors_csrf_cookie_is_kept_on_cached_pages(client, article):
    client.get(article.get_absolute_url())
    secret = client.cookies["csrftoken"].value

    response = client.get(article.get_absolute_url())

    assert response.context is None
    assert response.cookies["csrftoken"].value == secret  # refreshed, not replaced


def test_the_first_visitors_cookie_is_not_stored_with_the_page(article):
    from django.test import Client

    first = Client().get(article.get_absolute_url())
    second = Client().get(article.get_absolute_url())

    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_odd_query_strings_are_served_by_the_view_from_the_same_entry(
    client, article, django_assert_num_queries
):
    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):  # the view normalises them, from kept copies alone
        response = client.get(article.get_absolute_url() + "?reacties=1&utm_medium=x")
    assert response.context is None
    assert "Oude tekst" in response.content.decode()


def test_with_the_page_cache_off_a_warm_page_costs_no_query(
    client, article, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    CommentFactory(article=article, status=Status.APPROVED, text="Bewaard fragment")
    client.get(article.get_absolute_url())

    # The article row too is kept under its scope's version: any change retires it.
    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert "Oude tekst" in html and "Bewaard fragment" in html
    assert 'id="reactieformulier"' in html


def test_the_kept_empty_form_holds_placeholders_never_a_token(article, settings):
    from django.test import Client
    from django.utils import translation

    from comments.rendering import empty_form_html

    settings.PAGE_CACHE_SECONDS = 0
    empty_form_html.cache_clear()
    first = Client().get(article.get_absolute_url()).content.decode()
    second = Client().get(article.get_absolute_url()).content.decode()

    assert TOKEN.search(first).group(1) != TOKEN.search(second).group(1)
    assert page_cache.placeholder("csrf") not in second
    assert empty_form_html.cache_info().hits >= 1  # the second page reused the form
    with translation.override("nl"):
        kept = empty_form_html("nl", article.pk, article.slug)
    assert page_cache.placeholder("csrf") in kept
    assert page_cache.placeholder("render-time", str(article.pk)) in kept
    assert TOKEN.search(second).group(1) not in kept


def test_a_reply_form_is_not_kept_for_other_visitors(client, article, settings):
    settings.PAGE_CACHE_SECONDS = 0
    comment = CommentFactory(article=article, status=Status.APPROVED, name="Els")

    reply = client.get(article.get_absolute_url(), {"antwoord": comment.pk}).content.decode()
    plain = client.get(article.get_absolute_url()).content.decode()

    assert "Antwoord op Els</h3>" in reply and f'value="{comment.pk}"' in reply
    assert "Antwoord op Els</h3>" not in plain


def test_placeholders_depend_on_the_secret_key(settings):
    """A commenter cannot know the placeholder, so cannot have tokens put into a comment."""
    ours = page_cache.placeholder("csrf")
    settings.SECRET_KEY = "een-ander-geheim-" * 4

    assert page_cache.placeholder("csrf") != ours


def test_text_that_looks_like_a_placeholder_is_shown_as_written(client, article):
    old_placeholder = "csrf-token-placeholder-0a8e1c"
    CommentFactory(article=article, status=Status.APPROVED, text=old_placeholder)
    client.get(article.get_absolute_url())

    assert old_placeholder in client.get(article.get_absolute_url()).content.decode()


def test_each_language_has_its_own_cached_page(client, article):
    dutch, english = article.get_absolute_url(), "/en" + article.get_absolute_url()
    for _ in range(2):  # the second round comes from the cache
        nl = client.get(dutch)
        en = client.get(english)
        assert "Reageer op dit artikel" in nl.content.decode()
        assert "Reageer op dit artikel" not in en.content.decode()
        assert nl["Content-Language"] == "nl" and en["Content-Language"] == "en"
    assert nl.context is None and en.context is None


def test_head_and_post_requests_are_not_answered_from_the_cache(client, article):
    client.get(article.get_absolute_url())

    assert client.head(article.get_absolute_url()).context is not None
    assert client.post(article.get_absolute_url()).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_a_deleted_article_is_gone_at_once_with_the_page_cache_off(
    client, article, commit, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())  # the article row is kept now

    commit(Article.objects.get(pk=article.pk).delete)

    assert client.get(article.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_a_new_slug_moves_the_page_at_once_with_the_page_cache_off(
    client, article, commit, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    old = article.get_absolute_url()
    client.get(old)
    client.get(old)
    moved = Article.objects.get(pk=article.pk)
    moved.slug = "nieuwe-plek"

    commit(moved.save)

    assert client.get(old).status_code == HTTPStatus.NOT_FOUND
    assert "Oude tekst" in client.get(moved.get_absolute_url()).content.decode()


def test_the_kept_article_row_is_never_used_for_staff(staff_client, commit, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = commit(ArticleFactory, title="Gepubliceerd")
    staff_client.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(title="Net bijgewerkt")  # no signal: no bump

    assert "Net bijgewerkt" in staff_client.get(article.get_absolute_url()).content.decode()
