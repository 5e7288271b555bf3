"""gunicorn serving the site: started, waited for until every worker is up, stopped."""

import http.client
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

from harness.environment import HOST, REPO

START_TIMEOUT = 30  # seconds until a new gunicorn answers with all its workers
# Much of the default, and the worker that answered (so a test can tell the workers apart).
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(r)s" %(s)s %(b)s pid=%(p)s'
# Method, target, status and pid (%(p)s is written "<pid>").
_ACCESS_LINE = re.compile(r'"(\S+) (\S+) [^"]*" (\d{3}) .* pid=<(\d+)>$')


class Served(NamedTuple):
    """One line of the access log."""

    pid: int
    method: str
    target: str  # path and query
    status: int


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Gunicorn:
    """One gunicorn (a master and its sync workers) on a free loopback port.

    Its output goes to log_path; with access_log each request is logged there too,
    with the pid of the worker that answered (see requests_served()).
    """

    def __init__(self, env, log_path, *, workers=2, name="site", access_log=False):
        self.env = env
        self.log_path = Path(log_path)
        self.workers = workers
        self.name = name
        self.access_log = access_log
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"http://{HOST}:{self.port}"

    def start(self):
        """Start the master; wait_ready() waits for the workers."""
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "magnesium_site.wsgi",
            f"--bind={HOST}:{self.port}",
            f"--workers={self.workers}",
            "--timeout=30",
            "--graceful-timeout=3",
            "--no-control-socket",  # else it takes ~/.gunicorn/gunicorn.ctl from other runs
        ]
        if self.access_log:
            command += ["--access-logfile=-", f"--access-logformat={ACCESS_LOG_FORMAT}"]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
                command,
                cwd=REPO,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C reaches the harness, which stops it
            )
        return self

    def wait_ready(self, path="/healthz", timeout=START_TIMEOUT):
        """Wait until path answers 200 and every worker has started; return self."""
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise RuntimeError(f"gunicorn {self.name} exited with {code}:\n{self.log_tail()}")
            try:
                status = self._status(path)
                workers = len(self.worker_pids())
                if status == 200 and workers == self.workers:
                    return self
                last = f"{path} answered {status}, {workers} of {self.workers} workers up"
            except OSError as error:
                last = repr(error)
            time.sleep(0.1)
        raise RuntimeError(
            f"gunicorn {self.name} not ready after {timeout} s ({last}):\n{self.log_tail()}"
        )

    def _status(self, path):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    def worker_pids(self):
        """The worker processes: the children of the master."""
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

    def requests_served(self):
        """The access log so far (needs access_log=True), oldest first."""
        served = []
        for line in self._log_lines():
            match = _ACCESS_LINE.search(line)
            if match:
                method, target, status, pid = match.groups()
                served.append(Served(int(pid), method, target, int(status)))
        return served

    def log_tail(self, lines=40):
        return "\n".join(self._log_lines()[-lines:])

    def _log_lines(self):
        try:
            return self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return []

    def stop(self):
        """SIGTERM to the master (it stops its workers); SIGKILL if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
