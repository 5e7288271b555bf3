import csv
import hashlib
import io
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article
from comments.models import Comment, Status

COLUMNS = [
    "article_id",
    "name",
    "email",
    "website",
    "text",
    "text_html",
    "status",
    "spam_reasons",
    "notify_on_approval",
    "created_at",
    "user_agent",
    "content_hash",
    # No stored HTML: a page makes it when it first shows the comment (comments.rendering).
    "html",
    "html_format",
]
CHUNK = 50_000


class Command(BaseCommand):
    help = (
        "Generate many test comments quickly (COPY on PostgreSQL, bulk_create elsewhere), "
        "for load and moderation benchmarks. Never run it on a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1_000_000)
        parser.add_argument("--article", default="magnesiumtekort", help="article slug")
        parser.add_argument("--pending", type=float, default=0.2, help="share left pending")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, count, article, pending, seed, **options):
        try:
            article = Article.objects.get(slug=article)
        except Article.DoesNotExist:
            raise CommandError(f"No article with slug {article!r}; run load_demo first.") from None
        rng = random.Random(seed)
        start = Comment.objects.count()
        now = timezone.now()
        write = self._copy if connection.vendor == "postgresql" else self._bulk_create
        for offset in range(0, count, CHUNK):
            rows = [
                self._row(article.pk, start + n, now, rng, pending)
                for n in range(offset, min(offset + CHUNK, count))
            ]
            with transaction.atomic():
                write(rows)
            self.stdout.write(f"{offset + len(rows)} / {count}")
        if connection.vendor == "postgresql":
            # As autovacuum would: statistics, and a visibility map for index-only scans.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE comments_comment")
        self.stdout.write(self.style.SUCCESS(f"Generated {count} comments on {article.slug}."))

    @staticmethod
    def _row(article_id, n, now, rng, pending):
        text = f"Gegenereerde testreactie nummer {n} over magnesium en slaap."
        status = Status.PENDING if rng.random() < pending else Status.APPROVED
        created = now - timezone.timedelta(seconds=rng.randrange(0, 3 * 365 * 24 * 3600))
        return [
            article_id,
            f"Tester {n % 5000}",
            f"tester{n}@example.com",
            "",
            text,
            f"<p>{text}</p>",  # generated text holds nothing to escape
            status,
            "",
            False,
            created.isoformat(),
            "",
            hashlib.sha256(f"generated-{n}".encode()).hexdigest(),
            {},
            "",
        ]

    @staticmethod
    def _copy(rows):
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY comments_comment ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv, "
                "FORCE_NOT_NULL (website, spam_reasons, user_agent, html_format))",
                buffer,
            )

    @staticmethod
    def _bulk_create(rows):
        Comment.objects.bulk_create(
            [Comment(**dict(zip(COLUMNS, row, strict=True))) for row in rows], batch_size=2000
        )
