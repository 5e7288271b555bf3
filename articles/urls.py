from django.urls import path, register_converter

from articles import feeds, views


class FeedFormat:
    regex = "atom|rss|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FeedFormat, "feed_format")

app_name = "articles"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="home"),
    path("categorie/<slug:slug>/", views.CategoryArticleListView.as_view(), name="category"),
    path("artikelen/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("toegankelijkheid/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    path("auteurs/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("controleurs/<slug:slug>/", views.ReviewerDetailView.as_view(), name="reviewer"),
    path("symptomen/", views.SymptomIndexView.as_view(), name="symptoms"),
    path("symptomen/<slug:slug>/", views.SymptomDetailView.as_view(), name="symptom"),
    path("feed/artikelen/<feed_format:format>/", feeds.ArticleFeedView.as_view(), name="feed"),
    path(
        "categorie/<slug:slug>/feed/<feed_format:format>/",
        feeds.ArticleFeedView.as_view(),
        name="category_feed",
    ),
    path("voorbeeld/<str:token>/", views.ArticlePreviewView.as_view(), name="preview"),
]
