# LRBA: `make run` serves the site with demo data, `make test` runs the whole suite.
# Needs only Python 3.11+, git and make; uv is installed into .tools/ when missing.

SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
# Trust the operating system's certificate store (company proxies add their CA there).
export UV_SYSTEM_CERTS ?= 1
RUN := $(UV) run --frozen
MANAGE := $(RUN) python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run DEBUG=1`: Django's technical 404 page instead of the site's own.
DEBUG ?= 0

.PHONY: deploy-check demo-totp run test test-postgres test-e2e screenshots lint typecheck check setup migrate demo messages bench-directory clean

$(UV):
	@echo "uv not found: installing it into .tools/ …"
	@$(PYTHON) scripts/bootstrap_uv.py

.venv/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen
	@touch $@

setup: .venv/.synced
	@mkdir -p var/static
	@bash scripts/system_packages.sh .venv/bin/python
	$(RUN) python scripts/compile_messages.py

migrate: setup
	$(MANAGE) migrate --no-input -v0

demo: migrate
	$(MANAGE) demo_data

run: migrate
	@$(MANAGE) demo_data --if-empty
	@bash scripts/serve.sh $(HOST) $(PORT) $(DEBUG)

# The demo secretariat's current two-factor code, for the back office on demo data.
demo-totp: setup
	@DJANGO_DEBUG=1 $(MANAGE) demo_totp $(EMAIL)

# --maxschedchunk 2: xdist hands each worker two tests at a time, so the long walks that
# conftest.py puts first are shared out between the workers (by default a worker takes
# hundreds of tests at once).
test: setup
	$(RUN) pytest -m "not e2e" -n 2 --maxschedchunk 2 $(PYTEST_ARGS)

test-postgres: setup
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL=postgres://…"; exit 2; }
	$(RUN) pytest -m "not e2e" -n 2 --maxschedchunk 2 $(PYTEST_ARGS)

test-e2e: setup
	@test -x /usr/bin/chromium || { echo "Installing Debian's Chromium …"; apt-get install -y -qq chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium); }
	$(RUN) pytest -m e2e -p no:xdist $(PYTEST_ARGS)

# Every public page, member page and the back office's home, lt and en, desktop and phone,
# into docs/screenshots/ (on the demo data; axe-core runs on each as well).
screenshots: setup
	@test -x /usr/bin/chromium || { echo "Installing Debian's Chromium …"; apt-get install -y -qq chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium); }
	LRBA_SCREENSHOTS=1 $(RUN) pytest -m e2e -p no:xdist tests/e2e/test_screens.py $(PYTEST_ARGS)

lint: setup
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) lint-imports  # the layers: pyproject.toml [tool.importlinter]

typecheck: setup
	$(RUN) mypy .

check: setup
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check

messages: setup
	$(MANAGE) makemessages -l lt -l en --ignore=.venv --ignore=.tools --ignore=var --ignore=tests --ignore=bench --no-obsolete
	$(RUN) python scripts/compile_messages.py

bench-directory: setup
	$(RUN) python bench/directory $(BENCH_ARGS)

clean:
	rm -rf .venv .tools var

# `manage.py check --deploy` as production would run it (set the variables first).
deploy-check: setup
	$(MANAGE) check --deploy --fail-level WARNING

# --- production topology (deploy/, scripts/prod/; docs/deploy.md "Topology")
.PHONY: prod-smoke
# Caddy (TLS, internal CA on loopback) → 2 gunicorn servers → PostgreSQL + Redis, 2 task
# workers and the cron jobs, started on this machine and checked end to end; always torn
# down. Needs PostgreSQL on 127.0.0.1:5432 (user postgres), Redis on 6379 and caddy.
prod-smoke: setup
	@command -v caddy >/dev/null || { echo "Installing Debian's Caddy …"; apt-get install -y -qq caddy >/dev/null || (apt-get update -qq && apt-get install -y -qq caddy); }
	bash scripts/prod/install.sh
	$(RUN) python scripts/prod/smoke.py $(SMOKE_ARGS)
