"""Correctness under load: no posted comment lost, no pending text on a public page."""

import http.client
import threading
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench import server
from bench.prepare import PENDING_MARKER


def post_comment(port, path, cookie, token, rendered_at, text):
    """POST one comment as a browser would; return the status (None if no answer)."""
    body = urlencode(
        {
            "csrfmiddlewaretoken": token,
            "rendered_at": rendered_at,
            "name": "Bench",
            "email": "bench@example.org",
            "website": "",
            "homepage": "",
            "privacy": "on",
            "text": text,
        }
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookie}",
    }
    connection = http.client.HTTPConnection(server.HOST, port, timeout=30)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return None
    finally:
        connection.close()


class LeakScanner:
    """Fetch public pages and count appearances of texts that must never be public.

    scan() makes passes over all pages. Used as a context manager, a thread samples
    while a load runs: every `interval` seconds one page, and when `post` is given
    (path, cookie, token, rendered_at, text prefix), also one comment of its own whose
    outcome is known exactly (self.posted: text -> status).
    """

    def __init__(self, port, paths, hidden_texts, interval=0.2):
        self.port = port
        self.paths = list(paths)
        self.hidden_texts = [PENDING_MARKER, *hidden_texts]
        self.interval = interval
        self.pages = 0
        self.leaks = 0
        self.failures = []  # (path, status or error) of fetches that did not answer 200
        self.posted = {}
        self.post = None
        self._stop = threading.Event()
        self._thread = None

    def fetch(self, path):
        try:
            status, _, body = server.get(self.port, path)
        except OSError as error:
            self.failures.append((path, repr(error)))
            return
        self.pages += 1
        if status != 200:
            self.failures.append((path, status))
        self.leaks += sum(body.count(text) for text in self.hidden_texts)

    def scan(self, rounds=1):
        for _ in range(rounds):
            for path in self.paths:
                self.fetch(path)

    def _sample(self):
        turn = 0
        while not self._stop.wait(self.interval):
            self.fetch(self.paths[turn % len(self.paths)])
            if self.post:
                path, cookie, token, rendered_at, prefix = self.post
                text = f"{prefix} n{turn}"
                self.posted[text] = post_comment(self.port, path, cookie, token, rendered_at, text)
            turn += 1

    def __enter__(self):
        self._stop.clear()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


@dataclass
class CommentAudit:
    """What the database holds of the comments the bench posted.

    wrk only counts responses, it cannot say which request got which: its POSTs are
    checked by numbers (at least one pending comment per 302, no more comments than
    requests sent). The sampler's own POSTs are checked one by one.
    """

    successes: int  # wrk POSTs answered 302
    unanswered: int  # wrk POSTs sent without a response seen (in flight when wrk stopped)
    stored: int  # rows with a wrk text
    distinct: int  # distinct wrk texts among them
    pending: int  # distinct wrk texts stored as pending
    sampled_lost: list = field(default_factory=list)  # sampler texts answered 302, not stored
    sampled_unexpected: list = field(default_factory=list)  # stored, but not answered 302
    sampled_duplicates: int = 0
    sampled_ok: int = 0

    @property
    def duplicates(self):
        return self.stored - self.distinct + self.sampled_duplicates

    @property
    def not_pending(self):
        return self.distinct - self.pending

    @property
    def lost(self):
        """Comments confirmed with a 302 that are not in the database as pending."""
        return max(0, self.successes - self.pending) + len(self.sampled_lost)

    @property
    def unexplained(self):
        """Stored comments beyond the 302s and the requests whose answer was never seen."""
        wrk = max(0, self.distinct - self.successes - self.unanswered)
        return wrk + len(self.sampled_unexpected)

    @property
    def ok(self):
        return not (self.lost or self.duplicates or self.not_pending or self.unexplained)


def audit_comments(article, wrk_prefix, successes, unanswered, sampled):
    """Count the comments of the bench's wrk POSTs (texts starting with wrk_prefix),
    and check the sampler's (`sampled`: text -> status) one by one."""
    from django.db import connections
    from django.db.models import Count

    from comments.models import Comment, Status

    bench = Comment.objects.filter(article=article)
    rows = bench.filter(text__startswith=wrk_prefix)
    audit = CommentAudit(
        successes=successes,
        unanswered=unanswered,
        stored=rows.count(),
        distinct=rows.values("text").distinct().count(),
        pending=rows.filter(status=Status.PENDING).values("text").distinct().count(),
    )
    stored = {
        row["text"]: row
        for row in bench.filter(text__in=list(sampled))
        .values("text", "status")
        .annotate(copies=Count("pk"))
    }
    for text, status in sampled.items():
        row = stored.get(text)
        if status == 302 and (row is None or row["status"] != Status.PENDING):
            audit.sampled_lost.append(text)
        elif status not in {302, None} and row is not None:
            audit.sampled_unexpected.append(text)
        if row is not None:
            audit.sampled_duplicates += row["copies"] - 1
        audit.sampled_ok += status == 302
    connections.close_all()
    return audit
