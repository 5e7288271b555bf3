from adminsortable2.admin import (
    CustomInlineFormSet,
    SortableAdminBase,
    SortableStackedInline,
    SortableTabularInline,
)
from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import (
    Article,
    Author,
    Block,
    Category,
    FaqEntry,
    ListItem,
    Reference,
    SiteSettings,
    Symptom,
    Synonym,
)
from articles.symptoms import merge_symptoms


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


class RecordsArticleEditMixin:
    """Every save by staff updates the article's "last updated on ... by ..." line."""

    def article_of(self, obj):
        raise NotImplementedError

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.article_of(form.instance).record_edit(request.user)


@admin.register(Article)
class ArticleAdmin(RecordsArticleEditMixin, SortableAdminBase, admin.ModelAdmin):
    list_display = ["title", "status_badge", "published_at", "category", "author", "updated_at"]
    list_filter = ["status", "category", "author"]
    search_fields = ["title", "lead"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "category"]
    readonly_fields = ["updated_at", "updated_by", "created_at"]
    list_select_related = ["category", "author"]
    inlines = [SynonymInline, BlockInline, ReferenceInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "category", "author"]}),
        (_("Afbeelding"), {"fields": ["image", "image_alt", "image_caption", "image_credit"]}),
        (_("Publicatie"), {"fields": ["status", "published_at", "comments_open"]}),
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
        (_("Geschiedenis"), {"fields": ["created_at", "updated_at", "updated_by"]}),
    ]

    def article_of(self, obj):
        return obj

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Note numbers are baked into the cached HTML; references may have moved.
        form.instance.render_content()

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        if obj.is_published:
            return format_html("<strong>{}</strong>", _("gepubliceerd"))
        if obj.status == Article.Status.PUBLISHED:
            return _("gepland")
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


class FaqEntryInline(SortableStackedInline):
    model = FaqEntry
    extra = 1
    fields = ["position", "question", "answer"]


@admin.register(Block)
class BlockAdmin(RecordsArticleEditMixin, SortableAdminBase, admin.ModelAdmin):
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
class FaqEntryAdmin(RecordsArticleEditMixin, admin.ModelAdmin):
    list_display = ["question", "article_title", "position"]
    list_filter = ["block__article"]
    search_fields = ["question", "answer"]
    autocomplete_fields = ["block"]
    list_select_related = ["block__article"]
    fields = ["block", "position", "question", "answer"]

    def article_of(self, obj):
        return obj.block.article

    @admin.display(description=_("artikel"), ordering="block__article__title")
    def article_title(self, obj):
        return obj.block.article.title

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "block":
            kwargs["queryset"] = Block.objects.filter(kind=Block.Kind.FAQ)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
