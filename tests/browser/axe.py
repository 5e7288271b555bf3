"""axe-core (the npm package pinned in package.json, installed by `npm ci`) run in a page.

The script is evaluated through Playwright (the DevTools protocol), which the page's
Content-Security-Policy does not govern: the site's policy stays exactly as served.
"""

import json
import os
from functools import cache
from pathlib import Path

import pytest

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Every success criterion of WCAG 2.0, 2.1 and 2.2 at levels A and AA that axe checks.
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@cache
def axe_source():
    if not AXE_PATH.exists():
        message = f"{AXE_PATH} is missing: run `npm ci` (package.json pins axe-core)."
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE_PATH.read_text(encoding="utf-8")


def violations(page):
    """The WCAG A/AA violations axe finds on the page as it is now, readably."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        WCAG_AA_TAGS,
    )
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [
                {"target": node["target"], "summary": node.get("failureSummary", "")}
                for node in violation["nodes"][:5]
            ],
        }
        for violation in result["violations"]
    ]


def assert_no_violations(page, label):
    found = violations(page)
    assert found == [], f"{label}: " + json.dumps(found, indent=2, ensure_ascii=False)
