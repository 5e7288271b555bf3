from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="home"),
    path("categorie/<slug:slug>/", views.CategoryArticleListView.as_view(), name="category"),
    path("artikelen/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("toegankelijkheid/", views.AccessibilityStatementView.as_view(), name="accessibility"),
]
