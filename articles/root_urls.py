"""Addresses outside the language prefixes: one sitemap for every language."""

from django.urls import path

from articles.sitemaps import SitemapView

urlpatterns = [
    path("sitemap.xml", SitemapView.as_view(), name="sitemap"),
]
