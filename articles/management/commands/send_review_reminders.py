from django.core.management.base import BaseCommand

from articles.services import send_review_reminders


class Command(BaseCommand):
    help = (
        "Mail each medical reviewer about articles whose review is due within "
        "MEDICAL_REVIEW_REMINDER_DAYS days, once per due date (run daily, e.g. from cron)."
    )

    def handle(self, *args, **options):
        sent, skipped = send_review_reminders()
        self.stdout.write(f"Review reminders queued: {sent}, not sent: {skipped}")
