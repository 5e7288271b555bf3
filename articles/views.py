from django.conf import settings
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles import page_cache
from articles.models import Article, Category, PageContent
from comments.models import PAGE_PARAMETER, REPLY_PARAMETER, requested_page
from magnesium_site.params import positive_int


class CachedPageMixin:
    """Serve anonymous visitors from the page cache (see articles.page_cache)."""

    use_placeholders = False

    page_version = None

    def get(self, request, *args, **kwargs):
        # Read before any content: whatever is cached under it was loaded after it.
        self.page_version = page_cache.current_version()
        public = page_cache.is_public_request(request, personal_parameters=[REPLY_PARAMETER])
        use_cache = public and settings.PAGE_CACHE_SECONDS > 0
        if use_cache:
            key = page_cache.key(request.path, self.canonical_query(), self.page_version)
            entry = page_cache.fetch(key)
            if entry is not None:
                return page_cache.respond(request, entry[0])
        # Rendered with placeholders, so that the page and its fragments can be kept.
        self.use_placeholders = True
        response = super().get(request, *args, **kwargs)
        response.render()
        content = response.content
        response.content = page_cache.personalise(request, page_cache.split(content))
        if not public or response.status_code != 200 or self.is_private_page():
            page_cache.mark_private(response)
            return response
        page_cache.mark_public(response)
        if use_cache:
            timeout = page_cache.timeout_until(Article.objects.next_publication_time())
            page_cache.defer_store(response, key, content, timeout)
        return response

    def is_private_page(self):
        return False

    def canonical_query(self):
        """The query string that selects this page (other parameters do not change it)."""
        page = self.request.GET.get(self.page_kwarg, "")
        if page == "last":
            return f"{self.page_kwarg}=last"
        # An unreadable number gives a 404, which is never stored.
        number = positive_int(page) or (1 if page == "" else 0)
        return "" if number == 1 else f"{self.page_kwarg}={number}"

    def get_context_data(self, **kwargs):
        kwargs.update(
            page_version=self.page_version, fragment_seconds=settings.FRAGMENT_CACHE_SECONDS
        )
        if self.use_placeholders:
            kwargs.update(
                csrf_token=page_cache.CSRF_PLACEHOLDER,
                render_time_token=page_cache.RENDER_TIME_PLACEHOLDER,
            )
        return super().get_context_data(**kwargs)


class ArticleListView(CachedPageMixin, ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().select_related("category", "author")


class CategoryArticleListView(ArticleListView):
    template_name = "articles/category_detail.html"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class ArticleDetailView(CachedPageMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).select_related("author", "category")

    def is_private_page(self):
        return not self.object.is_published

    def canonical_query(self):
        page = requested_page(self.request.GET.get(PAGE_PARAMETER))
        return "" if page == 1 else f"{PAGE_PARAMETER}={page}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            content=PageContent(self.object),
            is_preview=not self.object.is_published,
            **kwargs,
        )
