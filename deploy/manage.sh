#!/bin/sh
# manage.py with production's settings: for cron jobs and one-off commands on a server.
# The environment comes from the service's environment (containers) or from the file
# named by LRBA_ENV_FILE (e.g. /etc/lrba/env, the same file the systemd units read).
set -e
cd "$(dirname "$0")/.."
if [ -n "${LRBA_ENV_FILE:-}" ]; then
	set -a
	. "$LRBA_ENV_FILE"
	set +a
fi
exec .venv/bin/python manage.py "$@"
