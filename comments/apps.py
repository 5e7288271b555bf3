from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Reacties")

    def ready(self):
        from articles import sections
        from articles.views import ArticleDetailView
        from comments import feeds, pages
        from comments.signals import comment_changed
        from comments.templatetags.comments import comment_section

        comment = self.get_model("Comment")
        post_save.connect(comment_changed, sender=comment, dispatch_uid="page-cache-comment")
        post_delete.connect(comment_changed, sender=comment, dispatch_uid="page-cache-d-comment")
        pages.register(ArticleDetailView.cache_parameters)
        sections.register(comment_section)
        sections.register_head_link(feeds.feed_link)
