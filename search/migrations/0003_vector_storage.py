from django.db import migrations

from search.migrations._postgres import postgres_only


# A search reads the vector of every matching row. With the texts in the same row (some
# 3 kB), PostgreSQL moved the vector out to the TOAST table, so each row cost several
# extra page reads: ranking 10,000 rows took 100 ms, 20 ms with the vector kept in the
# row (STORAGE MAIN: the texts go out first). Existing vectors are rewritten to follow.
TABLES = ["search_searchdocument", "search_searchsection"]
FORWARD = [
    statement
    for table in TABLES
    for statement in (
        f"ALTER TABLE {table} ALTER COLUMN vector SET STORAGE MAIN",
        f"UPDATE {table} SET vector = vector || ''::tsvector WHERE vector IS NOT NULL",
    )
]
BACKWARD = [f"ALTER TABLE {table} ALTER COLUMN vector SET STORAGE EXTENDED" for table in TABLES]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_search_words"),
    ]

    operations = [
        migrations.RunPython(postgres_only(FORWARD), postgres_only(BACKWARD)),
    ]
