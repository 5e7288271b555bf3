"""Dependencies run one way: comments may use articles, articles never uses comments;
the site package uses neither."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_apps(package):
    """The top-level packages each Python file under package imports, by file."""
    found = {}
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(path.relative_to(ROOT))
    return found


@pytest.mark.parametrize(
    "package, forbidden",
    [("articles", {"comments"}), ("magnesium_site", {"articles", "comments"})],
)
def test_a_package_imports_nothing_it_must_not_know(package, forbidden):
    found = imported_apps(package)
    assert {app: sorted(map(str, found[app])) for app in forbidden & found.keys()} == {}


def test_the_article_templates_load_no_comment_tags():
    for path in (ROOT / "templates" / "articles").rglob("*.html"):
        loads = re.findall(r"{%\s*load\s+([^%]+)%}", path.read_text())
        libraries = {name for line in loads for name in line.split()}
        assert "comments" not in libraries, path
