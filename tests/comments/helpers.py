import time

from django.urls import reverse

from comments.spam import sign_render_time


def comment_url(article):
    return reverse("comments:post", kwargs={"slug": article.slug})


def form_data(**overrides):
    """A submission as a person sends it: rendered a while ago, honeypot empty."""
    data = {
        "name": "Annemiek",
        "email": "annemiek@example.com",
        "website": "",
        "text": "Sinds ik meer noten eet, heb ik minder kramp.",
        "privacy": "on",
        "homepage": "",
        "rendered_at": sign_render_time(time.time() - 30),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
