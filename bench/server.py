"""What the bench does with the gunicorn under test (harness.Gunicorn): GET, drain, memory."""

import http.client
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import harness

WORKERS = 2
HOST = harness.HOST
CHEAP_PATH = "/healthz"  # answers at once, and leaves the page cache alone


def start(env, log_path, name):
    """A gunicorn with WORKERS sync workers, once all of them are up."""
    server = harness.Gunicorn(env, log_path, workers=WORKERS, name=name)
    return server.start().wait_ready(CHEAP_PATH)


def get(port, path, headers=None, timeout=30):
    """One GET; return (status, headers, body as text)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, response.headers, body
    finally:
        connection.close()


def drain(gunicorn):
    """Wait until the requests a finished wrk run left behind have been served.

    wrk closes its connections when its time is up, but the sync workers still
    answer every request they have accepted: without this, a slow page's backlog
    would be counted against the next run.
    """
    with ThreadPoolExecutor(WORKERS) as pool:
        for _ in pool.map(lambda _: get(gunicorn.port, CHEAP_PATH, timeout=300), range(WORKERS)):
            pass


def memory_kib(pid):
    """VmRSS and VmHWM (peak) of a process, in KiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            values[key] = int(rest.split()[0])
    return values["VmRSS"], values["VmHWM"]
