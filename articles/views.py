from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import Article, Category, nest


class ArticleListView(ListView):
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


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).with_page_content()

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
