"""The HTML of published comments and of the empty comment form, built once where they
can be: a page shows up to 50 threads with their replies, and a template include per
comment, or crispy-forms per request, cost most of a full page render."""

import functools
import html
from dataclasses import dataclass

from crispy_forms.utils import render_crispy_form
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from comments.models import REPLY_PARAMETER
from magnesium_site import page_cache
from magnesium_site.content_language import content_lang


@dataclass(frozen=True)
class Labels:
    """The translated words of a comment, looked up once per page rather than per comment."""

    permalink: str
    reply: str  # with %(name)s
    months: dict
    text_lang: str  # the lang attribute of comment texts, or ""

    @classmethod
    @functools.cache
    def for_language(cls, language):
        return cls(
            permalink=escape(gettext("Vaste link naar deze reactie")),
            reply=gettext("Antwoord op <bdi>%(name)s</bdi>"),
            months={number: str(name) for number, name in MONTHS.items()},
            text_lang=(f' lang="{html.escape(lang)}"' if (lang := content_lang(language)) else ""),
        )


def _html(template, **values):
    """format_html() for the per-comment hot path: the same escaping (Django's escape() is
    html.escape), without the lazy-string checks that cost more than the escaping."""
    return SafeString(
        template.format(
            **{
                name: value.__html__() if hasattr(value, "__html__") else html.escape(str(value))
                for name, value in values.items()
            }
        )
    )


def comment_html(comment, *, reply_link, labels):
    """<article> for a comment; reply_link adds "Antwoord op <name>" (threads only)."""
    created = timezone.localtime(comment.created_at)
    website = comment.public_website
    name = (
        _html(
            '<a href="{url}" rel="nofollow ugc noopener">{name}</a>', url=website, name=comment.name
        )
        if website
        else comment.name
    )
    reply = ""
    if reply_link:
        # The translation is ours and holds markup; only the name needs escaping.
        label = SafeString(labels.reply % {"name": html.escape(comment.name)})
        reply = _html(
            '\n  <p class="small"><a href="?{parameter}={pk}#reageren">{label}</a></p>',
            parameter=REPLY_PARAMETER,
            pk=comment.pk,
            label=label,
        )
    return _html(
        '<article class="comment mb-3" id="reactie-{pk}" aria-labelledby="reactie-{pk}-kop">\n'
        "  <header>\n"
        '    <p id="reactie-{pk}-kop" class="fw-bold mb-0">{name}</p>\n'
        '    <p class="small text-body-secondary mb-1"><a href="#reactie-{pk}" title="{title}">'
        '<time datetime="{iso}">{day} {month} {year}, {time}</time></a></p>\n'
        "  </header>\n"
        '  <div class="comment-text"{text_lang}>{text}</div>{reply}\n'
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
        text=SafeString(comment.text_html),
        text_lang=SafeString(labels.text_lang),
        reply=reply,
    )


def comment_list_html(threads, *, reply_links, labels):
    """The <ol> of a page of threads, each with its published replies."""
    items = []
    for thread in threads:
        replies = ""
        if thread.visible_replies:
            rows = "".join(
                f"<li>{comment_html(reply, reply_link=False, labels=labels)}</li>"
                for reply in thread.visible_replies
            )
            replies = f'\n      <ol class="list-unstyled comment-replies">{rows}</ol>'
        items.append(
            f"\n    <li>\n      {comment_html(thread, reply_link=reply_links, labels=labels)}"
            f"{replies}\n    </li>"
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
