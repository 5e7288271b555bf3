from django import template
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch

from comments.forms import CommentForm
from comments.models import PAGE_PARAMETER, Comment

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    """Approved comments of an article, their count and the form (bound, after an error)."""
    request = context["request"]
    approved = Comment.objects.approved().filter(article=article)
    threads = approved.filter(parent__isnull=True).prefetch_related(
        Prefetch("replies", queryset=Comment.objects.approved(), to_attr="visible_replies")
    )
    paginator = Paginator(threads, settings.COMMENTS_PER_PAGE)
    page = paginator.get_page(request.GET.get(PAGE_PARAMETER))
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
        "comment_count": approved.count(),
        "page_obj": page,
        "page_parameter": PAGE_PARAMETER,
        "form": form,
        "reply_to": form.parent_comment or _reply_target(form, approved),
    }


def _reply_to(request):
    value = request.GET.get("antwoord", "")
    return int(value) if value.isdigit() else None


def _reply_target(form, approved):
    parent_id = form["parent"].value()
    if not str(parent_id or "").isdigit():
        return None
    return approved.filter(pk=parent_id, parent__isnull=True).first()
