"""Retire cached pages and stored renderings after any saved change visitors can see.

Signals rather than explicit calls: content changes come from many admin paths
(forms, inlines, actions, deletes), and one missed path would show stale pages. Each
change retires the scopes whose pages show it (magnesium_site.page_cache), once per
transaction however many rows an admin save writes; a change to an article's content
also moves its content_version, in the same transaction (ArticleRendering).
"""

from django.db.models import Q

from articles.models import (
    AUTHORS_SCOPE,
    CONTENT_SCOPE,
    LISTINGS_SCOPE,
    Article,
    Block,
    article_scope,
    content_changed,
)
from magnesium_site import page_cache


def article_changed(sender, instance, **kwargs):
    scopes = [article_scope(instance.pk)]
    # The listings show published articles (scheduled ones too, once their time comes).
    if Article.Status.PUBLISHED in (instance.status, getattr(instance, "loaded_status", None)):
        scopes.append(LISTINGS_SCOPE)
    page_cache.invalidate(*scopes)
    instance.loaded_status = instance.status


def article_part_changed(sender, instance, raw=False, **kwargs):
    """A block, reference or synonym: its article's pages and content."""
    if not raw:  # loaddata restores content_version with the rest
        content_changed(instance.article_id)
    page_cache.invalidate(article_scope(instance.article_id), CONTENT_SCOPE)


def block_part_changed(sender, instance, raw=False, **kwargs):
    """A list item or FAQ entry: the pages and content of its block's article."""
    try:
        article_id = instance.block.article_id
    except Block.DoesNotExist:  # deleted with its article, which retires its own pages
        return
    if not raw:
        content_changed(article_id)
    page_cache.invalidate(article_scope(article_id), CONTENT_SCOPE)


def author_changed(sender, instance, **kwargs):
    """Article pages show the author's name (the listings do not), their page the rest;
    a byline may name them as the staff member who updated an article."""
    ids = Article.objects.filter(
        Q(author_id=instance.pk) | Q(updated_by__staff_profile__author_id=instance.pk)
    ).values_list("pk", flat=True)
    page_cache.invalidate(AUTHORS_SCOPE, *(article_scope(pk) for pk in ids))


def symptom_changed(sender, instance, **kwargs):
    """A symptom's name and address show only in the symptom index."""
    page_cache.invalidate(CONTENT_SCOPE)


def category_changed(sender, instance, **kwargs):
    """Article pages (breadcrumb) and the listings show the category's name."""
    ids = Article.objects.filter(category_id=instance.pk).values_list("pk", flat=True)
    page_cache.invalidate(LISTINGS_SCOPE, *(article_scope(pk) for pk in ids))


def site_settings_changed(sender, instance, **kwargs):
    """Every article page shows the default comment heading and introduction."""
    page_cache.invalidate(
        *(article_scope(pk) for pk in Article.objects.values_list("pk", flat=True))
    )


def staff_profile_changed(sender, instance, **kwargs):
    """The byline shows the display name of whoever last updated an article."""
    ids = Article.objects.filter(updated_by_id=instance.user_id).values_list("pk", flat=True)
    page_cache.invalidate(*(article_scope(pk) for pk in ids))


def reviewer_changed(sender, instance, **kwargs):
    """The review line shows the reviewer's name and qualification; their own page, the
    sitemap and the structured data the rest (AUTHORS_SCOPE: people outside articles)."""
    ids = Article.objects.filter(reviewed_by_id=instance.pk).values_list("pk", flat=True)
    page_cache.invalidate(AUTHORS_SCOPE, *(article_scope(pk) for pk in ids))


RECEIVERS = {
    "Article": article_changed,
    "Block": article_part_changed,
    "Reference": article_part_changed,
    "Synonym": article_part_changed,
    "ListItem": block_part_changed,
    "FaqEntry": block_part_changed,
    "Author": author_changed,
    "Category": category_changed,
    "SiteSettings": site_settings_changed,
    "Symptom": symptom_changed,
    "StaffProfile": staff_profile_changed,
    "Reviewer": reviewer_changed,
}


def parts_changed_in_bulk(article_ids):
    """Parts written without signals (bulk_update, update()): retire what they show."""
    ids = sorted(set(article_ids))
    for article_id in ids:
        content_changed(article_id)
    page_cache.invalidate(*(article_scope(pk) for pk in ids))
