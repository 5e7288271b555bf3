"""A commenter who asked for it gets one mail per reply that visitors can see, and every
mail to commenters carries an RFC 8058 one-click unsubscribe."""

import re
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from mailer.models import Message

from comments.models import Comment, Status
from comments.services import moderate, unsubscribe_token
from tests.comments.factories import CommentFactory
from tests.comments.helpers import comment_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def approve(editor, django_capture_on_commit_callbacks):
    def run(comment, status=Status.APPROVED):
        with django_capture_on_commit_callbacks(execute=True):
            moderate(Comment.objects.filter(pk=comment.pk), status, editor)

    return run


@pytest.fixture
def parent():
    return CommentFactory(email="ouder@example.com", notify_on_reply=True, status=Status.APPROVED)


def reply_to(parent, **kwargs):
    kwargs.setdefault("email", "antwoord@example.com")
    return CommentFactory(article=parent.article, parent=parent, **kwargs)


def unsubscribe_path(message):
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<https://") or header.startswith("<http://"), header
    return urlsplit(header.strip("<>")).path


def test_an_approved_reply_is_mailed_once_to_the_parent_author(client, settings, approve, parent):
    settings.SITE_URL = "https://magnesium.example"
    reply = reply_to(parent)

    approve(reply)

    assert [message.to for message in mail.outbox] == [["ouder@example.com"]]
    message = mail.outbox[0]
    assert "\n" not in message.subject and parent.article.title in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token_url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert token_url.startswith("https://magnesium.example/reacties/afmelden/")
    assert token_url in message.body
    link = re.search(r"https://magnesium\.example\S*#reactie-\d+", message.body).group()
    assert link == settings.SITE_URL + reply.get_absolute_url()
    page = client.get(urlsplit(link).path, QUERY_STRING=urlsplit(link).query)
    assert page.status_code == HTTPStatus.OK
    assert f'id="reactie-{reply.pk}"' in page.content.decode()


def test_no_mail_when_the_parent_author_did_not_ask(approve):
    parent = CommentFactory(status=Status.APPROVED, notify_on_reply=False)

    approve(reply_to(parent))

    assert mail.outbox == []


def test_nobody_is_mailed_about_their_own_reply(approve, parent):
    approve(reply_to(parent, email="Ouder@Example.com"))

    assert mail.outbox == []


def test_a_reply_under_a_pending_parent_is_mailed_when_the_parent_is_approved(approve):
    parent = CommentFactory(email="ouder@example.com", notify_on_reply=True)
    reply = reply_to(parent)

    approve(reply)
    assert mail.outbox == []  # nobody can see the reply yet

    approve(parent)
    assert [message.to for message in mail.outbox] == [["ouder@example.com"]]
    assert reply.get_absolute_url() in mail.outbox[0].body


def test_a_reapproved_reply_is_not_mailed_again(approve, parent):
    reply = reply_to(parent)

    for status in (Status.APPROVED, Status.REJECTED, Status.APPROVED):
        approve(reply, status)

    assert len(mail.outbox) == 1


def test_the_approval_mail_carries_one_click_unsubscribe(approve):
    comment = CommentFactory(notify_on_approval=True)

    approve(comment)

    (message,) = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].strip("<>") in message.body


def test_an_empty_post_to_the_unsubscribe_link_unsubscribes_every_comment(client, approve, parent):
    other = CommentFactory(email="ouder@example.com", notify_on_approval=True, notify_on_reply=True)
    stranger = CommentFactory(notify_on_approval=True, notify_on_reply=True)
    approve(reply_to(parent))

    # No cookies, no CSRF token: a mail client's one-click POST.
    client.handler.enforce_csrf_checks = True
    response = client.post(unsubscribe_path(mail.outbox[0]))

    assert response.status_code == HTTPStatus.OK
    assert "afgemeld" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    flags = Comment.objects.filter(email="ouder@example.com").values_list(
        "notify_on_approval", "notify_on_reply"
    )
    assert set(flags) == {(False, False)}
    assert {parent.pk, other.pk} <= set(
        Comment.objects.filter(email="ouder@example.com").values_list("pk", flat=True)
    )
    stranger.refresh_from_db()
    assert stranger.notify_on_approval and stranger.notify_on_reply


def test_a_get_of_the_unsubscribe_link_changes_nothing_and_shows_a_button(client, parent):
    url = f"/reacties/afmelden/{unsubscribe_token(parent.email)}/"

    response = client.get(url)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert f'<form method="post" action="{url}" class="mb-4">' in html
    assert '<button type="submit"' in html
    assert "no-store" in response["Cache-Control"]
    parent.refresh_from_db()
    assert parent.notify_on_reply


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_unsubscribe_token_is_refused(client, parent, method):
    token = unsubscribe_token(parent.email)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = getattr(client, method)(f"/reacties/afmelden/{tampered}/")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "afmeldlink" in response.content.decode()
    parent.refresh_from_db()
    assert parent.notify_on_reply


def test_a_visitor_can_ask_for_reply_mail_on_a_comment_but_not_on_a_reply(client, parent):
    article = parent.article
    client.post(comment_url(article), form_data(article, notify_on_reply="on"))
    client.post(
        comment_url(article),
        form_data(article, text="Een antwoord.", parent=parent.pk, notify_on_reply="on"),
    )

    top, reply = Comment.objects.exclude(pk=parent.pk).order_by("pk")
    assert top.notify_on_reply and top.parent is None
    assert reply.parent == parent and not reply.notify_on_reply


def test_the_unsubscribe_headers_survive_the_mail_queue(settings, approve, parent):
    settings.EMAIL_QUEUE = True
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    approve(reply_to(parent))
    assert mail.outbox == [] and Message.objects.count() == 1
    call_command("send_mail", verbosity=0)

    (message,) = mail.outbox
    assert message.to == ["ouder@example.com"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe"].strip("<>") in message.body
