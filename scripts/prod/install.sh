#!/usr/bin/env bash
# Install LRBA's runtime into the checkout this script lives in: the one set of build
# steps shared by the container image (deploy/Containerfile runs it) and the production
# topology run on this machine (`make prod-smoke` runs it before starting the topology).
#
#   1. uv, when missing (into .tools/, as `make setup` does);
#   2. the locked Python packages without the development ones (`--inexact` leaves any
#      already there alone, so a developer's checkout keeps its test tools);
#   3. the system libraries PDFs need (Pango and fonts for WeasyPrint; apt, when root);
#   4. the compiled translations.
# collectstatic is not here: it needs the site's settings (the image runs it once when
# built, the launcher for its own static directory).
set -euo pipefail
cd "$(dirname "$0")/../.."
export UV_SYSTEM_CERTS=${UV_SYSTEM_CERTS:-1}
uv_bin=$(command -v uv || echo "$PWD/.tools/bin/uv")
if [ ! -x "$uv_bin" ]; then
  "${PYTHON:-python3}" scripts/bootstrap_uv.py
  uv_bin="$PWD/.tools/bin/uv"
fi
"$uv_bin" sync --frozen --no-dev --inexact
bash scripts/system_packages.sh .venv/bin/python
.venv/bin/python scripts/compile_messages.py
echo "LRBA installed in $PWD/.venv"
