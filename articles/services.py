"""What happens around an article besides its own row: medical reviews, preview links,
review reminders."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article, default_next_review

logger = logging.getLogger(__name__)

PREVIEW_SALT = "articles.preview"


class ReviewNotAllowed(Exception):
    """The user may not record a medical review (no permission or no linked reviewer)."""


def reviewer_for(user):
    """The Reviewer a user records reviews as, or None when they may not record one."""
    if not (user.is_active and user.is_staff and user.has_perm("articles.record_review")):
        return None
    return getattr(user, "reviewer", None)


def record_review(articles, user, reviewed_on=None, next_due=None):
    """The user's reviewer checked these articles on reviewed_on (default today).

    The next review is due next_due, or the site's interval later; only a sooner date
    than that is accepted. Saved through the model, so the page cache retires the
    articles' pages (articles.signals). Returns the number of articles.
    """
    reviewer = reviewer_for(user)
    if reviewer is None:
        raise ReviewNotAllowed
    reviewed_on = reviewed_on or timezone.localdate()
    latest = default_next_review(reviewed_on)
    if next_due is None or next_due > latest:
        next_due = latest
    next_due = max(next_due, reviewed_on)
    count = 0
    with transaction.atomic():
        for article in articles:
            article.reviewed_by = reviewer
            article.last_reviewed_on = reviewed_on
            article.next_review_due = next_due
            article.save(update_fields=["reviewed_by", "last_reviewed_on", "next_review_due"])
            count += 1
    return count


def preview_token(article):
    return signing.TimestampSigner(salt=PREVIEW_SALT).sign(str(article.pk))


def preview_url(article):
    """An address that shows this article, draft or not, to anyone who has it, for a while."""
    path = reverse("articles:preview", kwargs={"token": preview_token(article)})
    return settings.SITE_URL + path


class PreviewExpired(Exception):
    pass


def article_id_from_preview_token(token):
    """The article id a preview token names; PreviewExpired when it is too old.

    signing.BadSignature (tampered or made up) propagates.
    """
    max_age = timedelta(days=settings.PREVIEW_LINK_MAX_AGE_DAYS)
    try:
        value = signing.TimestampSigner(salt=PREVIEW_SALT).unsign(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise PreviewExpired from error
    return int(value)


def review_reminders_due(today=None):
    """Articles whose review falls due within the reminder window and have had no
    reminder for that due date (overdue ones included: their reminder was never sent)."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.MEDICAL_REVIEW_REMINDER_DAYS)
    return (
        Article.objects.filter(next_review_due__lte=horizon, reviewed_by__isnull=False)
        .exclude(review_reminder_sent_for=F("next_review_due"))
        .select_related("reviewed_by__user")
        .order_by("next_review_due", "pk")
    )


def send_review_reminders(today=None):
    """Mail each responsible reviewer once per due date; returns (sent, skipped) counts.

    A reviewer without an address is skipped (and logged), and tried again next run.
    """
    sent = skipped = 0
    for article in review_reminders_due(today):
        recipient = article.reviewed_by.reminder_email
        if not recipient:
            logger.warning("Reviewer %s has no e-mail address", article.reviewed_by_id)
            skipped += 1
            continue
        if _send_reminder(article, recipient):
            # Remembered per due date: a new review (a new due date) gets its own reminder.
            Article.objects.filter(pk=article.pk).update(
                review_reminder_sent_for=article.next_review_due
            )
            sent += 1
        else:
            skipped += 1
    return sent, skipped


def _send_reminder(article, recipient):
    try:
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "article": article,
                "reviewer": article.reviewed_by,
                "admin_url": settings.SITE_URL
                + reverse("admin:articles_article_change", args=[article.pk]),
                "page_url": settings.SITE_URL + article.get_absolute_url(),
            }
            subject = translation.gettext("Medische controle van “%(title)s” binnenkort") % {
                "title": " ".join(article.title.split())
            }
            body = render_to_string("articles/email/review_reminder.txt", context)
            EmailMessage(subject, body, None, [recipient]).send()
    except Exception:
        logger.exception("Could not send a review reminder for article %s", article.pk)
        return False
    return True
