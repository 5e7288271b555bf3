"""A comment's HTML is made once per change and stored with it, in every language
(comments.rendering); pages show what is stored, and make what is missing."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from comments import rendering
from comments.models import Comment, Status
from comments.services import moderate
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory()


def page(client, article, language="nl"):
    prefix = "" if language == "nl" else f"/{language}"
    return client.get(prefix + article.get_absolute_url()).content.decode()


def test_a_saved_comment_keeps_its_html_in_every_language(article):
    comment = CommentFactory(article=article, status=Status.APPROVED, name="Ans")
    comment.save()  # a stored comment: its id is known now
    comment.refresh_from_db()

    assert comment.html_format == rendering.FORMAT
    assert set(comment.html) == {"nl", "en"}
    assert f'id="reactie-{comment.pk}"' in comment.html["nl"]
    assert "Vaste link naar deze reactie" in comment.html["nl"]
    with translation.override("en"):
        english = rendering.Labels.for_language("en").permalink
    assert english != "Vaste link naar deze reactie" and english in comment.html["en"]


def test_a_new_comment_gets_its_html_on_approval(article):
    comment = CommentFactory(article=article, status=Status.PENDING, text="Nieuw hier.")
    assert Comment.objects.get(pk=comment.pk).html == {}  # no id to show before the insert

    moderate(Comment.objects.filter(pk=comment.pk), Status.APPROVED, None)

    stored = Comment.objects.get(pk=comment.pk)
    assert stored.html_format == rendering.FORMAT and "Nieuw hier." in stored.html["nl"]


def test_a_row_written_without_save_is_made_when_first_shown_and_then_kept(
    client, article, django_assert_max_num_queries
):
    Comment.objects.bulk_create(
        [
            Comment(
                article=article,
                name="Bulk",
                email="bulk@example.com",
                text="Geschreven zonder save.",
                text_html="<p>Geschreven zonder save.</p>",
                status=Status.APPROVED,
                content_hash="bulk",
            )
        ]
    )

    assert "Geschreven zonder save." in page(client, article)
    stored = Comment.objects.get()
    assert stored.html_format == rendering.FORMAT and "Geschreven zonder save." in stored.html["en"]
    assert "Geschreven zonder save." in page(client, article, "en")


def test_an_edit_shows_at_once(client, article, django_capture_on_commit_callbacks):
    comment = CommentFactory(article=article, status=Status.APPROVED, text="Eerste versie.")
    assert "Eerste versie." in page(client, article)

    comment.text = "Tweede versie."
    with django_capture_on_commit_callbacks(execute=True):  # the pages are retired
        comment.save()

    html = page(client, article)
    assert "Tweede versie." in html and "Eerste versie." not in html


def test_html_made_by_an_older_release_is_made_again(client, article):
    comment = CommentFactory(article=article, status=Status.APPROVED, text="Oud formaat.")
    Comment.objects.filter(pk=comment.pk).update(
        html={"nl": "<p>OUDE-OPMAAK</p>", "en": "<p>OUDE-OPMAAK</p>"}, html_format="old"
    )

    html = page(client, article)

    assert "OUDE-OPMAAK" not in html and "Oud formaat." in html
    assert Comment.objects.get(pk=comment.pk).html_format == rendering.FORMAT


def test_store_html_leaves_rows_in_the_current_format_alone(article):
    # A save that raced a page's read wrote newer HTML: the page must not overwrite it.
    comment = CommentFactory(article=article, status=Status.APPROVED)
    Comment.objects.filter(pk=comment.pk).update(
        html={"nl": "NIEUWER", "en": "NEWER"}, html_format=rendering.FORMAT
    )

    assert rendering.store_html([comment.pk]) == {comment.pk: {"nl": "NIEUWER", "en": "NEWER"}}
    assert Comment.objects.get(pk=comment.pk).html == {"nl": "NIEUWER", "en": "NEWER"}


def test_the_stored_time_is_the_sites_whatever_the_request(article, settings):
    comment = CommentFactory(article=article, status=Status.APPROVED)
    Comment.objects.filter(pk=comment.pk).update(
        created_at=datetime.datetime(2025, 3, 16, 23, 30, tzinfo=datetime.UTC)
    )
    comment.refresh_from_db()
    with timezone.override("UTC"):
        comment.save()

    # 23:30 UTC is 00:30 the next day in Amsterdam.
    assert "17 maart 2025, 00:30" in Comment.objects.get(pk=comment.pk).html["nl"]


def test_a_page_of_comments_is_one_query(client, article, django_assert_num_queries):
    for n in range(3):
        thread = CommentFactory(article=article, status=Status.APPROVED, text=f"Draad {n}.")
        CommentFactory(article=article, parent=thread, status=Status.APPROVED)
        CommentFactory(article=article, parent=thread, status=Status.PENDING, text="WACHT")
    for comment in Comment.objects.all():
        comment.save()
    from comments.templatetags.comments import _LazyThreads

    threads = _LazyThreads(article)[0:50]
    with django_assert_num_queries(1):
        assert [thread.html.count("Draad") for thread in threads] == [1, 1, 1]
    assert sum(len(replies) for replies in threads.replies.values()) == 3
    assert not any("WACHT" in reply.html for r in threads.replies.values() for reply in r)


def test_an_editorial_answer_is_stored_when_written(article):
    from comments.services import reply_as_editor

    editor = get_user_model().objects.create_user("redactie", "r@example.com", "x")
    comment = CommentFactory(article=article, status=Status.APPROVED)

    answer = reply_as_editor(comment, "Dank voor uw vraag.", editor)

    stored = Comment.objects.get(pk=answer.pk)
    assert stored.html_format == rendering.FORMAT and "Reactie van de redactie" in stored.html["nl"]


def test_html_another_process_made_since_the_page_read_its_rows_is_shown(article):
    # Two first renders after a release: the other one stored the HTML after this one
    # read its rows as stale. This page shows the stored HTML, never an empty comment.
    comment = CommentFactory(article=article, status=Status.APPROVED, text="Al gemaakt.")
    comment.save()
    read_before = (comment.pk, None, comment.name, "an-older-release", None, comment.created_at)

    (shown,) = rendering.ShownComment.shown([read_before], "nl")

    assert shown.html == Comment.objects.get(pk=comment.pk).html["nl"]
    assert "Al gemaakt." in shown.html


def test_a_comment_deleted_since_the_page_read_its_rows_is_left_out(article):
    comment = CommentFactory(article=article, status=Status.APPROVED)
    read_before = (comment.pk, None, comment.name, "", None, comment.created_at)
    comment.delete()

    assert rendering.ShownComment.shown([read_before], "nl") == []
