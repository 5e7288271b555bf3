from django import template
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from comments.counts import comment_counts
from comments.forms import CommentForm
from comments.models import PAGE_PARAMETER, REPLY_PARAMETER, Comment, requested_page
from comments.pages import render_time_placeholder
from magnesium_site.params import positive_int

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
        return SimpleLazyObject(lambda: list(self._threads()[rows]))

    def _threads(self):
        return (
            Comment.objects.public_threads()
            .filter(article=self.article)
            .prefetch_related(
                Prefetch("replies", queryset=Comment.objects.public(), to_attr="visible_replies")
            )
        )


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    """Approved comments of an article, their count and the form (bound, after an error)."""
    request = context["request"]
    counts = comment_counts(article, context.get("page_version"))
    paginator = CountedPaginator(
        _LazyThreads(article), settings.COMMENTS_PER_PAGE, count=counts.threads
    )
    page = paginator.get_page(requested_page(request.GET.get(PAGE_PARAMETER)))
    form = context.get("comment_form")
    reply_id = _reply_to(request)
    personal_form = form is not None or reply_id is not None
    if form is None:
        form = SimpleLazyObject(
            lambda: CommentForm(
                article=article,
                initial={"parent": reply_id},
                render_token=render_time_placeholder(article)
                if context.get("use_placeholders")
                else None,
            )
        )
    return {
        "request": request,
        "article": article,
        "page_version": context.get("page_version"),
        "fragment_seconds": context.get("fragment_seconds", 0),
        "language": get_language(),
        "comment_count": counts.visible,
        "page_obj": page,
        "page_parameter": PAGE_PARAMETER,
        "form": form,
        # The empty form is the same for everyone (placeholders aside) and can be kept.
        "personal_form": personal_form,
        "reply_to": personal_form and (form.parent_comment or _reply_target(form, article)),
    }


def _reply_to(request):
    return positive_int(request.GET.get(REPLY_PARAMETER))


def _reply_target(form, article):
    parent_id = positive_int(form["parent"].value())
    if parent_id is None:
        return None
    return Comment.objects.public_threads().filter(article=article, pk=parent_id).first()
