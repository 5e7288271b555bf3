"""Without REDIS_URL: one gunicorn with two workers, and only PostgreSQL between them.

Each worker then has a cache of its own. What must hold for the whole site, the page
versions that retire cached pages and the per-address comment rate limit, has to live
where every worker reads it (files in CACHE_DIR, issue 10): a worker that kept either
to itself would go on showing a rejected comment, or accept more comments from one
address than the limit allows.

Which worker answers is not left to chance: gunicorn's sync workers take one request
at a time, so while the test keeps one busy with an unfinished request, the other
answers everything else (checked in the access log).
"""

import html
import random
import socket
import time
import uuid

import pytest

import harness
from tests.integration.conftest import ARTICLE_PATH, COMMENT_PATH, HTTP_TIMEOUT, Client

pytestmark = pytest.mark.integration

RATE_LIMIT = 5  # COMMENTS_RATE_LIMIT: comments per address per window
PAGE_LOADS = 60  # anonymous visits after each moderation, half on each worker
POSTS = 10  # from one address, half on each worker

CREATE_PENDING_COMMENT = """
import os
from articles.models import Article
from comments.models import Comment

comment = Comment.objects.create(
    article=Article.objects.get(slug="magnesiumtekort"),
    name="Integratie Lezer",
    email="lezer@example.com",
    text=os.environ["COMMENT_TEXT"],
)
print(comment.pk)
"""


@pytest.fixture
def server(servers):
    """Two workers, no REDIS_URL; the visitor's address comes from X-Forwarded-For."""
    return servers(
        "no-redis",
        redis_url=None,
        workers=2,
        COMMENTS_RATE_LIMIT=RATE_LIMIT,
        TRUSTED_PROXY_COUNT=1,
    ).wait_ready()


class _BusyWorker:
    """Keeps one worker busy: a request whose headers end only at release()."""

    def __init__(self, server, *, last_free=False):
        self._socket = socket.create_connection((harness.HOST, server.port), HTTP_TIMEOUT)
        self._socket.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        if last_free:
            time.sleep(0.3)  # the one free worker takes it at once (the access log tells)
            return
        # Connections are accepted in order: once a later one is answered, a worker
        # has taken this one and waits for the rest of it.
        probe = Client(server.url).get("/healthz")
        assert probe.status == 200, probe.describe()

    def release(self):
        self._socket.sendall(b"Connection: close\r\n\r\n")
        while self._socket.recv(65536):  # the answer, then the worker closes: it is free
            pass
        self._socket.close()


def _served(server, method, path):
    """The pid of the worker that answered each `method path`, in the access log's order."""
    return [r.pid for r in server.requests_served() if (r.method, r.target) == (method, path)]


def _on_each_worker(server, method, path, first, second):
    """first() with one worker busy, then second() with the other; their results.

    Asserts, from the access log, that each one's `method path` requests were all
    answered by one worker, and second's by the other one.
    """
    before = len(_served(server, method, path))
    held = _BusyWorker(server)
    try:
        results = [first()]
        other = _BusyWorker(server, last_free=True)  # the worker that did first()
        held.release()
        held = other
        results.append(second())
    finally:
        held.release()
    deadline = time.monotonic() + 5  # a log line is written just after its response
    while len(pids := _served(server, method, path)) < before + sum(map(len, results)):
        assert time.monotonic() < deadline, "requests missing from the access log"
        time.sleep(0.05)
    split = len(results[0])
    workers = set(pids[before : before + split]), set(pids[before + split :])
    assert all(len(w) == 1 for w in workers) and workers[0] != workers[1], workers
    return results


def _visits(server, count):
    return [Client(server.url).get(ARTICLE_PATH) for _ in range(count)]


def _shown(pages, text):
    for page in pages:
        assert page.status == 200, page.describe()
    return [html.escape(text) in page.text for page in pages].count(True)


def _moderate(editor, pk, status):
    """What the editor's button in the moderation queue does."""
    queue = editor.get("/admin/comments/comment/")
    assert queue.status == 200, queue.describe()
    response = editor.post(
        f"/admin/comments/comment/{pk}/moderate/{status}/",
        {"csrfmiddlewaretoken": queue.csrf_token(), "_moderate": ""},
    )
    assert response.status == 302, response.describe()


def test_without_redis_a_rejected_comment_disappears_from_both_workers_at_once(site, server):
    text = f"Eerst goedgekeurd, dan afgewezen ({uuid.uuid4().hex[:10]})"
    output = site.manage(
        "shell", "-c", CREATE_PENDING_COMMENT, env=site.env(redis_url=None, COMMENT_TEXT=text)
    )
    pk = int(output.split()[-1])
    editor = Client(server.url)
    editor.login_admin()
    half = PAGE_LOADS // 2

    _moderate(editor, pk, "approved")
    pages = _on_each_worker(
        server, "GET", ARTICLE_PATH, lambda: _visits(server, half), lambda: _visits(server, half)
    )
    # Both workers now keep the page with the comment.
    assert [_shown(p, text) for p in pages] == [half, half]

    _moderate(editor, pk, "rejected")  # on one of the workers
    assert site.comments_with_text(text) == [(pk, "rejected")]
    pages = _on_each_worker(
        server, "GET", ARTICLE_PATH, lambda: _visits(server, half), lambda: _visits(server, half)
    )
    stale = [_shown(p, text) for p in pages]
    assert stale == [0, 0], (
        f"right after the rejection, the two workers showed the comment in {stale} of "
        f"{half} anonymous visits each: a worker kept its own page version"
    )


def test_without_redis_the_rate_limit_counts_posts_on_both_workers(site, server):
    # An address (TEST-NET-3) no other test posts from: no earlier count applies.
    forwarded = {"X-Forwarded-For": f"203.0.113.{random.randrange(1, 255)}"}
    visitor = Client(server.url)
    page = visitor.get(ARTICLE_PATH, headers=forwarded)
    assert page.status == 200, page.describe()
    texts = [f"Reactie {n} van één adres ({uuid.uuid4().hex[:10]})" for n in range(POSTS)]

    def post(texts):
        return [
            visitor.post(COMMENT_PATH, site.comment_data(page, text), headers=forwarded).status
            for text in texts
        ]

    half = POSTS // 2
    statuses = _on_each_worker(
        server, "POST", COMMENT_PATH, lambda: post(texts[:half]), lambda: post(texts[half:])
    )
    accepted = [s.count(302) for s in statuses]
    stored = sum(len(site.comments_with_text(text)) for text in texts)
    assert stored == sum(accepted)
    assert sum(accepted) <= RATE_LIMIT, (
        f"{sum(accepted)} of {POSTS} comments from one address accepted ({accepted} by the "
        f"two workers; limit {RATE_LIMIT}): each worker counted only its own"
    )
    assert statuses == [[302] * RATE_LIMIT, [429] * (POSTS - RATE_LIMIT)]
