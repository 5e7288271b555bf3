from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_tables(using, **kwargs):
    """The database cache production uses without Redis exists wherever migrate ran."""
    call_command("createcachetable", database=using, verbosity=0)


class SiteConfig(AppConfig):
    """The site package: page cache, HTTP helpers, settings; no models of its own."""

    name = "magnesium_site"
    verbose_name = "Magnesiumwijzer"

    def ready(self):
        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="create-cache-tables")
