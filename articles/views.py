import time

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles import page_cache
from articles.models import Article, Category, nest
from comments.models import PAGE_PARAMETER, REPLY_PARAMETER, requested_page
from comments.spam import sign_render_time
from magnesium_site.params import positive_int


class CachedPageMixin:
    """Serve anonymous visitors from the page cache (see articles.page_cache)."""

    filling_cache = False

    def get(self, request, *args, **kwargs):
        public = page_cache.is_public_request(request, personal_parameters=[REPLY_PARAMETER])
        if not (public and settings.PAGE_CACHE_SECONDS > 0):
            response = super().get(request, *args, **kwargs)
            if public and response.status_code == 200 and not self.is_private_page():
                page_cache.mark_public(response)
            else:
                page_cache.mark_private(response)
            return response

        render_token = sign_render_time(time.time())
        key, content = page_cache.lookup(request, self.cache_variant())
        if content is not None:
            return page_cache.respond(request, content, render_token)
        self.filling_cache = True
        response = super().get(request, *args, **kwargs)
        response.render()
        if response.status_code != 200 or self.is_private_page():
            page_cache.mark_private(response)
            return response
        timeout = page_cache.timeout_until(Article.objects.next_publication_time())
        page_cache.store(key, response.content, timeout)
        response.content = page_cache.personalise(request, response.content, render_token)
        page_cache.mark_public(response)
        return response

    def is_private_page(self):
        return False

    def cache_variant(self):
        """What besides the path selects the page (other query parameters do not)."""
        page = self.request.GET.get(self.page_kwarg, "")
        if page == "last":
            return page
        # An unreadable number gives a 404, which is never stored.
        return str(positive_int(page) or (1 if page == "" else "invalid"))

    def get_context_data(self, **kwargs):
        if self.filling_cache:
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
        return Article.objects.visible_to(self.request.user).with_page_content()

    def is_private_page(self):
        return not self.object.is_published

    def cache_variant(self):
        return str(requested_page(self.request.GET.get(PAGE_PARAMETER)))

    def get_context_data(self, **kwargs):
        article = self.object
        blocks = list(article.blocks.all())
        return super().get_context_data(
            blocks=blocks,
            toc=nest(
                [block for block in blocks if block.heading],
                lambda block: block.heading_level == 3,
            ),
            footnotes=article.footnotes(),
            is_preview=not article.is_published,
            **kwargs,
        )
