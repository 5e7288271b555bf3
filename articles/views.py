import datetime
import pickle
from http import HTTPStatus

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from articles import symptoms
from articles.models import (
    AUTHORS_SCOPE,
    CONTENT_SCOPE,
    LISTINGS_SCOPE,
    Article,
    Author,
    Category,
    PageContent,
    Reviewer,
    Symptom,
    article_scope,
)
from articles.redirects import redirect_target
from articles.services import PreviewExpired, article_id_from_preview_token
from magnesium_site import page_cache
from magnesium_site.params import positive_int


def list_page(value, view):
    """?page= of a listing: "" for the first page; an unreadable number gives a 404 later."""
    if value == "last":
        return value
    number = positive_int(value)
    if number is not None:
        return "" if number == 1 else str(number)
    return "" if value == "" else value


def until_next_publication(seconds):
    """seconds, or less: a page that lists published articles is never kept past a
    scheduled publication, which no save announces."""
    next_change = Article.objects.next_publication_time()
    if next_change is not None:
        seconds = min(seconds, int((next_change - timezone.now()).total_seconds()))
    return max(seconds, 0)


class ListingCacheMixin(page_cache.CachedPageMixin):
    """A page that lists published articles: kept under the listings scope (and others)."""

    extra_scopes = ()

    def known_scopes(self):
        return (LISTINGS_SCOPE, *self.extra_scopes)

    def cache_timeout(self):
        return until_next_publication(settings.PAGE_CACHE_SECONDS)


class ArticleListView(ListingCacheMixin, ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = 20
    cache_parameters = page_cache.Parameters(variants={"page": list_page})

    def load(self):
        self.object_list = self.get_queryset()

    def get_queryset(self):
        return Article.objects.published().select_related("category", "author")


class CategoryArticleListView(ArticleListView):
    template_name = "articles/category_detail.html"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class ArticleDetailView(page_cache.CachedPageMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"
    # The comments app adds its parameters (the comment page, a reply) in its ready().
    cache_parameters = page_cache.Parameters()
    # What the page shows besides the row: the byline's person, the review line.
    row_relations = ("author", "category", "updated_by__staff_profile__author", "reviewed_by")

    def load(self):
        """The article, from the copy kept under the versions read for this request if
        there is one: any change to it, its author or its category retires that copy."""
        key = self._kept_row_key()
        if key is not None:
            kept = page_cache.kept.get(key)
            if kept is not None:
                article = pickle.loads(kept)  # noqa: S301 (our own row, never visitor input)
                if article.slug == self.kwargs["slug"] and article.is_published:
                    self.object = article
                    return
        self.object = self.get_object()
        if key is not None and self.object.is_published:
            self.object.comment_section_text  # noqa: B018 (read now: kept with the row)
            page_cache.kept.set(key, _pickled_row(self.object), settings.FRAGMENT_CACHE_SECONDS)

    def _kept_row_key(self):
        # Only for visitors (staff see drafts), only with fragments on, and only under
        # versions that were read before the row is loaded.
        if self.page_versions is None or settings.FRAGMENT_CACHE_SECONDS <= 0:
            return None
        if not page_cache.is_public_request(self.request):
            return None
        return page_cache.entry_key(self.request.path, "article-row", self.page_versions)

    def cache_scopes(self):
        return (article_scope(self.object.pk),)

    def get_queryset(self):
        return (
            Article.objects.visible_to(self.request.user)
            .select_related(*self.row_relations)
            .with_rendering()
        )

    def is_private_page(self):
        return not self.object.is_published

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            # Only an address no article has: a miss, then one indexed lookup, then the 404.
            article = redirect_target(self.kwargs["slug"])
            if article is None:
                raise
            query = request.META.get("QUERY_STRING", "")
            url = article.get_absolute_url()
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
        if not self.object.is_published:
            response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            content=PageContent(self.object),
            is_preview=not self.object.is_published,
            **kwargs,
        )
        if context["is_preview"]:
            # A preview keeps nothing: no fragment, and counts under keys of their own, so
            # that a scheduled article's first visitors never get what a preview made.
            context["fragment_seconds"] = 0
            context["page_version"] = f"preview-{context['page_version']}"
        return context


def _pickled_row(article):
    """The row as kept, without its rendering: the page's fragments hold what that shows."""
    state = article.__dict__.copy()
    state.pop("loaded_rendering", None)
    row = Article.__new__(Article)
    row.__dict__.update(state)
    return pickle.dumps(row)


class ArticlePreviewView(ArticleDetailView):
    """An article, draft or scheduled, exactly as it will look, for whoever has a signed
    link (services.preview_url): a reviewer needs no account. Never kept by any cache."""

    def get(self, request, *args, **kwargs):
        try:
            article_id = article_id_from_preview_token(kwargs["token"])
        except PreviewExpired:
            response = render(request, "articles/preview_expired.html", status=HTTPStatus.GONE)
            return self._private(response)
        except (signing.BadSignature, ValueError) as error:
            raise Http404 from error
        self.object = get_object_or_404(
            Article.objects.select_related(*self.row_relations).with_rendering(),
            pk=article_id,
        )
        self.page_versions = page_cache.read_versions([article_scope(self.object.pk)])
        context = self.get_context_data(object=self.object)
        # A published article opened through a link shows no draft banner; still, a
        # preview address is never for search engines.
        context.update(noindex=True, fragment_seconds=0)
        if not str(context["page_version"]).startswith("preview-"):
            context["page_version"] = f"preview-{context['page_version']}"
        response = self.render_to_response(context)
        response.render()
        return self._private(response)

    @staticmethod
    def _private(response):
        page_cache.mark_private(response)
        response["X-Robots-Tag"] = "noindex"
        response[page_cache.CACHE_STATUS_HEADER] = page_cache.BYPASS
        return response


class AccessibilityStatementView(page_cache.CachedPageMixin, TemplateView):
    """The accessibility statement, in the form of the Dutch government's model
    (digitoegankelijk.nl). It changes with a release, not with content; kept with the
    listings so that the middleware can answer it."""

    template_name = "articles/accessibility_statement.html"
    # When the statement was drawn up and last checked against the site: change it with
    # the text.
    statement_date = datetime.date(2026, 12, 2)

    def known_scopes(self):
        return (LISTINGS_SCOPE,)

    def load(self):
        pass

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            contact_email=settings.ACCESSIBILITY_CONTACT_EMAIL,
            statement_date=self.statement_date,
            **kwargs,
        )


class AuthorDetailView(ArticleListView):
    """An author's page: who they are and their published articles."""

    template_name = "articles/author_detail.html"
    extra_scopes = (AUTHORS_SCOPE,)

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class ReviewerDetailView(ArticleListView):
    """A medical reviewer's page: who they are and the published articles they checked."""

    template_name = "articles/reviewer_detail.html"
    extra_scopes = (AUTHORS_SCOPE,)

    def get_queryset(self):
        self.reviewer = get_object_or_404(Reviewer, slug=self.kwargs["slug"])
        return (
            super().get_queryset().filter(reviewed_by=self.reviewer, last_reviewed_on__isnull=False)
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(reviewer=self.reviewer, **kwargs)


class SymptomIndexView(ListingCacheMixin, TemplateView):
    """Every symptom a published article lists, A to Z."""

    template_name = "articles/symptom_list.html"
    extra_scopes = (CONTENT_SCOPE,)

    def load(self):
        self.letters = symptoms.index()

    def get_context_data(self, **kwargs):
        return super().get_context_data(letters=self.letters, **kwargs)


class SymptomDetailView(ListingCacheMixin, TemplateView):
    """One symptom: the published articles, sections and FAQ entries that mention it."""

    template_name = "articles/symptom_detail.html"
    extra_scopes = (CONTENT_SCOPE,)

    def load(self):
        self.symptom = get_object_or_404(Symptom, slug=self.kwargs["slug"])
        self.mentions = symptoms.mentions(self.symptom)
        if not self.mentions:  # listed only in drafts: not in the index either
            raise Http404

    def get_context_data(self, **kwargs):
        return super().get_context_data(symptom=self.symptom, mentions=self.mentions, **kwargs)
