from django import template
from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from comments.counts import comment_counts
from comments.forms import CommentForm
from comments.models import PAGE_PARAMETER, REPLY_PARAMETER, Comment, requested_page
from comments.rendering import Labels, ShownComment, comment_list_html, empty_form_html
from magnesium_site.content_language import content_lang
from magnesium_site.params import positive_int
from magnesium_site.prepared import PreparedQuery

register = template.Library()


class CountedPaginator(Paginator):
    """A paginator told its count, which comment_counts() already keeps."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self):
        return self._known_count


class _LazyThreads:
    """The comment threads, queried only when a page of them is read.

    The rendered page of comments is usually in the fragment cache; then no query
    (and no queryset) is made.
    """

    def __init__(self, article):
        self.article = article

    def __getitem__(self, rows):
        return SimpleLazyObject(lambda: self._page(rows))

    def _page(self, rows):
        threads = _ThreadPage()
        if not self.article.is_published or rows.start >= rows.stop:
            return threads  # public_threads() has none, or the page is empty
        language = get_language()
        found = _PAGE(rows.start, rows.stop, language, article_id=self.article.pk)
        for row in ShownComment.shown(found, language):
            if row.parent_id is None:
                threads.append(row)
            else:
                threads.replies.setdefault(row.parent_id, []).append(row)
        return threads


# A page of threads with their replies, both in the order shown: compiled once per
# process, page and language (magnesium_site.prepared).
_PAGE = PreparedQuery(
    lambda start, stop, language, *, article_id: Comment.objects.public_page(
        start, stop, article_id=article_id, fields=ShownComment.columns(language)
    )
)


class _ThreadPage(list):
    """A page of threads (ShownComment rows) and their public replies by parent id."""

    def __init__(self):
        super().__init__()
        self.replies = {}


@register.simple_tag(takes_context=True)
def comment_list(context, threads):
    return comment_list_html(
        threads,
        threads.replies,
        reply_links=context["article"].comments_open,
        labels=context["labels"],
    )


def comment_section(context, article):
    """The article page's comment section (articles.sections): the published comments,
    their count and the form (bound, after an error)."""
    request = context["request"]
    counts = comment_counts(article, context.get("page_version"))
    paginator = CountedPaginator(
        _LazyThreads(article), settings.COMMENTS_PER_PAGE, count=counts.threads
    )
    page = paginator.get_page(requested_page(request.GET.get(PAGE_PARAMETER)))
    form = context.get("comment_form")
    reply_id = _reply_to(request)
    language = get_language()
    empty_form = None
    if form is None and article.comments_open:
        if reply_id is None and context.get("use_placeholders"):
            empty_form = empty_form_html(language, article.pk, article.slug)
        else:
            form = CommentForm(article=article, initial={"parent": reply_id})
    values = {
        "request": request,
        "article": article,
        "page_version": context.get("page_version"),
        "fragment_seconds": context.get("fragment_seconds", 0),
        "language": language,
        "labels": Labels.for_language(language),
        "comment_count": counts.visible,
        "section_text": article.comment_section_text,
        "content_lang": content_lang(language),
        "page_obj": page,
        "page_parameter": PAGE_PARAMETER,
        "form": form,
        "empty_form": empty_form,
        "reply_to": form is not None and (form.parent_comment or _reply_target(form, article)),
        "csrf_token": context.get("csrf_token"),
        # The article page shows its messages here (articles/article_detail.html).
        "messages": context.get("messages"),
    }
    section = context.template.engine.get_template("comments/section.html")
    return section.render(context.new(values))


def _reply_to(request):
    return positive_int(request.GET.get(REPLY_PARAMETER))


def _reply_target(form, article):
    parent_id = positive_int(form["parent"].value())
    if parent_id is None:
        return None
    return Comment.objects.public_threads(article).filter(pk=parent_id).first()
