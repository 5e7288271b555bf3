"""How many comments visitors can see on an article, counted once per change."""

from dataclasses import dataclass

from articles import page_cache
from comments.models import Comment

TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class CommentCounts:
    threads: int  # visible top-level comments (what the pages are made of)
    visible: int  # every comment a visitor can see, replies included


def comment_counts(article, version=None):
    """Counts of Comment.objects.approved() for the article.

    Counting a busy article takes real time, so the result is kept under the
    page-cache version: any moderation change starts a new version, and a count
    made from data that changed meanwhile lands under a retired one. A page passes
    the version it read before loading anything.
    """
    key = f"comment-counts:{version or page_cache.current_version()}:{article.pk}"
    counts = page_cache.kept.get(key)
    if counts is None:
        threads = Comment.objects.approved_threads().filter(article=article).count()
        replies = Comment.objects.approved_replies().filter(article=article).count()
        counts = CommentCounts(threads=threads, visible=threads + replies)
        page_cache.kept.set(key, counts, timeout=TIMEOUT)
    return counts
