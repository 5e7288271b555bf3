"""Every admin page a Redacteur or a Medewerker can open is Dutch: no English word of
Django's or a package's interface anywhere they look (text, tooltips, button labels)."""

import contextlib
import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from comments.models import Status
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

# Words of an English interface that never belong in a Dutch admin (whole words).
ENGLISH = [
    "Add",
    "Change",
    "Delete",
    "Save",
    "History",
    "Move",
    "Select",
    "Search",
    "Home",
    "Welcome",
    "Django",
    "Django-beheer",
    "administration",
    "pending",
    "approved",
    "rejected",
    "position",
    "Sort",
    "Remove",
    "Unknown",
    "Today",
    "Now",
    "Choose",
    "Clear",
    "Show",
    "Hide",
    "Recover",
    "Revision",
    "Compare",
    "Access",
    "attempt",
    "Message",
    "Leeftijd",  # Dutch, but the wrong word: it reads as the commenter's age
]
PATTERN = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH)) + r")(?![\w-])")
SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


class ShownText(HTMLParser):
    """What a person reads on a page: text outside scripts and form values, tooltips,
    labels for assistive technology, and the labels of buttons."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "textarea"):
            self._skip += 1
        self.parts += [value for name, value in attrs.items() if name in SHOWN_ATTRIBUTES and value]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "textarea"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def english_on(html):
    parser = ShownText()
    parser.feed(html)
    return sorted({match for part in parser.parts for match in PATTERN.findall(part)})


def pages_for(user):
    """The index, and for every model the user may see: its list, its add page if they
    may add, and the change page and history of one object."""
    request = type("Request", (), {"user": user})()
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_module_permission(request):
            continue
        if not (
            model_admin.has_view_permission(request) or model_admin.has_change_permission(request)
        ):
            continue
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:app_list", args=[info[0]]))
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(request):
            with contextlib.suppress(NoReverseMatch):
                urls.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model_admin.get_queryset(request).first()
        if obj is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
            urls.append(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
    return list(dict.fromkeys(urls))


@pytest.fixture
def demo(roles, editor, commit):
    call_command("load_demo")
    from articles.models import Article

    article = Article.objects.get(slug="magnesiumtekort")
    question = CommentFactory(article=article, text="Een vraag over kramp.")
    CommentFactory(article=article, status=Status.SPAM, text="Reclame")
    from comments import services

    commit(services.moderate, type(question).objects.filter(pk=question.pk), "approved", editor)
    commit(services.reply_as_editor, question, "Een antwoord van de redactie.", editor)


@pytest.mark.parametrize("role", ["editor", "staff_user"])
def test_every_admin_page_of_a_role_is_dutch(client, demo, role, request):
    user = request.getfixturevalue(role)
    client.force_login(user)
    pages = pages_for(user)
    assert len(pages) > 5, pages

    found = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        if words := english_on(response.content.decode()):
            found[url] = words
    assert found == {}


def test_the_english_words_check_catches_english():
    html = '<p>Add another Veelgestelde vraag</p><i title="Move to first position"></i>'
    assert english_on(html) == ["Add", "Move", "position"]
    assert english_on("<textarea>Add</textarea><script>Change()</script>") == []


@pytest.mark.parametrize(
    ("language", "insert", "empty"),
    [("nl", "Hierna invoegen", "(leeg)"), ("en", "Insert after", "(empty)")],
)
def test_the_admin_scripts_words_follow_the_admins_language(
    staff_client, settings, language, insert, empty
):
    """admin.js reads its button labels from its script element, translated there (the
    admin speaks the site's language, LANGUAGE_CODE)."""
    settings.LANGUAGE_CODE = language
    html = staff_client.get(reverse("admin:articles_article_add")).content.decode()

    script = re.search(r'<script src="[^"]*magnesium_admin/admin\.js"[^>]*>', html).group(0)
    assert f'data-label-insert="{insert}"' in script
    assert f'data-label-empty="{empty}"' in script
