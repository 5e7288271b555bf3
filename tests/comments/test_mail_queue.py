"""Production mail goes through a queue (django-mailer): no request waits on SMTP."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.core.management import call_command
from mailer.models import Message

from comments.models import Comment, Status
from comments.services import moderate
from tests.articles.factories import ArticleFactory
from tests.comments.helpers import comment_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_mail(settings):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_production_settings_queue_mail():
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "magnesium_site.settings",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "example.org",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    }
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.EMAIL_BACKEND, settings.MAILER_EMAIL_BACKEND)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()

    assert output == ["mailer.backend.DbBackend", "django.core.mail.backends.smtp.EmailBackend"]


def test_a_new_comment_queues_the_editor_mail_and_sends_nothing(
    client, editor, queued_mail, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(comment_url(article), form_data(article))

    assert response.status_code == HTTPStatus.FOUND
    assert mail.outbox == []
    assert Message.objects.count() == 1

    call_command("send_mail", verbosity=0)

    assert Message.objects.count() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [editor.email]
    assert article.title in mail.outbox[0].subject


def test_the_approval_mail_is_queued_once(
    client, editor, queued_mail, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(comment_url(article), form_data(article, notify_on_approval="on"))
    comment = Comment.objects.get()
    call_command("send_mail", verbosity=0)  # the editor's mail
    mail.outbox.clear()
    for status in (Status.APPROVED, Status.REJECTED, Status.APPROVED):
        with django_capture_on_commit_callbacks(execute=True):
            moderate(Comment.objects.filter(pk=comment.pk), status, editor)

    call_command("send_mail", verbosity=0)

    assert [message.to for message in mail.outbox] == [[comment.email]]
