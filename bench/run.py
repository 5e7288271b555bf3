"""Benchmark of the site as it runs in production: gunicorn, DEBUG off, whitenoise.

Usage: make bench [QUICK=1]   (or .venv/bin/python bench/run.py [--quick])

Set-up, in a temporary directory that is removed afterwards, with the harness package
(shared with tests/integration):
  * the production-like environment (DEBUG=false, a fresh SECRET_KEY, ALLOWED_HOSTS,
    no HTTPS redirect; of the caller's settings variables only REDIS_URL is passed on)
    and a database: an SQLite file, or, when DATABASE_URL names a PostgreSQL server, a
    database `bench_magnesium` created on it and dropped after (an SQLite DATABASE_URL
    is not used);
  * migrate, setup_roles, load_demo and collectstatic (skipped when staticfiles/ is
    already current: compressing takes most of a minute), one editor (each new comment
    queues a notification mail for them, as in production), 200 approved and 2,000
    pending comments on the demo article; every pending text carries PENDING-MARKER-<n>;
  * the article page as rendered by Django, copied to staticfiles/bench/article.html
    so that whitenoise serves the same bytes as a static file (the "ceiling");
  * gunicorn with 2 sync workers on a free loopback port.

Measured with wrk -t2 -c16 --latency (3 s warm-up and 10 s per figure; --quick:
1 s and 2 s), each figure as requests/s, p50 and p99 latency and ratio to the ceiling:
  static          /static/bench/article.html, served by whitenoise
  article cold    the article on a second gunicorn started with PAGE_CACHE_SECONDS=0:
                  the whole-page cache off, so every request runs the view, queries the
                  article and renders the page around the kept fragments (article body,
                  page of comments, empty form); the CSRF token is made per request
  article uncached  the same with FRAGMENT_CACHE_SECONDS=0 and a cache key prefix of its
                  own: every query and template every time, except the comment counts
                  (target: 0.06 of the ceiling). The article's and the comments' stored
                  HTML are columns in the database, not caches: they are read each time
  article cached  the plain article URL, with the site's default cache
  home            the home page
  comment POST    bench/lua/post_comment.lua: a valid CSRF cookie and token, a render
                  time signed more than 3 s ago (the time trap), a text of its own per
                  request; success is a 302
  mixed workload  bench/mixed.py, last, after 100 copies of the demo article are added
                  (each with 20 pending comments, the 10 most popular with a second
                  page of comments): 20,000 visits drawn in advance, 10% to the home
                  page, the rest over the articles by Zipf popularity (s=1.1), of those
                  to an article with a second comment page 10% to that page; wrk
                  (bench/lua/mixed.lua) requests them in random order after one fetch of
                  every path and a warm-up run, while a thread approves one pending
                  comment a second (comments.services.moderate) on an article drawn
                  with the same popularity. Besides requests/s: the share of responses
                  answered from the page cache (X-Cache: hit) and the renders (miss or
                  bypass) per 1,000 responses
Also measured:
  * SQL queries of the article and home pages, in this process with Django's test
    client against the same settings and database;
  * worker memory: the peak RSS (VmHWM) of a gunicorn worker, and the growth of the
    workers' RSS over 10,000 article requests (--quick: 1,000) after a 1,000-request
    warm-up.
Correctness under load (a failure makes the exit status 1):
  * comments_lost: POSTs answered 302 whose comment is not stored as pending; also
    fails on duplicates, on a bench comment not pending, and on more comments stored
    than POSTs sent (wrk may stop with requests in flight: those may be stored);
  * pending_leaked: appearances of a pending text (PENDING-MARKER or a text posted by
    the bench) in public pages, sampled during the POST run and fetched after it.

Output: a table, then one line of JSON. Exit status 2 when wrk is missing.
"""

import argparse
import json
import math
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import checks, load, mixed, prepare, server


@dataclass(frozen=True)
class Mode:
    name: str
    warmup_seconds: int
    seconds: int
    rss_warmup_requests: int
    rss_requests: int
    mixed_articles: int


FULL = Mode("full", 3, 10, 1_000, 10_000, 100)
QUICK = Mode("quick", 1, 2, 1_000, 1_000, 100)
STARTED = time.monotonic()


def progress(message):
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


@dataclass
class Site:
    """The URLs the bench uses, read from the site's own URL configuration."""

    article: str
    home: str
    post: str
    static: str
    public_pages: list

    @classmethod
    def discover(cls):
        from django.conf import settings
        from django.urls import reverse
        from django.utils import translation

        article = prepare.demo_article()
        path = article.get_absolute_url()
        with translation.override("en"):
            english = [article.get_absolute_url(), reverse("articles:home")]
        home = reverse("articles:home")
        pages = [path, *(f"{path}?reacties={n}" for n in range(2, 6)), home]
        pages += [article.category.get_absolute_url(), *english]
        return cls(
            article=path,
            home=home,
            post=reverse("comments:post", kwargs={"slug": article.slug}),
            static=f"{settings.STATIC_URL}bench/article.html",
            public_pages=pages,
        )


def render_in_process(path):
    """GET a page with Django's test client; return (number of SQL queries, body)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")  # a first-time visitor: no cookies
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code} in process")
    return len(queries), response.content


def count_queries(site):
    """Queries per page: with empty caches, with the page cache off but its fragments kept,
    and repeated (from the page cache, if there is one).

    Return the counts and the article's HTML.
    """
    from django.core.cache import cache
    from django.test import override_settings

    counts, article_html = {}, None
    for name, path in (("article", site.article), ("home", site.home)):
        render_in_process(path)  # opens the connection
        cache.clear()
        with override_settings(PAGE_CACHE_SECONDS=0):
            counts[name], html = render_in_process(path)
            counts[f"{name}_fragments"], _ = render_in_process(path)
        article_html = html if name == "article" else article_html
        render_in_process(path)  # fills the page cache
        counts[f"{name}_cached"], _ = render_in_process(path)
    return counts, article_html


def write_static_copy(html):
    """Put the rendered article where whitenoise finds it at start-up; return the dir."""
    from django.conf import settings

    directory = Path(settings.STATIC_ROOT) / "bench"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "article.html").write_bytes(html)
    return directory


def csrf_pair(gunicorn, path):
    """A CSRF cookie and a form token that belong together, from a GET of the page."""
    from django.conf import settings

    status, headers, body = server.get(gunicorn.port, path)
    cookie_name = settings.CSRF_COOKIE_NAME
    cookies = [c for c in headers.get_all("Set-Cookie") or [] if c.startswith(cookie_name + "=")]
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not cookies or match is None:
        raise RuntimeError(f"GET {path}: no CSRF cookie and token (status {status})")
    return cookies[0].split(";", 1)[0].split("=", 1)[1], match.group(1)


def signed_render_time(article):
    """A rendered_at token as the article's form would have made it 10 s ago (beats the
    time trap)."""
    from comments.spam import sign_render_time

    return sign_render_time(time.time() - 10, article.pk)


def run_wrk(wrk, gunicorn, path, seconds, script=None, script_args=()):
    """One wrk run against the server, then wait until the server has caught up."""
    result = load.run(wrk, gunicorn.url + path, seconds, script, script_args)
    server.drain(gunicorn)
    return result


def measure(wrk, gunicorn, path, mode, script=None, script_args=lambda phase: ()):
    """A warm-up run, then the measured run; return both results."""
    warm = run_wrk(wrk, gunicorn, path, mode.warmup_seconds, script, script_args("warm"))
    return warm, run_wrk(wrk, gunicorn, path, mode.seconds, script, script_args("run"))


def measure_without_cache(wrk, env, tmp, site, mode, name, settings):
    """The article on a server of its own, started with some caching turned off."""
    progress(f"article, {name}: gunicorn with {', '.join(f'{k}={v}' for k, v in settings.items())}")
    other = server.start({**env, **settings}, tmp / f"gunicorn-{name}.log", name)
    try:
        return measure(wrk, other, site.article, mode)[1]
    finally:
        other.stop()


def measure_pages(wrk, gunicorn, site, mode):
    results = {}
    progress("static ceiling")
    results["static"] = measure(wrk, gunicorn, site.static, mode)[1]
    progress("article, cached")
    results["article_cached"] = measure(wrk, gunicorn, site.article, mode)[1]
    progress("home")
    results["home"] = measure(wrk, gunicorn, site.home, mode)[1]
    return results


def measure_posts(wrk, gunicorn, site, mode, text_prefix, scanner):
    """The comment POST figure, while the scanner fetches pages and posts comments too."""
    progress("comment POST")
    cookie, token = csrf_pair(gunicorn, site.article)
    rendered_at = signed_render_time(prepare.demo_article())
    scanner.post = (site.post, cookie, token, rendered_at, f"{text_prefix}-sampler")
    with scanner:
        warm, run = measure(
            wrk,
            gunicorn,
            site.post,
            mode,
            "post_comment.lua",
            lambda phase: [f"{text_prefix}-wrk-{phase}", cookie, token, rendered_at],
        )
    statuses = {}
    for result in (warm, run):
        for status, count in result.statuses().items():
            statuses[status] = statuses.get(status, 0) + count
    unanswered = warm.sent() + run.sent() - sum(statuses.values())
    run.rps = run.statuses().get(302, 0) / run.seconds  # only successful POSTs count
    return run, statuses, unanswered


def run_requests(wrk, gunicorn, path, requests, rps):
    """wrk runs until at least the given number of requests is made; return the number.

    wrk stops after a duration, not a count: each run lasts as long as the remaining
    requests take at the rate seen so far.
    """
    made = 0
    for _ in range(5):
        if made >= requests:
            break
        seconds = max(1, math.ceil((requests - made) / max(rps, 1.0)))
        result = run_wrk(wrk, gunicorn, path, seconds)
        made += result.requests
        rps = result.rps or rps
    return made


def measure_memory(wrk, gunicorn, site, mode, article_rps):
    """Worker RSS after a warm-up and after N more article requests; and the peak.

    The report gives the number of requests actually made (a little more than asked).
    """
    progress(f"worker memory: {mode.rss_warmup_requests:,} warm-up requests")
    run_requests(wrk, gunicorn, site.article, mode.rss_warmup_requests, article_rps)
    pids = gunicorn.worker_pids()
    before = sum(server.memory_kib(pid)[0] for pid in pids)
    progress(f"worker memory: {mode.rss_requests:,} article requests")
    requests = run_requests(wrk, gunicorn, site.article, mode.rss_requests, article_rps)
    if gunicorn.worker_pids() != pids:
        raise RuntimeError("a gunicorn worker was replaced during the memory run")
    after = [server.memory_kib(pid) for pid in pids]
    return {
        "requests": requests,
        "rss_before_mb": before / 1024 / len(pids),
        "rss_after_mb": sum(rss for rss, _ in after) / 1024 / len(pids),
        "peak_mb": max(peak for _, peak in after) / 1024,
        "growth_pct": (sum(rss for rss, _ in after) - before) / before * 100,
    }


def measure_mixed(wrk, gunicorn, site, mode, tmp):
    """Visitors over many articles by popularity, while an editor approves a comment a second.

    The articles are made here, after every other figure, so those measure the site as
    it was. Every path is fetched once and a warm-up run follows, so the measured run
    starts from warm caches; the approvals run during the measured run.
    """
    progress(f"mixed workload: {mode.mixed_articles} articles")
    articles = prepare.create_mixed_articles(mode.mixed_articles)
    with_pages = articles[: prepare.MIXED_WITH_COMMENT_PAGES]
    comment_pages = {a.get_absolute_url(): f"{a.get_absolute_url()}?reacties=2" for a in with_pages}
    workload = mixed.draw(articles, site.home, comment_pages)
    paths = workload.write(tmp / "mixed-paths.txt")
    _close_django_connections()
    progress(f"mixed workload: every one of {workload.pages} paths once, then a warm-up")
    with ThreadPoolExecutor(2 * server.WORKERS) as pool:
        list(pool.map(lambda path: server.get(gunicorn.port, path), sorted(set(workload.paths))))
    run_wrk(wrk, gunicorn, site.home, mode.warmup_seconds, "mixed.lua", [paths])
    progress("mixed workload: one approval a second")
    with mixed.Approver(workload.article_ids, prepare.EDITOR) as approver:
        result = load.run(wrk, gunicorn.url + site.home, mode.seconds, "mixed.lua", [paths])
    server.drain(gunicorn)
    return result, workload, approver.approved


def report(
    mode, database, figures, queries, memory, audit, scanner, post_statuses, mix, load_before
):
    elapsed = time.monotonic() - STARTED
    static_rps = figures["static"].rps
    names = {
        "static": "static ceiling",
        "article_uncached": "article (no cache)",
        "article_cold": "article (cold)",
        "article_cached": "article (cached)",
        "home": "home page",
        "comment_post": "comment POST",
        "mixed": "mixed workload",
    }
    print()
    print(
        f"Magnesiumwijzer benchmark ({mode.name}; {database.describe()}; gunicorn -w "
        f"{server.WORKERS}; wrk -t{load.THREADS} -c{load.CONNECTIONS}, {mode.seconds} s per figure)"
    )
    print(
        f"{'figure':<18}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'vs static':>11}"
        f"{'requests':>10}{'errors':>8}"
    )
    for key, label in names.items():
        result = figures[key]
        errors = result.bad_status + result.socket_errors
        print(
            f"{label:<18}{result.rps:>10.1f}{result.p50_ms:>10.2f}{result.p99_ms:>10.2f}"
            f"{result.rps / (static_rps or 1):>11.1%}{result.requests:>10}{errors:>8}"
        )
    if not all(result.requests for result in figures.values()):
        print("warning: a figure completed no request in its run: the machine is overloaded.")
    page_cache = queries["article_cached"] < queries["article"]
    print(
        f"SQL queries: article {queries['article']} with empty caches, "
        f"{queries['article_fragments']} from kept fragments (cold), "
        f"{queries['article_cached']} from the page cache; home {queries['home']} "
        f"(repeated: {queries['home_cached']})"
    )
    if not page_cache:
        print(
            "note: no page cache detected (a repeated request makes as many queries); "
            "article cold and cached measure the same thing."
        )
    workload, approvals, cache = mix
    print(
        f"Mixed workload: {workload.pages} paths over {len(workload.article_ids)} articles "
        f"(Zipf s={mixed.ZIPF_S}; home page {workload.home_visits / len(workload.paths):.0%}, "
        f"second comment pages {workload.comment_page_visits / len(workload.paths):.0%}); "
        f"{approvals} comments approved during the run"
    )
    print(
        f"  page cache: {cache.hit_ratio:.1%} of responses from a stored page, "
        f"{cache.renders_per_1000:.1f} renders per 1,000 responses "
        f"({cache.hits} hits, {cache.renders} renders, {cache.without_header} without X-Cache)"
    )
    if cache.responses and cache.without_header == cache.responses:
        print("warning: no response carried X-Cache: the page-cache share cannot be counted.")
    print(
        f"Worker memory: peak RSS {memory['peak_mb']:.1f} MB; RSS per worker "
        f"{memory['rss_before_mb']:.1f} -> {memory['rss_after_mb']:.1f} MB "
        f"({memory['growth_pct']:+.2f}%) over {memory['requests']:,} article requests"
    )
    print(
        f"Comments: wrk {audit.successes} POSTs answered 302, {audit.pending} stored as "
        f"pending ({audit.unanswered} unanswered when wrk stopped); sampler "
        f"{audit.sampled_ok} of {len(scanner.posted)} POSTs answered 302, checked one by one"
    )
    print(
        f"  lost {audit.lost}, duplicates {audit.duplicates}, not pending {audit.not_pending}, "
        f"stored without a 302 {audit.unexplained}"
    )
    other = {status: n for status, n in post_statuses.items() if status != 302}
    if other:
        print(f"warning: POST responses other than 302: {other}")
    print(
        f"Leak check: {scanner.pages} pages fetched, {scanner.leaks} appearances of pending texts"
    )
    if scanner.failures:
        print(f"warning: {len(scanner.failures)} page fetches failed, e.g. {scanner.failures[0]}")
    busy = (
        " (the machine was busy: figures are lower than on an idle one)" if load_before > 1 else ""
    )
    print(f"Took {elapsed:.0f} s. Load average before the runs: {load_before:.2f}{busy}.")
    summary = {
        "static_rps": round(static_rps, 1),
        "article_cold_rps": round(figures["article_cold"].rps, 1),
        "article_cached_rps": round(figures["article_cached"].rps, 1),
        "article_uncached_rps": round(figures["article_uncached"].rps, 1),
        "home_rps": round(figures["home"].rps, 1),
        "comment_post_rps": round(figures["comment_post"].rps, 1),
        "article_queries": queries["article"],
        "worker_rss_mb": round(memory["peak_mb"], 1),
        "rss_growth_pct": round(memory["growth_pct"], 2),
        "comments_lost": audit.lost,
        "pending_leaked": scanner.leaks,
        "mode": mode.name,
        "database": database.vendor,
        "home_queries": queries["home"],
        "article_queries_repeated": queries["article_cached"],
        "article_queries_cold": queries["article_fragments"],
        "page_cache_detected": page_cache,
        "comment_posts_ok": audit.successes,
        "comment_post_other_statuses": {str(k): v for k, v in sorted(other.items())},
        "comment_posts_sampled": len(scanner.posted),
        "comment_duplicates": audit.duplicates,
        "comments_not_pending": audit.not_pending,
        "comments_stored_without_302": audit.unexplained,
        "leak_scan_pages": scanner.pages,
        "mixed_rps": round(figures["mixed"].rps, 1),
        "mixed_hit_ratio": round(cache.hit_ratio, 4),
        "mixed_renders_per_1000": round(cache.renders_per_1000, 1),
        "mixed_approvals": approvals,
        "mixed_without_x_cache": cache.without_header,
        "seconds": round(elapsed, 1),
        "load_avg_before": round(load_before, 2),
    }
    for key, result in figures.items():
        summary[f"{key}_p50_ms"] = round(result.p50_ms, 2)
        summary[f"{key}_p99_ms"] = round(result.p99_ms, 2)
    print(json.dumps(summary))


def run_benchmark(wrk, mode, tmp, database):
    """Everything between creating the database and dropping it; return the exit status."""
    gunicorn = static_dir = None
    run_id = uuid.uuid4().hex[:8]
    text_prefix = f"bench-post-{run_id}"
    try:
        progress(f"building the site ({database.describe()})")
        env = prepare.bench_environment(tmp, database)
        prepare.setup_django(env)
        if not prepare.build_site(env):
            progress("collectstatic skipped: staticfiles/ is current")
        site = Site.discover()
        progress("counting SQL queries in process")
        queries, article_html = count_queries(site)
        static_dir = write_static_copy(article_html)
        _close_django_connections()
        load_before = os.getloadavg()[0]
        progress("starting gunicorn")
        article_cold = measure_without_cache(
            wrk, env, tmp, site, mode, "cold", {"PAGE_CACHE_SECONDS": "0"}
        )
        article_uncached = measure_without_cache(
            wrk,
            env,
            tmp,
            site,
            mode,
            "uncached",
            # Its own key prefix: no fragment kept by the other servers in a shared Redis.
            {
                "PAGE_CACHE_SECONDS": "0",
                "FRAGMENT_CACHE_SECONDS": "0",
                "CACHE_KEY_PREFIX": f"uncached-{uuid.uuid4().hex[:8]}",
            },
        )
        gunicorn = server.start(env, tmp / "gunicorn.log", "main")
        figures = measure_pages(wrk, gunicorn, site, mode)
        figures["article_cold"] = article_cold
        figures["article_uncached"] = article_uncached
        scanner = checks.LeakScanner(gunicorn.port, site.public_pages, [text_prefix])
        figures["comment_post"], post_statuses, unanswered = measure_posts(
            wrk, gunicorn, site, mode, text_prefix, scanner
        )
        memory = measure_memory(wrk, gunicorn, site, mode, figures["article_cached"].rps)
        progress("checking comments and pages")
        scanner.scan(rounds=3)
        audit = checks.audit_comments(
            prepare.demo_article(),
            f"{text_prefix}-wrk-",
            post_statuses.get(302, 0),
            unanswered,
            scanner.posted,
        )
        figures["mixed"], workload, approvals = measure_mixed(wrk, gunicorn, site, mode, tmp)
        mix = (workload, approvals, mixed.CacheCounts.of(figures["mixed"]))
        report(
            mode,
            database,
            figures,
            queries,
            memory,
            audit,
            scanner,
            post_statuses,
            mix,
            load_before,
        )
        return 0 if audit.ok and scanner.leaks == 0 else 1
    except Exception:
        if gunicorn is not None:
            print(f"gunicorn log (last lines):\n{gunicorn.log_tail()}", file=sys.stderr)
        raise
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        _close_django_connections()
        if static_dir is not None:
            shutil.rmtree(static_dir, ignore_errors=True)


def _close_django_connections():
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()


def _exit_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs (about a minute)")
    mode = QUICK if parser.parse_args(argv).quick else FULL
    wrk = load.find_wrk()
    if wrk is None:
        print("bench: wrk is not installed. Install it with: apt-get install wrk", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    tmp = Path(tempfile.mkdtemp(prefix="bench-magnesium-"))
    database = prepare.database(os.environ.get("DATABASE_URL"), tmp)
    try:
        database.create()
        return run_benchmark(wrk, mode, tmp, database)
    finally:
        database.drop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
