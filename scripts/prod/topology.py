"""Start (and stop) LRBA's production topology on this machine, on loopback.

    topology.py up --state DIR --app-servers N --workers M [--database-url URL]
                   [--redis-url URL] [--no-caddy] [--base-port P] [--env K=V]…
    topology.py down --state DIR
    topology.py run-cron --state DIR          # every job of deploy/crontab, once
    topology.py manage --state DIR -- ARGS…   # manage.py ARGS with the topology's settings

`up` makes what production has (docs/deploy.md "Topology"): production settings
(DJANGO_DEBUG=0, DJANGO_SECURE=1, a generated secret key and field-encryption key, the
proxy trusted for X-Forwarded-For, hashed static files after collectstatic), a fresh
PostgreSQL database `lrba_prod_<id>` that it creates and migrates (unless --database-url
names one), the shared Redis cache under a key prefix of its own, its own media directory,
N gunicorn servers (deploy/gunicorn.conf.py) on their own ports, M `db_worker` processes,
and Caddy in front with deploy/Caddyfile filled in (TLS from Caddy's internal CA, whose
root certificate it keeps under DIR). When every part answers it writes DIR/topology.json:

    {"app_servers": ["http://127.0.0.1:P", …], "caddy": "https://127.0.0.1:P" | null,
     "caddy_http": "http://127.0.0.1:P" | null, "ca_cert": path | null, "media_root": …,
     "static_root": …, "database_url": …, "redis_url": …, "cache_key_prefix": …,
     "secure": bool, "direct_headers": {…}, "env": {…}, "logs": dir, "pids": {name: pid}}

An app server asked directly (not through Caddy) with DJANGO_SECURE on answers plain HTTP
with a redirect to HTTPS: send `direct_headers` (X-Forwarded-Proto: https), as Caddy does.
Without Caddy (--no-caddy) DJANGO_SECURE is off unless --env DJANGO_SECURE=1.

Every process runs in its own process group; `down` (and a failed `up`) stops the groups,
drops the database it created and deletes its cache keys. Ports: P (Caddy HTTPS), P+1
(Caddy HTTP), P+10… (app servers); P is 18400 unless --base-port.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import re
import secrets
import shlex
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parents[2]
DEPLOY = BASE_DIR / "deploy"
POSTGRES_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
HOST = "127.0.0.1"
# How long a server may take to answer after it starts (LRBA_START_TIMEOUT seconds): a
# loaded machine booting several gunicorn workers can need more than a minute.
START_TIMEOUT = float(os.environ.get("LRBA_START_TIMEOUT", "180"))


class TopologyError(Exception):
    """The topology could not be started (what failed, and where its log is)."""


# --- state: what runs, so that `down` can stop it even after a failed `up` ---


def _state_file(state: Path) -> Path:
    return state / "state.json"


def _load_state(state: Path) -> dict[str, Any]:
    path = _state_file(state)
    if not path.exists():
        return {}
    return json.loads(path.read_text())


def _save_state(state: Path, data: dict[str, Any]) -> None:
    path = _state_file(state)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2))
    tmp.chmod(0o600)
    tmp.replace(path)


# --- helpers ---


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _python() -> str:
    return sys.executable


def _gunicorn() -> list[str]:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]


def manage(env: dict[str, str], *argv: str, log: Path | None = None) -> str:
    """Run manage.py with `env`; its output, or TopologyError with the end of it."""
    done = subprocess.run(
        [_python(), "manage.py", *argv],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    output = done.stdout + done.stderr
    if log is not None:
        with log.open("a") as handle:
            handle.write(f"$ manage.py {' '.join(argv)}\n{output}\n")
    if done.returncode != 0:
        raise TopologyError(f"manage.py {' '.join(argv)} failed:\n{output[-3000:]}")
    return output


def _loopback_only(url: str) -> None:
    host = re.search(r"@([^:/]+)", url) or re.search(r"//([^:/@]+)", url)
    if not host or host[1] not in {"127.0.0.1", "localhost", "::1"}:
        raise TopologyError(f"{url} is not on loopback: the launcher only works on this machine")


def create_database(name: str) -> str:
    import psycopg

    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        raise TopologyError(f"cannot create {name} on {POSTGRES_ADMIN_URL}: {error}") from error
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def drop_database(name: str) -> None:
    import psycopg

    if not name.startswith("lrba_prod_"):
        raise TopologyError(f"refusing to drop {name}: not a launcher's database")
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def delete_cache_keys(redis_url: str, prefix: str) -> int:
    import redis

    client = redis.Redis.from_url(redis_url)
    deleted = 0
    try:
        batch = []
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                deleted += client.delete(*batch)
                batch = []
        if batch:
            deleted += client.delete(*batch)
    finally:
        client.close()
    return deleted


def _spawn(name: str, command: list[str], env: dict[str, str], logs: Path) -> subprocess.Popen:
    log = (logs / f"{name}.log").open("ab")
    try:
        return subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stopped as a whole
        )
    finally:
        log.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours still "exists": reap it if it is one.
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return finished == 0


def stop_group(pid: int, timeout: float = 15.0) -> None:
    """SIGTERM the process group `pid` leads, SIGKILL it after `timeout` seconds."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            break
        _alive(pid)  # reaps the leader when it is our child
        time.sleep(0.1)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    _alive(pid)


def _http_answers(url: str, headers: dict[str, str], context: ssl.SSLContext | None) -> bool:
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=context), _NoRedirect()
    )
    try:
        with opener.open(request, timeout=5) as response:
            response.read()
            return True
    except urllib.error.HTTPError as error:
        return error.code < 500
    except (urllib.error.URLError, ConnectionError, TimeoutError, ssl.SSLError, OSError):
        return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _wait(
    what: str,
    check: Any,
    pid: int,
    log: Path,
    timeout: float = START_TIMEOUT,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            raise TopologyError(f"{what} exited while starting; its log {log}:\n{_tail(log)}")
        if check():
            return
        time.sleep(0.3)
    raise TopologyError(
        f"{what} did not answer within {timeout:.0f} s; its log {log}:\n{_tail(log)}"
    )


_PLACEHOLDER = re.compile(r"\{\$([A-Z0-9_]+)(?::([^}]*))?\}")


def render_caddyfile(values: dict[str, str]) -> str:
    """deploy/Caddyfile with its {$NAME:default} placeholders filled from `values` (else
    their defaults), as Caddy would substitute them from the environment."""
    template = (DEPLOY / "Caddyfile").read_text()

    def fill(match: re.Match[str]) -> str:
        return values.get(match[1], match[2] or "")

    return _PLACEHOLDER.sub(fill, template)


# --- up / down ---


def _parse_env(pairs: list[str]) -> dict[str, str]:
    extra = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise TopologyError(f"--env {pair!r}: expected NAME=VALUE")
        extra[name] = value
    return extra


def up(args: argparse.Namespace) -> dict[str, Any]:
    state: Path = args.state.resolve()
    state.mkdir(parents=True, exist_ok=True)
    if _load_state(state).get("pids") or (state / "topology.json").exists():
        raise TopologyError(f"{state} holds a topology already: run `down --state {state}` first")
    if args.app_servers < 1 or args.workers < 0:
        raise TopologyError("--app-servers must be at least 1 and --workers not negative")
    caddy = not args.no_caddy
    https_port, http_port = args.base_port, args.base_port + 1
    app_ports = [args.base_port + 10 + index for index in range(args.app_servers)]
    ports = app_ports + ([https_port, http_port] if caddy else [])
    taken = [port for port in ports if not _port_free(port)]
    if taken:
        raise TopologyError(f"ports in use: {taken} (choose another --base-port)")
    extra = _parse_env(args.env)

    run_id = f"{os.getpid()}_{secrets.token_hex(3)}"
    logs = state / "logs"
    media = state / "media"
    static = state / "static"
    caddy_home = state / "caddy"
    for directory in (logs, media, static, caddy_home):
        directory.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {"pids": {}, "database": None, "redis_url": None, "prefix": None}
    _save_state(state, data)

    database_url = args.database_url
    if database_url:
        _loopback_only(database_url)
    else:
        name = f"lrba_prod_{run_id}"
        database_url = create_database(name)
        data["database"] = name
        _save_state(state, data)
    redis_url = args.redis_url or DEFAULT_REDIS_URL
    _loopback_only(redis_url)
    prefix = f"lrba-prod-{run_id}"
    data.update(redis_url=redis_url, prefix=prefix)
    _save_state(state, data)

    site = f"https://{HOST}:{https_port}" if caddy else None
    secure = extra.get("DJANGO_SECURE", "1" if caddy else "0")
    settings = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE": secure,
        "DJANGO_SECRET_KEY": "prod-" + secrets.token_urlsafe(48),
        "LRBA_FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
        "DJANGO_CSRF_TRUSTED_ORIGINS": site or "",
        "LRBA_SITE_URL": site or f"http://{HOST}:{app_ports[0]}",
        "LRBA_TRUSTED_PROXIES": HOST,
        "DJANGO_MANIFEST_STATIC": "1",
        "DJANGO_STATIC_ROOT": str(static),
        "DJANGO_MEDIA_ROOT": str(media),
        # The nightly backup (deploy/crontab) writes its archives inside the state directory.
        "LRBA_BACKUP_DIR": str(media.parent / "backups"),
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "REDIS_URL": redis_url,
        "LRBA_CACHE_KEY_PREFIX": prefix,
        # Caddy reads uploads from its internal location after the access check.
        "LRBA_SENDFILE_HEADER": "X-Accel-Redirect" if caddy else "",
        "LRBA_SENDFILE_PREFIX": "/protected-media/",
        "GUNICORN_WORKERS": str(args.gunicorn_workers),
        **extra,
    }
    env = {**os.environ, **settings}
    if "DJANGO_SETTINGS_MODULE" not in extra:
        env.pop("DJANGO_SETTINGS_MODULE", None)
    setup_log = logs / "setup.log"
    started = time.monotonic()
    manage(env, "migrate", "--no-input", log=setup_log)
    manage(env, "collectstatic", "--no-input", "-v0", log=setup_log)

    is_secure = secure.strip().lower() in {"1", "true", "yes", "on"}
    direct_headers = {"X-Forwarded-Proto": "https"} if is_secure else {}
    for index, port in enumerate(app_ports):
        name = f"app-{index}"
        process = _spawn(
            name,
            [
                *_gunicorn(),
                "-c",
                str(DEPLOY / "gunicorn.conf.py"),
                "--bind",
                f"{HOST}:{port}",
                "config.wsgi:application",
            ],
            env,
            logs,
        )
        data["pids"][name] = process.pid
        _save_state(state, data)
    for index in range(args.workers):
        name = f"worker-{index}"
        process = _spawn(
            name,
            [
                _python(),
                "manage.py",
                "db_worker",
                "--no-reload",
                "--queue-name",
                "*",
                "--worker-id",
                f"{prefix}-{name}",
            ],
            env,
            logs,
        )
        data["pids"][name] = process.pid
        _save_state(state, data)
    app_servers = [f"http://{HOST}:{port}" for port in app_ports]
    for index, url in enumerate(app_servers):
        name = f"app-{index}"
        _wait(
            f"gunicorn {name} ({url})",
            lambda url=url: _http_answers(url + "/", direct_headers, None),
            data["pids"][name],
            logs / f"{name}.log",
        )

    ca_cert = None
    if caddy:
        # The health check's path: /healthz when the site has it, else the home page.
        health = (
            "/healthz"
            if _http_answers(app_servers[0] + "/healthz", direct_headers, None)
            and _status(app_servers[0] + "/healthz", direct_headers) == 200
            else "/"
        )
        caddyfile = state / "Caddyfile"
        caddyfile.write_text(
            render_caddyfile(
                {
                    "LRBA_HTTP_PORT": str(http_port),
                    "LRBA_HTTPS_PORT": str(https_port),
                    "LRBA_ACME_EMAIL": "nobody@localhost",
                    # Caddy's own CA (no ACME), not put into the system's trust store, and no
                    # admin endpoint (it would take :2019, shared with any other Caddy).
                    "LRBA_CADDY_GLOBAL": "local_certs\n\tskip_install_trust\n\tadmin off",
                    "LRBA_SITE_ADDRESS": HOST,
                    "LRBA_BIND": HOST,
                    "LRBA_UPSTREAMS": " ".join(f"{HOST}:{port}" for port in app_ports),
                    "LRBA_HEALTH_URI": health,
                    "LRBA_STATIC_ROOT": str(static),
                    "LRBA_MEDIA_ROOT": str(media),
                    "LRBA_EXTRA_SITES": (
                        f"http://{HOST} {{\n\tbind {HOST}\n"
                        f"\tredir https://{{host}}:{https_port}{{uri}} permanent\n}}"
                    ),
                }
            )
        )
        caddy_env = {
            **os.environ,
            "XDG_DATA_HOME": str(caddy_home / "data"),
            "XDG_CONFIG_HOME": str(caddy_home / "config"),
            "HOME": str(caddy_home),
        }
        process = _spawn(
            "caddy",
            ["caddy", "run", "--config", str(caddyfile), "--adapter", "caddyfile"],
            caddy_env,
            logs,
        )
        data["pids"]["caddy"] = process.pid
        _save_state(state, data)
        ca_path = caddy_home / "data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"

        def caddy_answers() -> bool:
            if not ca_path.exists():
                return False
            try:
                context = ssl.create_default_context(cafile=str(ca_path))
            except ssl.SSLError:
                return False
            return _http_answers(f"{site}/", {}, context)

        _wait("caddy", caddy_answers, process.pid, logs / "caddy.log")
        ca_cert = str(ca_path)

    topology = {
        "app_servers": app_servers,
        "caddy": site,
        "caddy_http": f"http://{HOST}:{http_port}" if caddy else None,
        "ca_cert": ca_cert,
        "media_root": str(media),
        "static_root": str(static),
        "database_url": database_url,
        "database_created": data["database"] is not None,
        "redis_url": redis_url,
        "cache_key_prefix": prefix,
        "secure": bool(direct_headers),
        "direct_headers": direct_headers,
        "env": dict(sorted(settings.items())),
        "logs": str(logs),
        "pids": data["pids"],
        "started_in_s": round(time.monotonic() - started, 1),
    }
    path = state / "topology.json"
    path.write_text(json.dumps(topology, indent=2))
    path.chmod(0o600)  # it holds the run's secret keys
    return topology


def _status(url: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(_NoRedirect())
    try:
        with opener.open(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def down(state: Path) -> list[str]:
    """Stop every process of the topology in DIR, drop its database, delete its cache
    keys. Returns what it did; safe to run twice."""
    state = state.resolve()
    data = _load_state(state)
    done = []
    # Caddy first (no new requests), then the servers, then the workers.
    pids = data.get("pids", {})
    for name in sorted(pids, key=lambda n: (not n.startswith("caddy"), n.startswith("worker"))):
        started = time.monotonic()
        stop_group(pids[name])
        done.append(f"stopped {name} (pid {pids[name]}, {time.monotonic() - started:.1f} s)")
    if data.get("database"):
        drop_database(data["database"])
        done.append(f"dropped database {data['database']}")
    if data.get("redis_url") and data.get("prefix"):
        try:
            count = delete_cache_keys(data["redis_url"], data["prefix"])
            done.append(f"deleted {count} cache keys under {data['prefix']}")
        except Exception as error:  # noqa: BLE001 (Redis gone: nothing left to delete)
            done.append(f"cache keys not deleted: {error}")
    (state / "topology.json").unlink(missing_ok=True)
    _state_file(state).unlink(missing_ok=True)
    return done


def _topology(state: Path) -> dict[str, Any]:
    path = state.resolve() / "topology.json"
    if not path.exists():
        raise TopologyError(f"no topology is up in {state} (no topology.json)")
    return json.loads(path.read_text())


def topology_env(state: Path) -> dict[str, str]:
    return {**os.environ, **_topology(state)["env"]}


def cron_jobs() -> list[tuple[str, list[str]]]:
    """The jobs of deploy/crontab: (schedule, manage.py arguments) for each line."""
    jobs = []
    for line in (DEPLOY / "crontab").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or re.match(r"^[A-Z_]+=", line):
            continue
        fields = line.split(None, 5)
        if len(fields) < 6 or not re.search(r"manage\.(py|sh) ", fields[5]):
            raise TopologyError(f"deploy/crontab: not a manage.py job: {line!r}")
        schedule = " ".join(fields[:5])
        command = re.split(r"manage\.(?:py|sh) ", fields[5], maxsplit=1)[1]
        argv = [word for word in shlex.split(command.split(">>")[0].split("2>&1")[0])]
        jobs.append((schedule, argv))
    return jobs


# Runs every job in one Django process (one start-up instead of one per job, which on a
# busy machine costs more than the jobs), each on its own, as cron would run them.
_CRON_RUNNER = r"""
import json, os, sys, time, traceback
from django.core.management import call_command
failed = 0
for schedule, argv in json.loads(os.environ["LRBA_CRON_JOBS"]):
    started = time.monotonic()
    try:
        call_command(*argv)
        verdict = "ok"
    except BaseException:
        verdict = "FAILED\n" + traceback.format_exc()
        failed += 1
    took = time.monotonic() - started
    print(f"[{schedule}] manage.py {' '.join(argv)}: {verdict} ({took:.1f} s)", flush=True)
sys.exit(1 if failed else 0)
"""


def run_cron(state: Path) -> int:
    """Each job of deploy/crontab once, against the topology's database."""
    env = {**topology_env(state), "LRBA_CRON_JOBS": json.dumps(cron_jobs())}
    log = Path(_topology(state)["logs"]) / "cron.log"
    with log.open("a") as handle:
        done = subprocess.run(
            [_python(), "manage.py", "shell", "-c", _CRON_RUNNER],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=handle,
            text=True,
        )
    print(done.stdout, end="")
    return done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("up", help="start the topology; writes DIR/topology.json")
    start.add_argument("--state", type=Path, required=True)
    start.add_argument("--app-servers", type=int, default=2)
    start.add_argument("--workers", type=int, default=1)
    start.add_argument("--gunicorn-workers", type=int, default=2, help="per app server")
    start.add_argument("--database-url", help="use this database instead of creating one")
    start.add_argument("--redis-url", help=f"default {DEFAULT_REDIS_URL}")
    start.add_argument("--no-caddy", action="store_true")
    start.add_argument("--base-port", type=int, default=18400)
    start.add_argument("--env", action="append", default=[], metavar="K=V")
    stop = commands.add_parser("down", help="stop it all, drop the database")
    stop.add_argument("--state", type=Path, required=True)
    cron = commands.add_parser("run-cron", help="run each job of deploy/crontab once")
    cron.add_argument("--state", type=Path, required=True)
    command = commands.add_parser("manage", help="manage.py with the topology's settings")
    command.add_argument("--state", type=Path, required=True)
    command.add_argument("args", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)

    try:
        if args.command == "up":
            try:
                topology = up(args)
            except BaseException:
                for line in down(args.state):
                    print(f"  (cleanup) {line}", file=sys.stderr)
                raise
            print(json.dumps({k: v for k, v in topology.items() if k != "env"}, indent=2))
            return 0
        if args.command == "down":
            for line in down(args.state):
                print(line)
            return 0
        if args.command == "run-cron":
            return run_cron(args.state)
        rest = args.args[1:] if args.args[:1] == ["--"] else args.args
        return subprocess.run(
            [_python(), "manage.py", *rest], cwd=BASE_DIR, env=topology_env(args.state)
        ).returncode
    except TopologyError as error:
        print(f"topology: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
