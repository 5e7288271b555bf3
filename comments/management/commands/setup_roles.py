from django.core.management.base import BaseCommand

from magnesium_site.roles import ensure_roles


class Command(BaseCommand):
    help = (
        "Create the staff groups every app declares in its roles module (Medewerkers, "
        "Redacteuren) and reset them to exactly their permissions; safe to repeat."
    )

    def handle(self, *args, **options):
        roles = ensure_roles()
        self.stdout.write(
            self.style.SUCCESS("Groups ready: " + ", ".join(role.name for role in roles))
        )
