"""Two app servers behind one load balancer: same PostgreSQL database, same Redis.

Whatever state one server keeps must be visible to the other: moderation,
the cached pages, the per-address comment rate limit and the admin session.
"""

import html
import uuid

import pytest

from tests.integration.conftest import ARTICLE_PATH, COMMENT_PATH, Client

pytestmark = pytest.mark.integration

RATE_LIMIT = 3


@pytest.fixture(scope="module")
def app_servers(site):
    """Servers A and B, started together; both stop when this module is done."""
    pair = [
        site.start_server(name, workers=2, COMMENTS_RATE_LIMIT=RATE_LIMIT) for name in ("A", "B")
    ]
    try:
        for server in pair:
            server.wait_ready()
        yield pair
    finally:
        for server in pair:
            site.stop_server(server)


@pytest.fixture
def fresh_rate_limits(site):
    """Every test here posts from 127.0.0.1; start each with no counted submissions."""
    site.reset_rate_limits()
    yield
    site.reset_rate_limits()


def _unique(text):
    return f"{text} ({uuid.uuid4().hex[:10]})"


def test_comment_posted_on_a_is_approved_on_b_and_shown_by_both(
    site, app_servers, fresh_rate_limits
):
    server_a, server_b = app_servers
    text = _unique("Via server A geplaatst, op server B goedgekeurd")

    visitor = Client(server_a.url)
    page = visitor.get(ARTICLE_PATH)
    assert page.status == 200, page.describe()
    approved_before = page.approved_count()
    posted = visitor.post(COMMENT_PATH, site.comment_data(page, text))
    assert posted.status == 302, posted.describe()
    [(pk, status)] = site.comments_with_text(text)
    assert status == "pending"

    # Anonymous visitors on both servers see the page without it (and may cache that page).
    for server in app_servers:
        before = Client(server.url).get(ARTICLE_PATH)
        assert before.status == 200, before.describe()
        assert html.escape(text) not in before.text
        assert before.approved_count() == approved_before

    editor = Client(server_b.url)
    editor.login_admin()
    queue = editor.get("/admin/comments/comment/")
    assert queue.status == 200, queue.describe()
    assert html.escape(text) in queue.text, "the pending comment is not in B's moderation queue"
    approve_url = f"/admin/comments/comment/{pk}/moderate/approved/"
    assert f'formaction="{approve_url}"' in queue.text
    approved = editor.post(
        approve_url, {"csrfmiddlewaretoken": queue.csrf_token(), "_moderate": ""}
    )
    assert approved.status == 302, approved.describe()
    assert site.database.query(
        "SELECT c.status, u.username FROM comments_comment c "
        "JOIN auth_user u ON u.id = c.moderated_by_id WHERE c.id = %s",
        [pk],
    ) == [("approved", "redacteur-integratie")]

    # At once, no waiting for a cache to expire: both servers show it with the same count.
    pages = {server.name: Client(server.url).get(ARTICLE_PATH) for server in app_servers}
    for name, shown in pages.items():
        assert shown.status == 200, shown.describe()
        assert html.escape(text) in shown.text, f"server {name} does not show the comment"
        assert f'id="reactie-{pk}"' in shown.text
    counts = {name: shown.approved_count() for name, shown in pages.items()}
    assert counts == {"A": approved_before + 1, "B": approved_before + 1}


def test_rate_limit_counts_posts_on_both_servers(site, app_servers, fresh_rate_limits):
    server_a, server_b = app_servers
    visitor = Client(server_a.url)  # one browser; the load balancer alternates A and B
    page = visitor.get(ARTICLE_PATH)
    assert page.status == 200, page.describe()
    texts = [_unique(f"Reactie {n} van hetzelfde adres") for n in range(1, RATE_LIMIT + 3)]
    servers = [server_a, server_b] * 3

    statuses = []
    for text, server in zip(texts, servers, strict=False):
        response = visitor.post(COMMENT_PATH, site.comment_data(page, text), base_url=server.url)
        statuses.append((server.name, response.status))
        if len(statuses) > RATE_LIMIT:
            assert response.status == 429, response.describe()
            assert "kort achter elkaar veel reacties" in response.text
            assert "no-store" in response.headers["Cache-Control"]
        else:
            assert response.status == 302, response.describe()
    # Posts 1-3 alternate A, B, A; the 4th (on B) and the 5th (on A) are refused.
    assert statuses == [("A", 302), ("B", 302), ("A", 302), ("B", 429), ("A", 429)]
    stored = [len(site.comments_with_text(text)) for text in texts]
    assert stored == [1, 1, 1, 0, 0]


def test_admin_session_from_a_works_on_b(app_servers):
    server_a, server_b = app_servers
    on_a = Client(server_a.url)
    on_a.login_admin()
    session = on_a.cookie("sessionid")

    stranger = Client(server_b.url)
    refused = stranger.get("/admin/")
    assert refused.status == 302 and refused.location.startswith("/admin/login/")

    on_b = Client(server_b.url)
    on_b.set_cookie("sessionid", session)
    index = on_b.get("/admin/")
    assert index.status == 200, index.describe()
    assert "redacteur-integratie" in index.text
    assert "/admin/logout/" in index.text
