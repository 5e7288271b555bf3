"""Run wrk and read its report."""

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

LUA = Path(__file__).resolve().parent / "lua"
THREADS = 2
CONNECTIONS = 16
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_DURATION = r"([\d.]+)(us|ms|s|m|h)"


def find_wrk():
    return shutil.which("wrk")


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    seconds: float
    bad_status: int = 0  # responses that are not 2xx or 3xx
    socket_errors: int = 0
    lines: list = field(default_factory=list)  # BENCH-... lines printed by the Lua script
    output: str = ""

    def statuses(self):
        """The status counts printed by a script's done(), e.g. {302: 1200}."""
        return self._counts("BENCH-STATUS", int)

    def x_cache(self):
        """The X-Cache counts printed by mixed.lua's done(), e.g. {"hit": 900, "miss": 12}."""
        return self._counts("BENCH-XCACHE", str)

    def _counts(self, prefix, key):
        counts = {}
        for line in self.lines:
            if line.startswith(prefix + " "):
                _, name, count = line.split()
                counts[key(name)] = counts.get(key(name), 0) + int(count)
        return counts

    def sent(self):
        return sum(int(line.split()[1]) for line in self.lines if line.startswith("BENCH-SENT "))


def _ms(value, unit):
    return float(value) * _UNIT_MS[unit]


def parse(output):
    """The figures of one wrk --latency report."""

    def search(pattern):
        match = re.search(pattern, output, re.MULTILINE)
        if match is None:
            raise ValueError(f"wrk output lacks {pattern!r}:\n{output}")
        return match.groups()

    requests, duration, unit = search(rf"^\s*(\d+) requests in {_DURATION}")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return WrkResult(
        rps=float(search(r"^Requests/sec:\s+([\d.]+)")[0]),
        p50_ms=_ms(*search(rf"^\s+50%\s+{_DURATION}")),
        p99_ms=_ms(*search(rf"^\s+99%\s+{_DURATION}")),
        requests=int(requests),
        seconds=_ms(duration, unit) / 1000,
        bad_status=int(bad.group(1)) if bad else 0,
        socket_errors=sum(map(int, sockets.groups())) if sockets else 0,
        lines=[line.strip() for line in output.splitlines() if line.startswith("BENCH-")],
        output=output,
    )


def run(wrk, url, seconds, script=None, script_args=()):
    """One wrk run: -t2 -c16 for the given seconds, with an optional Lua script."""
    command = [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    command += ["--timeout", "10s"]
    if script:
        command += ["-s", str(LUA / script)]
    command.append(url)
    if script_args:
        command += ["--", *map(str, script_args)]
    completed = subprocess.run(  # noqa: S603 - wrk from PATH, arguments built here
        command, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"wrk failed ({completed.returncode}):\n{completed.stderr}")
    return parse(completed.stdout)
