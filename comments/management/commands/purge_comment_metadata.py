from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from comments.models import Comment


class Command(BaseCommand):
    help = "Remove IP addresses and user agents from comments older than a number of days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.COMMENTS_METADATA_RETENTION_DAYS,
            help="Keep the data of comments younger than this (default: %(default)s).",
        )

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - timezone.timedelta(days=days)
        count = (
            Comment.objects.filter(created_at__lt=cutoff)
            .exclude(ip_address__isnull=True, user_agent="")
            .update(ip_address=None, user_agent="")
        )
        self.stdout.write(f"Removed IP address and browser from {count} comment(s).")
