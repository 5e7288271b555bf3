from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.articles.factories import ArticleFactory
from tests.comments.helpers import comment_url, form_data

pytestmark = pytest.mark.django_db


def _pages(client):
    article = ArticleFactory()
    return {
        "home": client.get(reverse("articles:home")),
        "article": client.get(article.get_absolute_url()),
        "form error": client.post(comment_url(article), form_data(article, text="")),
        "admin login": client.get(reverse("admin:login")),
    }


def test_security_headers_on_every_kind_of_page(client):
    for name, response in _pages(client).items():
        assert response.status_code in (HTTPStatus.OK, HTTPStatus.BAD_REQUEST), name
        csp = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
        assert directives["script-src"] == "'self'", name
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, name
        assert directives["object-src"] == "'none'", name
        assert directives["frame-ancestors"] == "'none'", name
        assert response["X-Frame-Options"] == "DENY", name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name


def test_form_error_page_is_never_stored_by_caches(client):
    assert _pages(client)["form error"]["Cache-Control"] == "private, no-store"


PRODUCTION_PROBE = """
import json, os, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("load_demo", verbosity=0)
from django.test import Client
from articles.models import Article
from tests.comments.helpers import form_data
client = Client()
pages = {
    "home": client.get("/", secure=True),
    "article": client.get("/artikelen/magnesiumtekort/", secure=True),
    "form error": client.post(
        "/artikelen/magnesiumtekort/reageren/",
        form_data(Article.objects.get(slug="magnesiumtekort"), text=""),
        secure=True,
    ),
    "admin login": client.get("/admin/login/", secure=True),
    "plain http": client.get("/", secure=False),
}
print(json.dumps({
    name: {
        "status": r.status_code,
        "headers": dict(r.headers),
        "cookies": {k: dict(v) for k, v in r.cookies.items()},
    }
    for name, r in pages.items()
}))
"""


def test_production_settings_send_every_security_header(tmp_path):
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    from tests.test_settings import NOT_INHERITED, PRODUCTION

    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(PRODUCTION)
    env.update(
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PAGE_CACHE_SECONDS="0",
    )
    # Manifest storage needs collected files; the probe checks headers, not assets.
    env["DJANGO_SETTINGS_MODULE"] = "magnesium_site.settings"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            PRODUCTION_PROBE.replace(
                "django.setup()",
                "django.setup()\nfrom django.conf import settings\n"
                "settings.STORAGES['staticfiles'] = "
                "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}",
            ),
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    pages = json.loads(result.stdout.strip().splitlines()[-1])

    assert pages["plain http"]["status"] == HTTPStatus.MOVED_PERMANENTLY
    assert pages["plain http"]["headers"]["Location"].startswith("https://")
    for name in ("home", "article", "form error", "admin login"):
        page = pages[name]
        headers = page["headers"]
        assert page["status"] in (HTTPStatus.OK, HTTPStatus.BAD_REQUEST), name
        assert headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        ), name
        assert headers["X-Frame-Options"] == "DENY", name
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", name
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin", name
        assert "script-src 'self'" in headers["Content-Security-Policy"], name
        for cookie in page["cookies"].values():
            assert cookie["secure"] is True, name
            assert cookie["samesite"] == "Lax", name
    assert pages["admin login"]["cookies"]["csrftoken"]["secure"] is True
