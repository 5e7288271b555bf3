"""Atom feeds of the comments visitors may see: site-wide and per article.

Built on Comment.objects.public(), the one rule for what a visitor may see: approved,
a reply only under an approved parent, on a published article. Kept like the pages
that show the same comments (magnesium_site.documents.FeedView): an article's feed
under that article's scope, the site-wide feed under COMMENTS_SCOPE (retired by every
change to a comment that is or was approved) and the listings (an article published
or unpublished adds or drops its comments).
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _

from articles.models import LISTINGS_SCOPE, Article, article_scope
from articles.structured_data import absolute
from articles.views import until_next_publication
from comments.models import COMMENTS_SCOPE, Comment
from magnesium_site.documents import FeedView

FEED_SIZE = 30


class CommentFeed(Feed):
    """The newest public comments; with an article slug, that article's."""

    feed_type = Atom1Feed
    language = "nl"

    def get_object(self, request, slug=None):
        if slug is None:
            return None
        return get_object_or_404(Article.objects.published(), slug=slug)

    def title(self, article):
        if article is None:
            return _("Magnesiumwijzer: nieuwe reacties")
        return _("Reacties op %(title)s") % {"title": article.title}

    def subtitle(self, article):
        return _("Reacties van bezoekers, na controle door de redactie.")

    def link(self, article):
        if article is None:
            return absolute(reverse("articles:home"))
        return absolute(article.get_absolute_url() + "#reacties")

    def feed_url(self, article):
        if article is None:
            return absolute(reverse("comments:feed"))
        return absolute(reverse("comments:article_feed", kwargs={"slug": article.slug}))

    def items(self, article):
        comments = Comment.objects.public()
        if article is not None:
            comments = comments.filter(article=article)
        return comments.select_related("article", "parent").order_by("-created_at", "-pk")[
            :FEED_SIZE
        ]

    def item_title(self, comment):
        return _("%(name)s over %(title)s") % {"name": comment.name, "title": comment.article.title}

    def item_description(self, comment):
        return comment.text_html  # escaped plain text (comments.models), never raw input

    def item_link(self, comment):
        return absolute(comment.get_absolute_url())

    def item_guid(self, comment):
        return absolute(f"{comment.article.get_absolute_url()}#reactie-{comment.pk}")

    def item_pubdate(self, comment):
        return comment.created_at

    def item_updateddate(self, comment):
        return comment.edited_at or comment.moderated_at or comment.created_at

    def item_author_name(self, comment):
        return comment.name


class SiteCommentFeedView(FeedView):
    feed = CommentFeed()

    def known_scopes(self):
        return (LISTINGS_SCOPE, COMMENTS_SCOPE)

    def cache_timeout(self):
        return until_next_publication(super().cache_timeout())


class ArticleCommentFeedView(FeedView):
    """An article's comments: retired with the article's pages, which show the same."""

    feed = CommentFeed()

    def cache_scopes(self):
        return (article_scope(self.object.pk),)


def feed_link(article):
    """The autodiscovery link of an article's comment feed (in the article page's head)."""
    return format_html(
        '<link rel="alternate" type="application/atom+xml" title="{}" href="{}">',
        _("Reacties op %(title)s") % {"title": article.title},
        reverse("comments:article_feed", kwargs={"slug": article.slug}),
    )
