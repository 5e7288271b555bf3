"""Real gunicorn servers with production-like settings against PostgreSQL and Redis.

These tests run only when DATABASE_URL points at PostgreSQL (as in the second
pass of .ci/run). They never use pytest-django's test database: a dedicated
database is created and dropped here, the servers (started by the harness package,
as the benchmark starts them) are reached over HTTP with the standard library only,
and rows are inspected with psycopg2 directly.
"""

import functools
import importlib.util
import json
import os
import re
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

import pytest

import harness

DB_NAME = "integration_magnesium"
REDIS_URL = "redis://127.0.0.1:6379/14"
ARTICLE_PATH = "/artikelen/magnesiumtekort/"
COMMENT_PATH = ARTICLE_PATH + "reageren/"
EDITOR_USERNAME = "redacteur-integratie"
EDITOR_PASSWORD = "integratie-wachtwoord-7k2m"  # a throwaway database on loopback

HTTP_TIMEOUT = 10  # seconds, for one request to a server


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

    def request(
        self, method, path, data=None, *, base_url=None, headers=None, timeout=HTTP_TIMEOUT
    ):
        url = (base_url or self.base_url) + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, method=method)  # noqa: S310
        for name, value in (headers or {}).items():
            request.add_header(name, value)
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


# --- the site: database, Redis, servers ------------------------------------------------------


def _postgres_server_url():
    url = os.environ.get("DATABASE_URL", "")
    if not harness.is_postgres(url):
        pytest.skip(
            "integration tests need DATABASE_URL=postgres://... "
            "(e.g. postgres://postgres@127.0.0.1:5432/test, as in .ci/run); "
            f"DATABASE_URL is {'unset' if not url else 'not PostgreSQL'}"
        )
    return url


class Site:
    """The dedicated database, Redis db 14 and the environment every server shares."""

    def __init__(self, database, tmp):
        import redis

        self.database = database
        self.tmp = tmp
        self.secret_key = harness.new_secret_key()
        self.redis = redis.Redis.from_url(REDIS_URL, socket_timeout=5, socket_connect_timeout=5)
        self.media_root = tmp / "media"
        self.media_root.mkdir()
        self._servers = []

    def env(self, database_url=None, redis_url=REDIS_URL, **overrides):
        """The servers' environment; redis_url=None runs them without Redis."""
        return harness.production_environment(
            database_url=database_url or self.database.url,
            media_root=self.media_root,
            secret_key=self.secret_key,
            redis_url=redis_url,
            **overrides,
        )

    def comments_with_text(self, text):
        """(id, status) of every stored comment with exactly this text."""
        return self.database.query(
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
        return harness.ManageCommand(args, env or self.env()).finish()

    def start_server(self, name, *, database_url=None, redis_url=REDIS_URL, workers=2, **overrides):
        """A gunicorn with an access log (pid of the answering worker included); not yet ready."""
        server = harness.Gunicorn(
            self.env(database_url=database_url, redis_url=redis_url, **overrides),
            self.tmp / f"gunicorn-{name}-{uuid.uuid4().hex[:6]}.log",
            workers=workers,
            name=name,
            access_log=True,
        )
        self._servers.append(server)
        return server.start()

    def stop_server(self, server):
        if server in self._servers:
            self._servers.remove(server)
        server.stop()

    def stop_servers(self):
        while self._servers:
            self._servers.pop().stop()

    # Comments.
    @functools.cached_property
    def article_id(self):
        """The primary key of the demo article (ARTICLE_PATH)."""
        [(pk,)] = self.database.query(
            "SELECT id FROM articles_article WHERE slug = %s", [ARTICLE_PATH.split("/")[-2]]
        )
        return pk

    def sign_render_time(self, seconds_ago=30):
        """The demo article's form render time, signed as comments.spam does with the
        servers' key."""
        from django.test import override_settings

        from comments.spam import _signer

        with override_settings(SECRET_KEY=self.secret_key):
            return _signer(self.article_id).sign(str(int(time.time() - seconds_ago)))

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


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """A migrated PostgreSQL database with the demo article, roles and an editor.

    Skips unless DATABASE_URL is PostgreSQL. Static files are collected into
    <repo>/staticfiles (STATIC_ROOT is fixed; whitenoise's manifest storage
    needs them with DEBUG off).
    """
    database = harness.PostgresDatabase(_postgres_server_url(), DB_NAME)
    if importlib.util.find_spec("gunicorn") is None:
        pytest.fail(f"gunicorn is not installed for {sys.executable}")
    site = Site(database, tmp_path_factory.mktemp("integration"))
    try:
        site.redis.ping()
    except Exception as error:
        pytest.fail(f"Redis at {REDIS_URL} does not answer: {error!r}")
    site.flush_redis()
    database.create()
    try:
        collectstatic = harness.start_collectstatic(site.env())
        site.manage(
            "shell",
            "-c",
            SETUP_DATABASE,
            env=site.env(EDITOR_USERNAME=EDITOR_USERNAME, EDITOR_PASSWORD=EDITOR_PASSWORD),
        )
        if collectstatic is not None:
            collectstatic.finish()
        yield site
    finally:
        site.stop_servers()
        site.flush_redis()
        site.redis.close()
        database.drop()


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
