"""magnesium_site.prepared: a queryset compiled once, run with new values, or refused."""

import pytest
from django.db.models import Q
from django.utils import timezone

from comments.models import Comment, Status
from magnesium_site.prepared import PreparationError, PreparedQuery
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db


def by_article(limit, *, article_id, status):
    return (
        Comment.objects.filter(article_id=article_id, status=status)
        .order_by("pk")
        .values_list("pk", "name", "created_at", "is_editorial")[:limit]
    )


def test_rows_are_those_of_the_queryset_for_every_value_and_shape():
    first, second = ArticleFactory(), ArticleFactory()
    for article in (first, second):
        CommentFactory.create_batch(3, article=article, status=Status.APPROVED)
        CommentFactory(article=article, status=Status.PENDING)
    prepared = PreparedQuery(by_article)

    for article in (first, second, first):
        for status in (Status.APPROVED, Status.PENDING):
            for limit in (1, 10):
                expected = list(by_article(limit, article_id=article.pk, status=status))
                assert prepared(limit, article_id=article.pk, status=status) == expected
    # The column converters apply: times and booleans come back as Django gives them.
    _pk, _name, created, editorial = prepared(1, article_id=first.pk, status="approved")[0]
    assert created.tzinfo is not None and editorial is False


def test_the_queryset_is_built_and_compiled_once_per_shape(django_assert_num_queries):
    article = ArticleFactory()
    CommentFactory(article=article, status=Status.APPROVED)
    builds = []

    def build(limit, *, article_id, status):
        builds.append(limit)
        return by_article(limit, article_id=article_id, status=status)

    prepared = PreparedQuery(build)
    prepared(5, article_id=article.pk, status="approved")
    with django_assert_num_queries(1):
        assert len(prepared(5, article_id=article.pk, status="approved")) == 1
    prepared(6, article_id=0, status="pending")

    assert builds == [5, 5, 6, 6]  # twice per shape (two sets of markers), then never


def test_a_value_the_builder_makes_itself_is_refused():
    # timezone.now() inside the builder would be frozen into the SQL's parameters.
    prepared = PreparedQuery(
        lambda *, article_id: Comment.objects.filter(
            article_id=article_id, created_at__lte=timezone.now()
        ).values_list("pk")
    )

    with pytest.raises(PreparationError, match="changes by itself"):
        prepared(article_id=1)


def test_a_transformed_value_is_refused():
    # icontains wraps the value in %...%: it is no longer the value passed.
    prepared = PreparedQuery(
        lambda *, name: Comment.objects.filter(name__icontains=name).values_list("pk")
    )

    with pytest.raises(PreparationError):
        prepared(name="Anna")


def test_a_value_that_shapes_the_sql_is_refused():
    prepared = PreparedQuery(
        lambda *, limit: Comment.objects.values_list("pk")[:limit]  # a LIMIT is no parameter
    )

    with pytest.raises(PreparationError):
        prepared(limit=3)


def test_a_value_used_as_a_constant_is_refused():
    prepared = PreparedQuery(
        lambda *, article_id: Comment.objects.filter(article_id=7).values_list("pk")
    )

    with pytest.raises(PreparationError, match="not in the SQL"):
        prepared(article_id=1)


def test_only_values_list_querysets_and_plain_values():
    with pytest.raises(PreparationError, match="values_list"):
        PreparedQuery(lambda *, pk: Comment.objects.filter(pk=pk))(pk=1)
    prepared = PreparedQuery(lambda *, pk: Comment.objects.filter(pk=pk).values_list("pk"))
    with pytest.raises(TypeError):
        prepared(pk=None)
    with pytest.raises(TypeError):
        prepared(pk=True)


def test_a_query_that_matches_nothing_is_refused():
    # Django compiles no SQL for it; kept, it would hide a value out of a column's range.
    prepared = PreparedQuery(
        lambda *, pk: Comment.objects.filter(Q(pk=pk) & Q(pk__in=[])).values_list("pk")
    )

    with pytest.raises(PreparationError, match="matches nothing"):
        prepared(pk=1)
