"""The admin as editors use it, at a laptop's 1280 by 800: moderating and answering in
the queue (Redacteur), inserting and moving rows on content pages (Medewerker)."""

import pytest
from django.contrib.auth.models import Group

from articles.models import Block, FaqEntry, ListItem
from comments.models import Comment, Status
from tests.articles.factories import ArticleFactory, BlockFactory, FaqEntryFactory, ListItemFactory
from tests.comments.factories import CommentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "een-lang-wachtwoord-42"
WIDTH, HEIGHT = 1280, 800


def log_in(page, live_server, username, next_path):
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    page.goto(f"{live_server.url}/admin/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state()


def make_user(django_user_model, username, group, **extra):
    user = django_user_model.objects.create_user(
        username, password=PASSWORD, is_staff=True, **extra
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def test_redacteur_marks_spam_and_answers_from_the_queue(
    live_server, new_page, django_user_model, roles
):
    make_user(django_user_model, "redacteur", "Redacteuren", first_name="Eva", last_name="Bakker")
    article = ArticleFactory(title="Magnesium en kramp")
    spam = CommentFactory(
        article=article,
        name="Verkoper",
        email="verkoop@reclame-voor-iedereen.example.com",
        text="Koop nu goedkope pillen op onze site " * 8,
    )
    question = CommentFactory(
        article=article, name="Sanne", text="Helpt magnesium ook tegen nachtelijke kramp?"
    )

    admin = new_page()
    log_in(admin, live_server, "redacteur", "/admin/comments/comment/")
    assert admin.inner_text("h1") == "Reacties modereren"
    assert no_sideways_scroll(admin)
    for row in admin.locator("#result_list tbody tr").all():
        for label in ("Goedkeuren", "Afwijzen", "Spam"):
            button = row.get_by_role("button", name=label, exact=True)
            box = button.bounding_box()
            assert button.evaluate("b => b.tagName") == "BUTTON"
            assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
    first_spam = admin.locator("#result_list tbody tr").first.get_by_role("button", name="Spam")
    assert first_spam.bounding_box()["y"] + first_spam.bounding_box()["height"] <= HEIGHT

    spam_row = admin.locator("#result_list tbody tr", has_text="Verkoper")
    spam_row.get_by_role("button", name="Spam", exact=True).click()
    admin.wait_for_load_state()
    spam.refresh_from_db()
    assert spam.status == Status.SPAM
    assert "Verkoper" not in admin.inner_text("#result_list")

    row = admin.locator("#result_list tbody tr", has_text="Sanne")
    row.locator("summary", has_text="Goedkeuren en antwoorden").click()
    row.locator(f"textarea[name=reply-{question.pk}]").fill("Soms wel; lees ons stuk over kramp.")
    row.get_by_role("button", name="Antwoord plaatsen").click()
    admin.wait_for_load_state()
    question.refresh_from_db()
    assert question.status == Status.APPROVED
    answer = Comment.objects.get(is_editorial=True)
    assert answer.parent == question and answer.status == Status.APPROVED

    visitor = new_page()
    visitor.goto(live_server.url + article.get_absolute_url())
    shown = visitor.locator(f"#reactie-{answer.pk}")
    assert "Reactie van de redactie" in shown.inner_text()
    assert "Eva Bakker" in shown.inner_text()
    assert "Soms wel; lees ons stuk over kramp." in shown.inner_text()
    assert "Koop nu goedkope pillen" not in visitor.inner_text("body")
    assert admin.csp_violations == [] and visitor.csp_violations == []


def test_medewerker_inserts_a_faq_entry_as_third_and_moves_a_list_item_down(
    live_server, new_page, django_user_model, roles
):
    make_user(django_user_model, "medewerker", "Medewerkers")
    article = ArticleFactory(title="Veelgestelde vragen over magnesium")
    faq = BlockFactory(article=article, kind=Block.Kind.FAQ, heading="Vragen", position=1)
    for n in range(1, 21):
        FaqEntryFactory(block=faq, position=n, question=f"Vraag nummer {n}?")
    bullets = BlockFactory(
        article=article, kind=Block.Kind.LIST, heading="Klachten", position=2, body=""
    )
    for n, text in enumerate(["Kramp", "Moeheid", "Hoofdpijn"], start=1):
        ListItemFactory(block=bullets, position=n, text=text)

    page = new_page()
    log_in(page, live_server, "medewerker", f"/admin/articles/article/{article.pk}/change/")
    assert no_sideways_scroll(page)
    # Blocks are folded to one line, each with its kind and heading.
    assert page.locator("#blocks-group .inline-related.is-collapsed").count() == 2
    assert "veelgestelde vragen: Vragen" in page.inner_text("#blocks-group")

    page.goto(f"{live_server.url}/admin/articles/block/{faq.pk}/change/")
    assert no_sideways_scroll(page)
    second = page.locator("#faq_entries-group .inline-related.has_original").nth(1)
    second.get_by_role("button", name="Hierna invoegen").click()
    new_row = page.locator("#faq_entries-group .inline-related:not(.has_original):not(.empty-form)")
    new_row = new_row.filter(has=page.locator("input[name$='-question']")).first
    new_row.locator("input[name$='-question']").fill("Nieuwe derde vraag?")
    new_row.locator("textarea[name$='-answer']").fill("Het nieuwe antwoord.")
    page.click("input[name=_save]")
    page.wait_for_load_state()
    assert page.locator(".errornote").count() == 0

    questions = list(FaqEntry.objects.filter(block=faq).values_list("question", flat=True))
    assert len(questions) == 21 and questions[2] == "Nieuwe derde vraag?"

    page.goto(f"{live_server.url}/admin/articles/block/{bullets.pk}/change/")
    assert page.locator("#items-group th.column-term").count() == 0  # a bullet list
    down = page.locator("#items-group tr.has_original").first.get_by_role(
        "button", name="Eén plaats omlaag"
    )
    down.focus()
    page.keyboard.press("Enter")  # the keyboard moves it one place, not to the end
    page.click("input[name=_save]")
    page.wait_for_load_state()
    assert list(ListItem.objects.filter(block=bullets).values_list("text", flat=True)) == [
        "Moeheid",
        "Kramp",
        "Hoofdpijn",
    ]

    visitor = new_page()
    visitor.goto(live_server.url + article.get_absolute_url())
    body = visitor.inner_text("main")
    assert body.index("Vraag nummer 2?") < body.index("Nieuwe derde vraag?")
    assert body.index("Nieuwe derde vraag?") < body.index("Vraag nummer 3?")
    assert body.index("Moeheid") < body.index("Kramp") < body.index("Hoofdpijn")
    assert page.csp_violations == [] and visitor.csp_violations == []
