from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Zoeken")

    def ready(self):
        from search import signals
        from search.indexing import index_missing

        signals.connect()
        post_migrate.connect(index_missing, sender=self, dispatch_uid="search-index-missing")
