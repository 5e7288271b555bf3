from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="home"),
    path("categorie/<slug:slug>/", views.CategoryArticleListView.as_view(), name="category"),
    path("artikelen/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("toegankelijkheid/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    path("auteurs/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("symptomen/", views.SymptomIndexView.as_view(), name="symptoms"),
    path("symptomen/<slug:slug>/", views.SymptomDetailView.as_view(), name="symptom"),
    path("voorbeeld/<str:token>/", views.ArticlePreviewView.as_view(), name="preview"),
]
