"""Shared by the search app's migrations (the loader skips modules starting with _)."""


def postgres_only(sql):
    """A RunPython step that runs sql on PostgreSQL and does nothing on SQLite."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in sql:
                schema_editor.execute(statement)

    return run
