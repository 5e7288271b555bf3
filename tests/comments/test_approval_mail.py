"""The "your comment is published" mail follows Comment.objects.public(): it is sent when
visitors can see the comment, not merely when its status says approved."""

import pytest
from django.core import mail

from comments.models import Comment, Status
from comments.services import moderate
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approve(editor, django_capture_on_commit_callbacks):
    def run(comment):
        with django_capture_on_commit_callbacks(execute=True):
            moderate(Comment.objects.filter(pk=comment.pk), Status.APPROVED, editor)

    return run


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_reply_under_a_pending_comment_is_mailed_when_its_parent_is_approved(approve):
    parent = CommentFactory(email="ouder@example.com")
    reply = CommentFactory(
        article=parent.article,
        parent=parent,
        email="antwoord@example.com",
        notify_on_approval=True,
    )

    approve(reply)
    assert recipients() == []  # nobody can see it yet

    approve(parent)
    assert recipients() == ["antwoord@example.com"]


def test_a_comment_on_an_unpublished_article_is_not_mailed_about(approve):
    draft = ArticleFactory(draft=True)
    comment = CommentFactory(article=draft, notify_on_approval=True)

    approve(comment)

    assert recipients() == []
