"""Re-index an article in the same transaction as any change to what search reads of it."""

import contextlib
import threading

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from articles.models import Article, Block, FaqEntry, ListItem, Synonym, content_rendered
from search.indexing import index_article


def _deleting_article(origin):
    """The change is part of deleting a whole article: its index rows go with it."""
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return model is Article


_batch = threading.local()


@contextlib.contextmanager
def batch():
    """Many changes at once (a script, a test's fixture): each article touched inside is
    indexed once, when the block ends, instead of after every row. Inside a transaction
    the index is still written in it. A block that raises indexes nothing: its changes
    are usually rolled back, and a query inside a broken transaction would only hide the
    error."""
    if getattr(_batch, "ids", None) is not None:  # nested: the outermost block indexes
        yield
        return
    _batch.ids = set()
    try:
        yield
    except BaseException:
        _batch.ids = None
        raise
    ids, _batch.ids = _batch.ids, None
    for article_id in sorted(ids):
        _index_if_present(article_id)


def _index_if_present(article_id):
    if Article.objects.filter(pk=article_id).exists():
        index_article(article_id)


def _reindex(article_id, raw=False, origin=None):
    if raw or _deleting_article(origin):  # loaddata: rebuild_search_index afterwards
        return
    pending = getattr(_batch, "ids", None)
    if pending is not None:
        pending.add(article_id)
    else:
        _index_if_present(article_id)


def article_saved(sender, instance, raw=False, **kwargs):
    _reindex(instance.pk, raw)


def article_part_changed(sender, instance, raw=False, origin=None, **kwargs):
    _reindex(instance.article_id, raw, origin)


# Fields of a row that search never reads: saving only these leaves the index as it is.
# (Linking a symptoms list to the symptom index saves every item with just its symptom.)
UNINDEXED_FIELDS = {ListItem: frozenset({"symptom"})}


def block_part_changed(sender, instance, raw=False, origin=None, update_fields=None, **kwargs):
    if update_fields and update_fields <= UNINDEXED_FIELDS.get(sender, frozenset()):
        return
    try:
        article_id = instance.block.article_id
    except Block.DoesNotExist:  # deleted with its block or article
        return
    _reindex(article_id, raw, origin)


def content_was_rendered(sender, article_id, **kwargs):
    """After bulk writes that send no post_save (load_demo, the admin's save)."""
    _reindex(article_id)


def connect():
    post_save.connect(article_saved, sender=Article, dispatch_uid="search-article")
    for model, receiver in (
        (Block, article_part_changed),
        (Synonym, article_part_changed),
        (ListItem, block_part_changed),
        (FaqEntry, block_part_changed),
    ):
        uid = f"search-{model._meta.model_name}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-delete")
    content_rendered.connect(content_was_rendered, dispatch_uid="search-rendered")
