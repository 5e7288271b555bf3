from django import template
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch

from comments.counts import comment_counts
from comments.forms import CommentForm
from comments.models import PAGE_PARAMETER, REPLY_PARAMETER, Comment, requested_page
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


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    """Approved comments of an article, their count and the form (bound, after an error)."""
    request = context["request"]
    counts = comment_counts(article)
    threads = (
        Comment.objects.approved_threads()
        .filter(article=article)
        .prefetch_related(
            Prefetch("replies", queryset=Comment.objects.approved(), to_attr="visible_replies")
        )
    )
    paginator = CountedPaginator(threads, settings.COMMENTS_PER_PAGE, count=counts.threads)
    page = paginator.get_page(requested_page(request.GET.get(PAGE_PARAMETER)))
    form = context.get("comment_form")
    if form is None:
        form = CommentForm(
            article=article,
            initial={"parent": _reply_to(request)},
            render_token=context.get("render_time_token"),
        )
    return {
        "request": request,
        "article": article,
        "comment_count": counts.visible,
        "page_obj": page,
        "page_parameter": PAGE_PARAMETER,
        "form": form,
        "reply_to": form.parent_comment or _reply_target(form, article),
    }


def _reply_to(request):
    return positive_int(request.GET.get(REPLY_PARAMETER))


def _reply_target(form, article):
    parent_id = positive_int(form["parent"].value())
    if parent_id is None:
        return None
    return Comment.objects.approved_threads().filter(article=article, pk=parent_id).first()
