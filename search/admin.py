from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from search.models import ZeroResultQuery


@admin.register(ZeroResultQuery)
class ZeroResultQueryAdmin(admin.ModelAdmin):
    """What visitors looked for and did not find: read only, most asked first."""

    list_display = ["query", "day", "count", "act"]
    list_filter = ["day"]
    search_fields = ["query"]
    date_hierarchy = "day"
    ordering = ["-count", "-day", "query"]
    list_display_links = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("doen"))
    def act(self, obj):
        synonym = reverse("admin:articles_synonym_add") + "?" + urlencode({"term": obj.query})
        article = reverse("admin:articles_article_add") + "?" + urlencode({"title": obj.query})
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            synonym,
            _("als synoniem aan een artikel toevoegen"),
            article,
            _("artikel schrijven"),
        )
