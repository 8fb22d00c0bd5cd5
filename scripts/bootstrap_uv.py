"""Install uv into .tools/bin/uv using nothing but the Python standard library.

`make` calls this when `uv` is not on PATH. It tries, in order: pip in a fresh venv,
pip --target, and finally downloading uv's wheel from PyPI and unpacking the binary
(Debian's bare python3 ships without venv and pip).
"""

import json
import platform
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".tools"
TARGET = TOOLS / "bin" / "uv"
PYPI_JSON = "https://pypi.org/pypi/uv/json"


def _quiet(cmd: list[str]) -> bool:
    return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0


def via_venv() -> bool:
    venv = TOOLS / "venv"
    if not _quiet([sys.executable, "-m", "venv", str(venv)]):
        shutil.rmtree(venv, ignore_errors=True)
        return False
    if not _quiet([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "uv"]):
        return False
    return _link(venv / "bin" / "uv")


def via_pip_target() -> bool:
    lib = TOOLS / "lib"
    if not _quiet([sys.executable, "-m", "pip", "install", "--quiet", "--target", str(lib), "uv"]):
        return False
    return _link(lib / "bin" / "uv")


def via_wheel_download() -> bool:
    with urllib.request.urlopen(PYPI_JSON, timeout=60) as response:
        release = json.load(response)
    machine = platform.machine().lower().replace("amd64", "x86_64").replace("arm64", "aarch64")
    wanted = "macosx" if sys.platform == "darwin" else "manylinux"
    candidates = [
        f
        for f in release["urls"]
        if f["filename"].endswith(".whl") and wanted in f["filename"] and machine in f["filename"]
    ]
    if not candidates:
        return False
    wheel = candidates[0]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / wheel["filename"]
        with urllib.request.urlopen(wheel["url"], timeout=300) as response, path.open("wb") as out:
            shutil.copyfileobj(response, out)
        with zipfile.ZipFile(path) as archive:
            member = next(n for n in archive.namelist() if n.endswith(".data/scripts/uv"))
            TARGET.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as src, TARGET.open("wb") as dst:
                shutil.copyfileobj(src, dst)
    TARGET.chmod(0o755)
    return True


def _link(binary: Path) -> bool:
    if not binary.exists():
        return False
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.unlink(missing_ok=True)
    TARGET.symlink_to(binary)
    return True


def main() -> int:
    for method in (via_venv, via_pip_target, via_wheel_download):
        try:
            if method():
                print(f"uv installed at {TARGET}")
                return 0
        except OSError as error:
            print(f"{method.__name__}: {error}", file=sys.stderr)
    print("Could not install uv: install it yourself (pip install uv) and retry.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
