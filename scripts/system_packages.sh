#!/usr/bin/env bash
# The few operating-system libraries the project needs beyond Python: Pango and fonts
# for WeasyPrint (PDF certificates and lists), and HarfBuzz-Subset, with which WeasyPrint
# embeds only the letters a PDF uses (without it, fontTools does and WeasyPrint says so
# for every font). Installed with apt when missing and allowed (root on Debian/Ubuntu);
# otherwise says what to install.
set -euo pipefail
python=${1:-python3}
if "$python" -c "import weasyprint" >/dev/null 2>&1; then
  if "$python" -c "from weasyprint.text.ffi import harfbuzz_subset; assert harfbuzz_subset" >/dev/null 2>&1; then
    exit 0
  fi
  # PDFs work without it: install it when allowed, never fail for it.
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing libharfbuzz-subset0 for PDF fonts …"
    apt-get install -y -qq libharfbuzz-subset0 >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq libharfbuzz-subset0 >/dev/null 2>&1; } \
      || echo "Could not install libharfbuzz-subset0; PDFs still work." >&2
  fi
  exit 0
fi
packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing $packages for PDF generation …"
  apt-get install -y -qq $packages >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq $packages >/dev/null; }
else
  echo "PDF generation (WeasyPrint) needs Pango: sudo apt-get install $packages" >&2
  exit 1
fi
