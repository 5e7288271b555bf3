from django import template
from django.urls import reverse

from comments.models import Comment

register = template.Library()


@register.inclusion_tag("comments/admin/pending_notice.html", takes_context=True)
def pending_comments_notice(context):
    """The number of comments awaiting moderation, for those who may moderate."""
    user = context["request"].user
    if not user.has_perm("comments.change_comment"):
        return {"show": False}
    return {
        "show": True,
        "count": Comment.objects.pending().count(),
        "url": reverse("admin:comments_comment_changelist"),
    }
