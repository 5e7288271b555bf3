"""How many comments visitors can see on an article, counted once per change."""

from dataclasses import dataclass

from articles.models import article_scope
from comments.models import Comment
from magnesium_site import page_cache

TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class CommentCounts:
    threads: int  # visible top-level comments (what the pages are made of)
    visible: int  # every comment a visitor can see, replies included


def comment_counts(article, version=None):
    """Counts of Comment.objects.public() for the article.

    Counting a busy article takes real time, so the result is kept under the version of
    the article's page-cache scope: any change visitors could see starts a new one, and a
    count made from data that changed meanwhile lands under a retired one. A page passes
    the version it read before loading anything.
    """
    if version is None:
        version = page_cache.version_token(page_cache.read_versions([article_scope(article.pk)]))
    key = f"comment-counts:{version}:{article.pk}"
    counts = page_cache.kept.get(key)
    if counts is None:
        # Two counts, each served by its partial index (one OR'd count scans the table).
        threads = Comment.objects.public_threads(article).count()
        replies = Comment.objects.public_replies(article).count()
        counts = CommentCounts(threads=threads, visible=threads + replies)
        page_cache.kept.set(key, counts, timeout=TIMEOUT)
    return counts


def last_page(counts, per_page):
    return max(1, -(-counts.threads // per_page))
