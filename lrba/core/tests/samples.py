"""Where the third-party sample files are: `../shared/samples/` from the project root
(real ONIX, MARC, camt, UBL and iCalendar files; their oddities in its SOURCES.md).

Found through `LRBA_SAMPLES_DIR`, else the nearest `shared/samples` beside the checkout or
beside any folder above it (a clone elsewhere in the workplace finds it too). A test that
reads a sample is marked `needs_samples`: skipped, with the reason, on a machine without
the folder, so a checkout without the shared notes still runs its other tests."""

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def _samples_dir() -> Path | None:
    configured = os.environ.get("LRBA_SAMPLES_DIR")
    if configured:
        return Path(configured)
    for folder in PROJECT_ROOT.parents:
        candidate = folder / "shared" / "samples"
        if candidate.is_dir():
            return candidate
    return None


SAMPLES_DIR: Path = _samples_dir() or PROJECT_ROOT.parent / "shared" / "samples"

# For a test that reads a sample file.
needs_samples = pytest.mark.skipif(
    not SAMPLES_DIR.is_dir(),
    reason="the shared sample files (../shared/samples) are not on this machine",
)
