"""Old addresses of articles whose slug changed: they answer with a 301 to the new one."""

from articles.models import ArticleRedirect


def slug_changed(article, old_slug):
    """The article left old_slug: that address leads to it from now on.

    Every old slug points at the article itself, never at another old slug, so renames
    make no chains; and a slug that is live again (A → B → A) is nobody's redirect."""
    ArticleRedirect.objects.filter(old_slug=article.slug).delete()
    if old_slug and old_slug != article.slug:
        ArticleRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": article})


def live_slug_taken(article):
    """A new or renamed article took a slug that was an old address: the live one wins."""
    ArticleRedirect.objects.filter(old_slug=article.slug).delete()


def redirect_target(slug):
    """Where /artikelen/<slug>/ now lives (a published article), or None."""
    return ArticleRedirect.objects.target_for(slug)
