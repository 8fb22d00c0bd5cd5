#!/usr/bin/env bash
# Serve the site for development: Django's server plus one background-task worker,
# stopped together with Ctrl-C.
set -euo pipefail
host=${1:-127.0.0.1}
port=${2:-8000}
cd "$(dirname "$0")/.."
uv_bin=$(command -v uv || echo "$PWD/.tools/bin/uv")
export DJANGO_DEBUG=${DJANGO_DEBUG:-1}

"$uv_bin" run --frozen python manage.py db_worker --no-reload &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "LRBA: http://$host:$port/  (back office: http://$host:$port/admin/)"
"$uv_bin" run --frozen python manage.py runserver "$host:$port"
