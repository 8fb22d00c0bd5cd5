"""Compile the catalogues of settings.LOCALE_PATHS (locale/ and locale_overrides/) to .mo
with Babel, so no GNU gettext is needed.

`make setup` runs this on every machine; Django's compilemessages would need msgfmt.
"""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
# The same directories as settings.LOCALE_PATHS (read without loading Django's settings).
LOCALE_DIRS = (ROOT / "locale", ROOT / "locale_overrides")


def main() -> int:
    po_paths = sorted(path for d in LOCALE_DIRS for path in d.glob("*/LC_MESSAGES/*.po"))
    for po_path in po_paths:
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            # Fuzzy entries are left out, as msgfmt does; the catalogue test forbids them.
            write_mo(mo_file, catalog, use_fuzzy=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
