"""Demo comments on the demo article: a visitor's question answered by the editorial team,
a comment waiting in the moderation queue and one caught as spam."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from comments.models import Comment, Status

DEMO_SLUG = "magnesiumtekort"
QUESTION = "Ik heb vaak kramp in mijn kuiten 's nachts. Kan dat door te weinig magnesium komen?"
ANSWER = (
    "Dat kan, maar nachtelijke kramp heeft vaak een andere oorzaak. Houdt het aan, "
    "bespreek het dan met je huisarts; die kan zo nodig je bloed laten onderzoeken."
)
PENDING = "Zitten er in pure chocolade echt veel mineralen? Dat zou mooi zijn."
SPAM = "Goedkope supplementen zonder recept! Bestel nu via onze site."


class Command(BaseCommand):
    help = "Load demo comments on the demo article (run load_demo first). Safe to repeat."

    @transaction.atomic
    def handle(self, *args, **options):
        article = Article.objects.filter(slug=DEMO_SLUG).first()
        if article is None:
            self.stdout.write("No demo article: run load_demo first.")
            return
        now = timezone.now()
        question = self._comment(
            article,
            name="Marieke",
            email="marieke@example.com",
            text=QUESTION,
            status=Status.APPROVED,
            moderated_at=now,
        )
        self._comment(
            article,
            parent=question,
            name="Redactie Magnesiumwijzer",
            email="redactie@magnesium.example",
            text=ANSWER,
            status=Status.APPROVED,
            is_editorial=True,
            moderated_at=now,
        )
        self._comment(article, name="Joost", email="joost@example.com", text=PENDING)
        self._comment(
            article,
            name="Aanbieding",
            email="verkoop@example.com",
            text=SPAM,
            status=Status.SPAM,
            spam_reasons="woord: supplementen zonder recept",
        )
        self.stdout.write(f"Demo comments loaded: {article.get_absolute_url()}#reacties")

    def _comment(self, article, *, email, text, parent=None, **fields):
        content_hash = Comment.compute_hash(email, text, parent.pk if parent else None)
        comment, _ = Comment.objects.get_or_create(
            article=article,
            content_hash=content_hash,
            defaults={"parent": parent, "email": email, "text": text, **fields},
        )
        return comment
