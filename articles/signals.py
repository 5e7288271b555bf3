"""Retire cached pages after any saved change to content visitors can see.

Signals rather than explicit calls: content changes come from many admin paths
(forms, inlines, actions, deletes), and one missed path would show stale pages.
"""

from django.db import transaction

from articles import page_cache


def content_changed(sender, **kwargs):
    transaction.on_commit(page_cache.invalidate)
