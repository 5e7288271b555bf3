"""The XSS corpus in a real browser: nothing injected runs, on the site or in the admin.

Every vector is written through the staff Markdown paths and the visitor comment
fields, then the pages are loaded in headless Chromium. A vector that ran would set
window.__xss or open a dialog; the DOM is also searched for event-handler
attributes and script URLs that could run on a click.
"""

import pytest
from django.contrib.auth import get_user_model

from articles.models import Block
from comments.models import Comment, Status
from search import signals as search_signals
from tests.articles.factories import ArticleFactory, BlockFactory, FaqEntryFactory, ListItemFactory
from tests.security.xss_vectors import SENTINEL_NAME, VECTORS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIND_LIVE_HANDLERS = """(root) => {
  const found = [];
  for (const el of document.querySelector(root).querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const value = attr.value.trim().toLowerCase().replace(/[\\s\\u0000-\\u001f]+/g, '');
      if (attr.name.startsWith('on')) found.push(el.tagName + ' ' + attr.name);
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(attr.name)
          && /^(javascript|vbscript|data):/.test(value)) found.push(el.tagName + ' ' + attr.name);
    }
    const tag = el.tagName.toUpperCase();
    if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'SVG', 'MATH'].includes(tag)) found.push(tag);
  }
  for (const s of document.scripts) {
    // Data blocks (JSON, JSON-LD) never run; anything else inline would.
    const data = ['application/json', 'application/ld+json'].includes(s.type);
    if (!s.src && !data) found.push('inline script');
  }
  return found;
}"""


def _visit(page, url, root="html"):
    page.goto(url)
    page.wait_for_load_state("load")
    # Open every <details>, so that toggle handlers would fire, and give timers a moment.
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.wait_for_timeout(300)
    assert page.evaluate(f"() => window.{SENTINEL_NAME}") is None, url
    assert page.dialogs == [], (url, page.dialogs)
    assert page.evaluate(FIND_LIVE_HANDLERS, root) == [], url


@pytest.fixture
def poisoned_article(settings):
    settings.COMMENTS_PER_PAGE = len(VECTORS) + 10
    article = ArticleFactory(title="XSS-proef")
    faq = BlockFactory(article=article, kind=Block.Kind.FAQ, heading="Vragen")
    items = BlockFactory(article=article, kind=Block.Kind.LIST, heading="Lijst")
    # Forms refuse NUL and PostgreSQL cannot store it; lengths are cut to the columns.
    payloads = [vector.payload.replace("\x00", "") for vector in VECTORS]
    # Every row through its save() (the Markdown and sanitiser path); the article is
    # indexed for search once at the end instead of after each of the 786 rows.
    with search_signals.batch():
        for payload in payloads:
            BlockFactory(article=article, heading=payload[:200], body=payload)
            FaqEntryFactory(block=faq, question=payload[:300], answer=payload)
            ListItemFactory(block=items, term=payload[:200], text=payload)
    for n, payload in enumerate(payloads):
        Comment.objects.create(
            article=article,
            name=payload[:80],
            email=f"aanvaller{n}@example.com",
            website=payload[:200],
            text=payload,
            status=Status.APPROVED if n % 2 else Status.PENDING,
        )
    return article


def test_no_vector_runs_on_the_article_page(live_server, new_page, poisoned_article):
    page = new_page()
    _visit(page, live_server.url + poisoned_article.get_absolute_url())
    assert page.locator(".comment").count() == len(VECTORS) // 2
    assert page.locator("details").count() == len(VECTORS)
    assert page.csp_violations == []


def test_no_vector_runs_in_the_moderation_admin(live_server, new_page, poisoned_article):
    get_user_model().objects.create_superuser("beheer", "b@example.com", "een-lang-wachtwoord-1")
    page = new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "beheer")
    page.fill("#id_password", "een-lang-wachtwoord-1")
    page.click("input[type=submit]")
    page.wait_for_load_state()

    # The admin's own icons are inline SVG in its header, so look where visitor text is.
    rows = 0
    for number in range(len(VECTORS) // 50 + 1):
        _visit(
            page, f"{live_server.url}/admin/comments/comment/?status=all&p={number + 1}", "#content"
        )
        rows += page.locator("#result_list tbody tr").count()
    assert rows == len(VECTORS)
    comment = Comment.objects.filter(article=poisoned_article).first()
    _visit(page, live_server.url + f"/admin/comments/comment/{comment.pk}/change/", "#content")
    assert page.csp_violations == []
