"""In headless Chromium: the visitor sees what happened to their comment where they are."""

import pytest
from playwright.sync_api import expect

from comments.models import Status
from tests.articles.factories import ArticleFactory, BlockFactory
from tests.comments.factories import CommentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def long_article():
    """An article whose comment form is far below the top of the page."""
    article = ArticleFactory(title="Magnesium en spieren")
    for position in range(12):
        BlockFactory(article=article, position=position, body="Een lange alinea. " * 60)
    CommentFactory.create_batch(15, article=article, status=Status.APPROVED, text="Mooi. " * 40)
    return article


def _fill_in(page, text):
    page.fill("#id_name", "Sanne")
    page.fill("#id_email", "sanne@example.com")
    page.fill("#id_text", text)
    page.check("#id_privacy")


def test_confirmation_after_posting_is_in_view(live_server, new_page, settings, long_article):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 1
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(live_server.url + long_article.get_absolute_url())
    _fill_in(page, "Sinds ik magnesium slik, heb ik minder kramp.")
    page.wait_for_timeout(1200)
    page.click("#submit-id-submit")
    page.wait_for_load_state()

    status = page.locator("#reacties [role=status]")
    assert "Een redacteur leest elke reactie" in status.inner_text()
    expect(status).to_be_in_viewport(ratio=1)


def test_refused_post_opens_at_the_error_summary_with_the_text_kept(
    live_server, new_page, settings, long_article
):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 30
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + long_article.get_absolute_url())
    _fill_in(page, "Te snel verstuurd, maar niet kwijt.")
    page.click("#submit-id-submit")
    page.wait_for_load_state()

    summary = page.locator("#formulierfouten")
    assert "Er is een probleem" in summary.inner_text()
    expect(summary).to_be_in_viewport(ratio=1)
    expect(summary).to_be_focused()
    assert page.input_value("#id_text") == "Te snel verstuurd, maar niet kwijt."


def test_english_article_marks_dutch_content_and_links_back_to_the_dutch_article(
    live_server, new_page, long_article
):
    dutch_url = long_article.get_absolute_url()
    page = new_page()
    page.goto(live_server.url + "/en" + dutch_url)

    assert page.get_attribute("article.article", "lang") == "nl"
    page.click("footer a[hreflang=nl]")
    page.wait_for_load_state()
    assert page.url == live_server.url + dutch_url
