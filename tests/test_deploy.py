"""The deployment files in deploy/ hold together: the compose file is valid and has the
production topology's shape, Caddy accepts the Caddyfile (as production and as the
launcher fill it in), the crontab runs real commands and the ones docs/deploy.md lists,
and the image installs with the same script as `make prod-smoke`.

tests/compose_spec.json is the Compose Specification's JSON schema as Debian's
docker-compose 1.29 ships it (compose/config/compose_spec.json, Apache-2.0): there is no
container engine here to run the file, so CI checks it against the schema always, and
with `docker-compose config` when that is installed.
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
APP_SERVICES = {"app1", "app2", "worker1", "worker2", "cron", "migrate"}

sys.path.insert(0, str(ROOT / "scripts" / "prod"))
import topology  # noqa: E402


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_compose_file_matches_the_compose_specification():
    schema = json.loads((ROOT / "tests" / "compose_spec.json").read_text())
    jsonschema.Draft201909Validator(schema).validate(compose())


def test_compose_file_has_the_production_topology():
    services = compose()["services"]
    assert set(services) == APP_SERVICES | {"postgres", "redis", "caddy"}
    # The application's processes all run the one image built from deploy/Containerfile.
    for name in APP_SERVICES:
        assert services[name]["build"]["dockerfile"] == "deploy/Containerfile", name
        assert services[name]["image"] == "lrba:latest", name
    assert "db_worker" in services["worker1"]["command"]
    assert "db_worker" in services["worker2"]["command"]
    # Only Caddy is reachable from outside.
    assert [name for name, service in services.items() if "ports" in service] == ["caddy"]
    caddy = services["caddy"]
    upstreams = caddy["environment"]["LRBA_UPSTREAMS"].split()
    assert upstreams == ["app1:8000", "app2:8000"]
    # The application trusts X-Forwarded-For from Caddy's fixed address only.
    caddy_address = caddy["networks"]["internal"]["ipv4_address"]
    assert services["app1"]["environment"]["LRBA_TRUSTED_PROXIES"] == caddy_address
    # Caddy reads uploads (for X-Accel-Redirect) but cannot change them.
    assert "media:/srv/media:ro" in caddy["volumes"]
    assert services["app1"]["environment"]["LRBA_SENDFILE_HEADER"] == "X-Accel-Redirect"


@pytest.mark.skipif(not shutil.which("docker-compose"), reason="docker-compose not installed")
def test_docker_compose_accepts_the_file(tmp_path):
    for name in ("compose.yaml", "Caddyfile"):
        shutil.copy(DEPLOY / name, tmp_path / name)
    shutil.copy(DEPLOY / "env.example", tmp_path / ".env")
    done = subprocess.run(
        ["docker-compose", "-f", "compose.yaml", "--env-file", ".env", "config", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def adapt(caddyfile: str, tmp_path: Path) -> dict:
    path = tmp_path / "Caddyfile"
    path.write_text(caddyfile)
    done = subprocess.run(
        ["caddy", "adapt", "--config", str(path), "--adapter", "caddyfile"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def file_server_roots(config: dict) -> list[str]:
    """The `root` of every file_server route in an adapted config, in order."""
    text = json.dumps(config)
    return re.findall(r'"handler": "vars", "root": "([^"]+)"', text)


@pytest.mark.skipif(not shutil.which("caddy"), reason="caddy not installed")
def test_caddyfile_as_production_and_as_the_launcher_fill_it_in(tmp_path):
    production = adapt(topology.render_caddyfile({}), tmp_path)
    assert production["apps"]["http"]["https_port"] == 443
    # Static files from the collected directory; uploads only inside handle_response,
    # i.e. after the application answered with X-Accel-Redirect.
    roots = file_server_roots(production)
    assert roots == ["/srv/lrba/var/static", "/srv/lrba/var/media"]
    text = json.dumps(production)
    assert text.index('"handle_response"') < text.index("/srv/lrba/var/media")
    assert "{http.reverse_proxy.header.X-Accel-Redirect}" in text

    local = topology.render_caddyfile(
        {
            "LRBA_CADDY_GLOBAL": "local_certs\n\tskip_install_trust\n\tadmin off",
            "LRBA_SITE_ADDRESS": "127.0.0.1",
            "LRBA_BIND": "127.0.0.1",
            "LRBA_HTTPS_PORT": "18400",
            "LRBA_UPSTREAMS": "127.0.0.1:18410 127.0.0.1:18411",
        }
    )
    assert "{$" not in local
    launched = adapt(local, tmp_path)
    upstreams = re.findall(r'"dial": "([^"]+)"', json.dumps(launched))
    assert upstreams == ["127.0.0.1:18410", "127.0.0.1:18411"]
    assert launched["apps"]["tls"]["automation"]["policies"][0]["issuers"] == [
        {"module": "internal"}
    ]


def test_crontab_runs_the_commands_docs_deploy_lists():
    jobs = {argv[0] for _schedule, argv in topology.cron_jobs()}
    assert jobs <= set(get_commands()), jobs - set(get_commands())
    docs = (ROOT / "docs" / "deploy.md").read_text()
    section = docs.split("## Periodic jobs", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"manage\.py (\w+)", section))
    assert listed == jobs


def test_image_and_smoke_run_install_with_one_script():
    containerfile = (DEPLOY / "Containerfile").read_text()
    assert "RUN bash scripts/prod/install.sh" in containerfile
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nprod-smoke:", 1)[1].split("\n\n", 1)[0]
    assert "bash scripts/prod/install.sh" in recipe
