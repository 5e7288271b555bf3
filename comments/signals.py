from django.db import transaction

from articles import page_cache
from comments.models import Status


def comment_changed(sender, instance, **kwargs):
    """Only a change to an approved comment can change what visitors see."""
    if instance.status == Status.APPROVED:
        transaction.on_commit(page_cache.invalidate)
