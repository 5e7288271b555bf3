import factory

from comments.models import Comment, Status
from tests.articles.factories import ArticleFactory


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    article = factory.SubFactory(ArticleFactory)
    name = factory.Sequence(lambda n: f"Bezoeker {n}")
    email = factory.Sequence(lambda n: f"bezoeker{n}@example.com")
    text = factory.Sequence(lambda n: f"Mijn ervaring nummer {n}.")
    status = Status.PENDING
