from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Artikelen")

    def ready(self):
        from articles.signals import RECEIVERS

        for name, receiver in RECEIVERS.items():
            model = self.get_model(name)
            post_save.connect(receiver, sender=model, dispatch_uid=f"page-cache-{name}")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"page-cache-d-{name}")
