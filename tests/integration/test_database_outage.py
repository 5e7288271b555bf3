"""PostgreSQL goes away under a running gunicorn and comes back.

A TCP proxy in this process sits between gunicorn and PostgreSQL, so the test
can refuse new database connections and cut the live ones (persistent, with
CONN_MAX_AGE=60 and health checks on) without touching the database server.
"""

import contextlib
import html
import socket
import struct
import threading
import time
import uuid

import pytest

from tests.integration.conftest import ARTICLE_PATH, COMMENT_PATH, Client

pytestmark = pytest.mark.integration

RECOVERY_TIMEOUT = 10  # seconds the site may take to answer 200 again


def _reset(sock):
    """Close with a TCP reset, as a crashed or firewalled database host would."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


class TcpProxy:
    """Forward 127.0.0.1:<port> to the database; refuse or cut connections on demand."""

    def __init__(self, upstream):
        self.upstream = upstream
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self._accepting = threading.Event()
        self._accepting.set()
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._pairs = set()
        self.accepted = 0
        self.refused = 0
        self.cut_count = 0
        self._thread = threading.Thread(target=self._serve, name="db-proxy", daemon=True)
        self._thread.start()

    @property
    def live_connections(self):
        with self._lock:
            return len(self._pairs)

    def stop_accepting(self):
        """New connections are reset at once (not left hanging in the backlog)."""
        self._accepting.clear()

    def cut(self):
        """Drop every live connection in both directions; return how many."""
        with self._lock:
            pairs = list(self._pairs)
        for pair in pairs:
            self._close_pair(pair)
        self.cut_count += len(pairs)
        return len(pairs)

    def resume(self):
        self._accepting.set()

    def close(self):
        self._closed.set()
        self._accepting.clear()
        self._thread.join(timeout=5)
        self._listener.close()
        self.cut()

    def _serve(self):
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self._accepting.is_set():
                self.refused += 1
                _reset(client)
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                _reset(client)
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            pair = (client, upstream)
            with self._lock:
                self._pairs.add(pair)
            self.accepted += 1
            for src, dst in (pair, pair[::-1]):
                threading.Thread(
                    target=self._pump, args=(src, dst, pair), name="db-proxy-pump", daemon=True
                ).start()

    def _pump(self, src, dst, pair):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            self._close_pair(pair)

    def _close_pair(self, pair):
        with self._lock:
            if pair not in self._pairs:
                return
            self._pairs.discard(pair)
        for sock in pair:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # wakes the pump blocked in recv()
            sock.close()


@pytest.fixture
def proxy(site):
    proxy = TcpProxy((site.database.host, site.database.port))
    yield proxy
    proxy.close()


def test_database_outage_gives_503_and_the_site_recovers_without_restart(site, servers, proxy):
    steps = []
    server = servers(
        "outage",
        workers=2,
        database_url=site.database.url_through("127.0.0.1", proxy.port),
        CONN_MAX_AGE=60,
        # A kept page, or its kept fragments and article row, would serve the article
        # through the outage (correctly: nothing can change meanwhile); this test is about
        # the database path.
        PAGE_CACHE_SECONDS=0,
        FRAGMENT_CACHE_SECONDS=0,
    ).wait_ready()
    visitor = Client(server.url)

    # (a) All is well; the workers hold persistent connections through the proxy.
    article_page = visitor.get(ARTICLE_PATH)
    assert article_page.status == 200, article_page.describe()
    health = visitor.get("/healthz")
    assert (health.status, health.json()) == (200, {"database": "ok", "cache": "ok"})
    assert proxy.live_connections >= 1, "gunicorn does not reach PostgreSQL through the proxy"
    steps.append(f"(a) page 200, /healthz 200, {proxy.live_connections} live db connection(s)")

    # (b) The database goes away: new connections refused, live ones cut.
    proxy.stop_accepting()
    cut = proxy.cut()
    for attempt in range(3):  # more tries than workers, so every worker meets the outage
        page = visitor.get(ARTICLE_PATH)
        assert page.status == 503, page.describe()
        assert "Tijdelijk niet beschikbaar" in page.text, page.describe()
        assert "Traceback" not in page.text and "OperationalError" not in page.text
        assert page.headers["Retry-After"] == "60"
        assert "no-store" in page.headers["Cache-Control"]
        if attempt == 0:
            steps.append(f"(b) cut {cut} connection(s); page 503 'Tijdelijk niet beschikbaar'")

    health = visitor.get("/healthz")
    assert health.status == 503, health.describe()
    assert health.headers.get_content_type() == "application/json"
    assert health.json() == {"database": "error", "cache": "ok"}
    steps.append(f"(b) /healthz 503 {health.json()}")

    # The visitor opened the page before the outage and sends the comment now.
    text = f"Tijdens de storing geschreven, {uuid.uuid4().hex[:10]}: magnesium & slaap <3."
    posted = visitor.post(COMMENT_PATH, site.comment_data(article_page, text))
    assert posted.status == 503, posted.describe()
    assert html.escape(text) in posted.text, "the visitor's text is not in the 503 page"
    assert "Traceback" not in posted.text
    assert "no-store" in posted.headers["Cache-Control"]
    resend = posted.form(action=COMMENT_PATH)
    assert resend.method == "post"
    assert resend.fields["text"] == text
    assert {"csrfmiddlewaretoken", "name", "email", "privacy", "rendered_at"} <= set(resend.fields)
    assert site.comments_with_text(text) == [], "a comment was stored during the outage"
    steps.append(
        "(b) comment POST 503 with the text in a resend form; nothing stored; "
        f"proxy refused {proxy.refused} connection attempt(s)"
    )

    # (c) The database is back; the same gunicorn recovers by itself.
    proxy.resume()
    started = time.monotonic()
    deadline = started + RECOVERY_TIMEOUT
    while True:
        page = visitor.get(ARTICLE_PATH)
        if page.status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    recovered_after = time.monotonic() - started
    assert page.status == 200, f"no recovery in {RECOVERY_TIMEOUT} s:\n{page.describe()}"
    assert visitor.get("/healthz").status == 200
    assert server.process.poll() is None, "gunicorn restarted or died"
    steps.append(f"(c) resumed: page 200 after {recovered_after:.2f} s, /healthz 200")

    assert site.comments_with_text(text) == []
    resent = visitor.post(resend.action, resend.fields)
    assert resent.status == 302, resent.describe()
    assert resent.location == ARTICLE_PATH + "#reacties"
    rows = site.comments_with_text(text)
    assert [status for _, status in rows] == ["pending"], rows
    # A second click on the same form is recognised, not stored twice.
    again = visitor.post(resend.action, resend.fields)
    assert again.status == 302, again.describe()
    assert site.comments_with_text(text) == rows
    thanks = visitor.get(ARTICLE_PATH)
    assert "Bedankt voor je reactie!" in thanks.text
    assert html.escape(text) not in thanks.text, "a pending comment is shown"
    steps.append(f"(c) resent form: 302, stored once as pending (id {rows[0][0]})")
    print("\n".join(steps))
