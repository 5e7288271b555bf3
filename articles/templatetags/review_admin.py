from django import template
from django.urls import reverse

from articles.models import Article

register = template.Library()


@register.inclusion_tag("admin/articles/review_notice.html", takes_context=True)
def review_due_notice(context):
    """How many medical reviews are overdue or due within 30 days, for those who see articles."""
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return {"show": False}
    url = reverse("admin:articles_article_changelist")
    return {
        "show": True,
        "overdue": Article.objects.review_overdue().count(),
        "soon": Article.objects.review_due_within(30).count(),
        "overdue_url": f"{url}?controle=te-laat",
        "soon_url": f"{url}?controle=binnenkort",
        "checks_url": reverse("admin:articles_content_checks"),
    }
