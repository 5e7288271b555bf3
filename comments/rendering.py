"""The HTML of published comments and of the empty comment form, built once where they
can be: a page shows up to 50 threads with their replies, and a template include per
comment, or crispy-forms per request, cost most of a full page render."""

import functools
from dataclasses import dataclass

from crispy_forms.utils import render_crispy_form
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from comments.models import REPLY_PARAMETER
from magnesium_site import page_cache


@dataclass(frozen=True)
class Labels:
    """The translated words of a comment, looked up once per page rather than per comment."""

    permalink: str
    reply: str  # with %(name)s
    months: dict

    @classmethod
    @functools.cache
    def for_language(cls, language):
        return cls(
            permalink=escape(gettext("Vaste link naar deze reactie")),
            reply=gettext("Antwoord op <bdi>%(name)s</bdi>"),
            months={number: str(name) for number, name in MONTHS.items()},
        )


def comment_html(comment, *, reply_link, labels):
    """<article> for a comment; reply_link adds "Antwoord op <name>" (threads only)."""
    created = timezone.localtime(comment.created_at)
    if comment.public_website:
        name = format_html(
            '<a href="{}" rel="nofollow ugc noopener">{}</a>', comment.public_website, comment.name
        )
    else:
        name = comment.name
    reply = ""
    if reply_link:
        # The translation is ours and holds markup; only the name needs escaping.
        label = mark_safe(labels.reply % {"name": escape(comment.name)})  # noqa: S308
        reply = format_html(
            '\n  <p class="small"><a href="?{}={}#reageren">{}</a></p>',
            REPLY_PARAMETER,
            comment.pk,
            label,
        )
    return format_html(
        '<article class="comment mb-3" id="reactie-{pk}" aria-labelledby="reactie-{pk}-kop">\n'
        "  <header>\n"
        '    <p id="reactie-{pk}-kop" class="fw-bold mb-0">{name}</p>\n'
        '    <p class="small text-body-secondary mb-1"><a href="#reactie-{pk}" title="{title}">'
        '<time datetime="{iso}">{day} {month} {year}, {time}</time></a></p>\n'
        "  </header>\n"
        '  <div class="comment-text">{text}</div>{reply}\n'
        "</article>",
        pk=comment.pk,
        name=name,
        title=labels.permalink,
        iso=created.isoformat(),
        day=created.day,
        month=labels.months[created.month],
        year=created.year,
        time=created.strftime("%H:%M"),
        # Sanitised when the comment was saved (Comment.save, magnesium_site.sanitizer).
        text=mark_safe(comment.text_html),  # noqa: S308
        reply=reply,
    )


def comment_list_html(threads, *, reply_links, labels):
    """The <ol> of a page of threads, each with its published replies."""
    items = []
    for thread in threads:
        replies = ""
        if thread.visible_replies:
            replies = format_html(
                '\n      <ol class="list-unstyled comment-replies">{}</ol>',
                format_html_join(
                    "",
                    "<li>{}</li>",
                    (
                        (comment_html(reply, reply_link=False, labels=labels),)
                        for reply in thread.visible_replies
                    ),
                ),
            )
        items.append(
            format_html(
                "\n    <li>\n      {}{}\n    </li>",
                comment_html(thread, reply_link=reply_links, labels=labels),
                replies,
            )
        )
    return format_html(
        '<ol class="list-unstyled comment-list">{}\n  </ol>',
        mark_safe("".join(items)),  # noqa: S308 (each item built with format_html)
    )


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
