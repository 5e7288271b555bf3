import re
import time

from django.urls import reverse

from articles.models import Article
from comments.spam import sign_render_time


def comment_url(article):
    return reverse("comments:post", kwargs={"slug": article.slug})


def render_time(article, seconds_ago=30):
    """The signed render time of the article's comment form, rendered seconds_ago."""
    return sign_render_time(time.time() - seconds_ago, article.pk)


def form_data(article=None, **overrides):
    """A submission as a person sends it: rendered a while ago, honeypot empty."""
    if article is None:
        article = Article.objects.order_by("pk").last() or Article(pk=0)
    data = {
        "name": "Annemiek",
        "email": "annemiek@example.com",
        "website": "",
        "text": "Sinds ik meer noten eet, heb ik minder kramp.",
        "privacy": "on",
        "homepage": "",
        "rendered_at": render_time(article),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def shown_count(html):
    """The comment count a page shows in its comment section's heading."""
    match = re.search(r'class="[^"]*\bcomment-count\b[^"]*">(\d+)<', html)
    assert match, "no comment count"
    return int(match.group(1))
