"""Real gunicorn servers with production-like settings against PostgreSQL and Redis.

These tests run only when DATABASE_URL points at PostgreSQL (as in the second
pass of .ci/run). They never use pytest-django's test database: a dedicated
database is created and dropped here, the servers are reached over HTTP with
the standard library only, and rows are inspected with psycopg2 directly.
"""

import importlib.util
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from email.message import Message
from html.parser import HTMLParser
from http.cookiejar import Cookie, CookieJar
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DB_NAME = "integration_magnesium"
REDIS_URL = "redis://127.0.0.1:6379/14"
ARTICLE_PATH = "/artikelen/magnesiumtekort/"
COMMENT_PATH = ARTICLE_PATH + "reageren/"
EDITOR_USERNAME = "redacteur-integratie"
EDITOR_PASSWORD = "integratie-wachtwoord-7k2m"  # a throwaway database on loopback

HTTP_TIMEOUT = 10  # seconds, for one request to a server
COMMAND_TIMEOUT = 120  # seconds, for one manage.py command
SERVER_START_TIMEOUT = 20  # seconds until a new gunicorn answers /healthz

COLLECTSTATIC_TIMEOUT = 600  # seconds; compressing every static file with brotli is slow

POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}


def _settings_variables():
    """Every variable magnesium_site/settings.py reads; the servers get only values set here."""
    source = (REPO / "magnesium_site" / "settings.py").read_text()
    names = set(re.findall(r'\benv(?:_bool|_int|_list)?\(\s*"([A-Z][A-Z0-9_]*)"', source))
    return names | {"DJANGO_SETTINGS_MODULE", "REDIS_TEST_URL"}


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "integration: real gunicorn servers against PostgreSQL and Redis (no pytest-django db)",
    )


# --- HTTP with the standard library ---------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to the test instead of following them."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@dataclass
class Form:
    action: str
    method: str
    id: str | None
    fields: dict = field(default_factory=dict)


class _FormParser(HTMLParser):
    """The forms of a page with the values a browser would send (no submit buttons)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = Form(
                action=attrs.get("action") or "",
                method=(attrs.get("method") or "get").lower(),
                id=attrs.get("id"),
            )
            return
        if self._form is None or not attrs.get("name"):
            return
        name = attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._form.fields[name] = attrs.get("value") or ("on" if kind == "checkbox" else "")
        elif tag == "textarea":
            self._textarea = name
            self._form.fields[name] = ""

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            value = self._form.fields[self._textarea]
            # Like a browser, drop one newline right after <textarea>.
            self._form.fields[self._textarea] = value.removeprefix("\n")
            self._textarea = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


@dataclass
class Response:
    status: int
    headers: Message
    text: str
    url: str

    def json(self):
        return json.loads(self.text)

    @property
    def location(self):
        return self.headers.get("Location", "")

    def forms(self):
        parser = _FormParser()
        parser.feed(self.text)
        parser.close()
        return parser.forms

    def form(self, *, id=None, action=None):
        for form in self.forms():
            if (id is None or form.id == id) and (action is None or form.action == action):
                return form
        raise AssertionError(f"no form id={id!r} action={action!r} on {self.url} ({self.status})")

    def csrf_token(self):
        for form in self.forms():
            if form.fields.get("csrfmiddlewaretoken"):
                return form.fields["csrfmiddlewaretoken"]
        raise AssertionError(f"no csrfmiddlewaretoken on {self.url} ({self.status})")

    def approved_count(self):
        match = re.search(r'class="[^"]*\bcomment-count\b[^"]*">\s*(\d+)\s*<', self.text)
        assert match, f"no approved-comment count on {self.url}"
        return int(match.group(1))

    def describe(self):
        return f"{self.status} {self.url}\n{self.text[:2000]}"


class Client:
    """One browser: a cookie jar and no automatic redirects.

    Cookies are kept per host, not per port, so one Client talking to two
    servers on 127.0.0.1 behaves like one browser behind a load balancer.
    """

    def __init__(self, base_url):
        self.base_url = base_url
        self.jar = CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect
        )

    def request(self, method, path, data=None, *, base_url=None, timeout=HTTP_TIMEOUT):
        url = (base_url or self.base_url) + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, method=method)  # noqa: S310
        if body is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with self._opener.open(request, timeout=timeout) as response:
                return Response(response.status, response.headers, _decode(response), url)
        except urllib.error.HTTPError as error:
            with error:
                return Response(error.code, error.headers, _decode(error), url)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data, **kwargs)

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), None)

    def set_cookie(self, name, value, host="127.0.0.1"):
        self.jar.set_cookie(
            Cookie(
                version=0,
                name=name,
                value=value,
                port=None,
                port_specified=False,
                domain=host,
                domain_specified=False,
                domain_initial_dot=False,
                path="/",
                path_specified=True,
                secure=False,
                expires=None,
                discard=True,
                comment=None,
                comment_url=None,
                rest={},
            )
        )

    def login_admin(self, username=EDITOR_USERNAME, password=EDITOR_PASSWORD):
        page = self.get("/admin/login/?next=/admin/")
        assert page.status == 200, page.describe()
        response = self.post(
            "/admin/login/",
            {
                "csrfmiddlewaretoken": page.csrf_token(),
                "username": username,
                "password": password,
                "next": "/admin/",
            },
        )
        assert response.status == 302, response.describe()
        assert response.location == "/admin/", response.location
        assert self.cookie("sessionid"), "no session cookie after logging in"
        return response


def _decode(response):
    charset = response.headers.get_content_charset() or "utf-8"
    return response.read().decode(charset, errors="replace")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- servers ---------------------------------------------------------------------------------


class Server:
    """One gunicorn process (master and workers) on a free loopback port."""

    def __init__(self, name, env, log_path, workers):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "magnesium_site.wsgi",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={workers}",
                "--timeout=30",
                "--graceful-timeout=3",
                "--access-logfile=-",
                "--error-logfile=-",
                "--capture-output",
            ],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def client(self):
        return Client(self.url)

    def log_tail(self, chars=4000):
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def wait_ready(self, timeout=SERVER_START_TIMEOUT):
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"gunicorn {self.name} exited with {self.process.returncode}:\n"
                    + self.log_tail()
                )
            try:
                response = Client(self.url).get("/healthz", timeout=2)
                if response.status == 200:
                    return self
                last = f"{response.status} {response.text[:200]}"
            except OSError as error:
                last = repr(error)
            time.sleep(0.1)
        raise AssertionError(
            f"gunicorn {self.name} not ready after {timeout} s ({last}):\n{self.log_tail()}"
        )

    def stop(self):
        """SIGTERM to this gunicorn master (it stops its workers); SIGKILL if it hangs."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._log.close()


# --- the site: database, Redis, settings ---------------------------------------------------


def _postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in POSTGRES_SCHEMES:
        pytest.skip(
            "integration tests need DATABASE_URL=postgres://... "
            "(e.g. postgres://postgres@127.0.0.1:5432/test, as in .ci/run); "
            f"DATABASE_URL is {'unset' if not url else 'not PostgreSQL'}"
        )
    return parts


class Site:
    """The dedicated database, Redis db 14 and the environment every server shares."""

    def __init__(self, pg, tmp):
        import psycopg2
        import redis

        self._psycopg2 = psycopg2
        self.pg_host = pg.hostname or "127.0.0.1"
        self.pg_port = pg.port or 5432
        self.pg_user = urllib.parse.unquote(pg.username or "postgres")
        self.pg_password = urllib.parse.unquote(pg.password) if pg.password else None
        self.tmp = tmp
        self.secret_key = secrets.token_urlsafe(48)  # 64 characters
        assert len(self.secret_key) == 64
        self.redis = redis.Redis.from_url(REDIS_URL, socket_timeout=5, socket_connect_timeout=5)
        self.media_root = tmp / "media"
        self.media_root.mkdir()
        self._servers = []

    def database_url(self, host=None, port=None):
        auth = urllib.parse.quote(self.pg_user, safe="")
        if self.pg_password:
            auth += ":" + urllib.parse.quote(self.pg_password, safe="")
        return f"postgres://{auth}@{host or self.pg_host}:{port or self.pg_port}/{DB_NAME}"

    def env(self, database_url=None, **overrides):
        env = {k: v for k, v in os.environ.items() if k not in _settings_variables()}
        env.update(
            DJANGO_SETTINGS_MODULE="magnesium_site.settings",
            PYTHONUNBUFFERED="1",
            DEBUG="false",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false",
            SECURE_COOKIES="false",
            DATABASE_URL=database_url or self.database_url(),
            REDIS_URL=REDIS_URL,
            MEDIA_ROOT=str(self.media_root),
            SITE_URL="http://127.0.0.1",
            # No mail server on loopback: e-mails to editors go to the server log.
            EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        )
        env.update({k: str(v) for k, v in overrides.items()})
        return env

    # PostgreSQL, directly (never through a test proxy).
    def connect(self, dbname=DB_NAME):
        return self._psycopg2.connect(
            host=self.pg_host,
            port=self.pg_port,
            user=self.pg_user,
            password=self.pg_password,
            dbname=dbname,
            connect_timeout=5,
        )

    def create_database(self):
        self._admin_sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        self._admin_sql(f'CREATE DATABASE "{DB_NAME}"')

    def drop_database(self):
        self._admin_sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')

    def _admin_sql(self, sql):
        conn = self.connect(dbname="postgres")
        try:
            conn.autocommit = True
            with conn.cursor() as cursor:
                cursor.execute(sql)
        finally:
            conn.close()

    def query(self, sql, params=()):
        conn = self.connect()
        try:
            with conn, conn.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            conn.close()

    def comments_with_text(self, text):
        """(id, status) of every stored comment with exactly this text."""
        return self.query(
            "SELECT id, status FROM comments_comment WHERE text = %s ORDER BY id", [text]
        )

    # Redis.
    def flush_redis(self):
        self.redis.flushdb()

    def reset_rate_limits(self):
        for key in self.redis.scan_iter(match="*comments:rate:*"):
            self.redis.delete(key)

    # manage.py and gunicorn.
    def manage(self, *args, env=None):
        return self.start_manage(*args, env=env).finish()

    def start_manage(self, *args, env=None):
        return _Command(args, env or self.env())

    def start_server(self, name, *, database_url=None, workers=2, **overrides):
        env = self.env(database_url=database_url, **overrides)
        server = Server(
            name, env, self.tmp / f"gunicorn-{name}-{uuid.uuid4().hex[:6]}.log", workers
        )
        self._servers.append(server)
        return server

    def stop_server(self, server):
        if server in self._servers:
            self._servers.remove(server)
        server.stop()

    def stop_servers(self):
        while self._servers:
            self._servers.pop().stop()

    # Comments.
    def sign_render_time(self, seconds_ago=30):
        """A comment form's render time, signed like comments.spam does with the servers' key."""
        from django.core import signing

        from comments.spam import _SIGNER_SALT

        signer = signing.TimestampSigner(key=self.secret_key, salt=_SIGNER_SALT)
        return signer.sign(str(int(time.time() - seconds_ago)))

    def comment_data(self, page, text, **overrides):
        """What a visitor sends from the article page, 30 s after it was rendered."""
        data = {
            "csrfmiddlewaretoken": page.csrf_token(),
            "name": "Integratie Bezoeker",
            "email": "bezoeker@example.com",
            "website": "",
            "text": text,
            "homepage": "",
            "privacy": "on",
            "rendered_at": self.sign_render_time(),
        }
        data.update(overrides)
        return data


class _Command:
    def __init__(self, args, env):
        self.args = args
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

    def finish(self, timeout=COMMAND_TIMEOUT):
        try:
            output, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, _ = self.process.communicate(timeout=5)
            raise AssertionError(f"manage.py {' '.join(self.args)} took over {timeout} s") from None
        text = output.decode(errors="replace")
        if self.process.returncode != 0:
            raise AssertionError(
                f"manage.py {' '.join(self.args)} failed ({self.process.returncode}):\n{text}"
            )
        return text


SETUP_DATABASE = """
import os
from django.contrib.auth.models import Group, User
from django.core.management import call_command

call_command("migrate", interactive=False, verbosity=0)
call_command("setup_roles")
call_command("load_demo")
editor = User.objects.create_user(
    os.environ["EDITOR_USERNAME"],
    email="redacteur-integratie@example.com",
    password=os.environ["EDITOR_PASSWORD"],
    is_staff=True,
)
editor.groups.add(Group.objects.get(name="Redacteuren"))
"""


def _collected_static_is_current():
    """True when <repo>/staticfiles has a manifest newer than, and listing, every source file.

    collectstatic with whitenoise's compressed manifest storage compresses every
    file again on each run (over a minute here), so it runs only when needed.
    """
    from django.conf import settings
    from django.contrib.staticfiles import finders

    static_root = Path(settings.STATIC_ROOT)
    manifest_path = static_root / "staticfiles.json"
    try:
        collected_at = manifest_path.stat().st_mtime
        paths = json.loads(manifest_path.read_text())["paths"]
    except (OSError, ValueError, KeyError):
        return False
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            # As collectstatic names it: a prefixed STATICFILES_DIRS entry adds its prefix.
            name = Path(getattr(storage, "prefix", None) or "", path).as_posix()
            if name not in paths or not (static_root / paths[name]).is_file():
                return False
            if Path(storage.path(path)).stat().st_mtime > collected_at:
                return False
    return True


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """A migrated PostgreSQL database with the demo article, roles and an editor.

    Skips unless DATABASE_URL is PostgreSQL. Static files are collected into
    <repo>/staticfiles (STATIC_ROOT is fixed; whitenoise's manifest storage
    needs them with DEBUG off).
    """
    pg = _postgres_url()
    if importlib.util.find_spec("gunicorn") is None:
        pytest.fail(f"gunicorn is not installed for {sys.executable}")
    site = Site(pg, tmp_path_factory.mktemp("integration"))
    try:
        site.redis.ping()
    except Exception as error:
        pytest.fail(f"Redis at {REDIS_URL} does not answer: {error!r}")
    site.flush_redis()
    site.create_database()
    try:
        collectstatic = None
        if not _collected_static_is_current():
            collectstatic = site.start_manage("collectstatic", "--noinput", "--verbosity=0")
        site.manage(
            "shell",
            "-c",
            SETUP_DATABASE,
            env=site.env(EDITOR_USERNAME=EDITOR_USERNAME, EDITOR_PASSWORD=EDITOR_PASSWORD),
        )
        if collectstatic is not None:
            collectstatic.finish(timeout=COLLECTSTATIC_TIMEOUT)
        yield site
    finally:
        site.stop_servers()
        site.flush_redis()
        site.redis.close()
        site.drop_database()


@pytest.fixture
def servers(site):
    """Start gunicorn servers in a test; all of them stop at its end."""
    started = []

    def start(name, **kwargs):
        server = site.start_server(name, **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        site.stop_server(server)
