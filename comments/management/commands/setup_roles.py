from django.core.management.base import BaseCommand

from comments.roles import ROLE_PERMISSIONS, ensure_roles


class Command(BaseCommand):
    help = "Create the groups 'Redacteuren' and 'Medewerkers' with their permissions (idempotent)."

    def handle(self, *args, **options):
        ensure_roles()
        self.stdout.write(self.style.SUCCESS("Groups ready: " + ", ".join(ROLE_PERMISSIONS)))
