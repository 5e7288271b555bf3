"""The HTML of published comments and of the empty comment form, built once where they
can be: a page shows up to 50 threads with their replies, and a template include per
comment, or crispy-forms per request, cost most of a full page render."""

import datetime
import functools
import html
from dataclasses import dataclass
from typing import NamedTuple

from crispy_forms.utils import render_crispy_form
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from comments.models import REPLY_PARAMETER, public_website
from magnesium_site import page_cache
from magnesium_site.content_language import content_lang


@dataclass(frozen=True)
class Labels:
    """The translated words of a comment, looked up once per page rather than per comment."""

    permalink: str
    editorial: str  # the mark of an answer from the editorial team, escaped
    reply: str  # with %(name)s
    months: dict
    text_lang: str  # the lang attribute of comment texts, or ""

    @classmethod
    @functools.cache
    def for_language(cls, language):
        return cls(
            permalink=escape(gettext("Vaste link naar deze reactie")),
            editorial=escape(gettext("Reactie van de redactie")),
            reply=gettext("Antwoord op <bdi>%(name)s</bdi>"),
            months={number: str(name) for number, name in MONTHS.items()},
            text_lang=(f' lang="{html.escape(lang)}"' if (lang := content_lang(language)) else ""),
        )


class ShownComment(NamedTuple):
    """What a published comment shows: a row read with values_list(), not a model
    instance (a page of 50 threads and their replies is read for every render)."""

    pk: int
    parent_id: int | None
    name: str
    website: str
    text_html: str
    created_at: datetime.datetime
    is_editorial: bool

    @classmethod
    def rows(cls, queryset):
        return [cls._make(row) for row in queryset.values_list(*cls._fields)]


def comment_html(comment, *, reply_link, labels, tz=None):
    """<article> for a comment; reply_link adds "Antwoord op <name>" (threads only).

    Built with str.format rather than format_html() on this hot path: every value from a
    commenter is escaped here (html.escape, as Django's escape()), text_html was
    sanitised when the comment was saved (Comment.save, magnesium_site.sanitizer), and
    the labels are our own translations, escaped or holding markup on purpose.
    """
    created = comment.created_at.astimezone(tz or timezone.get_current_timezone())
    name = html.escape(comment.name)
    website = public_website(comment.website)
    if website:
        name = f'<a href="{html.escape(website)}" rel="nofollow ugc noopener">{name}</a>'
    reply = ""
    if reply_link:
        reply = _REPLY.format(
            pk=comment.pk, label=labels.reply % {"name": html.escape(comment.name)}
        )
    return _COMMENT.format(
        pk=int(comment.pk),
        editorial=" comment-editorial" if comment.is_editorial else "",
        name=name,
        badge=_EDITORIAL.format(label=labels.editorial) if comment.is_editorial else "",
        title=labels.permalink,
        iso=created.isoformat(),
        day=created.day,
        month=labels.months[created.month],
        year=created.year,
        time=f"{created.hour:02d}:{created.minute:02d}",
        text=comment.text_html,
        text_lang=labels.text_lang,
        reply=reply,
    )


_REPLY = f'\n  <p class="small"><a href="?{REPLY_PARAMETER}={{pk}}#reageren">{{label}}</a></p>'
_EDITORIAL = ' <span class="badge text-bg-success">{label}</span>'
_COMMENT = (
    '<article class="comment{editorial} mb-3" id="reactie-{pk}" '
    'aria-labelledby="reactie-{pk}-kop">\n'
    "  <header>\n"
    '    <p id="reactie-{pk}-kop" class="fw-bold mb-0">{name}{badge}</p>\n'
    '    <p class="small text-body-secondary mb-1"><a href="#reactie-{pk}" title="{title}">'
    '<time datetime="{iso}">{day} {month} {year}, {time}</time></a></p>\n'
    "  </header>\n"
    '  <div class="comment-text"{text_lang}>{text}</div>{reply}\n'
    "</article>"
)


def comment_list_html(threads, replies, *, reply_links, labels):
    """The <ol> of a page of threads (ShownComment rows), each with its published replies
    (a dict of lists by parent id)."""
    tz = timezone.get_current_timezone()
    items = []
    for thread in threads:
        below = ""
        if thread_replies := replies.get(thread.pk):
            rows = "".join(
                f"<li>{comment_html(reply, reply_link=False, labels=labels, tz=tz)}</li>"
                for reply in thread_replies
            )
            below = f'\n      <ol class="list-unstyled comment-replies">{rows}</ol>'
        items.append(
            "\n    <li>\n      "
            f"{comment_html(thread, reply_link=reply_links, labels=labels, tz=tz)}{below}"
            "\n    </li>"
        )
    # Every piece above is markup built here or by comment_html(), which escapes.
    return SafeString(f'<ol class="list-unstyled comment-list">{"".join(items)}\n  </ol>')


@functools.lru_cache(maxsize=512)
def empty_form_html(language, article_id, slug):
    """The empty form of an article, with placeholders for the visitor's CSRF token and
    render time: the same for every visitor, so rendered once per process and language.
    The caller has activated that language."""
    from articles.models import Article
    from comments.forms import CommentForm
    from comments.pages import render_time_placeholder

    article = Article(pk=article_id, slug=slug)
    form = CommentForm(article=article, render_token=render_time_placeholder(article))
    return render_crispy_form(form, context={"csrf_token": page_cache.placeholder("csrf")})
