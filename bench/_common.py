"""Helpers shared by the benchmark scripts (bench/directory, bench/events): throwaway
databases, gunicorn on loopback, wrk runs against a "floor" page, and the verdicts.

The scripts import this module by putting bench/ on sys.path; it is not part of the site.
"""

import base64
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

BASE_DIR = Path(__file__).resolve().parent.parent
WORK_DIR = BASE_DIR / "var" / "bench"
POSTGRES_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"

P99_TARGET_MS = 100.0
SHARE_OF_FLOOR_TARGET = 0.50
WARMUP_REQUESTS = 50


@dataclass
class Target:
    """One URL to measure, and what its body must contain to count as the real page.

    A cold target (`paths` given) asks for a different one of `paths` on every request
    (a wrk Lua script walks the list), so the page's cache cannot answer: it measures the
    page's own queries and rendering. `path` is then the one whose SQL queries are counted.
    """

    path: str
    expect: str
    is_floor: bool = False
    # Whether it must keep SHARE_OF_FLOOR_TARGET of the floor's throughput.
    held_to_floor: bool = True
    paths: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.path


FLOOR = Target("/bench/floor/", "<html", is_floor=True, held_to_floor=False)


@dataclass
class Result:
    target: Target
    queries: int | None = None
    error: str = ""
    requests_per_s: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    failures: list[str] = field(default_factory=list)


def count_argument(target: Target) -> str:
    """How the scripts' query counter is told to count `target`: a cold target's first
    request for its path (a cache miss), a warm one's second (a hit)."""
    return f"cold:{target.path}" if target.paths else target.path


class BenchError(Exception):
    """The benchmark could not run on this database (not a missed target)."""


def run_manage(env: dict[str, str], *argv: str) -> None:
    step = " ".join(argv)
    started = time.monotonic()
    print(f"... manage.py {step}", end="", flush=True)
    done = subprocess.run(
        [sys.executable, "manage.py", *argv],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    print(f" ({time.monotonic() - started:.0f} s)")
    if done.returncode != 0:
        raise BenchError(f"manage.py {step} failed:\n{done.stdout[-2000:]}{done.stderr[-4000:]}")


def analyze(url: str) -> None:
    """Gather planner statistics, as a database in service has them: right after a bulk
    load PostgreSQL's autovacuum has not run yet and would plan on empty-table guesses."""
    if url.startswith("sqlite:///"):
        import sqlite3

        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as conn:
            conn.execute("ANALYZE")
    else:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("ANALYZE")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    log: TextIO


# One set per benchmark run, so every server of the run signs and decrypts alike.
_RUN_SECRETS = {
    "DJANGO_SECRET_KEY": "bench-" + base64.urlsafe_b64encode(os.urandom(48)).decode(),
    "LRBA_FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
}


def production_env(env: dict[str, str]) -> dict[str, str]:
    """`env` plus what production must set before gunicorn starts with DEBUG off
    (lrba.core.checks): a secret key, an encryption key and a shared cache. The cache is
    the local Redis when it answers (as in production), under a key prefix of this run so
    that no page cached by another run or database is served; the database cache otherwise.
    """
    added = dict(_RUN_SECRETS)
    if "REDIS_URL" not in env and "LRBA_CACHE" not in env:
        try:
            socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        except OSError:
            added["LRBA_CACHE"] = "database"
        else:
            added["REDIS_URL"] = "redis://127.0.0.1:6379/0"
            added["LRBA_CACHE_KEY_PREFIX"] = f"bench-{os.getpid()}-{time.time_ns()}"
    result = {**added, **env}
    if result.get("LRBA_CACHE") == "database":
        run_manage(result, "createcachetable")
    return result


def start_gunicorn(
    env: dict[str, str], port: int, workers: int, database: str, *extra: str, log_name: str = ""
) -> Server:
    env = production_env(env)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
    log = open(WORK_DIR / (log_name or f"gunicorn-{database}.log"), "w")  # noqa: SIM115 (closed in stop())
    process = subprocess.Popen(
        [
            *command,
            "config.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            # Two servers (this and `make run`) would otherwise share ~/.gunicorn/gunicorn.ctl.
            "--no-control-socket",
            *extra,
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = Server(process, log)
    try:
        wait_until_answering(server, f"http://127.0.0.1:{port}/")
    except BaseException:
        stop(server)
        raise
    return server


def wait_until_answering(server: Server, url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchError(f"gunicorn exited; see {server.log.name}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except urllib.error.HTTPError:
            return  # it answers, even if with an error page
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer within {timeout:.0f} s; see {server.log.name}")


def stop(server: Server) -> None:
    if server.process.poll() is None:
        # The whole process group: the arbiter and its workers.
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait()
    server.log.close()


def measure(base: str, result: Result, args: Any) -> None:
    """Warm `result`'s URL up, check it is the real page, then time it with wrk
    (`args.seconds`, `args.connections`). A cold target warms up on the last of its paths
    (the timed run starts at the first) and is timed with a script that walks them."""
    target = result.target
    threads = min(2, args.connections)
    warmup = target.paths[-WARMUP_REQUESTS:] if target.paths else [target.path] * WARMUP_REQUESTS
    headers = {"Accept-Language": "lt", **target.headers}
    for path in warmup:
        request = urllib.request.Request(base + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, body = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, body = error.code, ""
        if status != 200:
            result.error = f"HTTP {status} for {path}"
            return
    if target.expect not in body:
        result.error = f"200 but no {target.expect!r} in the page"
        return
    options = [f"-t{threads}", f"-c{args.connections}", f"-d{args.seconds}s", "--latency"]
    if target.paths:
        script = WORK_DIR / f"cold-{os.getpid()}.lua"
        script.write_text(wrk_script(target.paths[: -WARMUP_REQUESTS or None], headers, threads))
        options += ["-s", str(script)]
    else:
        for name, value in headers.items():
            options += ["-H", f"{name}: {value}"]
    try:
        wrk = subprocess.run(["wrk", *options, base + target.path], capture_output=True, text=True)
    finally:
        if target.paths:
            script.unlink(missing_ok=True)
    if wrk.returncode != 0:
        result.error = f"wrk failed: {wrk.stderr.strip()}"
        return
    parse_wrk(wrk.stdout, result)


def _lua(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk_script(paths: list[str], headers: dict[str, str], threads: int) -> str:
    """A wrk script that sends each request to the next of `paths`: thread n of `threads`
    takes paths n, n + threads, n + 2·threads …, so no two requests share a path until
    the list is used up (then it starts over, and the figures would be warm)."""
    header_table = ", ".join(f"[{_lua(k)}] = {_lua(v)}" for k, v in headers.items())
    path_table = ",\n".join(_lua(path) for path in paths)
    return f"""-- written by bench/_common.py: a different path on every request
local paths = {{
{path_table}
}}
local headers = {{ {header_table} }}
local started = 0
function setup(thread)
  thread:set("first", started)
  started = started + 1
end
local sent = 0
function request()
  local index = (first + sent * {threads}) % #paths + 1
  sent = sent + 1
  return wrk.format("GET", paths[index], headers)
end
"""


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output: str, result: Result) -> None:
    def latency(percent: str) -> float:
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        if not match:
            raise BenchError(f"no {percent}% latency in wrk's output:\n{output}")
        return float(match[1]) * UNITS_MS[match[2]]

    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    if not rate:
        raise BenchError(f"no Requests/sec in wrk's output:\n{output}")
    result.requests_per_s = float(rate[1])
    result.p50_ms, result.p99_ms = latency("50"), latency("99")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if bad:
        result.failures.append(f"{bad[1]} non-2xx responses")
    errors = re.search(r"Socket errors:.*", output)
    if errors:
        result.failures.append(errors[0])


def floor_rate(results: list[Result]) -> float | None:
    """The mean req/s of the floor's runs, or None when the floor page did not answer."""
    rates = [r.requests_per_s for r in results if r.target.is_floor and not r.error]
    return sum(rates) / len(rates) if rates else None


def between_floors(targets: list[Target]) -> list[Target]:
    """`targets` with the floor measured before, between and after them: on a machine
    shared with other work the floor drifts by a factor of two or more within a run, so
    each page is compared with the floor runs right next to it (`floor_share`)."""
    interleaved = [FLOOR]
    for target in targets:
        interleaved += [target, FLOOR]
    return interleaved


def floor_share(results: list[Result], index: int) -> float | None:
    """The req/s of `results[index]` as a share of the mean of the nearest floor runs
    before and after it (of all floor runs when it has no floor neighbours)."""
    neighbours = [
        r.requests_per_s
        for r in (
            next((r for r in reversed(results[:index]) if r.target.is_floor), None),
            next((r for r in results[index + 1 :] if r.target.is_floor), None),
        )
        if r is not None and not r.error
    ]
    floor = sum(neighbours) / len(neighbours) if neighbours else floor_rate(results)
    return results[index].requests_per_s / floor if floor else None


def judge(results: list[Result]) -> None:
    for index, result in enumerate(results):
        if result.error:
            continue
        if result.p99_ms >= P99_TARGET_MS:
            result.failures.append(f"p99 ≥ {P99_TARGET_MS:.0f} ms")
        share = floor_share(results, index)
        if result.target.held_to_floor and share is not None and share < SHARE_OF_FLOOR_TARGET:
            result.failures.append(f"< {SHARE_OF_FLOOR_TARGET:.0%} of floor")


def row(width: int, url: str, *figures: str) -> str:
    *numbers, queries, verdict = figures
    return f"{url:<{width}} " + " ".join(f"{n:>8}" for n in numbers) + f" {queries:>4}  {verdict}"


def remove_sqlite(db_file: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)


def create_postgres(admin_url: str, name: str) -> str:
    import psycopg

    host = re.search(r"@([^:/]+)", admin_url)
    if not host or host[1] not in {"127.0.0.1", "localhost", "::1"}:
        raise BenchError(f"{admin_url} is not on loopback")
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        raise BenchError(f"cannot create {name} through {admin_url}: {error}") from error
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def drop_postgres(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
