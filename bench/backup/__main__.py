"""Backup and restore time, and the archive's size, for the demo data at --scale 4.

    .venv/bin/python bench/backup                          # SQLite and PostgreSQL
    .venv/bin/python bench/backup --databases sqlite --scale 2

The round trip of scripts/backup_roundtrip.py (a fresh source database, `migrate`,
`demo_data --scale N` with its default people, `manage.py backup`, `manage.py restore` into a
fresh database, every row count and file checksum compared) at benchmark size. The times are
the ones `backup` and `restore` report themselves (without Python's start-up). Figures go to
stdout and to var/bench/backup-<database>.json. See bench/README.md.
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--scale", type=int, default=4)
    parser.add_argument(
        "--postgres-admin-url", default="postgres://postgres@127.0.0.1:5432/postgres"
    )
    args = parser.parse_args()
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    figures = out / "backup.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "backup_roundtrip.py"),
            f"--databases={args.databases}",
            f"--scale={args.scale}",
            "--people=-1",  # demo_data's default: 3000 × scale
            f"--postgres-admin-url={args.postgres_admin_url}",
            f"--json={figures}",
        ],
        check=False,
    )
    if done.returncode != 0:
        return done.returncode
    results = json.loads(figures.read_text())
    print(f"\ndemo_data --scale {args.scale}:")
    print("| database | rows | files | archive | backup | restore |")
    print("|---|---:|---:|---:|---:|---:|")
    for vendor, row in results.items():
        print(
            f"| {vendor} | {row['rows']:,} | {row['files']} | {row['archive_mb']} MB "
            f"| {row['backup_s']:.1f} s | {row['restore_s']:.1f} s |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
