"""End to end in headless Chromium: edit an article, compare two revisions, restore one."""

import pytest
from django.contrib.auth.models import Group
from reversion.models import Version

from tests.articles.factories import ArticleFactory, BlockFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "een-lang-wachtwoord-42"


def save(page):
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    assert page.locator(".errornote").count() == 0, page.inner_text("#content")


def test_staff_edit_compare_and_restore_an_article(live_server, new_page, django_user_model, roles):
    article = ArticleFactory(title="Magnesium en spieren", slug="magnesium-en-spieren")
    BlockFactory(article=article, position=1, heading="Kramp", body="Oude tekst over kramp.")
    BlockFactory(article=article, position=2, heading="Herstel", body="Rust helpt.")
    staff = django_user_model.objects.create_user("medewerker", password=PASSWORD, is_staff=True)
    staff.groups.add(Group.objects.get(name="Medewerkers"))
    change_url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"

    admin = new_page()
    admin.goto(change_url)
    admin.fill("#id_username", "medewerker")
    admin.fill("#id_password", PASSWORD)
    admin.click("input[type=submit]")
    admin.wait_for_load_state()
    save(admin)  # the first revision: the article as it was

    # Edit: open the first (folded) block, give it a new text, and move it one place down.
    admin.click("#blocks-0 > h3 .row-toggle")
    admin.fill("#id_blocks-0-body", "Nieuwe tekst over kramp.")
    admin.click("#blocks-0 .row-controls .move-down")
    save(admin)
    headings = [b.heading for b in article.blocks.all()]
    assert headings == ["Herstel", "Kramp"], headings

    admin.goto(f"{live_server.url}/admin/articles/article/{article.pk}/history/")
    admin.locator("input[name=a]").nth(1).check()  # the first revision
    admin.locator("input[name=b]").nth(1).check()  # the revision of the edit
    admin.click(".submit-row input[type=submit]")
    admin.wait_for_load_state()
    compare = admin.locator(".revision-compare")
    assert compare.locator("del", has_text="Oude").count() == 1
    assert compare.locator("ins", has_text="Nieuwe").count() == 1
    assert "verplaatst" in compare.inner_text()

    admin.click(".revision-compare .submit-row a.button")  # restore the older version
    admin.wait_for_load_state()
    admin.click("input[name=_save]")
    admin.wait_for_load_state()
    latest = Version.objects.get_for_object(article).select_related("revision").first()
    assert latest.revision.comment.startswith("Versie van ")

    visitor = new_page()
    visitor.goto(live_server.url + article.get_absolute_url())
    text = visitor.inner_text("main")
    assert "Oude tekst over kramp." in text and "Nieuwe tekst" not in text
    assert text.index("Kramp") < text.index("Herstel")
    assert admin.dialogs == [] and visitor.dialogs == []
    assert admin.csp_violations == [] and visitor.csp_violations == []
