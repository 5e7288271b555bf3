from datetime import timedelta

import reversion
from adminsortable2.admin import (
    CustomInlineFormSet,
    SortableAdminBase,
    SortableAdminMixin,
    SortableStackedInline,
    SortableTabularInline,
)
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.checks import KINDS, check_articles
from articles.models import (
    Article,
    ArticleRedirect,
    Author,
    Block,
    Category,
    FaqEntry,
    ListItem,
    Reference,
    Reviewer,
    SiteSettings,
    StaffProfile,
    Symptom,
    Synonym,
    default_next_review,
)
from articles.revision_admin import ArticlePartRevisionMixin, ArticleRevisionAdmin
from articles.revisions import EXCLUDED_FIELDS
from articles.services import ReviewNotAllowed, preview_url, record_review, reviewer_for
from articles.symptoms import merge_symptoms

# One revision holds the whole article: its blocks with their list items or FAQ entries,
# its references and synonyms (articles.revision_admin). Registered before the admins below, so
# VersionAdmin does not register them with its own follow rules.
reversion.register(ListItem, exclude=EXCLUDED_FIELDS[ListItem])
reversion.register(FaqEntry, exclude=EXCLUDED_FIELDS[FaqEntry])
reversion.register(Block, follow=["items", "faq_entries"], exclude=EXCLUDED_FIELDS[Block])
reversion.register(Reference, exclude=EXCLUDED_FIELDS[Reference])
reversion.register(Synonym, exclude=EXCLUDED_FIELDS[Synonym])
reversion.register(
    Article, follow=["blocks", "references", "synonyms"], exclude=EXCLUDED_FIELDS[Article]
)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Symptom)
class SymptomAdmin(admin.ModelAdmin):
    """Rename a symptom here (every list item that names it follows), or merge duplicates."""

    list_display = ["name", "slug", "item_count", "articles_column"]
    search_fields = ["name", "key"]
    ordering = ["key"]
    fields = ["name", "slug"]
    actions = ["merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("list_items"))

    @admin.display(description=_("lijstitems"), ordering="item_count")
    def item_count(self, obj):
        return obj.item_count

    @admin.display(description=_("artikelen"))
    def articles_column(self, obj):
        titles = (
            Article.objects.filter(blocks__items__symptom=obj)
            .distinct()
            .values_list("title", flat=True)[:5]
        )
        return format_html_join(", ", "{}", ((title,) for title in titles))

    @admin.action(
        description=_("Geselecteerde symptomen samenvoegen (onder de eerste naam)"),
        permissions=["change"],
    )
    def merge(self, request, queryset):
        symptoms = list(queryset.order_by("key"))
        if len(symptoms) < 2:
            self.message_user(
                request, _("Kies ten minste twee symptomen om samen te voegen."), messages.WARNING
            )
            return
        keep, moved = merge_symptoms(symptoms[0], symptoms[1:])
        self.message_user(
            request,
            ngettext(
                "%(n)d symptoom samengevoegd met %(name)s.",
                "%(n)d symptomen samengevoegd met %(name)s.",
                moved,
            )
            % {"n": moved, "name": keep.name},
            messages.SUCCESS,
        )


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    """The old addresses of renamed articles, each answered with a 301 to the article.

    Made by the article's admin on a rename, never typed in; deleting one frees the old
    address (it is a 404 from then on, or another article's once that takes the slug)."""

    list_display = ("old_slug", "article", "created_at")
    list_select_related = ("article",)
    search_fields = ("old_slug", "article__title", "article__slug")
    readonly_fields = ("old_slug", "article", "created_at")
    ordering = ("old_slug",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row, never deleted: the defaults every article page falls back on."""

    list_display = ["__str__", "comments_heading"]
    fieldsets = [
        (_("Reacties onder elk artikel"), {"fields": ["comments_heading", "comments_intro"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.pk = 1  # the one row (a database constraint holds it to that)
        super().save_model(request, obj, form, change)


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user"]
    search_fields = ["display_name", "user__username"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


@admin.register(Reviewer)
class ReviewerAdmin(admin.ModelAdmin):
    list_display = ["name", "qualification", "big_number", "user"]
    search_fields = ["name", "qualification", "big_number"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
    fields = ["name", "slug", "qualification", "big_number", "bio", "url", "photo", "email", "user"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ReferenceInline(SortableTabularInline):
    model = Reference
    extra = 0
    fields = ["position", "key", "citation", "url"]


class SynonymFormSet(CustomInlineFormSet):
    """Two new rows with the same term (in any case) are a form error, not a database error."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            term = (form.cleaned_data.get("term") or "").strip().casefold()
            if not term:
                continue
            if term in seen:
                form.add_error("term", _("Dit synoniem staat er al."))
            seen.add(term)


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """Also reached from the searches that found nothing (search admin), with the term filled in."""

    list_display = ["term", "article"]
    search_fields = ["term", "article__title"]
    autocomplete_fields = ["article"]
    list_select_related = ["article"]
    fields = ["article", "term", "position"]


class SynonymInline(SortableTabularInline):
    model = Synonym
    formset = SynonymFormSet
    extra = 0
    fields = ["position", "term"]


class BlockInline(SortableStackedInline):
    model = Block
    extra = 0
    fields = [
        "position",
        ("kind", "list_style", "faq_display", "role"),
        ("heading", "heading_level", "anchor"),
        "body",
    ]
    show_change_link = True


class RecordsEditForm(forms.ModelForm):
    """An admin form that asks whether this save changes what the article says."""

    substantive = forms.BooleanField(
        label=_("Inhoudelijke wijziging"),
        required=False,
        help_text=_(
            "Aanvinken als de inhoud verandert: 'Laatst bijgewerkt' krijgt dan de datum van "
            "vandaag en jouw naam. Niet aanvinken bij een tikfout: de regel blijft staan."
        ),
    )


class ArticleAdminForm(RecordsEditForm):
    """The shown date may be left out of a post: it then stays as it was."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "updated_at" in self.fields:
            self.fields["updated_at"].required = False

    def clean_updated_at(self):
        return self.cleaned_data.get("updated_at") or self.instance.updated_at or timezone.now()


class RecordsArticleEditMixin:
    """Every save by staff is recorded on its article (saved_at, saved_by); a substantive
    one also moves the "last updated on ... by ..." line (Article.record_edit)."""

    form = RecordsEditForm

    def article_of(self, obj):
        raise NotImplementedError

    def is_substantive(self, form, change):
        return form.cleaned_data.get("substantive", False)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A date staff set themselves (an article moved here from an older site) wins.
        shown_date = (
            form.cleaned_data.get("updated_at") if "updated_at" in form.changed_data else None
        )
        self.article_of(form.instance).record_edit(
            request.user, substantive=self.is_substantive(form, change), shown_date=shown_date
        )


class ReviewFilter(admin.SimpleListFilter):
    title = _("Controle")
    parameter_name = "controle"

    def lookups(self, request, model_admin):
        return [
            ("te-laat", _("te laat")),
            ("binnenkort", _("binnen 30 dagen")),
            ("nooit", _("nooit gecontroleerd")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "te-laat":
            return queryset.review_overdue()
        if self.value() == "binnenkort":
            return queryset.review_due_within(30)
        if self.value() == "nooit":
            return queryset.filter(last_reviewed_on__isnull=True)
        return queryset


class RecordReviewForm(forms.Form):
    reviewed_on = forms.DateField(
        label=_("Gecontroleerd op"), widget=forms.DateInput(attrs={"type": "date"})
    )
    next_review_due = forms.DateField(
        label=_("Volgende controle"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leeg: de standaardtermijn. Een eerdere datum mag, een latere niet."),
    )

    def clean_reviewed_on(self):
        reviewed_on = self.cleaned_data["reviewed_on"]
        if reviewed_on > timezone.localdate():
            raise forms.ValidationError(_("Een controle kan niet in de toekomst liggen."))
        return reviewed_on

    def clean(self):
        data = super().clean()
        reviewed_on, next_due = data.get("reviewed_on"), data.get("next_review_due")
        if reviewed_on and next_due:
            if next_due < reviewed_on:
                self.add_error(
                    "next_review_due",
                    _("De volgende controle kan niet vóór deze controle liggen."),
                )
            elif next_due > default_next_review(reviewed_on):
                self.add_error(
                    "next_review_due",
                    _("De volgende controle mag niet later zijn dan %(date)s.")
                    % {"date": date_format(default_next_review(reviewed_on), "j F Y")},
                )
        return data


class ContentChecksAdminMixin:
    """The admin page "Inhoudscontrole": every problem in the content (articles.checks)."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.content_checks_view)
        return [
            path("inhoudscontrole/", view, name="articles_content_checks"),
            *super().get_urls(),
        ]

    def content_checks_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        problems = check_articles()
        by_article = {}
        for problem in problems:
            by_article.setdefault(problem.article, []).append(problem)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Inhoudscontrole"),
            "opts": self.model._meta,
            "problems": problems,
            "by_article": list(by_article.items()),
            "kinds": KINDS,
        }
        return TemplateResponse(request, "admin/articles/article/content_checks.html", context)


class ArticleReviewAdminMixin:
    """The medical review in the article admin: shown read-only on the form, recorded only
    by a Medisch redacteur through the button on the change page or the action."""

    review_fields = ["reviewed_by", "last_reviewed_on", "next_review_due"]

    def has_record_review_permission(self, request, obj=None):
        return reviewer_for(request.user) is not None

    def get_urls(self):
        view = self.admin_site.admin_view(self.record_review_view)
        return [
            path("<path:object_id>/medische-controle/", view, name="articles_article_review"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_record_review": self.has_record_review_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def record_review_view(self, request, object_id):
        if not self.has_record_review_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=object_id)
        today = timezone.localdate()
        if request.method == "POST":
            form = RecordReviewForm(request.POST)
            if form.is_valid():
                record_review(
                    [article],
                    request.user,
                    form.cleaned_data["reviewed_on"],
                    form.cleaned_data["next_review_due"],
                )
                self.message_user(
                    request,
                    _("De medische controle van “%(title)s” is vastgelegd.")
                    % {"title": article.title},
                    messages.SUCCESS,
                )
                return redirect("admin:articles_article_change", article.pk)
        else:
            form = RecordReviewForm(
                initial={"reviewed_on": today, "next_review_due": default_next_review(today)}
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Medische controle vastleggen"),
            "opts": self.model._meta,
            "original": article,
            "article": article,
            "form": form,
            "reviewer": reviewer_for(request.user),
        }
        return TemplateResponse(request, "admin/articles/article/record_review.html", context)

    @admin.action(
        description=_("Medische controle vastleggen (vandaag)"), permissions=["record_review"]
    )
    def record_review_today(self, request, queryset):
        try:
            count = record_review(queryset, request.user)
        except ReviewNotAllowed:
            raise PermissionDenied from None
        self.message_user(
            request,
            ngettext(
                "Medische controle vastgelegd voor %(n)d artikel.",
                "Medische controle vastgelegd voor %(n)d artikelen.",
                count,
            )
            % {"n": count},
            messages.SUCCESS,
        )

    @admin.display(description=_("volgende controle"), ordering="next_review_due")
    def review_due(self, obj):
        if obj.next_review_due is None:
            return "—"
        shown = date_format(obj.next_review_due, "j F Y")
        if obj.review_is_overdue():
            return format_html(
                '<strong class="review-overdue">{} ({})</strong>', shown, _("te laat")
            )
        if obj.next_review_due <= timezone.localdate() + timedelta(days=30):
            return format_html("{} ({})", shown, _("binnenkort"))
        return shown

    @admin.display(description=_("voorbeeldlink"))
    def preview_link(self, obj):
        if obj is None or obj.pk is None:
            return _("Na het opslaan verschijnt hier een link.")
        url = preview_url(obj)
        valid_until = timezone.localtime() + timedelta(days=settings.PREVIEW_LINK_MAX_AGE_DAYS)
        return format_html(
            '<input type="text" readonly class="vLargeTextField preview-link" value="{}" '
            'aria-label="{}"> <a href="{}" target="_blank" rel="noopener">{}</a>'
            '<div class="help">{}</div>',
            url,
            _("Voorbeeldlink"),
            url,
            _("openen"),
            _(
                "Kopieer deze link voor wie het artikel zonder account moet lezen, bijv. de "
                "medisch controleur. Geldig tot %(date)s."
            )
            % {"date": date_format(valid_until, "j F Y H:i")},
        )


@admin.register(Article)
class ArticleAdmin(
    ContentChecksAdminMixin,
    ArticleReviewAdminMixin,
    RecordsArticleEditMixin,
    SortableAdminBase,
    ArticleRevisionAdmin,
):
    list_display = [
        "title",
        "status_badge",
        "published_at",
        "category",
        "author",
        "updated_at",
        "review_due",
    ]
    list_filter = ["status", ReviewFilter, "category", "author"]
    search_fields = ["title", "lead"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "category"]
    readonly_fields = [
        "updated_by",
        "created_at",
        "saved_at",
        "saved_by",
        "reviewed_by",
        "last_reviewed_on",
        "next_review_due",
        "preview_link",
    ]
    list_select_related = ["category", "author"]
    inlines = [SynonymInline, BlockInline, ReferenceInline]
    actions = ["publish", "unpublish", "record_review_today"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "category", "author"]}),
        (_("Afbeelding"), {"fields": ["image", "image_alt", "image_caption", "image_credit"]}),
        (_("Publicatie"), {"fields": ["status", "published_at", "comments_open", "preview_link"]}),
        (
            _("Reacties"),
            {
                "fields": ["comments_heading", "comments_intro"],
                "description": _(
                    "Leeg laten: de kop en inleiding uit de site-instellingen "
                    "(Artikelen → Site-instellingen)."
                ),
            },
        ),
        (
            _("Regel 'Laatst bijgewerkt'"),
            {"fields": ["substantive", "updated_at", "updated_by", "byline_shows_author"]},
        ),
        (
            _("Medische controle"),
            {"fields": ["reviewed_by", "last_reviewed_on", "next_review_due"]},
        ),
        (_("Geschiedenis"), {"fields": ["created_at", "saved_at", "saved_by"]}),
    ]

    form = ArticleAdminForm

    def article_of(self, obj):
        return obj

    def is_substantive(self, form, change):
        return not change or super().is_substantive(form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Note numbers are baked into the cached HTML; references may have moved.
        form.instance.render_content()

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        if obj.is_published:
            return format_html("<strong>{}</strong>", _("gepubliceerd"))
        if obj.status == Article.Status.PUBLISHED:
            return format_html(
                '<span class="scheduled">{} {}</span>',
                _("gepland"),
                date_format(timezone.localtime(obj.published_at), "j F Y H:i:s"),
            )
        return _("concept")

    @admin.action(description=_("Geselecteerde artikelen publiceren"), permissions=["change"])
    def publish(self, request, queryset):
        now = timezone.now()
        count = 0
        for article in queryset.filter(status=Article.Status.DRAFT):
            article.status = Article.Status.PUBLISHED
            article.published_at = article.published_at or now
            article.save(update_fields=["status", "published_at"])
            article.record_edit(request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(n)d artikel gepubliceerd.", "%(n)d artikelen gepubliceerd.", count)
            % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Geselecteerde artikelen terugzetten naar concept"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            article.status = Article.Status.DRAFT
            article.save(update_fields=["status"])
            article.record_edit(request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(n)d artikel teruggezet.", "%(n)d artikelen teruggezet.", count)
            % {"n": count},
            messages.SUCCESS,
        )


class ListItemInline(SortableTabularInline):
    model = ListItem
    extra = 1
    fields = ["position", "is_subitem", "term", "text", "symptom"]
    autocomplete_fields = ["symptom"]

    def get_fields(self, request, obj=None):
        # obj is the list block: a term column only where the list shows terms (a
        # definition list, or a bullet list whose items already have one).
        fields = super().get_fields(request, obj)
        if not self._shows_terms(obj):
            fields = [name for name in fields if name != "term"]
        return fields

    @staticmethod
    def _shows_terms(block):
        if block is None or block.pk is None:
            return False
        if block.list_style == Block.ListStyle.DEFINITION:
            return True
        return block.items.exclude(term="").exists()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            # Items are mostly a few words: one line that grows with its text.
            kwargs["widget"] = forms.Textarea(attrs={"rows": 1, "class": "one-line"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class FaqEntryInline(SortableStackedInline):
    model = FaqEntry
    extra = 1
    fields = ["position", "question", "answer"]


@admin.register(Block)
class BlockAdmin(
    ArticlePartRevisionMixin, RecordsArticleEditMixin, SortableAdminBase, admin.ModelAdmin
):
    list_display = ["__str__", "article", "kind", "role", "heading_level", "position"]
    list_filter = ["kind", "role", "article"]
    search_fields = ["heading", "body", "article__title"]
    autocomplete_fields = ["article"]
    list_select_related = ["article"]
    fields = [
        "article",
        ("kind", "list_style", "faq_display", "role"),
        ("heading", "heading_level", "anchor"),
        "body",
        "substantive",
    ]

    def article_of(self, obj):
        return obj.article

    def get_inlines(self, request, obj):
        if obj is None:
            return []
        return {Block.Kind.LIST: [ListItemInline], Block.Kind.FAQ: [FaqEntryInline]}.get(
            obj.kind, []
        )


@admin.register(FaqEntry)
class FaqEntryAdmin(
    ArticlePartRevisionMixin, RecordsArticleEditMixin, SortableAdminMixin, admin.ModelAdmin
):
    list_display = ["question", "article_title", "position"]
    list_filter = ["block__article"]
    search_fields = ["question", "answer"]
    autocomplete_fields = ["block"]
    list_select_related = ["block__article"]
    fields = ["block", "position", "question", "answer", "substantive"]

    def article_of(self, obj):
        return obj.block.article

    @admin.display(description=_("artikel"), ordering="block__article__title")
    def article_title(self, obj):
        return obj.block.article.title

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "block":
            kwargs["queryset"] = Block.objects.filter(kind=Block.Kind.FAQ)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
