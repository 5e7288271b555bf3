"""manage.py in a subprocess, and collectstatic only when the collected files are stale."""

import json
import subprocess
import sys
from pathlib import Path

from harness.environment import REPO

COMMAND_TIMEOUT = 120  # seconds, for one manage.py command
COLLECTSTATIC_TIMEOUT = 600  # seconds: compressing every static file with brotli is slow


class ManageCommand:
    """`manage.py <args>`, started at once; finish() waits and returns its output."""

    def __init__(self, args, env, timeout=COMMAND_TIMEOUT):
        self.args = args
        self.timeout = timeout
        self.process = subprocess.Popen(  # noqa: S603 - this interpreter, the repo's manage.py
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

    def finish(self):
        """Wait for the command; raise RuntimeError with its output if it failed."""
        name, timeout = " ".join(self.args)[:80], self.timeout
        try:
            output, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate(timeout=5)
            raise RuntimeError(f"manage.py {name} took over {timeout} s") from None
        text = output.decode(errors="replace")
        if self.process.returncode != 0:
            raise RuntimeError(f"manage.py {name} failed ({self.process.returncode}):\n{text}")
        return text


def collected_static_is_current():
    """True when STATIC_ROOT holds every static file as it is now.

    That is: the manifest names every file the finders find, the hashed copy it
    names exists, and the manifest is newer than each source. Needs Django's
    settings in this process (they give STATIC_ROOT and the finders).
    """
    from django.apps import apps
    from django.conf import settings
    from django.contrib.staticfiles import finders

    static_root = Path(settings.STATIC_ROOT)
    manifest = static_root / "staticfiles.json"
    try:
        collected_at = manifest.stat().st_mtime
        paths = json.loads(manifest.read_text())["paths"]
    except (OSError, ValueError, KeyError):
        return False
    ignore_patterns = apps.get_app_config("staticfiles").ignore_patterns
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore_patterns):
            # As collectstatic names it: a prefixed STATICFILES_DIRS entry adds its prefix.
            name = Path(getattr(storage, "prefix", None) or "", path).as_posix()
            if name not in paths or not (static_root / paths[name]).is_file():
                return False
            if Path(storage.path(path)).stat().st_mtime > collected_at:
                return False
    return True


def start_collectstatic(env):
    """Start collectstatic when STATIC_ROOT is stale; return the command, or None.

    Whitenoise's manifest storage needs the collected files with DEBUG off, and
    compresses every one of them again on each run (most of a minute), so a current
    STATIC_ROOT is left alone. Finish the command before a server starts.
    """
    if collected_static_is_current():
        return None
    return ManageCommand(
        ("collectstatic", "--noinput", "--verbosity=0"), env, timeout=COLLECTSTATIC_TIMEOUT
    )
