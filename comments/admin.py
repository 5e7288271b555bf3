import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments import services
from comments.models import TEXT_MAX_LENGTH, Comment, ModerationEvent, Status

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


MODERATION_BUTTONS = (
    (Status.APPROVED, _("Goedkeuren")),
    (Status.REJECTED, _("Afwijzen")),
    (Status.SPAM, _("Spam")),
)
EXCERPT_LENGTH = 120


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["excerpt", "article", "sender", "received", "status", "row_actions"]
    list_display_links = None
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
        "is_editorial",
        "spam_reasons",
        "notify_on_approval",
        "notify_on_reply",
        "created_at",
        "moderated_at",
        "moderated_by",
        "edited_at",
        "edited_by",
        "ip_address",
        "user_agent",
        "preview",
        "moderation",
        "thread",
    ]
    fieldsets = [
        (None, {"fields": ["article", "status", "moderation", "spam_reasons"]}),
        (_("Gesprek"), {"fields": ["parent", "thread"]}),
        (
            _("Reactie"),
            {"fields": ["name", "email", "website", "text", "preview", "is_editorial"]},
        ),
        (_("Berichten aan de bezoeker"), {"fields": ["notify_on_approval", "notify_on_reply"]}),
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
        reply = self.admin_site.admin_view(self.reply_view)
        return [
            path("<int:pk>/moderate/<str:status>/", moderate, name="comments_comment_moderate"),
            path("<int:pk>/reply/", reply, name="comments_comment_reply"),
            *super().get_urls(),
        ]

    def get_list_display(self, request):
        if self.has_change_permission(request):
            return self.list_display
        return [name for name in self.list_display if name != "row_actions"]

    def get_fieldsets(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return self.fieldsets
        # Someone who may only look gets no buttons.
        return [
            (title, {**options, "fields": [f for f in options["fields"] if f != "moderation"]})
            for title, options in self.fieldsets
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")

    def changelist_view(self, request, extra_context=None):
        status = request.GET.get(StatusFilter.parameter_name) or Status.PENDING
        title = _("Reacties modereren") if status == Status.PENDING else _("Reacties")
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    @admin.display(description=_("reactie"))
    def excerpt(self, obj):
        change_url = reverse("admin:comments_comment_change", args=[obj.pk])
        link = format_html('<a class="comment-open" href="{}">{}</a>', change_url, _("Openen"))
        if len(obj.text) <= EXCERPT_LENGTH:
            return format_html('<p class="comment-text">{}</p>{}', obj.text, link)
        # The whole text is one click away, without JavaScript.
        return format_html(
            '<details class="comment-text"><summary>{}</summary><p>{}</p></details>{}',
            Truncator(obj.text).chars(EXCERPT_LENGTH),
            obj.text,
            link,
        )

    @admin.display(description=_("afzender"), ordering="name")
    def sender(self, obj):
        if obj.is_editorial:
            return format_html("{}<br><small>{}</small>", obj.name, _("redactie"))
        return format_html('{}<br><small class="comment-email">{}</small>', obj.name, obj.email)

    @admin.display(description=_("ontvangen"), ordering="created_at")
    def received(self, obj):
        created = timezone.localtime(obj.created_at)
        return format_html(
            '<time datetime="{}" title="{}">{}</time>',
            created.isoformat(),
            date_format(created, "j F Y, H:i"),
            _("%(time)s geleden") % {"time": timesince(obj.created_at, timezone.now(), depth=1)},
        )

    @admin.display(description=_("modereren"))
    def row_actions(self, obj):
        return self._moderation_controls(obj)

    @admin.display(description=_("modereren"))
    def moderation(self, obj):
        return self._moderation_controls(obj, reply_open=True)

    def _moderation_controls(self, obj, *, reply_open=False):
        """Goedkeuren, Afwijzen, Spam and the editorial answer, as buttons of the page's form
        (the queue's or the change form), posting to their own views with its CSRF token."""
        buttons = [
            format_html(
                '<button type="submit" class="button" formaction="{}" formmethod="post" '
                'name="_moderate">{}</button>',
                reverse("admin:comments_comment_moderate", args=[obj.pk, status]),
                label,
            )
            for status, label in MODERATION_BUTTONS
            if obj.status != status
        ]
        controls = format_html(
            '<div class="moderation-buttons">{}</div>',
            format_html_join(" ", "{}", ((button,) for button in buttons)),
        )
        if obj.status not in (Status.PENDING, Status.APPROVED):
            return controls
        summary = _("Goedkeuren en antwoorden") if obj.status == Status.PENDING else _("Antwoorden")
        field = f"reply-{obj.pk}"
        return format_html(
            '{}<details class="editorial-reply"{}><summary>{}</summary>'
            '<label for="id_{}">{}</label>'
            '<textarea name="{}" id="id_{}" rows="3" maxlength="{}"></textarea>'
            '<button type="submit" class="button default" formaction="{}" formmethod="post" '
            'name="_reply">{}</button></details>',
            controls,
            mark_safe(" open") if reply_open else "",
            summary,
            field,
            _("Antwoord van de redactie (wordt meteen geplaatst)"),
            field,
            field,
            TEXT_MAX_LENGTH,
            reverse("admin:comments_comment_reply", args=[obj.pk]),
            _("Antwoord plaatsen"),
        )

    @admin.display(description=_("in dit gesprek"))
    def thread(self, obj):
        """The comment answered and the replies, each with its status and a link."""
        rows = []
        if obj.parent_id:
            rows.append((_("antwoord op"), obj.parent))
        rows += [(_("antwoord"), reply) for reply in obj.replies.order_by("created_at", "pk")]
        if not rows:
            return _("Geen antwoorden.")
        return format_html(
            '<ul class="comment-thread">{}</ul>',
            format_html_join(
                "",
                '<li><span class="thread-role">{}</span> <a href="{}">{}</a>{} '
                '<span class="thread-status status-{}">{}</span><br>{}</li>',
                (
                    (
                        role,
                        reverse("admin:comments_comment_change", args=[comment.pk]),
                        comment.name,
                        format_html(" ({})", _("redactie")) if comment.is_editorial else "",
                        comment.status,
                        comment.get_status_display(),
                        Truncator(comment.text).chars(EXCERPT_LENGTH),
                    )
                    for role, comment in rows
                ),
            ),
        )

    @admin.display(description=_("voorbeeld zoals bezoekers het zien"))
    def preview(self, obj):
        # text_html is produced by the sanitiser on every save.
        return format_html('<div class="comment-preview">{}</div>', mark_safe(obj.text_html))  # noqa: S308

    def _comment_for_change(self, request, pk):
        if request.method != "POST":
            raise PermissionDenied
        comment = get_object_or_404(Comment, pk=pk)
        if not self.has_change_permission(request, comment):
            raise PermissionDenied
        return comment

    def _back(self, request):
        next_url = request.POST.get("next") or request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:comments_comment_changelist")
        return HttpResponseRedirect(next_url)

    def moderate_view(self, request, pk, status):
        if status not in Status.values:
            raise PermissionDenied
        comment = self._comment_for_change(request, pk)
        services.moderate(Comment.objects.filter(pk=pk), status, request.user)
        self.message_user(
            request,
            _("Reactie van %(name)s: %(status)s.")
            % {"name": comment.name, "status": Status(status).label},
            messages.SUCCESS,
        )
        return self._back(request)

    def reply_view(self, request, pk):
        comment = self._comment_for_change(request, pk)
        try:
            services.reply_as_editor(comment, request.POST.get(f"reply-{pk}", ""), request.user)
        except services.ReplyRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
        else:
            self.message_user(
                request,
                _("Je antwoord op de reactie van %(name)s staat op de site.")
                % {"name": comment.name},
                messages.SUCCESS,
            )
        return self._back(request)

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
