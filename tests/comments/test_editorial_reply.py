"""Answer as the editorial team, and the queue and change page an editor works in."""

import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse

from comments.models import Comment, ModerationEvent, Status
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory
from tests.comments.helpers import comment_url, form_data

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:comments_comment_changelist"


def reply_url(comment):
    return reverse("admin:comments_comment_reply", args=[comment.pk])


def change_url(comment):
    return reverse("admin:comments_comment_change", args=[comment.pk])


@pytest.fixture
def named_editor(editor):
    editor.first_name, editor.last_name = "Eva", "de Vries"
    editor.save()
    return editor


def post_reply(client, comment, text, commit):
    return commit(client.post, reply_url(comment), {f"reply-{comment.pk}": text})


def test_answering_a_pending_comment_approves_it_and_publishes_the_answer(
    editor_client, named_editor, client, commit
):
    question = CommentFactory(text="Mag ik magnesium bij de thee innemen?")

    response = post_reply(editor_client, question, "Ja, dat kan prima.", commit)

    assert response.status_code == HTTPStatus.FOUND
    question.refresh_from_db()
    assert question.status == Status.APPROVED and question.moderated_by == named_editor
    answer = question.replies.get()
    assert answer.is_editorial and answer.status == Status.APPROVED
    assert answer.name == "Eva de Vries" and answer.moderated_by == named_editor
    page = client.get(question.article.get_absolute_url()).content.decode()
    assert "Ja, dat kan prima." in page
    shown = re.search(r'<article class="comment comment-editorial[^>]*>.*?</article>', page, re.S)
    assert "Reactie van de redactie" in shown.group() and "Eva de Vries" in shown.group()


def test_a_visitors_comment_is_not_marked_as_from_the_editors(client):
    CommentFactory(status=Status.APPROVED, text="Gewone reactie")
    page = client.get(Comment.objects.get().article.get_absolute_url()).content.decode()
    assert "Gewone reactie" in page and "Reactie van de redactie" not in page


def test_the_answer_is_recorded_in_the_moderation_history(editor_client, editor, commit):
    question = CommentFactory()
    post_reply(editor_client, question, "Goede vraag.", commit)

    events = list(ModerationEvent.objects.filter(comment=question).order_by("pk"))
    assert [(e.action, e.to_status, e.user) for e in events] == [
        (ModerationEvent.Action.STATUS, Status.APPROVED, editor),
        (ModerationEvent.Action.REPLY, "", editor),
    ]
    answer_event = ModerationEvent.objects.get(comment=question.replies.get())
    assert answer_event.to_status == Status.APPROVED


def test_a_visitor_who_asked_for_reply_mail_gets_one(editor_client, commit):
    question = CommentFactory(notify_on_reply=True, email="vraag@example.com")
    post_reply(editor_client, question, "Zie ons artikel over slaap.", commit)
    assert [m.to for m in mail.outbox] == [["vraag@example.com"]]
    assert question.replies.get().get_absolute_url() in mail.outbox[0].body


def test_a_visitor_who_did_not_ask_gets_no_reply_mail(editor_client, commit):
    question = CommentFactory(notify_on_reply=False)
    post_reply(editor_client, question, "Bedankt.", commit)
    assert mail.outbox == []


def test_answering_a_reply_joins_its_thread_and_approves_both(editor_client, commit):
    thread = CommentFactory()
    reply = CommentFactory(article=thread.article, parent=thread)
    post_reply(editor_client, reply, "Aanvulling van de redactie.", commit)

    answer = Comment.objects.get(is_editorial=True)
    assert answer.parent == thread
    assert set(Comment.objects.filter(is_editorial=False).values_list("status", flat=True)) == {
        Status.APPROVED
    }


@pytest.mark.parametrize("status", [Status.SPAM, Status.REJECTED])
def test_spam_or_a_rejected_comment_is_never_answered(editor_client, commit, status):
    comment = CommentFactory(status=status)
    response = post_reply(editor_client, comment, "Antwoord", commit)
    assert response.status_code == HTTPStatus.FOUND
    assert not Comment.objects.filter(is_editorial=True).exists()
    comment.refresh_from_db()
    assert comment.status == status
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("kan niet beantwoord worden" in m for m in messages)


def test_an_empty_answer_is_refused_with_a_dutch_message(editor_client, commit):
    comment = CommentFactory()
    response = commit(
        editor_client.post, reply_url(comment), {f"reply-{comment.pk}": "  "}, follow=True
    )
    assert response.status_code == HTTPStatus.OK
    assert "Schrijf eerst een antwoord." in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Status.PENDING and not comment.replies.exists()


def test_the_same_answer_twice_is_refused_not_a_server_error(editor_client, commit):
    comment = CommentFactory(status=Status.APPROVED)
    post_reply(editor_client, comment, "Eén keer.", commit)
    response = commit(
        editor_client.post, reply_url(comment), {f"reply-{comment.pk}": "Eén keer."}, follow=True
    )
    assert response.status_code == HTTPStatus.OK
    assert "Dit antwoord staat al onder deze reactie." in response.content.decode()
    assert comment.replies.count() == 1


def test_a_get_of_the_answer_url_changes_nothing(editor_client):
    comment = CommentFactory()
    assert editor_client.get(reply_url(comment)).status_code == HTTPStatus.FORBIDDEN
    assert not comment.replies.exists()


def test_queue_rows_have_three_buttons_and_an_answer_form(editor_client):
    comment = CommentFactory(text="Lang " * 60)
    html = editor_client.get(reverse(CHANGELIST)).content.decode()

    for status, label in (("approved", "Goedkeuren"), ("rejected", "Afwijzen"), ("spam", "Spam")):
        url = reverse("admin:comments_comment_moderate", args=[comment.pk, status])
        assert re.search(
            rf'<button type="submit"[^>]*formaction="{url}"[^>]*>{label}</button>', html
        )
    assert "Goedkeuren en antwoorden" in html
    assert f'formaction="{reply_url(comment)}"' in html
    # The long text is cut, and the whole of it is one click away without JavaScript.
    assert re.search(r"<details class=\"comment-text\"><summary>(Lang ){20,}", html)
    assert html.count("Lang ") >= 60


def test_queue_shows_received_as_relative_time_with_the_exact_time_on_hover(editor_client):
    CommentFactory()
    html = editor_client.get(reverse(CHANGELIST)).content.decode()
    assert ">Ontvangen<" in html and "Leeftijd" not in html
    assert re.search(
        r'<time datetime="[^"]+" title="\d{1,2} \w+ \d{4}, \d\d:\d\d">[^<]*geleden</time>', html
    )


def test_queue_is_titled_as_a_moderation_queue(editor_client):
    html = editor_client.get(reverse(CHANGELIST)).content.decode()
    assert "<h1>Reacties modereren</h1>" in html
    assert "Selecteer reactie om te wijzigen" not in html


def test_change_page_has_the_buttons_the_thread_and_the_reply_choice(editor_client):
    thread = CommentFactory(status=Status.APPROVED, text="De vraag")
    reply = CommentFactory(article=thread.article, parent=thread, text="Een antwoord")
    CommentFactory(article=thread.article, parent=thread, text="Spamantwoord", status=Status.SPAM)

    html = editor_client.get(change_url(thread)).content.decode()
    for status in ("rejected", "spam"):
        assert reverse("admin:comments_comment_moderate", args=[thread.pk, status]) in html
    assert f'formaction="{reply_url(thread)}"' in html
    assert "Een antwoord" in html and "wacht op moderatie" in html
    assert "Spamantwoord" in html and ">spam<" in html
    assert "bericht bij antwoord" in html.lower()

    html = editor_client.get(change_url(reply)).content.decode()
    assert "De vraag" in html and "goedgekeurd" in html


def test_view_only_staff_get_no_moderation_buttons(client, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("kijker", password="x" * 20, is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)
    comment = CommentFactory()
    for url in (reverse(CHANGELIST), change_url(comment)):
        html = client.get(url).content.decode()
        assert "Goedkeuren en antwoorden" not in html
        assert "/moderate/" not in html


def test_history_names_statuses_in_dutch(editor_client, commit):
    comment = CommentFactory()
    commit(
        editor_client.post,
        reverse("admin:comments_comment_moderate", args=[comment.pk, "approved"]),
    )
    html = editor_client.get(change_url(comment)).content.decode()
    assert "wacht op moderatie → goedgekeurd" in html
    assert "pending" not in html.replace('value="pending"', "")


def test_superusers_get_new_comment_mail_unless_switched_off(
    client, settings, django_user_model, editor, commit
):
    django_user_model.objects.create_superuser("baas", "baas@example.com", "x" * 20)
    article = ArticleFactory()

    commit(client.post, comment_url(article), form_data(article))
    assert sorted(m.to[0] for m in mail.outbox) == ["baas@example.com", "redacteur@example.com"]

    mail.outbox.clear()
    settings.COMMENTS_NOTIFY_SUPERUSERS = False
    commit(client.post, comment_url(article), form_data(article, text="Een tweede reactie."))
    assert [m.to[0] for m in mail.outbox] == ["redacteur@example.com"]
