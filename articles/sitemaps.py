"""The sitemap (/sitemap.xml): published articles, categories, author and symptom pages.

Every address in each language, with its alternates (hreflang, x-default), on SITE_URL
whatever host the request named. lastmod says when what the page shows last changed:
an article's content or review, never a comment.
"""

from datetime import datetime, time
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps
from django.contrib.sitemaps.views import sitemap
from django.db.models import Max
from django.utils import timezone

from articles import symptoms
from articles.models import (
    AUTHORS_SCOPE,
    CONTENT_SCOPE,
    LISTINGS_SCOPE,
    Article,
    Author,
    Category,
    Reviewer,
)
from articles.views import until_next_publication
from magnesium_site import page_cache
from magnesium_site.documents import DocumentView
from magnesium_site.params import positive_int


class SiteSitemap(sitemaps.Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, page=1, site=None, protocol=None):
        address = urlsplit(settings.SITE_URL)
        return super().get_urls(
            page, site=SimpleNamespace(domain=address.netloc), protocol=address.scheme
        )


def article_lastmod(article):
    """When an article's page last changed for a reader: its content or its review."""
    if article.last_reviewed_on is None:
        return article.updated_at
    reviewed_at = timezone.make_aware(datetime.combine(article.last_reviewed_on, time.min))
    return max(article.updated_at, reviewed_at)


class ArticleSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 1.0

    def items(self):
        return Article.objects.published().order_by("pk")

    def lastmod(self, article):
        return article_lastmod(article)


class CategorySitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return (
            Category.objects.filter(articles__in=Article.objects.published())
            .annotate(changed=Max("articles__updated_at"))
            .order_by("pk")
        )

    def lastmod(self, category):
        return category.changed


class AuthorSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return (
            Author.objects.filter(articles__in=Article.objects.published())
            .annotate(changed=Max("articles__updated_at"))
            .order_by("pk")
        )

    def lastmod(self, author):
        return author.changed


class ReviewerSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return (
            Reviewer.objects.filter(
                articles__in=Article.objects.published(),
                articles__last_reviewed_on__isnull=False,
            )
            .annotate(changed=Max("articles__last_reviewed_on"))
            .order_by("pk")
        )

    def lastmod(self, reviewer):
        return reviewer.changed


class SymptomSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return [symptom for _letter, group in symptoms.index() for symptom in group]


SITEMAPS = {
    "artikelen": ArticleSitemap,
    "categorieen": CategorySitemap,
    "auteurs": AuthorSitemap,
    "controleurs": ReviewerSitemap,
    "symptomen": SymptomSitemap,
}


def sitemap_page(value, view):
    """?p= of the sitemap: "" for the first page (an unreadable one gives a 404)."""
    number = positive_int(value)
    if number is not None:
        return "" if number == 1 else str(number)
    return value


class SitemapView(DocumentView):
    """/sitemap.xml, kept like the listings; content changes move its dates."""

    cache_parameters = page_cache.Parameters(variants={"p": sitemap_page})

    def known_scopes(self):
        return (LISTINGS_SCOPE, CONTENT_SCOPE, AUTHORS_SCOPE)

    def load(self):
        pass  # the sitemap view loads its rows itself, after the versions were read

    def cache_timeout(self):
        return until_next_publication(super().cache_timeout())

    def build(self):
        return sitemap(self.request, sitemaps=SITEMAPS)
