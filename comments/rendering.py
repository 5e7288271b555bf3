"""The HTML of published comments and of the empty comment form.

A comment's HTML is made when it is saved or approved and stored with it (stored_html,
Comment.html), made again only after a release changes FORMAT; a page of comments joins
the stored pieces (comment_list_html). The empty form is rendered once per process for
each article and language (empty_form_html). A page shows up to 50 threads with their
replies: a template include per comment, or crispy-forms per request, cost most of a full
page render."""

import datetime
import functools
import html
from dataclasses import dataclass
from typing import NamedTuple

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.db.models.fields.json import KT
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from comments.models import REPLY_PARAMETER, public_website
from magnesium_site import page_cache
from magnesium_site.content_language import content_lang
from magnesium_site.markup_format import markup_format


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
    """A published comment on a page: a row, not a model instance (a page of 50 threads
    and their replies is read for every render). html is the comment's stored HTML in
    the page's language (stored_html), None where it has none yet."""

    pk: int
    parent_id: int | None
    name: str
    html_format: str
    html: str | None
    created_at: datetime.datetime  # the order shown (Comment.objects.public_page)

    # The columns of a row, in order, for values_list().
    @staticmethod
    def columns(language):
        return ("pk", "parent_id", "name", "html_format", KT(f"html__{language}"), "created_at")

    @classmethod
    def shown(cls, rows, language):
        """The rows as shown in language; HTML missing or made by an older release is
        made (and stored) first."""
        rows = [cls._make(row) for row in rows]
        stale = [row.pk for row in rows if row.html is None or row.html_format != FORMAT]
        if stale:
            made = store_html(stale)
            rows = [
                row._replace(html=made[row.pk][language]) if row.pk in made else row for row in rows
            ]
            # A row deleted since it was read has nothing to show.
            rows = [row for row in rows if row.html is not None]
        return rows


# What the stored HTML is made with: this module, the translations, the time zone the
# times are shown in and the languages (see magnesium_site.markup_format).
FORMAT = markup_format(
    __file__,
    extra=(settings.TIME_ZONE, settings.LANGUAGE_CODE, *(code for code, _ in settings.LANGUAGES)),
)


def stored_html(comment):
    """The comment as every page shows it, by language: (html by language code, FORMAT).

    Made whenever the comment is saved (Comment.save); what a page adds is the reply
    link of a thread, which depends on the article (comment_list_html).
    """
    made = {}
    tz = timezone.get_default_timezone()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            made[language] = comment_html(comment, labels=Labels.for_language(language), tz=tz)
    return made, FORMAT


def store_html(pks):
    """Make and store the HTML of the comments pks that have none in the current format:
    new ones (Comment.save has no id to show before the insert), rows written without
    save() (bulk_create, COPY) or by an older release; {pk: html by language} for every
    one of pks that still exists."""
    from comments.models import Comment

    comments = list(Comment.objects.filter(pk__in=pks))
    stale = [comment for comment in comments if comment.html_format != FORMAT]
    for comment in stale:
        comment.html, comment.html_format = stored_html(comment)
    # Only rows still in an old format: a save that raced this read wrote newer HTML.
    Comment.objects.exclude(html_format=FORMAT).bulk_update(stale, ["html", "html_format"])
    # Every row asked for, also one another process made current since the caller read it.
    return {comment.pk: comment.html for comment in comments}


def comment_html(comment, *, labels, tz):
    """<article> for a comment (a Comment), without the reply link and the closing tag
    that comment_list_html() adds.

    Built with str.format rather than format_html(): every value from a commenter is
    escaped here (html.escape, as Django's escape()), text_html was sanitised when the
    comment was saved (Comment.save, magnesium_site.sanitizer), and the labels are our
    own translations, escaped or holding markup on purpose.
    """
    created = comment.created_at.astimezone(tz)
    name = html.escape(comment.name)
    website = public_website(comment.website)
    if website:
        name = f'<a href="{html.escape(website)}" rel="nofollow ugc noopener">{name}</a>'
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
    '  <div class="comment-text"{text_lang}>{text}</div>'
)
_END = "\n</article>"


def comment_list_html(threads, replies, *, reply_links, labels):
    """The <ol> of a page of threads (ShownComment rows), each with its published replies
    (a dict of lists by parent id); reply_links adds "Antwoord op <name>" to threads."""
    items = []
    for thread in threads:
        below = ""
        if thread_replies := replies.get(thread.pk):
            rows = "".join(f"<li>{reply.html}{_END}</li>" for reply in thread_replies)
            below = f'\n      <ol class="list-unstyled comment-replies">{rows}</ol>'
        reply = ""
        if reply_links:
            label = labels.reply % {"name": html.escape(thread.name)}
            reply = _REPLY.format(pk=int(thread.pk), label=label)
        items.append(f"\n    <li>\n      {thread.html}{reply}{_END}{below}\n    </li>")
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
