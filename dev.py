#!/usr/bin/env python3
"""One-command set-up: `python3 dev.py demo` or `python3 dev.py test`.

Creates `.venv` beside this file on first use (and again whenever
pyproject.toml changes), installs salesdesk with its test extras into it,
then runs the demo or the test suite. Needs nothing but Python 3.11+.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".salesdesk-installed"


def _fingerprint(extras: str) -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()


def ensure_environment(extras: str = "test") -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"salesdesk needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        print(f"creating {VENV} ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if not STAMP.exists() or STAMP.read_text() not in (_fingerprint(extras), _fingerprint("test,bench")):
        print("installing salesdesk and its dependencies ...", file=sys.stderr)
        subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[{extras}]"], check=True)
        STAMP.write_text(_fingerprint(extras))


BENCHES = {"check": "bench_check.py", "refresh": "bench_refresh.py", "summary": "bench_summary.py", "scope": "bench_scope.py"}
BENCH_HELP = """usage: python3 dev.py bench [check|refresh|summary|scope] [OPTIONS]

Times salesdesk's commands on generated workbooks, each beside a yardstick (the same job done without
salesdesk), and prints CPU time (user + system) and peak memory of each whole process, with the targets met
or not. Slow (minutes) and heavy: run on a quiet machine, never in CI. The first run installs the yardsticks.

  check    check and check --annotate of one order book (100k and 1,048,575 rows)
           vs a bare read of the same file, pandas + pandera, and an openpyxl load + save (the default)
  refresh  refresh vs check of the same order progress and feedback books
  summary  summary of 200 (or 2,000) reps' books vs a bare parallel read of the same books
  scope    forms and quote for one id, CSV import and a ribbon click, each vs its yardstick

python3 dev.py bench NAME --help lists NAME's options."""


def bench_help(rest: list[str]) -> int | None:
    """`bench [NAME] --help`: help without installing anything (the benchmarks' own --help needs the standard library only)."""
    if not rest or not {"-h", "--help", "help"} & set(rest):
        return None
    name = rest[0] if rest[0] in BENCHES else ""
    if not name:
        print(BENCH_HELP)
        return 0
    python = PYTHON if PYTHON.exists() else Path(sys.executable)
    return subprocess.call([str(python), str(ROOT / "benchmarks" / BENCHES[name]), "--help"], cwd=ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test", "salesdesk", "bench", "messages"):
        print(__doc__)
        print("usage: python3 dev.py demo [DIR] | test [PYTEST ARGS] | salesdesk ARGS | bench [check|refresh|summary|scope] | messages")
        return 2
    if argv[0] == "bench" and (shown := bench_help(argv[1:])) is not None:
        return shown
    ensure_environment("test,bench" if argv[0] == "bench" else "test")  # the benchmarks' yardsticks only where they are used
    command, rest = argv[0], argv[1:]
    if command == "test":
        return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT)
    if command == "bench":
        script = BENCHES.get(rest[0] if rest else "", "")  # bench summary [--files N]; no name: check
        return subprocess.call([str(PYTHON), str(ROOT / "benchmarks" / (script or BENCHES["check"])), *rest[bool(script):]], cwd=ROOT)
    if command == "messages":  # merge the code's msgids into every catalogue (addin/i18n)
        return subprocess.call([str(PYTHON), "-c", "from addin.i18n.catalogue import update; print(*update(), sep='\\n')"], cwd=ROOT)
    if command == "demo":
        return subprocess.call([str(PYTHON), "-m", "addin.cli", "demo", *rest], cwd=ROOT)
    return subprocess.call([str(PYTHON), "-m", "addin.cli", *rest])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
