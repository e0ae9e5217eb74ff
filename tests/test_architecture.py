"""The layers stay apart: the pure core never touches files, Excel or readers."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "addin"
PURE = ("schema", "core", "checks", "domain", "pricing", "deadlines", "summary", "pipeline", "playbook")
FORBIDDEN = ("addin.io", "addin.excel", "addin.commands", "openpyxl", "xlwings", "python_calamine", "zipfile", "subprocess")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                names.add(".".join(base + ([node.module] if node.module else [])))
            else:
                names.add(node.module or "")
    return names


def test_pure_layers_import_no_adapter():
    offenders = []
    for layer in PURE:
        for path in (PACKAGE / layer).rglob("*.py"):
            for name in _imports(path):
                if name.startswith(FORBIDDEN):
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_modules_stay_small_enough_to_read():
    too_long = [f"{p.relative_to(PACKAGE)}: {n}" for p in PACKAGE.rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400]
    assert too_long == []


def test_ruff_finds_nothing():
    """Unused imports and names, import order, likely bugs: the lint runs with the suite (pyproject [tool.ruff])."""
    import subprocess
    import sys

    root = PACKAGE.parent
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "addin", "tests", "benchmarks", "tools"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
