import factory
from django.utils import timezone

from articles.models import (
    Article,
    Author,
    Block,
    Category,
    FaqEntry,
    ListItem,
    Reference,
    Reviewer,
    StaffProfile,
    Symptom,
    Synonym,
)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Auteur {n}")
    bio = "Schrijft over voeding."


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Categorie {n}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Artikel {n}")
    slug = factory.Sequence(lambda n: f"artikel-{n}")
    lead = "Een korte inleiding."
    category = factory.SubFactory(CategoryFactory)
    author = factory.SubFactory(AuthorFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=1))

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)


class BlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Block

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(int)
    kind = Block.Kind.TEXT
    heading = factory.Sequence(lambda n: f"Kop {n}")
    body = "Een alinea met **nadruk**."


class ListItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListItem

    block = factory.SubFactory(BlockFactory, kind=Block.Kind.LIST)
    position = factory.Sequence(int)
    text = factory.Sequence(lambda n: f"Item {n}")


class FaqEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqEntry

    block = factory.SubFactory(BlockFactory, kind=Block.Kind.FAQ)
    position = factory.Sequence(int)
    question = factory.Sequence(lambda n: f"Vraag {n}?")
    answer = "Het antwoord."


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(int)
    key = factory.Sequence(lambda n: f"bron-{n}")
    citation = "Ned Tijdschr Geneeskd. 1993;137:287-90"


class SynonymFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Synonym

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(int)
    term = factory.Sequence(lambda n: f"synoniem {n}")


class SymptomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Symptom

    name = factory.Sequence(lambda n: f"Symptoom {n}")


class ReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reviewer

    name = factory.Sequence(lambda n: f"Dr. Controleur {n}")
    slug = factory.Sequence(lambda n: f"controleur-{n}")
    qualification = "huisarts"
    email = factory.Sequence(lambda n: f"controleur-{n}@example.com")


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    display_name = factory.Sequence(lambda n: f"Medewerker {n}")
