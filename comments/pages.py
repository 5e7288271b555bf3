"""How the comment section takes part in the article page's cache protocol.

The articles app knows nothing of comments; the comments app registers, in its ready(),
the query parameters it reads on the article page and the placeholder of its form.
"""

import time

from django.conf import settings

from comments import spam
from comments.counts import comment_counts, last_page
from comments.models import PAGE_PARAMETER, REPLY_PARAMETER, requested_page
from magnesium_site import page_cache

RENDER_TIME_PLACEHOLDER = "render-time"


def comment_page(value, view):
    """The page of comments actually shown: a number past the last gives the last page.

    So ?reacties=9999 shares the last page's entry instead of making one of its own.
    """
    counts = comment_counts(view.object, page_cache.version_token(view.page_versions))
    page = min(requested_page(value), last_page(counts, settings.COMMENTS_PER_PAGE))
    return "" if page == 1 else str(page)


def fill_render_time(request, article_id):
    return spam.sign_render_time(time.time(), int(article_id))


def render_time_placeholder(article):
    return page_cache.placeholder(RENDER_TIME_PLACEHOLDER, str(article.pk))


def register(parameters):
    parameters.add_variant(PAGE_PARAMETER, comment_page)
    parameters.add_personal(REPLY_PARAMETER)  # a reply form names the comment answered
    page_cache.register_placeholder(RENDER_TIME_PLACEHOLDER, fill_render_time)
