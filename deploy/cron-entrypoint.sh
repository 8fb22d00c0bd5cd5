#!/bin/sh
# The compose file's `cron` service: Debian's cron running deploy/crontab. cron starts
# its jobs with an empty environment, so the container's settings are written to a file
# the jobs read (deploy/manage.sh sources LRBA_ENV_FILE); the jobs' output goes to the
# container's log.
set -eu
umask 077
mkdir -p /run/lrba
python3 - > /run/lrba/env <<'PY'
import os, shlex
prefixes = ("DJANGO_", "LRBA_", "DATABASE_", "REDIS_", "EMAIL_", "DEFAULT_FROM_", "SENTRY_", "TZ")
for name, value in sorted(os.environ.items()):
    if name.startswith(prefixes):
        print(f"{name}={shlex.quote(value)}")
PY
{
	echo "LRBA_HOME=${LRBA_HOME:-/app}"
	echo "LRBA_ENV_FILE=/run/lrba/env"
	sed -E '/^[0-9*]/ s|$| >>/proc/1/fd/1 2>\&1|' "${LRBA_HOME:-/app}/deploy/crontab"
} | crontab -
exec cron -f
