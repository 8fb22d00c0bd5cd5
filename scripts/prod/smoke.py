"""`make prod-smoke`: start the production topology on this machine and check it end to end.

    .venv/bin/python scripts/prod/smoke.py [--state DIR] [--keep] [--base-port P]

Starts scripts/prod/topology.py with two gunicorn servers, two task workers and Caddy
(TLS from its internal CA on loopback) on a fresh PostgreSQL database with the demo data
at a small scale, then checks, printing one PASS/FAIL line each:

- the site over HTTPS, the certificate verified against Caddy's internal CA root;
- plain HTTP redirected to HTTPS; HSTS; session and CSRF cookies Secure (the session's
  HttpOnly), after a real sign-in;
- the visitor's own address reaching the sign-in lockout (django-axes) and a throttle
  through the proxy: clients on 127.0.0.2 and 127.0.0.3 (the client socket bound to each),
  one locked out or throttled, the other not; a forged X-Forwarded-For changes nothing;
- static files served by Caddy from the collected files; an uploaded document and a
  certificate PDF served through the proxy after the access check (Caddy sends the file
  on the application's X-Accel-Redirect) with their headers; no URL serves the media
  directory or the internal location;
- a task enqueued by a request to one app server (an event registration's confirmation
  e-mail) run by a worker: its DBTaskResult reaches SUCCEEDED;
- each app server answers on its own; the periodic jobs of deploy/crontab run once.

Exits 1 when any check fails; the topology is always taken down (unless --keep).
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import re
import ssl
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parents[2]
TOPOLOGY = BASE_DIR / "scripts" / "prod" / "topology.py"
CLIENT_A = "127.0.0.2"
CLIENT_B = "127.0.0.3"
# A throttle low enough to reach in a few requests (certificate verification, per address).
VERIFICATION_RATE = "4/m"
AXES_FAILURE_LIMIT = 5


class SmokeError(Exception):
    pass


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name, "") or ""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Client:
    """A browser-like client: its own source address, cookies, no automatic redirects."""

    base: str
    source: str = "127.0.0.1"
    ca_file: str | None = None
    extra_headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    set_cookies: list[str] = field(default_factory=list)

    def request(
        self,
        method: str,
        path: str,
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        url = urllib.parse.urlsplit(self.base)
        port = url.port or (443 if url.scheme == "https" else 80)
        connection: http.client.HTTPConnection
        if url.scheme == "https":
            context = ssl.create_default_context(cafile=self.ca_file)
            connection = http.client.HTTPSConnection(
                url.hostname or "",
                port,
                context=context,
                source_address=(self.source, 0),
                timeout=60,
            )
        else:
            connection = http.client.HTTPConnection(
                url.hostname or "", port, source_address=(self.source, 0), timeout=60
            )
        sent = {"Accept-Language": "lt", **self.extra_headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent.setdefault("Referer", self.base + path)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        finally:
            connection.close()
        for raw in answer.headers.get_all("Set-Cookie") or []:
            self.set_cookies.append(raw)
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(raw)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or (not morsel.value and morsel["expires"]):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer

    def get(self, path: str, **kwargs: Any) -> Answer:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict[str, str], **kwargs: Any) -> Answer:
        return self.request("POST", path, data=data, **kwargs)

    def csrf_token(self, path: str) -> str:
        """The form's CSRF token from the page at `path` (which also sets the cookie)."""
        answer = self.get(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', answer.text)
        if answer.status != 200 or not match:
            raise SmokeError(f"no CSRF token on {path} (HTTP {answer.status})")
        return match[1]

    def cookie_line(self, name: str) -> str:
        return next((c for c in reversed(self.set_cookies) if c.startswith(f"{name}=")), "")


class Checks:
    def __init__(self) -> None:
        self.results: list[tuple[str, bool, str]] = []

    def run(self, name: str, check: Callable[[], str]) -> None:
        started = time.monotonic()
        try:
            detail = check()
            ok = True
        except AssertionError as error:
            ok, detail = False, str(error)
        except Exception as error:  # noqa: BLE001 (a broken check is a failed check)
            ok, detail = False, f"{type(error).__name__}: {error}"
        took = time.monotonic() - started
        self.results.append((name, ok, detail))
        print(f"{'PASS' if ok else 'FAIL'}  {name} ({took:.1f} s): {detail}", flush=True)

    @property
    def failed(self) -> int:
        return sum(1 for _, ok, _ in self.results if not ok)


def topology(*argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, str(TOPOLOGY), *argv], cwd=BASE_DIR, capture_output=True, text=True
    )
    if check and done.returncode != 0:
        raise SmokeError(f"topology.py {argv[0]} failed:\n{done.stdout}\n{done.stderr}")
    return done


# Run inside the topology's Django (manage.py shell): what the checks need from the demo
# data, plus a sign-in for the owner of a certificate (a member without a staff role).
PREPARE = r"""
import json
from allauth.account.models import EmailAddress
from lrba.accounts.models import User
from lrba.events.models import Event
from lrba.events.selectors import registrations as registration_selectors
from lrba.training.models import Certificate
from lrba.website.models import Document

public = Document.objects.filter(access=Document.Access.PUBLIC).exclude(file="").first()
members = Document.objects.filter(access=Document.Access.MEMBERS).exclude(file="").first()
certificate = (
    Certificate.objects.filter(person__user__isnull=True).select_related("person").first()
)
person = certificate.person
user = User.objects.create_user(
    email=f"smoke-owner-{PASSWORD[-8:]}@example.invalid", password=PASSWORD,
    full_name=str(person),
)
person.user = user
person.save(update_fields=["user"])
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
event = next(
    (
        event
        for event in Event.objects.order_by("starts_at")
        if registration_selectors.registration_refusal(event=event, person=None) is None
    ),
    None,
)
print("SMOKE-JSON " + json.dumps({
    "public_document": public and {"pk": public.pk, "name": public.file.name},
    "members_document": members and {"pk": members.pk, "name": members.file.name},
    "certificate": {"pk": certificate.pk, "code": certificate.verification_code,
                    "number": certificate.number},
    "owner": user.email,
    "event": event and event.slug,
}))
"""


def prepare(state: Path, password: str) -> dict[str, Any]:
    script = f"PASSWORD = {password!r}\n" + PREPARE
    done = topology("manage", "--state", str(state), "--", "shell", "-c", script, check=False)
    match = re.search(r"^SMOKE-JSON (.*)$", done.stdout, re.M)
    if done.returncode != 0 or not match:
        raise SmokeError(f"preparing the data failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    return json.loads(match[1])


def task_status(database_url: str, since: str, task_name: str) -> list[tuple[str, str]]:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT status, worker_ids::text FROM django_tasks_database_dbtaskresult"
            " WHERE enqueued_at >= %s AND task_path LIKE %s ORDER BY enqueued_at",
            (since, f"%{task_name}"),
        ).fetchall()
    return [(str(status), str(workers)) for status, workers in rows]


def run_checks(state: Path, top: dict[str, Any], data: dict[str, Any], password: str) -> Checks:
    checks = Checks()
    site, ca = top["caddy"], top["ca_cert"]
    site_url = urllib.parse.urlsplit(site)
    media = Path(top["media_root"])

    def browser(source: str = "127.0.0.1", **headers: str) -> Client:
        return Client(site, source=source, ca_file=ca, extra_headers=headers)

    def https_verified() -> str:
        answer = browser().get("/")
        assert answer.status == 200, f"HTTP {answer.status}"
        assert "<html" in answer.text, "not the home page"
        # And an unverified client is refused: the certificate is not from a public CA.
        try:
            Client(site).get("/")
        except ssl.SSLCertVerificationError:
            pass
        else:
            raise AssertionError("the system's CAs accepted Caddy's internal certificate")
        return f"200 from {site}, certificate verified against {Path(ca).name}"

    def http_redirects() -> str:
        answer = Client(top["caddy_http"]).get("/bibliotekos/?q=a")
        location = answer.header("Location")
        assert answer.status in {301, 308}, f"HTTP {answer.status}"
        assert location == f"{site}/bibliotekos/?q=a", f"Location: {location}"
        return f"{answer.status} → {location}"

    def hsts() -> str:
        page = browser().get("/")
        value = page.header("Strict-Transport-Security")
        assert "max-age=31536000" in value and "includeSubDomains" in value, repr(value)
        return value

    def secure_cookies() -> str:
        client = browser()
        token = client.csrf_token("/paskyra/login/")
        csrf = client.cookie_line("csrftoken")
        assert "Secure" in csrf, f"csrftoken: {csrf}"
        answer = client.post(
            "/paskyra/login/",
            {"csrfmiddlewaretoken": token, "login": data["owner"], "password": password},
        )
        assert answer.status == 302, f"sign-in answered {answer.status}"
        session = client.cookie_line("sessionid")
        assert session, "no session cookie after signing in"
        attributes = {part.strip().lower() for part in session.split(";")[1:]}
        assert "secure" in attributes and "httponly" in attributes, f"sessionid: {session}"
        assert client.get("/mano-mokymasis/").status == 200, "my learning page refused"
        return "csrftoken Secure; sessionid Secure, HttpOnly; signed in through Caddy"

    def lockout() -> str:
        # Once per run: a lockout lasts an hour. Nine failures in all for this address,
        # under allauth's own limit per address (10 in 5 minutes), so a 429 is axes'.
        target = f"smoke-lockout-{password[-8:]}@example.invalid"

        def attempt(client: Client) -> int:
            token = client.csrf_token("/paskyra/login/")
            answer = client.post(
                "/paskyra/login/",
                {"csrfmiddlewaretoken": token, "login": target, "password": "wrong-password"},
            )
            if answer.status == 429:
                # django-axes' lockout page (it offers a password reset), not another 429.
                assert "password/reset/" in answer.text, "a 429 that is not the lockout page"
            return answer.status

        # The attacker forges X-Forwarded-For on every try: the lockout still takes their
        # real address, so after the limit 127.0.0.2 is locked out whatever it claims.
        attacker = browser(CLIENT_A, **{"X-Forwarded-For": CLIENT_B})
        statuses = [attempt(attacker) for _ in range(AXES_FAILURE_LIMIT)]
        assert 429 not in statuses[:-1], f"locked out too early: {statuses}"
        locked = attempt(attacker)
        assert locked == 429, f"{CLIENT_A} not locked out after {statuses}: {locked}"
        plain = attempt(browser(CLIENT_A))
        assert plain == 429, f"{CLIENT_A} without the forged header: {plain}"
        other = attempt(browser(CLIENT_B))
        assert other == 200, f"{CLIENT_B} (not the attacker) answered {other}, not the form"
        claims = attempt(browser(CLIENT_B, **{"X-Forwarded-For": CLIENT_A}))
        assert claims == 200, f"{CLIENT_B} claiming to be {CLIENT_A} answered {claims}"
        return (
            f"{CLIENT_A} (forging X-Forwarded-For: {CLIENT_B}) locked out (429) after "
            f"{AXES_FAILURE_LIMIT} failures; {CLIENT_B} still gets the form, also when it "
            f"claims {CLIENT_A}"
        )

    def throttle() -> str:
        code = data["certificate"]["code"]
        path = f"/pazymejimai/{code}/"
        limit = int(VERIFICATION_RATE.split("/")[0])
        flooder = browser(CLIENT_B, **{"X-Forwarded-For": CLIENT_A})
        statuses = [flooder.get(path).status for _ in range(limit + 1)]
        assert statuses[:limit] == [200] * limit, f"{CLIENT_B}: {statuses}"
        assert statuses[limit] == 429, f"{CLIENT_B} not throttled: {statuses}"
        other = browser(CLIENT_A).get(path)
        assert other.status == 200, f"{CLIENT_A} answered {other.status}"
        assert data["certificate"]["number"] in other.text, "not the verification page"
        return f"{CLIENT_B} throttled after {limit} look-ups ({VERIFICATION_RATE}); {CLIENT_A} not"

    def static_files() -> str:
        page = browser().get("/").text
        match = re.search(r'(/static/[^"\']+\.[0-9a-f]{12}\.css)', page)
        assert match, "no hashed stylesheet on the home page"
        path = match[1]
        answer = browser().get(path, headers={"Accept-Encoding": "identity"})
        assert answer.status == 200, f"{path}: HTTP {answer.status}"
        on_disk = (Path(top["static_root"]) / path.removeprefix("/static/")).read_bytes()
        assert answer.body == on_disk, "the body is not the collected file"
        assert "immutable" in answer.header("Cache-Control"), answer.header("Cache-Control")
        compressed = browser().get(path, headers={"Accept-Encoding": "br, gzip"})
        encoding = compressed.header("Content-Encoding")
        assert encoding in {"br", "gzip"}, f"no precompressed copy served: {encoding!r}"
        for name in top["pids"]:
            if name.startswith("app-"):
                log = (Path(top["logs"]) / f"{name}.log").read_text()
                assert f"GET {path} " not in log, f"{name} served {path}, not Caddy"
        return f"{path} from {top['static_root']}: immutable, {encoding} precompressed"

    def upload_served() -> str:
        document = data["public_document"]
        assert document, "the demo data have no public document with a file"
        answer = browser().get(f"/dokumentai/{document['pk']}/atsisiusti/")
        assert answer.status == 200, f"HTTP {answer.status}"
        on_disk = (media / document["name"]).read_bytes()
        assert answer.body == on_disk, f"{len(answer.body)} bytes, not the stored file"
        assert not answer.header("X-Accel-Redirect"), "the internal header leaked"
        assert answer.header("Content-Type") == "application/pdf", answer.header("Content-Type")
        disposition = answer.header("Content-Disposition")
        assert disposition.startswith("attachment"), disposition
        assert answer.header("X-Content-Type-Options") == "nosniff"
        # The app server answered with an empty body: the bytes came from Caddy.
        request_line = f'"GET /dokumentai/{document["pk"]}/atsisiusti/ HTTP/1.1" 200 '
        sizes = [
            line.split(request_line, 1)[1].split()[0]
            for name in top["pids"]
            if name.startswith("app-")
            for line in (Path(top["logs"]) / f"{name}.log").read_text().splitlines()
            if request_line in line
        ]
        assert sizes and all(size in {"0", "-"} for size in sizes), f"app answered {sizes}"
        return f"{len(on_disk)} bytes sent by Caddy on X-Accel-Redirect; {disposition[:60]}"

    def media_not_served() -> str:
        name = (data["members_document"] or data["public_document"])["name"]
        for path in (f"/media/{name}", f"/protected-media/{name}", f"/{name}"):
            answer = browser().get(path)
            if answer.status == 301 and answer.header("Location").endswith(path + "/"):
                answer = browser().get(path + "/")  # Django's APPEND_SLASH, then
            assert answer.status == 404, f"{path}: HTTP {answer.status}"
            assert not answer.body.startswith(b"%PDF"), f"{path} sent the file"
        members = data["members_document"]
        if members:
            answer = browser().get(f"/dokumentai/{members['pk']}/atsisiusti/")
            assert answer.status == 302 and "/paskyra/login/" in answer.header("Location"), (
                f"members' document to an anonymous visitor: HTTP {answer.status}"
            )
        # A client cannot make Caddy read a file by sending the internal header itself.
        sneaky = browser().get("/", headers={"X-Accel-Redirect": f"/protected-media/{name}"})
        assert b"%PDF" not in sneaky.body[:10], "a request header made Caddy send a file"
        return "/media/…, /protected-media/… → 404; members' document → sign-in"

    def certificate_pdf() -> str:
        client = browser()
        token = client.csrf_token("/paskyra/login/")
        signed_in = client.post(
            "/paskyra/login/",
            {"csrfmiddlewaretoken": token, "login": data["owner"], "password": password},
        )
        assert signed_in.status == 302, f"sign-in: {signed_in.status}"
        path = f"/mano-mokymasis/pazymejimai/{data['certificate']['pk']}/pdf/"
        answer = client.get(path)
        assert answer.status == 200, f"{path}: HTTP {answer.status}"
        assert answer.body.startswith(b"%PDF"), "not a PDF"
        assert answer.header("Content-Type") == "application/pdf", answer.header("Content-Type")
        disposition = answer.header("Content-Disposition")
        assert data["certificate"]["number"] in urllib.parse.unquote(disposition), disposition
        anonymous = browser().get(path)
        assert anonymous.status in {302, 403, 404}, f"anonymous: HTTP {anonymous.status}"
        size = len(answer.body)
        return f"{size} bytes of PDF, {disposition[:60]}; anonymous → {anonymous.status}"

    def task_by_worker() -> str:
        slug = data["event"]
        assert slug, "no event open for registration in the demo data"
        app = top["app_servers"][0]
        client = Client(app, extra_headers=top["direct_headers"])
        path = f"/renginiai/{slug}/"
        token = client.csrf_token(path)
        since = time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(time.time() - 2))
        email = f"smoke-{int(time.time())}@example.invalid"
        answer = client.post(
            path,
            {
                "csrfmiddlewaretoken": token,
                "first_name": "Smoke",
                "last_name": "Test",
                "email": email,
                "consent": "on",
                "website_url": "",
            },
            headers={"Referer": f"https://{site_url.netloc}{path}", "Origin": site},
        )
        assert answer.status in {200, 302}, f"registration on {app}: HTTP {answer.status}"
        deadline = time.monotonic() + 90
        rows: list[tuple[str, str]] = []
        while time.monotonic() < deadline:
            rows = task_status(top["database_url"], since, "send_registration_confirmation")
            if rows and all(status == "SUCCESSFUL" for status, _ in rows):
                break
            time.sleep(1)
        assert rows, "no confirmation task was enqueued"
        assert all(status == "SUCCESSFUL" for status, _ in rows), f"tasks: {rows}"
        worker_log = "".join(
            (Path(top["logs"]) / f"{name}.log").read_text(errors="replace")
            for name in top["pids"]
            if name.startswith("worker-")
        )
        assert email in worker_log, "the worker did not print the confirmation e-mail"
        return f"registered on {app}; send_registration_confirmation SUCCESSFUL by {rows[-1][1]}"

    def each_app_server() -> str:
        seen = []
        for app in top["app_servers"]:
            answer = Client(app, extra_headers=top["direct_headers"]).get("/bibliotekos/")
            assert answer.status == 200, f"{app}: HTTP {answer.status}"
            seen.append(app)
        # Through Caddy both take requests (least_conn spreads concurrent ones; in turn
        # each is asked by the health check at least).
        return "200 from " + ", ".join(seen)

    def cron_once() -> str:
        done = topology("run-cron", "--state", str(state), check=False)
        assert done.returncode == 0, f"{done.stdout[-1500:]}{done.stderr[-1500:]}"
        jobs = [line for line in done.stdout.splitlines() if line.startswith("[")]
        return f"{len(jobs)} jobs of deploy/crontab ran once, all ok"

    checks.run("HTTPS through Caddy, verified against its internal CA", https_verified)
    checks.run("HTTP redirects to HTTPS", http_redirects)
    checks.run("HSTS header", hsts)
    checks.run("session and CSRF cookies Secure (+HttpOnly)", secure_cookies)
    checks.run("sign-in lockout by the real client address", lockout)
    checks.run("throttle by the real client address", throttle)
    checks.run("static files served by Caddy", static_files)
    checks.run("uploaded document served through the proxy", upload_served)
    checks.run("media never served directly", media_not_served)
    checks.run("certificate PDF served through the proxy", certificate_pdf)
    checks.run("task enqueued on app server 1 run by a worker", task_by_worker)
    checks.run("each app server serves", each_app_server)
    checks.run("periodic jobs run once", cron_once)
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--state", type=Path, default=BASE_DIR / "var" / "prod-smoke")
    parser.add_argument("--base-port", type=int, default=18400)
    parser.add_argument("--scale", type=int, default=1, help="demo_data --scale")
    parser.add_argument("--people", type=int, default=300, help="demo_data --people")
    parser.add_argument("--keep", action="store_true", help="leave the topology running")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="check a topology already up in --state (with the demo data and "
        f"--env LRBA_VERIFICATION_RATE={VERIFICATION_RATE}); leave it running",
    )
    args = parser.parse_args(argv)
    state = args.state.resolve()
    password = "smoke-" + hashlib.sha256(str(time.time_ns()).encode()).hexdigest()[:16]
    started = time.monotonic()
    failed = True
    try:
        if not args.reuse:
            print(f"... starting the topology in {state}", flush=True)
            start(state, args)
        top = json.loads((state / "topology.json").read_text())
        print(f"... up: {top['caddy']} → {', '.join(top['app_servers'])}", flush=True)
        data = prepare(state, password)
        checks = run_checks(state, top, data, password)
        failed = checks.failed > 0
        verdict = "FAIL" if failed else "PASS"
        total = len(checks.results)
        print(f"{verdict}: {total - checks.failed}/{total} checks passed", flush=True)
    except SmokeError as error:
        print(f"FAIL  setting up: {error}", flush=True)
    finally:
        if args.keep or args.reuse:
            print(f"... left running; stop it with: topology.py down --state {state}")
        else:
            done = topology("down", "--state", str(state), check=False)
            print(done.stdout.strip() + done.stderr.strip(), flush=True)
        print(f"... {time.monotonic() - started:.0f} s in all")
    return 1 if failed else 0


def start(state: Path, args: argparse.Namespace) -> None:
    """The topology up (2 app servers, 2 workers, Caddy) with the demo data loaded."""
    topology(
        "up",
        "--state",
        str(state),
        "--app-servers",
        "2",
        "--workers",
        "2",
        "--base-port",
        str(args.base_port),
        "--env",
        f"LRBA_VERIFICATION_RATE={VERIFICATION_RATE}",
    )
    print("... loading the demo data", flush=True)
    loaded = topology(
        "manage",
        "--state",
        str(state),
        "--",
        "demo_data",
        "--scale",
        str(args.scale),
        "--people",
        str(args.people),
        check=False,
    )
    if loaded.returncode != 0:
        raise SmokeError(f"demo_data failed:\n{loaded.stdout[-2000:]}{loaded.stderr[-3000:]}")


if __name__ == "__main__":
    sys.exit(main())
