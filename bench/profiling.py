"""Where a full render of the bench article spends its time: cProfile in this process.

Usage: .venv/bin/python bench/profiling.py [--mode uncached|cold|cached] [--requests N]

Builds the same site as `make bench` (a temporary SQLite database, the demo article with
200 approved and 2,000 pending comments), then answers the article N times through
Django's WSGI handler as a first-time visitor would get it, with the caches of the mode
turned off. Prints the CPU time per request and the functions that take the most of it.
CPU time (time.process_time), not wall time: a busy machine changes it less.
"""

import argparse
import cProfile
import io
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import prepare

MODES = {
    "uncached": {"PAGE_CACHE_SECONDS": 0, "FRAGMENT_CACHE_SECONDS": 0},
    "cold": {"PAGE_CACHE_SECONDS": 0},
    "cached": {},
}


def _request(handler, path):
    """One GET through the WSGI handler (no test client instrumentation); return the status."""
    from django.test.client import RequestFactory

    environ = RequestFactory(HTTP_HOST="127.0.0.1")._base_environ(PATH_INFO=path)
    status = []
    body = handler(environ, lambda code, headers, *args: status.append(code))
    b"".join(body)
    if hasattr(body, "close"):
        body.close()
    return status[0]


def run(mode, requests, top, callees=()):
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    path = prepare.demo_article().get_absolute_url()
    handler = WSGIHandler()
    with override_settings(**MODES[mode]):
        for _ in range(20):  # warm-up: the process's own copies, compiled templates
            status = _request(handler, path)
            if not status.startswith("200"):
                raise SystemExit(f"GET {path} answered {status}")
        with CaptureQueriesContext(connection) as queries:
            _request(handler, path)
        for query in queries:
            print(f"SQL ({query['time']} s): {query['sql'][:300]}")
        start = time.process_time()
        for _ in range(requests):
            _request(handler, path)
        per_request = (time.process_time() - start) / requests * 1000
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            _request(handler, path)
        profiler.disable()
    print(f"{mode}: {per_request:.2f} ms CPU per request ({requests} requests, no profiler)")
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
        print(out.getvalue())
    for pattern in callees:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_callees(pattern)
        print(out.getvalue())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=MODES, default="uncached")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument(
        "--callees", action="append", default=[], help="also what these functions call (regex)"
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    try:
        database = prepare.database("", tmp)
        env = prepare.bench_environment(tmp, database)
        prepare.setup_django(env)
        prepare.build_site(env)
        run(args.mode, args.requests, args.top, args.callees)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
