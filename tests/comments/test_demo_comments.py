import pytest
from django.core.management import call_command

from comments.management.commands.load_demo_comments import ANSWER, PENDING, SPAM
from comments.models import Comment

pytestmark = pytest.mark.django_db


def test_demo_comments_show_an_editorial_answer_and_are_safe_to_repeat(client):
    call_command("load_demo", stdout=None)
    call_command("load_demo_comments", stdout=None)
    call_command("load_demo_comments", stdout=None)

    assert Comment.objects.count() == 4
    answer = Comment.objects.get(is_editorial=True)
    page = client.get(answer.article.get_absolute_url()).content.decode()
    assert ANSWER in page and "Reactie van de redactie" in page
    assert PENDING not in page and SPAM not in page
