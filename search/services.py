"""Counting the queries that found nothing, for editors (search admin)."""

import logging

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from search.models import MAX_QUERY_LENGTH, ZeroResultQuery
from search.text import has_words

logger = logging.getLogger(__name__)


def normalise_logged_query(query):
    """How a query is stored: lower case, single spaces, at most MAX_QUERY_LENGTH."""
    return " ".join(query.casefold().split())[:MAX_QUERY_LENGTH].rstrip()


def record_zero_result(query):
    """One more search for this query today that found nothing (one atomic statement)."""
    text = normalise_logged_query(query)
    if not has_words(text):  # "%", "!!!", emoji: nothing an editor can act on
        return
    table = connection.ops.quote_name(ZeroResultQuery._meta.db_table)
    # INSERT ... ON CONFLICT DO UPDATE: PostgreSQL and SQLite (3.24+) alike, and no race
    # between two first searches of the day.
    sql = (
        f"INSERT INTO {table} (query, day, count) VALUES (%s, %s, 1) "  # noqa: S608 (our table name)
        f"ON CONFLICT (query, day) DO UPDATE SET count = {table}.count + 1"
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [text, timezone.localdate()])
    except DatabaseError:
        # The count is for editors; a visitor still gets their (empty) results page.
        logger.exception("Could not count a search without results")
