"""Names and texts carry no line breaks, direction overrides or invisible words."""

from http import HTTPStatus

import pytest

from comments.models import Comment, Status
from magnesium_site.text import has_visible_text, normalise_for_matching
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory
from tests.comments.helpers import comment_url, form_data

pytestmark = pytest.mark.django_db

RLO, PDF, ZWSP, ZWJ = "\u202e", "\u202c", "\u200b", "\u200d"
FAMILY = f"\N{MAN}{ZWJ}\N{WOMAN}{ZWJ}\N{GIRL}"
FULL_WIDTH_VIAGRA = "\uff56\uff49\uff41\uff47\uff52\uff41"


@pytest.fixture
def article():
    return ArticleFactory()


def _post(client, article, **overrides):
    return client.post(comment_url(article), form_data(article, **overrides))


@pytest.mark.parametrize(
    "name",
    [
        "Anna\nJansen",
        "Anna\r\nBcc: iedereen@example.com",
        "Anna\rJansen",
        "Anna\u2028Jansen",
        "Anna\u2029Jansen",
    ],
)
def test_name_with_a_line_break_is_refused_with_a_dutch_error(client, article, name):
    response = _post(client, article, name=name)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "op één regel" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "name, stored",
    [
        (f"{RLO}Anna{PDF}", "Anna"),
        ("\u2067Anna\u2069 \u200fJansen\u200e", "Anna Jansen"),
        (f"An{ZWSP}na\u00ad\ufeff", "Anna"),
        (f"Oma {FAMILY}", "Oma \N{MAN}\N{WOMAN}\N{GIRL}"),  # every format character goes
    ],
)
def test_direction_controls_and_invisible_characters_are_stripped_from_names(
    client, article, name, stored
):
    _post(client, article, name=name)
    assert Comment.objects.get().name == stored


def test_text_loses_direction_controls_but_keeps_joined_emoji(client, article):
    _post(client, article, text=f"{RLO}Ons gezin {FAMILY} slaapt beter.{PDF}\u2066!\u2069")
    assert Comment.objects.get().text == f"Ons gezin {FAMILY} slaapt beter.!"


def test_comment_of_5000_direction_overrides_is_empty(client, article):
    response = _post(client, article, text=RLO * 5000)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Je reactie is leeg." in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("text", [f"{ZWSP}{ZWJ}\ufeff", "\u2800\u3164", f"{RLO} {ZWSP}\u00a0"])
def test_comment_of_only_invisible_characters_is_empty(client, article, text):
    response = _post(client, article, text=text)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Je reactie is leeg." in response.content.decode()


@pytest.mark.parametrize("name", [f"{ZWSP}{ZWSP}", f"{RLO}{PDF}", "\u3164"])
def test_name_of_only_invisible_characters_is_missing(client, article, name):
    response = _post(client, article, name=name)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Vul je naam in." in response.content.decode()


@pytest.mark.parametrize(
    "overrides",
    [
        {"text": f"Koop vi{ZWSP}agra hier"},
        {"text": "Koop via\u00adgra hier"},
        {"text": f"Koop {FULL_WIDTH_VIAGRA} hier"},
        {"text": "Koop VIA\u2060GRA hier"},
        {"name": f"Vi{ZWSP}agra Verkoper"},
        {"text": "Snel een payday\u00a0 \u2003loan"},
    ],
)
def test_blocked_word_hidden_by_invisible_or_full_width_characters_is_spam(
    client, article, settings, overrides
):
    settings.COMMENTS_BLOCKED_WORDS = ["viagra", "payday loan"]
    _post(client, article, **overrides)
    comment = Comment.objects.get()
    assert comment.status == Status.SPAM
    assert "woorden:" in comment.spam_reasons


def test_matching_folds_width_case_and_format_characters():
    assert normalise_for_matching(f"{FULL_WIDTH_VIAGRA} VI{ZWSP}AGRA\t\n Viagra") == (
        "viagra viagra viagra"
    )
    assert not has_visible_text(f"{RLO * 3} {ZWSP}\u2800")


def test_commenter_name_in_the_reply_link_is_isolated_from_the_text_around_it(client, article):
    CommentFactory(article=article, status=Status.APPROVED, name="Els")
    # A row written before names were cleaned keeps its override inside the isolate.
    CommentFactory(article=article, status=Status.APPROVED, name=f"{RLO}Piet")
    html = client.get(article.get_absolute_url()).content.decode()

    assert "Antwoord op <bdi>Els</bdi>" in html
    assert f"Antwoord op <bdi>{RLO}Piet</bdi>" in html


def test_editor_mail_is_sent_when_the_article_title_has_a_line_break(
    client, editor, mailoutbox, django_capture_on_commit_callbacks
):
    article = ArticleFactory(title="Magnesium\r\nen slaap")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, article)

    assert response.status_code == HTTPStatus.FOUND
    assert [m.subject for m in mailoutbox] == ["Nieuwe reactie bij “Magnesium en slaap”"]
