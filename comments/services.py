"""What happens around a comment: submission, moderation and the e-mails they cause."""

import logging
from contextlib import nullcontext

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import article_scope
from comments.models import NAME_MAX_LENGTH, Comment, ModerationEvent, Status
from comments.rendering import store_html
from comments.roles import EDITORS
from comments.spam import spam_reasons
from magnesium_site import page_cache

logger = logging.getLogger(__name__)


def submit_comment(form, *, ip_address, user_agent):
    """Store a valid form's comment; return (comment, created).

    A resubmission of the same text is recognised and returns the stored comment
    with created False, so nobody is notified twice.
    """
    data = form.cleaned_data
    comment = Comment(
        article=form.article,
        parent=form.parent_comment,
        name=data["name"],
        email=data["email"],
        website=data.get("website", ""),
        text=data["text"],
        notify_on_approval=data.get("notify_on_approval", False),
        # Only top-level comments can be replied to.
        notify_on_reply=form.parent_comment is None and data.get("notify_on_reply", False),
        ip_address=ip_address,
        user_agent=(user_agent or "")[:300],
    )
    reasons = spam_reasons(comment.text, comment.name, comment.website)
    if form.is_honeypot_hit:
        reasons.insert(0, "honeypot")
    if reasons:
        comment.status = Status.SPAM
        comment.spam_reasons = "; ".join(reasons)[:200]
    try:
        # A lone INSERT needs no BEGIN/COMMIT; inside a transaction a savepoint keeps
        # it usable after a duplicate.
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            comment.save()
    except IntegrityError:
        existing = Comment.objects.filter(
            article=comment.article, content_hash=comment.content_hash
        ).first()
        if existing is None:
            raise
        return existing, False  # Comment.save() computed the hash before the insert
    if comment.status == Status.PENDING:
        transaction.on_commit(lambda: notify_editors(comment))
    return comment, True


def moderate(comments, status, user):
    """Give comments a new status, keeping the audit trail; return how many changed."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            comments.select_related(None)
            .select_for_update()
            .exclude(status=status)
            .only("pk", "status", "article_id")
        )
        if not rows:
            return 0
        ModerationEvent.objects.bulk_create(
            ModerationEvent(
                comment_id=row.pk,
                action=ModerationEvent.Action.STATUS,
                from_status=row.status,
                to_status=status,
                user=user,
            )
            for row in rows
        )
        changed = [row.pk for row in rows]
        Comment.objects.filter(pk__in=changed).update(
            status=status, moderated_at=now, moderated_by=user
        )
        # update() sends no signals. Only a comment that is or becomes approved changes what
        # visitors see (pending → spam, spam → rejected retire nothing).
        page_cache.invalidate(
            *{
                article_scope(row.article_id)
                for row in rows
                if Status.APPROVED in (row.status, status)
            }
        )
        if status == Status.APPROVED:
            store_html(changed)  # the first page that shows them need not make it
            transaction.on_commit(lambda: notify_commenters(changed))
            transaction.on_commit(lambda: notify_reply_subscribers(changed))
    return len(changed)


class ReplyRefused(Exception):
    """The editorial team cannot answer this comment; the message says why, in Dutch."""


def editor_display_name(user):
    """How an editor is named under an answer of the editorial team."""
    return user.get_full_name().strip() or user.get_username()


def reply_as_editor(comment, text, user):
    """Answer a comment as the editorial team; return the published answer.

    The answer is approved at once. The comment answered (and, for a reply, its thread)
    is approved first if it was waiting, so the answer is visible; a rejected comment or
    spam is never answered. Both appear in the moderation history, the article's pages
    are retired and the commenter is mailed if they asked for it (after the commit).
    """
    text = text.strip()
    if not text:
        raise ReplyRefused(translation.gettext("Schrijf eerst een antwoord."))
    with transaction.atomic():
        target = Comment.objects.select_for_update().get(pk=comment.pk)
        # Replies are one level deep: an answer to a reply joins that reply's thread.
        thread = target if target.parent_id is None else target.parent
        answered = {target, thread}
        if any(row.status not in (Status.PENDING, Status.APPROVED) for row in answered):
            raise ReplyRefused(
                translation.gettext(
                    "Een afgewezen reactie of spam kan niet beantwoord worden; "
                    "keur de reactie eerst goed."
                )
            )
        moderate(
            Comment.objects.filter(pk__in=[row.pk for row in answered], status=Status.PENDING),
            Status.APPROVED,
            user,
        )
        reply = Comment(
            article_id=thread.article_id,
            parent=thread,
            name=editor_display_name(user)[:NAME_MAX_LENGTH],
            email=user.email or settings.DEFAULT_FROM_EMAIL,
            text=text,
            status=Status.APPROVED,
            is_editorial=True,
            moderated_at=timezone.now(),
            moderated_by=user,
        )
        try:
            with transaction.atomic():
                reply.save()
        except IntegrityError:
            raise ReplyRefused(
                translation.gettext("Dit antwoord staat al onder deze reactie.")
            ) from None
        store_html([reply.pk])
        ModerationEvent.objects.bulk_create(
            [
                ModerationEvent(comment=target, action=ModerationEvent.Action.REPLY, user=user),
                ModerationEvent(
                    comment=reply,
                    action=ModerationEvent.Action.STATUS,
                    to_status=Status.APPROVED,
                    user=user,
                ),
            ]
        )
        page_cache.invalidate(article_scope(thread.article_id))
        transaction.on_commit(lambda: notify_reply_subscribers([reply.pk]))
    return reply


def record_edit(comment, user):
    """An editor changed a comment's text or details: keep it in the audit trail."""
    comment.edited_at, comment.edited_by = timezone.now(), user
    ModerationEvent.objects.create(comment=comment, action=ModerationEvent.Action.EDIT, user=user)


UNSUBSCRIBE_SALT = "comments.unsubscribe"


def unsubscribe_token(email):
    """A signed token for the unsubscribe link of mail to this address; it never expires."""
    return signing.dumps(email, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_address(token):
    """The address an unsubscribe token was made for, or None for a bad or tampered one."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def unsubscribe(email):
    """Stop every mail to a commenter: approval and reply mail, on all their comments."""
    return Comment.objects.filter(email__iexact=email).update(
        notify_on_approval=False, notify_on_reply=False
    )


def _one_line(text):
    # A line break in a header makes the mail refuse to send.
    return " ".join(str(text).split())


def _send(subject, template, context, recipient, *, unsubscribe_link=False):
    """Send one e-mail to one recipient; a failure is logged and never raised.

    With unsubscribe_link, the mail carries an RFC 8058 one-click unsubscribe
    (List-Unsubscribe and List-Unsubscribe-Post) and the link in its body.
    """
    try:
        with translation.override(settings.LANGUAGE_CODE):
            headers = {}
            if unsubscribe_link:
                url = settings.SITE_URL + reverse(
                    "comments:unsubscribe", kwargs={"token": unsubscribe_token(recipient)}
                )
                context = {**context, "unsubscribe_url": url}
                headers = {
                    "List-Unsubscribe": f"<{url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                }
            body = render_to_string(template, context)
            EmailMessage(_one_line(subject), body, None, [recipient], headers=headers).send()
    except Exception:
        logger.exception("Could not send %r to %s", template, recipient)
        return False
    return True


def notify_editors(comment):
    """Tell each editor, separately, that a comment awaits moderation.

    Editors are the Redacteuren group, and superusers when COMMENTS_NOTIFY_SUPERUSERS is on.
    """
    who = Q(groups__name=EDITORS)
    if settings.COMMENTS_NOTIFY_SUPERUSERS:
        who |= Q(is_superuser=True)
    editors = (
        get_user_model()
        .objects.filter(who, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    admin_url = settings.SITE_URL + reverse("admin:comments_comment_change", args=[comment.pk])
    context = {"comment": comment, "admin_url": admin_url}
    with translation.override(settings.LANGUAGE_CODE):
        subject = translation.gettext("Nieuwe reactie bij “%(title)s”") % {
            "title": comment.article.title
        }
    for email in editors:
        _send(subject, "comments/email/new_comment.txt", context, email)


def notify_commenters(comment_ids):
    """Mail commenters who asked for it that their comment is published, exactly once.

    A comment counts once visitors can see it (Comment.objects.public()): a reply
    approved under a pending comment waits for its parent, and is mailed about when
    the parent is approved.
    """
    now = timezone.now()
    candidates = (
        Comment.objects.public()
        .filter(Q(pk__in=comment_ids) | Q(parent__in=comment_ids))
        .filter(notify_on_approval=True, approval_notified_at__isnull=True)
        .select_related("article")
    )
    for comment in candidates:
        claimed = Comment.objects.filter(pk=comment.pk, approval_notified_at__isnull=True).update(
            approval_notified_at=now
        )
        if not claimed:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = translation.gettext("Je reactie is geplaatst")
        url = settings.SITE_URL + comment.get_absolute_url()
        _send(
            subject,
            "comments/email/approved.txt",
            {"comment": comment, "url": url},
            comment.email,
            unsubscribe_link=True,
        )


def notify_reply_subscribers(comment_ids):
    """Mail the author of a comment who asked for it about each reply, exactly once.

    As in notify_commenters, a reply counts once visitors can see it: a reply approved
    under a pending comment is mailed about when that comment is approved.
    """
    now = timezone.now()
    replies = (
        Comment.objects.public()
        .filter(Q(pk__in=comment_ids) | Q(parent__in=comment_ids))
        .filter(parent__isnull=False, parent__notify_on_reply=True, reply_notified_at__isnull=True)
        .select_related("article", "parent")
    )
    for reply in replies:
        claimed = Comment.objects.filter(pk=reply.pk, reply_notified_at__isnull=True).update(
            reply_notified_at=now
        )
        parent = reply.parent
        if not claimed or reply.email.casefold() == parent.email.casefold():
            continue  # nobody is told about their own answer
        with translation.override(settings.LANGUAGE_CODE):
            subject = translation.gettext("Nieuw antwoord op je reactie bij “%(title)s”") % {
                "title": reply.article.title
            }
        url = settings.SITE_URL + reply.get_absolute_url()
        _send(
            subject,
            "comments/email/reply.txt",
            {"comment": parent, "reply": reply, "url": url},
            parent.email,
            unsubscribe_link=True,
        )
