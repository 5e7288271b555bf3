import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments import services
from comments.models import Comment, ModerationEvent, Status

ALL = "all"


class CappedCountPaginator(Paginator):
    """Counts at most COUNT_CAP rows: an exact count of a huge queue costs more than it tells."""

    COUNT_CAP = 10_000

    @cached_property
    def count(self):
        return self.object_list[: self.COUNT_CAP].count()


class StatusFilter(admin.SimpleListFilter):
    """Opens on the moderation queue: pending comments, unless another status is chosen."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*Status.choices, (ALL, _("Alle"))]

    def choices(self, changelist):
        value = self.value() or Status.PENDING
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or Status.PENDING
        if value == ALL:
            return queryset
        if value not in Status.values:
            return queryset.none()
        return queryset.filter(status=value)


class ModerationEventInline(admin.TabularInline):
    model = ModerationEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "from_status", "to_status", "user"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["excerpt", "article", "name", "email", "age", "status", "row_actions"]
    list_filter = [StatusFilter, "article"]
    search_fields = ["name", "email", "text"]
    ordering = ["-created_at"]
    list_select_related = ["article"]
    list_per_page = 50
    show_full_result_count = False
    paginator = CappedCountPaginator
    actions = ["approve_comments", "reject_comments", "mark_as_spam", "export_as_json"]
    inlines = [ModerationEventInline]
    readonly_fields = [
        "article",
        "parent",
        "status",
        "spam_reasons",
        "created_at",
        "moderated_at",
        "moderated_by",
        "edited_at",
        "edited_by",
        "ip_address",
        "user_agent",
        "preview",
    ]
    fieldsets = [
        (None, {"fields": ["article", "parent", "status", "spam_reasons"]}),
        (_("Reactie"), {"fields": ["name", "email", "website", "text", "preview"]}),
        (
            _("Geschiedenis"),
            {"fields": ["created_at", "moderated_at", "moderated_by", "edited_at", "edited_by"]},
        ),
        (_("Spambestrijding"), {"fields": ["ip_address", "user_agent"]}),
    ]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        moderate = self.admin_site.admin_view(self.moderate_view)
        return [
            path("<int:pk>/moderate/<str:status>/", moderate, name="comments_comment_moderate"),
            *super().get_urls(),
        ]

    @admin.display(description=_("reactie"))
    def excerpt(self, obj):
        return Truncator(obj.text).chars(120)

    @admin.display(description=_("leeftijd"), ordering="created_at")
    def age(self, obj):
        return _("%(time)s geleden") % {"time": timesince(obj.created_at, timezone.now(), depth=1)}

    @admin.display(description=_("modereren"))
    def row_actions(self, obj):
        buttons = []
        for status, label in ((Status.APPROVED, _("Goedkeuren")), (Status.REJECTED, _("Afwijzen"))):
            if obj.status != status:
                url = reverse("admin:comments_comment_moderate", args=[obj.pk, status])
                buttons.append(
                    format_html(
                        '<button type="submit" class="button" formaction="{}" formmethod="post" '
                        'name="_moderate">{}</button>',
                        url,
                        label,
                    )
                )
        return format_html(" ".join(["{}"] * len(buttons)), *buttons) if buttons else "-"

    @admin.display(description=_("voorbeeld zoals bezoekers het zien"))
    def preview(self, obj):
        # text_html is produced by the sanitiser on every save.
        return format_html('<div class="comment-preview">{}</div>', mark_safe(obj.text_html))  # noqa: S308

    def moderate_view(self, request, pk, status):
        if request.method != "POST":
            raise PermissionDenied
        if status not in Status.values:
            raise PermissionDenied
        comment = get_object_or_404(Comment, pk=pk)
        if not self.has_change_permission(request, comment):
            raise PermissionDenied
        services.moderate(Comment.objects.filter(pk=pk), status, request.user)
        self.message_user(
            request,
            _("Reactie van %(name)s: %(status)s.")
            % {"name": comment.name, "status": Status(status).label},
            messages.SUCCESS,
        )
        next_url = request.POST.get("next") or request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:comments_comment_changelist")
        return HttpResponseRedirect(next_url)

    def _moderate(self, request, queryset, status):
        count = services.moderate(queryset, status, request.user)
        self.message_user(
            request,
            ngettext("%(count)d reactie: %(status)s.", "%(count)d reacties: %(status)s.", count)
            % {"count": count, "status": Status(status).label},
            messages.SUCCESS,
        )

    @admin.action(description=_("Geselecteerde reacties goedkeuren"), permissions=["change"])
    def approve_comments(self, request, queryset):
        self._moderate(request, queryset, Status.APPROVED)

    @admin.action(description=_("Geselecteerde reacties afwijzen"), permissions=["change"])
    def reject_comments(self, request, queryset):
        self._moderate(request, queryset, Status.REJECTED)

    @admin.action(description=_("Geselecteerde reacties markeren als spam"), permissions=["change"])
    def mark_as_spam(self, request, queryset):
        self._moderate(request, queryset, Status.SPAM)

    @admin.action(description=_("Geselecteerde reacties exporteren (JSON)"), permissions=["view"])
    def export_as_json(self, request, queryset):
        rows = [
            {
                "id": c.pk,
                "article": c.article.title,
                "article_url": c.article.get_absolute_url(),
                "parent": c.parent_id,
                "name": c.name,
                "email": c.email,
                "website": c.website,
                "text": c.text,
                "status": c.status,
                "created_at": c.created_at.isoformat(),
                "ip_address": c.ip_address,
                "user_agent": c.user_agent,
            }
            for c in queryset.select_related("article")
        ]
        response = HttpResponse(
            json.dumps(rows, ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="reacties.json"'
        return response

    def save_model(self, request, obj, form, change):
        if change and form.changed_data:
            services.record_edit(obj, request.user)
        super().save_model(request, obj, form, change)
