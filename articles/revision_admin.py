"""Revisions in the admin: one revision of the whole article per save, its history,
comparing two revisions, restoring one and recovering a deleted article.

ArticleRevisionAdmin is ArticleAdmin's base (django-reversion's VersionAdmin with a
history that compares); ArticlePartRevisionMixin makes the block and FAQ entry admins,
their deletes and their drag-and-drop reorders keep a revision of the article the part
belongs to. The revision's comment is a Dutch summary of what changed (articles.revisions).
"""

from contextlib import contextmanager
from contextvars import ContextVar

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles import redirects, revisions
from articles.models import LISTINGS_SCOPE, Article, article_scope, content_changed
from articles.revisions import EXCLUDED_FIELDS, noted
from articles.signals import parts_changed_in_bulk
from magnesium_site import page_cache

# Set while a restore or recovery runs: the values of the fields no revision keeps, as
# they were before (None for a recovery); the restored article's content is made anew.
_restoring = ContextVar("restoring_revision", default=None)

LIVE = "live"


def changed_since_last_revision(article):
    previous = Version.objects.get_for_object(article).select_related("revision").first()
    if previous is None:
        return True
    old = revisions.snapshot_of_revision(previous.revision, article.pk)
    return old is None or revisions.compare(old, revisions.live_snapshot(article)).has_changes


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


@contextmanager
def article_revision(request):
    """A revision by this user, made when the block ends (if anything was saved in it)."""
    with reversion.create_revision():
        reversion.set_user(request.user)
        yield


def keep_article(article):
    """Put the whole article, as it is now, in the revision being made."""
    if reversion.is_active() and Article.objects.filter(pk=article.pk).exists():
        reversion.add_to_revision(article)


def keep_before_deletion(request, article):
    """A revision of its own just before an article is deleted: what recovery brings back."""
    revisions.keep_revision(article, _("Artikel verwijderd."), request.user)


def retire_restored(article, kept_values):
    """After a restore or recovery, which writes the rows raw from the revision.

    Fields no revision keeps came back at their defaults: put back what they were (the
    content version must only grow, a medical review is not undone by a restore). Then
    the stored HTML and renderings are made anew and the article's pages retired."""
    if kept_values:
        Article.objects.filter(pk=article.pk).update(**kept_values)
    content_changed(article.pk)
    page_cache.invalidate(article_scope(article.pk), LISTINGS_SCOPE)


class ArticleRevisionAdmin(VersionAdmin):
    object_history_template = "admin/articles/article/object_history.html"
    revision_form_template = "admin/articles/article/revision_form.html"
    recover_form_template = "admin/articles/article/revision_form.html"
    recover_list_template = "admin/articles/article/recover_list.html"
    change_list_template = "admin/articles/article/change_list.html"
    history_latest_first = True

    def history_view(self, request, object_id, extra_context=None):
        """Who, when and what changed; two revisions (or one and now) can be compared."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        name = f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_revision"
        versions = self._article_versions(unquote(object_id)).order_by("-pk")
        action_list = [
            {
                "revision": version.revision,
                "version_id": version.pk,
                "url": reverse(name, args=[quote(version.object_id), version.pk]),
            }
            for version in versions
        ]
        context = {"action_list": action_list, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            *super().get_urls(),
        ]

    @contextmanager
    def create_revision(self, request):
        with article_revision(request):
            yield

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin would make one revision of all articles an action changes, and
        # restoring it would set back every one: actions keep one per article (below).
        context = {"has_change_permission": self.has_change_permission(request)}
        return super(VersionAdmin, self).changelist_view(
            request, {**context, **(extra_context or {})}
        )

    def response_action(self, request, queryset):
        response = super().response_action(request, queryset)
        if response is None or response.status_code != 302:
            return response  # a confirmation page, or nothing was done
        if request.POST.get("select_across") != "1":
            queryset = queryset.filter(pk__in=request.POST.getlist("_selected_action"))
        for article in queryset:
            if changed_since_last_revision(article):
                with article_revision(request):
                    reversion.add_to_revision(article)
        return response

    def save_model(self, request, obj, form, change):
        old_slug = form.initial.get("slug") if change else None
        was_published = change and form.initial.get("status") == Article.Status.PUBLISHED
        super().save_model(request, obj, form, change)
        redirects.live_slug_taken(obj)
        if old_slug and old_slug != obj.slug and was_published:
            redirects.slug_changed(obj, old_slug)
            self.message_user(
                request,
                _("Het oude adres /artikelen/%(old)s/ verwijst nu door naar %(new)s.")
                % {"old": old_slug, "new": obj.get_absolute_url()},
                messages.INFO,
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        restoring = _restoring.get()
        if restoring is not None:
            retire_restored(form.instance, restoring["kept"])
        keep_article(form.instance)

    def delete_model(self, request, obj):
        keep_before_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            keep_before_deletion(request, article)
        super().delete_queryset(request, queryset)

    def _restore(self, request, version, view, *args):
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        before = Article.objects.filter(pk=version.object_id).values("slug", "status").first()
        note = _("Versie van %(date)s hersteld.") % {
            "date": localize(template_localtime(version.revision.date_created))
        }
        kept = (
            Article.objects.filter(pk=version.object_id)
            .values(*(f for f in EXCLUDED_FIELDS[Article] if _has_field(Article, f)))
            .first()
        )
        token = _restoring.set({"kept": kept})
        try:
            with noted(note):
                response = view(request, *args)
        finally:
            _restoring.reset(token)
        if request.method == "POST" and before and response.status_code == 302:
            article = Article.objects.filter(pk=version.object_id).first()
            renamed = article is not None and article.slug != before["slug"]
            if renamed and before["status"] == Article.Status.PUBLISHED:
                with transaction.atomic():
                    redirects.slug_changed(article, before["slug"])
        return response

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id, object_id=unquote(object_id))
        return self._restore(
            request, version, super().revision_view, object_id, version_id, extra_context
        )

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id)
        return self._restore(request, version, super().recover_view, version_id, extra_context)

    # Comparing ------------------------------------------------------------------------

    def _article_versions(self, article_pk):
        return Version.objects.get_for_object_reference(Article, article_pk).select_related(
            "revision", "revision__user"
        )

    def _side(self, article, choice):
        """(label, snapshot, version) for one side of a comparison; None if unreadable."""
        if choice == LIVE:
            return _("huidige versie"), revisions.live_snapshot(article), None
        try:
            version_pk = int(choice)
        except (TypeError, ValueError):
            return None
        version = self._article_versions(article.pk).filter(pk=version_pk).first()
        if version is None:
            return None
        snapshot = revisions.snapshot_of_revision(version.revision, article.pk)
        label = localize(template_localtime(version.revision.date_created))
        return label, snapshot, version

    def compare_view(self, request, object_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("Dit artikel bestaat niet."))
        history_url = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_history",
            args=[quote(article.pk)],
        )
        old = self._side(article, request.GET.get("a"))
        new = self._side(article, request.GET.get("b", LIVE))
        if old is None or new is None or old[1] is None or new[1] is None:
            self.message_user(request, _("Kies twee versies om te vergelijken."), messages.WARNING)
            return redirect(history_url)
        # Older on the left, whichever order they were picked in.
        if new[2] is not None and (old[2] is None or old[2].pk > new[2].pk):
            old, new = new, old
        comparison = revisions.compare(old[1], new[1])
        context = {
            **self.admin_site.each_context(request),
            "title": _("Versies van %(title)s vergelijken") % {"title": article.title},
            "subtitle": None,
            "opts": self.opts,
            "original": article,
            "object": article,
            "history_url": history_url,
            "old_label": old[0],
            "new_label": new[0],
            "old_version": old[2],
            "new_version": new[2],
            "comparison": comparison,
            "summary": revisions.summary(comparison),
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)


class ArticlePartRevisionMixin:
    """A save, delete or reorder of a block or FAQ entry keeps a revision of its article.

    For admins with article_of(obj) (RecordsArticleEditMixin)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with article_revision(request):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with article_revision(request):
            return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        with article_revision(request):
            return super().changelist_view(request, extra_context)

    def update_order(self, request):
        with article_revision(request):
            return super().update_order(request)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        keep_article(self.article_of(form.instance))

    def delete_model(self, request, obj):
        article = self.article_of(obj)
        super().delete_model(request, obj)
        keep_article(article)

    def delete_queryset(self, request, queryset):
        articles = {self.article_of(obj) for obj in queryset}
        super().delete_queryset(request, queryset)
        for article in articles:
            keep_article(article)

    def _reordered(self, pks):
        articles = {self.article_of(obj) for obj in self.model.objects.filter(pk__in=pks)}
        # sortable2 writes the new order with bulk_update: no signal retires the pages.
        parts_changed_in_bulk(article.pk for article in articles)
        for article in articles:
            keep_article(article)

    def _update_order(self, updated_items, extra_model_filters):
        count = super()._update_order(updated_items, extra_model_filters)
        self._reordered([item[0] for item in updated_items])
        return count

    def _bulk_move(self, request, queryset, method):
        pks = list(queryset.values_list("pk", flat=True))
        response = super()._bulk_move(request, queryset, method)
        self._reordered(pks)
        return response
