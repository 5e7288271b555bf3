import datetime
from http import HTTPStatus
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from articles.models import Article, default_next_review
from articles.services import ReviewNotAllowed, record_review, send_review_reminders
from tests.articles.factories import ArticleFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def reviewed(article, reviewer, on, due):
    Article.objects.filter(pk=article.pk).update(
        reviewed_by=reviewer, last_reviewed_on=on, next_review_due=due
    )
    article.refresh_from_db()
    return article


def change_form(article, **extra):
    data = {
        "title": article.title,
        "slug": article.slug,
        "lead": article.lead,
        "category": article.category_id,
        "author": article.author_id,
        "status": article.status,
        "published_at_0": timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
        "published_at_1": timezone.localtime(article.published_at).strftime("%H:%M:%S"),
        "comments_open": "on",
    }
    for prefix in ("synonyms", "blocks", "references"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(extra)
    return data


# The reviewer and the review dates ---------------------------------------------------


@pytest.mark.parametrize("number", ["1234567890", "123456789012", "1234567890a"])
def test_a_big_number_needs_exactly_eleven_digits(number):
    reviewer = ReviewerFactory.build(big_number=number)
    with pytest.raises(ValidationError) as error:
        reviewer.full_clean()
    assert "big_number" in error.value.message_dict


@pytest.mark.parametrize("number", ["", "12345678901"])
def test_a_reviewer_may_have_no_big_number_or_an_eleven_digit_one(number):
    ReviewerFactory.build(big_number=number).full_clean()


def test_the_next_review_can_never_be_before_the_last_in_the_database():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        reviewed(article, ReviewerFactory(), today(), today() - datetime.timedelta(days=1))


def test_the_next_review_is_due_three_years_later_by_default():
    assert default_next_review(datetime.date(2025, 3, 16)) == datetime.date(2028, 3, 16)
    assert default_next_review(datetime.date(2024, 2, 29)) == datetime.date(2027, 2, 28)


def test_the_review_interval_is_a_setting(settings):
    settings.MEDICAL_REVIEW_INTERVAL = 12
    assert default_next_review(datetime.date(2025, 3, 16)) == datetime.date(2026, 3, 16)


def test_recording_a_review_takes_a_sooner_next_date_but_never_a_later_one(medical_editor):
    sooner, article = today() + datetime.timedelta(days=365), ArticleFactory()
    record_review([article], medical_editor, next_due=sooner)
    article.refresh_from_db()
    assert article.reviewed_by == medical_editor.reviewer
    assert (article.last_reviewed_on, article.next_review_due) == (today(), sooner)

    record_review([article], medical_editor, next_due=today() + datetime.timedelta(days=5000))
    article.refresh_from_db()
    assert article.next_review_due == default_next_review(today())


def test_a_medewerker_cannot_record_a_review_even_with_a_reviewer_profile(staff_user):
    ReviewerFactory(user=staff_user)
    with pytest.raises(ReviewNotAllowed):
        record_review([ArticleFactory()], staff_user)


# Recording a review in the admin ----------------------------------------------------


def test_a_medical_editor_records_a_review_with_the_button(medical_client, medical_editor):
    article = ArticleFactory()
    page = medical_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    url = reverse("admin:articles_article_review", args=[article.pk])
    assert url in page.content.decode()
    assert medical_client.get(url).status_code == HTTPStatus.OK

    due = today() + datetime.timedelta(days=400)
    response = medical_client.post(
        url, {"reviewed_on": today().isoformat(), "next_review_due": due.isoformat()}
    )

    assert response.status_code == HTTPStatus.FOUND
    article.refresh_from_db()
    assert article.reviewed_by == medical_editor.reviewer
    assert (article.last_reviewed_on, article.next_review_due) == (today(), due)


@pytest.mark.parametrize(
    ("reviewed_on", "next_due", "message"),
    [
        (1, "", "Een controle kan niet in de toekomst liggen."),
        (0, -1, "De volgende controle kan niet vóór deze controle liggen."),
        (0, 5000, "De volgende controle mag niet later zijn dan"),
        ("gisteren", "", "Voer een geldige datum in."),
    ],
)
def test_a_wrong_review_date_is_a_dutch_form_error(medical_client, reviewed_on, next_due, message):
    def day(offset):
        if isinstance(offset, int):
            return (today() + datetime.timedelta(days=offset)).isoformat()
        return offset

    article = ArticleFactory()
    url = reverse("admin:articles_article_review", args=[article.pk])

    response = medical_client.post(
        url, {"reviewed_on": day(reviewed_on), "next_review_due": day(next_due)}
    )

    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    article.refresh_from_db()
    assert article.reviewed_by is None


def test_a_medewerker_gets_no_review_button_and_a_403_for_the_review_page(staff_client):
    article = ArticleFactory()
    url = reverse("admin:articles_article_review", args=[article.pk])

    page = staff_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert url not in page.content.decode()
    assert staff_client.get(url).status_code == HTTPStatus.FORBIDDEN
    assert staff_client.post(url, {"reviewed_on": today()}).status_code == HTTPStatus.FORBIDDEN
    article.refresh_from_db()
    assert article.reviewed_by is None


def test_an_ordinary_edit_by_a_medewerker_cannot_set_the_review(staff_client):
    article = ArticleFactory(title="Oud")
    reviewer = ReviewerFactory()

    response = staff_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form(
            article,
            title="Nieuw",
            reviewed_by=reviewer.pk,
            last_reviewed_on=today().isoformat(),
            next_review_due=(today() + datetime.timedelta(days=10)).isoformat(),
        ),
    )

    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    article.refresh_from_db()
    assert article.title == "Nieuw"
    assert (article.reviewed_by, article.last_reviewed_on, article.next_review_due) == (
        None,
        None,
        None,
    )


def test_an_ordinary_edit_keeps_an_existing_review(staff_client):
    reviewer = ReviewerFactory()
    due = today() + datetime.timedelta(days=30)
    article = reviewed(ArticleFactory(), reviewer, today(), due)

    staff_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form(article, title="Nieuw", last_reviewed_on="", next_review_due=""),
    )

    article.refresh_from_db()
    assert (article.reviewed_by, article.next_review_due) == (reviewer, due)


def test_the_review_action_is_for_medical_editors_only(
    client, medical_editor, staff_user, medical_client
):
    article = ArticleFactory()
    changelist = reverse("admin:articles_article_changelist")
    data = {"action": "record_review_today", "_selected_action": [article.pk]}

    client.force_login(staff_user)
    client.post(changelist, data)
    article.refresh_from_db()
    assert article.reviewed_by is None

    client.force_login(medical_editor)
    response = client.post(changelist, data)
    assert response.status_code == HTTPStatus.FOUND
    article.refresh_from_db()
    assert article.reviewed_by == medical_editor.reviewer
    assert article.next_review_due == default_next_review(today())


def test_the_review_filter_lists_overdue_and_soon_due_articles(staff_client):
    reviewer = ReviewerFactory()
    long_ago = today() - datetime.timedelta(days=2000)
    overdue = reviewed(
        ArticleFactory(title="Te laat"), reviewer, long_ago, today() - datetime.timedelta(days=1)
    )
    soon = reviewed(
        ArticleFactory(title="Bijna"), reviewer, long_ago, today() + datetime.timedelta(days=30)
    )
    reviewed(
        ArticleFactory(title="Later"), reviewer, long_ago, today() + datetime.timedelta(days=31)
    )
    changelist = reverse("admin:articles_article_changelist")

    def shown(value):
        response = staff_client.get(changelist, {"controle": value})
        return {article.title for article in response.context["cl"].result_list}

    assert shown("te-laat") == {overdue.title}
    assert shown("binnenkort") == {soon.title}


def test_the_admin_index_counts_reviews_due(staff_client):
    reviewer = ReviewerFactory()
    long_ago = today() - datetime.timedelta(days=2000)
    for days in (-3, -1):
        reviewed(ArticleFactory(), reviewer, long_ago, today() + datetime.timedelta(days=days))
    reviewed(ArticleFactory(), reviewer, long_ago, today() + datetime.timedelta(days=10))

    page = staff_client.get(reverse("admin:index")).content.decode()

    assert "2 artikelen te laat" in page
    assert "1 artikel binnen 30 dagen" in page
    assert "?controle=te-laat" in page


# On the page -------------------------------------------------------------------------


def test_the_page_says_who_reviewed_it_and_when_the_next_review_is_due(client):
    reviewer = ReviewerFactory(name="Dr. Sanne Visser", qualification="huisarts")
    article = reviewed(
        ArticleFactory(), reviewer, datetime.date(2025, 3, 16), datetime.date(2028, 3, 16)
    )

    page = client.get(article.get_absolute_url()).content.decode()

    text = strip_tags(page)  # the name links to the reviewer's page
    assert "Medisch gecontroleerd door Dr. Sanne Visser, huisarts, op 16 maart 2025" in text
    assert f'<a href="{reviewer.get_absolute_url()}">Dr. Sanne Visser</a>' in page
    assert "Volgende controle: 16 maart 2028" in page


def test_an_article_without_a_review_claims_none(client):
    page = client.get(ArticleFactory().get_absolute_url()).content.decode()
    assert "Medisch gecontroleerd" not in page
    assert "medical-review" not in page


def test_recording_a_review_retires_the_cached_page(client, commit, medical_editor):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"

    commit(record_review, [article], medical_editor)

    response = client.get(article.get_absolute_url())
    assert response["X-Cache"] == "miss"
    assert "Medisch gecontroleerd door Dr. Sanne Visser" in strip_tags(response.content.decode())


def test_renaming_the_reviewer_retires_the_cached_page(client, commit):
    reviewer = ReviewerFactory(name="Dr. Oud")
    article = reviewed(ArticleFactory(), reviewer, today(), default_next_review(today()))
    client.get(article.get_absolute_url())

    reviewer.name = "Dr. Nieuw"
    commit(reviewer.save)

    assert "Dr. Nieuw" in client.get(article.get_absolute_url()).content.decode()


# Reminders ---------------------------------------------------------------------------


def test_a_reviewer_is_mailed_thirty_days_before_a_review_is_due_and_only_once():
    reviewer = ReviewerFactory(email="arts@example.com")
    long_ago = today() - datetime.timedelta(days=1000)
    due = reviewed(
        ArticleFactory(title="Magnesium"), reviewer, long_ago, today() + datetime.timedelta(30)
    )
    reviewed(ArticleFactory(), reviewer, long_ago, today() + datetime.timedelta(days=31))

    assert send_review_reminders() == (1, 0)
    assert send_review_reminders() == (0, 0)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["arts@example.com"]
    assert "Magnesium" in mail.outbox[0].subject
    assert f"/admin/articles/article/{due.pk}/change/" in mail.outbox[0].body


def test_a_new_due_date_gets_its_own_reminder():
    reviewer = ReviewerFactory()
    article = reviewed(ArticleFactory(), reviewer, today(), today() + datetime.timedelta(days=10))
    send_review_reminders()

    reviewed(article, reviewer, today(), today() + datetime.timedelta(days=20))

    assert send_review_reminders() == (1, 0)
    assert len(mail.outbox) == 2


def test_a_reminder_goes_to_the_linked_users_address_when_the_reviewer_has_none(
    medical_editor,
):
    reviewed(
        ArticleFactory(),
        medical_editor.reviewer,
        today(),
        today() + datetime.timedelta(days=5),
    )

    send_review_reminders()

    assert mail.outbox[0].to == [medical_editor.email]


def test_a_reviewer_without_any_address_is_skipped_and_tried_again_later():
    reviewer = ReviewerFactory(email="")
    article = reviewed(ArticleFactory(), reviewer, today(), today() + datetime.timedelta(5))

    assert send_review_reminders() == (0, 1)
    article.refresh_from_db()
    assert article.review_reminder_sent_for is None


def test_reminders_are_queued_like_the_other_mail(settings):
    from mailer.models import Message

    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    reviewed(ArticleFactory(), ReviewerFactory(), today(), today() + datetime.timedelta(5))
    output = StringIO()

    call_command("send_review_reminders", stdout=output)

    assert Message.objects.count() == 1
    assert "Review reminders queued: 1" in output.getvalue()
