from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from articles.checks import check_articles


class Command(BaseCommand):
    help = (
        "List what is wrong across all articles (citations, references, images, empty "
        "items, headings, internal links, overdue reviews), each with the admin page where "
        "it is fixed. Exits with status 1 when there is a problem."
    )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            problems = check_articles()
            current = None
            for problem in problems:
                if problem.article != current:
                    current = problem.article
                    self.stdout.write(f"{current.title} ({current.get_absolute_url()})")
                self.stdout.write(
                    f"  - {problem.message}\n    {settings.SITE_URL}{problem.admin_url}"
                )
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the content.")
        self.stdout.write(self.style.SUCCESS("Content checks: no problems."))
