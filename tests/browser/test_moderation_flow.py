"""End to end in headless Chromium: a comment is invisible until an editor approves it."""

import pytest
from django.contrib.auth.models import Group

from comments.models import Comment, Status
from tests.articles.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_comment_appears_only_after_an_editor_approves_it(
    live_server, new_page, django_user_model, settings, roles
):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 1
    article = ArticleFactory(title="Magnesium en slaap")
    editor = django_user_model.objects.create_user(
        "redacteur", password="een-lang-wachtwoord-42", is_staff=True
    )
    editor.groups.add(Group.objects.get(name="Redacteuren"))
    article_url = live_server.url + article.get_absolute_url()
    comment_text = "Sinds ik magnesium slik, slaap ik beter."

    visitor = new_page()
    visitor.goto(article_url)
    visitor.fill("#id_name", "Sanne")
    visitor.fill("#id_email", "sanne@example.com")
    visitor.fill("#id_text", comment_text)
    visitor.check("#id_privacy")
    visitor.wait_for_timeout(1200)
    visitor.click("#submit-id-submit")
    visitor.wait_for_load_state()

    assert "Bedankt voor je reactie!" in visitor.content()
    assert comment_text not in visitor.locator("#reacties .comment-list").all_inner_texts()
    assert comment_text not in visitor.inner_text("body")
    assert Comment.objects.get().status == Status.PENDING

    admin = new_page()
    admin.goto(live_server.url + "/admin/comments/comment/")
    admin.fill("#id_username", "redacteur")
    admin.fill("#id_password", "een-lang-wachtwoord-42")
    admin.click("input[type=submit]")
    admin.wait_for_load_state()
    assert comment_text in admin.inner_text("#result_list")
    admin.check("input[name=_selected_action]")
    admin.select_option("select[name=action]", "approve_comments")
    admin.click("button[name=index]")
    admin.wait_for_load_state()
    assert Comment.objects.get().status == Status.APPROVED

    visitor.reload()
    assert comment_text in visitor.inner_text("#reacties")
    assert visitor.text_content("#reacties-heading .comment-count") == "1 geplaatste reactie"
    assert visitor.dialogs == [] and admin.dialogs == []
    # The admin and the site work under the strict Content Security Policy.
    assert visitor.csp_violations == [] and admin.csp_violations == []
