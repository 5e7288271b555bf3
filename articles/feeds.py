"""Feeds of published articles: Atom, RSS and JSON Feed, site-wide and per category.

Built on Article.objects.published() like every listing, and kept like the listings
(magnesium_site.documents.FeedView): retired by what retires them, never past a
scheduled publication. Every address is absolute on SITE_URL, never the request's host.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.models import AUTHORS_SCOPE, LISTINGS_SCOPE, Article, Category
from articles.structured_data import absolute
from articles.views import until_next_publication
from magnesium_site.documents import FeedView
from magnesium_site.jsonfeed import JSONFeed

FEED_SIZE = 30
FORMATS = {"atom": Atom1Feed, "rss": Rss201rev2Feed, "json": JSONFeed}


class ArticleFeed(Feed):
    """The newest published articles; with a category slug, that category's."""

    language = "nl"

    def __init__(self, feed_type):
        super().__init__()
        self.feed_type = feed_type
        self.format = next(name for name, kind in FORMATS.items() if kind is feed_type)

    def get_object(self, request, slug=None):
        return None if slug is None else get_object_or_404(Category, slug=slug)

    def title(self, category):
        if category is None:
            return _("Magnesiumwijzer: nieuwe artikelen")
        return _("Magnesiumwijzer: %(category)s") % {"category": category.name}

    def description(self, category):
        if category is not None and category.description:
            return category.description
        return _("Betrouwbare informatie over magnesium en gezondheid.")

    subtitle = description

    def link(self, category):
        return absolute(
            reverse("articles:home") if category is None else category.get_absolute_url()
        )

    def feed_url(self, category):
        if category is None:
            return absolute(reverse("articles:feed", kwargs={"format": self.format}))
        return absolute(
            reverse("articles:category_feed", kwargs={"slug": category.slug, "format": self.format})
        )

    def items(self, category):
        articles = Article.objects.published().select_related("author", "category")
        if category is not None:
            articles = articles.filter(category=category)
        return articles[:FEED_SIZE]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return escape(article.lead)  # feeds carry HTML; the lead is plain text

    def item_link(self, article):
        return absolute(article.get_absolute_url())

    def item_guid(self, article):
        return absolute(article.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return article.author.name

    def item_author_link(self, article):
        return absolute(article.author.get_absolute_url())

    def item_categories(self, article):
        return [article.category.name]

    def item_extra_kwargs(self, article):
        if article.image:
            return {"image": absolute(article.image.url)}
        return {}


class ArticleFeedView(FeedView):
    """Kept with the listings (and authors' names, which items carry)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.feed = ArticleFeed(FORMATS[self.kwargs.pop("format")])  # the URL allows only these

    def known_scopes(self):
        return (LISTINGS_SCOPE, AUTHORS_SCOPE)

    def cache_timeout(self):
        return until_next_publication(super().cache_timeout())
