"""The site as production runs it, on loopback: for the benchmark and the integration tests.

One place for what both need: the production-like environment (environment.py), a
database of their own (database.py), gunicorn started, waited for and stopped
(gunicorn.py), and manage.py in a subprocess, collectstatic only when the collected
files are out of date (commands.py). Test and bench code, never imported by the site.
"""

from harness.commands import ManageCommand, collected_static_is_current, start_collectstatic
from harness.database import PostgresDatabase, SqliteDatabase, is_postgres
from harness.environment import HOST, REPO, new_secret_key, production_environment
from harness.gunicorn import Gunicorn, Served

__all__ = [
    "HOST",
    "REPO",
    "Gunicorn",
    "ManageCommand",
    "PostgresDatabase",
    "Served",
    "SqliteDatabase",
    "collected_static_is_current",
    "is_postgres",
    "new_secret_key",
    "production_environment",
    "start_collectstatic",
]
