from articles.models import article_scope
from comments.models import COMMENTS_SCOPE, Status
from magnesium_site import page_cache


def comment_changed(sender, instance, **kwargs):
    """Only a comment that is or was approved can change what visitors see.

    The status it was loaded with counts too: approved → rejected through a plain
    save() must retire the pages that show it.
    """
    if Status.APPROVED in (instance.status, getattr(instance, "loaded_status", None)):
        page_cache.invalidate(article_scope(instance.article_id), COMMENTS_SCOPE)
    instance.loaded_status = instance.status
