#!/usr/bin/env bash
# Serve the site for development: Django's server plus one background-task worker,
# stopped together with Ctrl-C. `make run HOST=… PORT=… DEBUG=1` passes its arguments.
set -euo pipefail
host=${1:-127.0.0.1}
port=${2:-8000}
debug_404=${3:-0}
cd "$(dirname "$0")/.."
uv_bin=$(command -v uv || echo "$PWD/.tools/bin/uv")
export DJANGO_DEBUG=${DJANGO_DEBUG:-1}
# A missing page shows the site's own 404 page; DEBUG=1 shows Django's instead.
export LRBA_DEBUG_404=${LRBA_DEBUG_404:-$debug_404}
# Links in e-mails (printed in this terminal) point at the address actually served.
case "$host" in
  0.0.0.0 | "::" | "[::]") url_host=localhost ;;
  *:*) url_host="[$host]" ;;
  *) url_host=$host ;;
esac
export LRBA_SITE_URL=${LRBA_SITE_URL:-http://$url_host:$port}
# Served on another address (a phone on the same network: HOST=0.0.0.0 or the machine's
# own address), the site must accept that host name too.
if [ -z "${DJANGO_ALLOWED_HOSTS:-}" ]; then
  case "$host" in
    127.0.0.1 | localhost | "::1") ;;
    0.0.0.0 | "::" | "[::]") export DJANGO_ALLOWED_HOSTS="*" ;;
    *) export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,[::1],$url_host" ;;
  esac
fi

"$uv_bin" run --frozen python manage.py db_worker --no-reload &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "LRBA: $LRBA_SITE_URL/  (back office: $LRBA_SITE_URL/admin/; its two-factor code: make demo-totp)"
echo "E-mails are not sent: they are printed here, in this terminal."
"$uv_bin" run --frozen python manage.py runserver "$host:$port"
