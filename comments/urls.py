from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("artikelen/<slug:slug>/reageren/", views.post_comment, name="post"),
    path("reacties/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
