from django.urls import path

from comments import feeds, views

app_name = "comments"

urlpatterns = [
    path("artikelen/<slug:slug>/reageren/", views.post_comment, name="post"),
    path("reacties/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("feed/reacties/atom/", feeds.SiteCommentFeedView.as_view(), name="feed"),
    path(
        "artikelen/<slug:slug>/reacties/atom/",
        feeds.ArticleCommentFeedView.as_view(),
        name="article_feed",
    ),
]
