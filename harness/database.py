"""A database of the harness's own, so nothing it writes lands in a developer's data."""

from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}


def is_postgres(url):
    return urlsplit(url or "").scheme in POSTGRES_SCHEMES


class PostgresDatabase:
    """A database `name` on the server of server_url, created empty and dropped after.

    The database server_url names is only used to run CREATE and DROP from.
    """

    vendor = "postgresql"

    def __init__(self, server_url, name):
        parts = urlsplit(server_url)
        self.name = name
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 5432
        self.user = unquote(parts.username or "postgres")
        self.password = unquote(parts.password) if parts.password else None
        self._server_database = unquote(parts.path.lstrip("/")) or "postgres"

    @property
    def url(self):
        return self.url_through(self.host, self.port)

    def url_through(self, host, port):
        """The DATABASE_URL of this database reached at host:port (a proxy, say)."""
        auth = quote(self.user, safe="")
        if self.password:
            auth += ":" + quote(self.password, safe="")
        return f"postgres://{auth}@{host}:{port}/{self.name}"

    def describe(self):
        return f"postgresql ({self.host}:{self.port}/{self.name})"

    def create(self):
        """An empty database; one left over from an interrupted run is dropped first."""
        self.drop()
        self._run_on_server(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        self._run_on_server(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def exists(self):
        connection = self.connect(self._server_database)
        try:
            with connection, connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name])
                return cursor.fetchone() is not None
        finally:
            connection.close()

    def connect(self, dbname=None):
        """A psycopg2 connection to this database, never through the site's code."""
        import psycopg2

        return psycopg2.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname=dbname or self.name,
            connect_timeout=5,
        )

    def query(self, sql, params=()):
        """The rows of one statement, in a transaction of its own."""
        connection = self.connect()
        try:
            with connection, connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            connection.close()

    def _run_on_server(self, sql):
        connection = self.connect(self._server_database)
        try:
            connection.autocommit = True  # CREATE and DROP DATABASE refuse a transaction
            with connection.cursor() as cursor:
                cursor.execute(sql)
        finally:
            connection.close()


class SqliteDatabase:
    """An SQLite file, made by migrate; it goes when its directory does."""

    vendor = "sqlite"

    def __init__(self, path):
        self.path = Path(path)

    @property
    def url(self):
        return f"sqlite:///{self.path}"

    def describe(self):
        return "sqlite (temporary file)"

    def create(self):
        pass

    def drop(self):
        pass
