"""The admin site as the editors see it: Dutch names, no third-party sections for staff."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

# Sections of installed packages: their Dutch name for superusers, hidden for other staff
# (their own model names are English).
THIRD_PARTY_APPS = {
    "axes": _("Inlogbeveiliging (alleen beheerders)"),
    "mailer": _("E-mailwachtrij (alleen beheerders)"),
    "reversion": _("Versies (alleen beheerders)"),
}


class AdminSite(admin.AdminSite):
    site_header = _("Magnesiumwijzer beheer")
    site_title = _("Magnesiumwijzer beheer")
    index_title = _("Overzicht")
    # The moderation queue and the article page need the whole width of a laptop screen.
    enable_nav_sidebar = False

    def get_app_list(self, request, app_label=None):
        app_list = []
        for app in super().get_app_list(request, app_label):
            name = THIRD_PARTY_APPS.get(app["app_label"])
            if name is not None:
                if not request.user.is_superuser:
                    continue
                app = {**app, "name": name}
            app_list.append(app)
        return app_list
