"""The gunicorn under test: start, wait, find its workers, read their memory, stop."""

import http.client
import signal
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.prepare import REPO

GUNICORN = REPO / ".venv" / "bin" / "gunicorn"
WORKERS = 2
HOST = "127.0.0.1"


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


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


class Gunicorn:
    def __init__(self, env, log_path):
        self.env = env
        self.log_path = Path(log_path)
        self.port = free_port()
        self.process = None
        self.cheap_path = "/"

    @property
    def base_url(self):
        return f"http://{HOST}:{self.port}"

    def start(self, cheap_path, timeout=60):
        """Start, and wait until cheap_path (a page that costs little) answers."""
        self.cheap_path = cheap_path
        command = [
            str(GUNICORN),
            "magnesium_site.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"{HOST}:{self.port}",
            "--no-control-socket",  # else it takes ~/.gunicorn/gunicorn.ctl from others
        ]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - fixed command, our own venv
                command,
                cwd=REPO,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_until_ready(cheap_path, timeout)
        return self

    def drain(self):
        """Wait until the requests a finished wrk run left behind have been served.

        wrk closes its connections when its time is up, but the sync workers still
        answer every request they have accepted: without this, a slow page's backlog
        would be counted against the next run.
        """
        with ThreadPoolExecutor(WORKERS) as pool:
            for _ in pool.map(
                lambda _: get(self.port, self.cheap_path, timeout=300), range(WORKERS)
            ):
                pass

    def _wait_until_ready(self, path, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early:\n{self.log_tail()}")
            try:
                status, _, _ = get(self.port, path, timeout=5)
            except OSError:
                status = None
            if status == 200 and len(self.worker_pids()) == WORKERS:
                return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer {path} within {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines=30):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def worker_pids(self):
        """The worker processes: the children of the gunicorn master."""
        master = self.process.pid
        children = Path(f"/proc/{master}/task/{master}/children")
        try:
            return sorted(int(pid) for pid in children.read_text().split())
        except OSError:
            pass
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == master:
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def memory_kib(pid):
    """VmRSS and VmHWM (peak) of a process, in KiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            values[key] = int(rest.split()[0])
    return values["VmRSS"], values["VmHWM"]
