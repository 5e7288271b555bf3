from django.apps import AppConfig
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db.models.signals import post_migrate

# The database cache that production uses without Redis (settings.CACHES).
CACHE_TABLE = "site_cache"


def create_cache_table(using, **kwargs):
    """Create the table whatever the settings of this migrate run, so that a site moved
    from Redis to none, or migrated with development settings, still finds it."""
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(using, CACHE_TABLE, dry_run=False)


class SiteConfig(AppConfig):
    """The site package: page cache, HTTP helpers, settings; no models of its own."""

    name = "magnesium_site"
    verbose_name = "Magnesiumwijzer"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="create-cache-table")
