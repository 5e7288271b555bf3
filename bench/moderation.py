"""Moderation at scale on PostgreSQL: the queue and bulk approval with many comments.

Usage: make bench-moderation [COUNT=1000000]   (needs DATABASE_URL naming a PostgreSQL
server; a database `bench_moderation` is created on it and dropped afterwards)

Measured in this process with Django's test client, so the figures are server time
without the network: the admin moderation queue (pending comments, newest first) opened
by an editor, the median of 5 loads; approving 1,000 selected comments through the
admin action `approve_comments`; and EXPLAIN of every query the public article and home
pages run, reporting any sequential scan of the comments table. Prints a table and one
JSON line; exits 1 when a target is missed (queue 500 ms, approval 2 s, a seq scan).
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import prepare

DB_NAME = "bench_moderation"
QUEUE_TARGET_MS = 500
APPROVE_TARGET_MS = 2000


def _timed(action):
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000, result


def measure(count):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from comments.models import Comment, Status

    call_command("migrate", verbosity=0)
    call_command("setup_roles", verbosity=0)
    call_command("load_demo", verbosity=0)
    generate_ms, _ = _timed(lambda: call_command("generate_comments", count=count, verbosity=0))

    editor = get_user_model().objects.create_superuser("bench-editor", "e@example.com", None)
    client = Client()
    client.force_login(editor)
    queue_url = "/admin/comments/comment/"
    assert client.get(queue_url).status_code == 200  # warm-up
    queue_ms = statistics.median(_timed(lambda: client.get(queue_url))[0] for _ in range(5))

    selected = list(
        Comment.objects.filter(status=Status.PENDING)
        .order_by("-created_at")
        .values_list("pk", flat=True)[:1000]
    )
    # 1,000 selected rows are more form fields than Django's default limit allows.
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=2000):
        approve_ms, response = _timed(
            lambda: client.post(
                queue_url, {"action": "approve_comments", "_selected_action": selected}
            )
        )
    approved = Comment.objects.filter(pk__in=selected, status=Status.APPROVED).count()

    visitor = Client()
    seq_scans = []
    plans = 0
    with override_settings(PAGE_CACHE_SECONDS=0):
        for url in ("/artikelen/magnesiumtekort/", "/"):
            with CaptureQueriesContext(connection) as queries:
                assert visitor.get(url).status_code == 200
            for query in queries.captured_queries:
                if not query["sql"].lstrip().upper().startswith("SELECT"):
                    continue
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (FORMAT JSON) " + query["sql"])
                    plan = cursor.fetchone()[0]
                plans += 1
                if _seq_scan_on(plan, "comments_comment"):
                    seq_scans.append(query["sql"][:200])
    return {
        "comments": Comment.objects.count(),
        "generate_s": round(generate_ms / 1000, 1),
        "queue_ms": round(queue_ms, 1),
        "approve_1000_ms": round(approve_ms, 1),
        "approved": approved,
        "approve_status": response.status_code,
        "public_queries_explained": plans,
        "comment_seq_scans": len(seq_scans),
        "seq_scan_queries": seq_scans,
    }


def _seq_scan_on(plan, relation):
    if isinstance(plan, list):
        return any(_seq_scan_on(item, relation) for item in plan)
    if isinstance(plan, dict):
        if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") == relation:
            return True
        return any(_seq_scan_on(value, relation) for value in plan.values())
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    args = parser.parse_args()
    with prepare.postgres_django(DB_NAME):
        result = measure(args.count)
    ok = (
        result["queue_ms"] < QUEUE_TARGET_MS
        and result["approve_1000_ms"] < APPROVE_TARGET_MS
        and result["approved"] == 1000
        and result["comment_seq_scans"] == 0
    )
    print(f"{'comments':<28}{result['comments']:>12}")
    print(f"{'generated in (s)':<28}{result['generate_s']:>12}")
    print(f"{'moderation queue (ms)':<28}{result['queue_ms']:>12}   target < {QUEUE_TARGET_MS}")
    print(
        f"{'approve 1,000 (ms)':<28}{result['approve_1000_ms']:>12}   target < {APPROVE_TARGET_MS}"
    )
    print(f"{'public queries explained':<28}{result['public_queries_explained']:>12}")
    print(f"{'seq scans of comments':<28}{result['comment_seq_scans']:>12}   target 0")
    for sql in result["seq_scan_queries"]:
        print("  seq scan:", sql)
    print(json.dumps({k: v for k, v in result.items() if k != "seq_scan_queries"}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
