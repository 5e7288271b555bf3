import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from magnesium_site.model_state import RemembersLoadedStatus
from magnesium_site.params import positive_int
from magnesium_site.sanitizer import plain_text_to_html

TEXT_MAX_LENGTH = 5000
NAME_MAX_LENGTH = 80
PAGE_PARAMETER = "reacties"
REPLY_PARAMETER = "antwoord"
MAX_PAGE = 9999
# Page-cache scope of what shows comments across articles (the site-wide comment feed).
COMMENTS_SCOPE = "comments"


def requested_page(value):
    """The comment page a visitor asked for, normalised (anything odd means page 1)."""
    return min(positive_int(value) or 1, MAX_PAGE)


class Status(models.TextChoices):
    PENDING = "pending", _("wacht op moderatie")
    APPROVED = "approved", _("goedgekeurd")
    REJECTED = "rejected", _("afgewezen")
    SPAM = "spam", _("spam")


class CommentQuerySet(models.QuerySet):
    def public(self):
        """The only comments a visitor may ever see, on every surface (pages, counts, mail):
        approved() on a published article."""
        return self.public_threads() | self.public_replies()

    def public_threads(self, article=None):
        """The top-level half of public(); the index comment_thread_idx serves it.

        For one article loaded already, its publication is checked here rather than in
        the query (every page of comments and every count asks this).
        """
        if article is None:
            return self.approved_threads().filter(article__in=Article.objects.published())
        if not article.is_published:
            return self.none()
        return self.approved_threads().filter(article=article)

    def public_page(self, start, stop, *, article_id, fields):
        """Threads start:stop of public_threads() and their public replies, as
        values_list(*fields) rows in the order shown, in one query; for an article the
        caller loaded as published (the page of comments).

        A UNION ALL of the two halves, each read through its own partial index
        (comment_thread_idx, comment_reply_idx): one WHERE with an OR of both would
        make PostgreSQL scan every comment of the article.
        """
        threads = self.approved_threads().filter(article_id=article_id).values("pk")[start:stop]
        replies = self.filter(
            article_id=article_id, status=Status.APPROVED, parent__isnull=False, parent__in=threads
        )
        return (
            self.filter(pk__in=threads)
            .order_by()
            .values_list(*fields)
            .union(replies.order_by().values_list(*fields), all=True)
            .order_by("created_at", "pk")
        )

    def public_replies(self, article=None):
        """The reply half of public(); for one loaded article, as public_threads()."""
        if article is None:
            return self.approved_replies().filter(article__in=Article.objects.published())
        if not article.is_published:
            return self.none()
        return self.approved_replies().filter(article=article)

    def approved(self):
        """Approved, and for a reply, with an approved parent: a reply is withheld
        together with a parent that was rejected or marked as spam."""
        return self.approved_threads() | self.approved_replies()

    def approved_threads(self):
        return self.filter(status=Status.APPROVED, parent__isnull=True)

    def approved_replies(self):
        return self.filter(
            status=Status.APPROVED, parent__isnull=False, parent__status=Status.APPROVED
        )

    def pending(self):
        return self.filter(status=Status.PENDING)


def public_website(website):
    """A commenter's website as a link target, only when it is plainly http(s).

    The form validates it already; this guards rows written any other way.
    """
    website = website.strip()
    return website if website.lower().startswith(("https://", "http://")) else ""


class Comment(RemembersLoadedStatus, models.Model):
    Status = Status

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="comments", verbose_name=_("artikel")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("antwoord op"),
    )
    name = models.CharField(_("naam"), max_length=NAME_MAX_LENGTH)
    email = models.EmailField(_("e-mailadres"), help_text=_("Wordt nooit openbaar getoond."))
    website = models.URLField(_("website"), blank=True)
    text = models.TextField(_("reactie"))
    text_html = models.TextField(editable=False, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    spam_reasons = models.CharField(_("reden voor spamverdenking"), max_length=200, blank=True)
    notify_on_approval = models.BooleanField(_("bericht bij plaatsing"), default=False)
    approval_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A database default too: generate_comments COPYs rows without this column.
    notify_on_reply = models.BooleanField(
        _("bericht bij antwoord"), default=False, db_default=False
    )
    # An answer an editor wrote in the admin; name holds the editor's display name.
    is_editorial = models.BooleanField(
        _("van de redactie"),
        default=False,
        db_default=False,
        help_text=_("Geschreven door de redactie; op de site getoond als reactie van de redactie."),
    )
    # On a reply: when its parent's author was mailed about it (once, ever).
    reply_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when the object is made (not by auto_now_add, at the insert): save() shows it
    # in the stored HTML before the row is written.
    created_at = models.DateTimeField(_("geplaatst op"), default=timezone.now, editable=False)
    moderated_at = models.DateTimeField(_("gemodereerd op"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemodereerd door"),
    )
    edited_at = models.DateTimeField(_("bewerkt op"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bewerkt door"),
    )
    ip_address = models.GenericIPAddressField(
        _("IP-adres"), null=True, blank=True, help_text=_("Alleen voor spambestrijding.")
    )
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    content_hash = models.CharField(max_length=64, editable=False)
    # The comment as pages show it, by language, and what made it (comments.rendering):
    # written by every save of a stored comment and on approval; a row without it (new,
    # or written without save()) gets it when first shown.
    html = models.JSONField(default=dict, blank=True, editable=False)
    html_format = models.CharField(max_length=32, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        indexes = [
            # Partial indexes for what visitors see: the pages and counts of an article.
            models.Index(
                fields=["article", "created_at", "id"],
                condition=Q(status=Status.APPROVED, parent__isnull=True),
                name="comment_thread_idx",
            ),
            models.Index(
                fields=["article", "parent"],
                condition=Q(status=Status.APPROVED, parent__isnull=False),
                name="comment_reply_idx",
            ),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
            models.Index(fields=["email"], name="comment_email_idx"),
        ]
        constraints = [
            # The same text from the same address on the same article is one comment.
            models.UniqueConstraint(
                fields=["article", "content_hash"], name="unique_comment_submission"
            ),
        ]

    def __str__(self):
        return _("Reactie van %(name)s op %(article)s") % {
            "name": self.name,
            "article": self.article,
        }

    def save(self, *args, **kwargs):
        from comments.rendering import stored_html

        self.text_html = plain_text_to_html(self.text)
        if not self.content_hash:
            self.content_hash = self.compute_hash(self.email, self.text, self.parent_id)
        # A new row has no id to show yet: its HTML is made when it is approved or shown.
        self.html, self.html_format = stored_html(self) if self.pk is not None else ({}, "")
        if (fields := kwargs.get("update_fields")) is not None:
            kwargs["update_fields"] = {*fields, "text_html", "html", "html_format"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """Link to the comment on the page of the article where it is shown."""
        url = self.article.get_absolute_url()
        page = self.page_number()
        if page > 1:
            url += f"?{PAGE_PARAMETER}={page}"
        return f"{url}#reactie-{self.pk}"

    def page_number(self):
        thread = self.parent or self
        earlier = (
            Comment.objects.public_threads()
            .filter(article_id=self.article_id)
            .filter(
                Q(created_at__lt=thread.created_at)
                | Q(created_at=thread.created_at, pk__lt=thread.pk)
            )
            .count()
        )
        return earlier // settings.COMMENTS_PER_PAGE + 1

    @staticmethod
    def compute_hash(email, text, parent_id=None):
        normalised = " ".join(text.split()).casefold()
        payload = f"{email.strip().casefold()}\n{parent_id or ''}\n{normalised}"
        return hashlib.sha256(payload.encode()).hexdigest()

    @property
    def public_website(self):
        return public_website(self.website)


class ModerationEvent(models.Model):
    """One line of the audit trail: who changed what about a comment, and when."""

    class Action(models.TextChoices):
        STATUS = "status", _("status gewijzigd")
        EDIT = "edit", _("tekst bewerkt")
        PRIVACY = "privacy", _("privacygegevens verwijderd")
        REPLY = "reply", _("beantwoord door de redactie")

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="events", verbose_name=_("reactie")
    )
    action = models.CharField(_("actie"), max_length=10, choices=Action.choices)
    from_status = models.CharField(_("van"), max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=10, choices=Status.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    created_at = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("moderatiegebeurtenis")
        verbose_name_plural = _("moderatiegeschiedenis")

    def __str__(self):
        if self.action != self.Action.STATUS:
            return str(self.get_action_display())
        source = self.get_from_status_display() or "-"
        return f"{self.get_action_display()}: {source} → {self.get_to_status_display()}"
