"""Shared fixtures: workbooks written into tmp_path from inline rows, LibreOffice as a reader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Callable

import openpyxl
import pytest

WriteBook = Callable[..., Path]


def workbook_of(sheets: dict[str, list[list[object]]]) -> openpyxl.Workbook:
    """A new workbook holding `sheets` (title -> rows), as the fixtures and test data builders write them."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    return book


@pytest.fixture
def write_book(tmp_path: Path) -> WriteBook:
    """write_book("orders.xlsx", {"订单": [[headers...], [row...], ...]}) -> path."""

    def write(name: str, sheets: dict[str, list[list[object]]], folder: Path | None = None) -> Path:
        book = workbook_of(sheets)
        path = (folder or tmp_path) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
        return path

    return write


def save_book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """`sheets` (name -> rows) saved as a workbook at `path` (its folder made); the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook_of(sheets).save(path)
    return path


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """`salesdesk ARGS` as a separate process (what a rep's terminal runs), its output captured as text."""
    return subprocess.run([sys.executable, "-m", "addin.cli", *args], capture_output=True, text=True)


def soffice_path() -> str | None:
    from addin.io.libreoffice import soffice as find

    return find()


@pytest.fixture
def soffice() -> str:
    path = soffice_path()
    if not path:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc")
    return path


def convert(soffice: str, source: Path, target_format: str, out: Path) -> Path:
    """LibreOffice as an independent reader: fails the test when it cannot open the file."""
    from addin.io.libreoffice import convert as lo_convert

    try:
        return lo_convert(source, target_format, out)
    except RuntimeError as exc:
        raise AssertionError(str(exc)) from exc


def tables_from(sheets: dict[str, list[list[object]]], file: str = "book.xlsx"):
    """Builds core tables straight from inline grids (no file), like the loader does."""
    from zoneinfo import ZoneInfo

    from addin.core.build import build_table
    from addin.core.recognise import recognise
    from addin.core.tables import Tables

    tables, issues = Tables(), []
    for sheet, grid in sheets.items():
        found = recognise(grid)
        assert found is not None, f"{sheet} not recognised"
        table, found_issues = build_table(found, grid, file, sheet, ZoneInfo("Asia/Shanghai"))
        tables.add(table)
        issues.extend(found_issues)
    return tables, issues


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    """The demo, run once per session (it is the slowest thing in the suite), with --force on a
    folder that already holds a rep's own workbooks: (folder, printed lines, the rep's bytes before)."""
    from datetime import date

    from addin.commands.demo import run_demo

    folder = tmp_path_factory.mktemp("demo")
    reps = {}
    for name in ("order_progress.xlsx", "my_own.xlsx"):
        book = openpyxl.Workbook()
        book.active.append(["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货"])
        book.active.append(["MY-1", "C1", "张伟", "3/5/2026", 100, "2026-04-01"])
        book.save(folder / name)
        reps[folder / name] = (folder / name).read_bytes()
    lines: list[str] = []
    assert run_demo(folder, lang="zh", seed=7, out=lines.append, as_of=date(2026, 11, 28), force=True) == 0
    return folder, lines, reps
