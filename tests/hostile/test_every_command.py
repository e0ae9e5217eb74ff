"""Every writing command on every hostile case, through the CLI, against one contract:

no traceback; the exit code; a refusal carries its code and leaves the rep's
files byte-identical; after a write, every part the writer must not touch is
byte-identical, each written file reopens in openpyxl and calamine, and no
<f> element holds user text.
"""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import openpyxl
import pytest
from hostile_cases import (
    assert_reopens_without_user_formulas,
    assert_untouched_parts_identical,
    hostile_calculator,
    orders_book,
    parts,
    run_cli,
    snapshot,
)

from addin.io.safe_write import save_new_file
from addin.io.templates import template_workbook
from addin.schema import CATALOG

COMMANDS = {
    "annotate": lambda folder: ["check", str(folder), "--annotate", "--json", "--quiet"],
    "sidecar": lambda folder: ["check", str(folder), "--sidecar", "--json", "--quiet"],
    "quote": lambda folder: ["quote", str(folder), "--json", "--quiet"],
    "templates": lambda folder: ["templates", str(folder)],
    "demo": lambda folder: ["demo", str(folder)],
}
NOT_OURS = {"file-not-ours"}


@dataclass
class Case:
    folder: Path
    rep_files: list[Path]  # the rep's workbooks: byte-identical after a refusal, valid after a write
    refused: dict[str, set[str]]  # command -> acceptable refusal codes (the rep's files untouched)
    expect_codes: dict[str, set[str]] = field(default_factory=dict)  # command -> one of these codes must appear
    restore: Callable[[], None] = lambda: None


def formula_text(tmp: Path) -> Case:
    folder = tmp / "reps"
    calc = hostile_calculator(folder / "quote_calculator.xlsx")
    return Case(folder, [calc], {"templates": NOT_OURS, "demo": NOT_OURS})


def read_only_file(tmp: Path) -> Case:
    folder = tmp / "reps"
    calc = hostile_calculator(folder / "quote_calculator.xlsx")
    calc.chmod(0o444)
    ro = {"file-read-only"}
    return Case(folder, [calc], {"annotate": ro, "templates": NOT_OURS | ro, "demo": NOT_OURS | ro}, {"quote": ro})


def symlinked(tmp: Path) -> Case:
    real = hostile_calculator(tmp / "real" / "quote_calculator.xlsx")
    folder = tmp / "reps"
    folder.mkdir()
    (folder / "quote_calculator.xlsx").symlink_to(real)
    return Case(folder, [real], {"templates": NOT_OURS, "demo": NOT_OURS})


def last_column_used(tmp: Path) -> Case:
    folder = tmp / "reps"
    book = orders_book(folder / "order_progress.xlsx", {"XFD1": "far right"})
    return Case(folder, [book], {"templates": NOT_OURS, "demo": NOT_OURS}, {"annotate": {"status-column-no-room"}})


def brackets_in_name(tmp: Path) -> Case:
    folder = tmp / "reps"
    book = orders_book(folder / "Book[1].xlsx")
    decoy = folder / "Book1.bak-20200101-000000-1.xlsx"  # what the glob Book[1].bak-* would match
    decoy.write_bytes(b"another file's backup")
    progress = orders_book(folder / "order_progress.xlsx")
    return Case(folder, [book, progress], {"templates": NOT_OURS, "demo": NOT_OURS})


def read_only_folder(tmp: Path) -> Case:
    folder = tmp / "reps"
    calc = hostile_calculator(folder / "quote_calculator.xlsx")
    folder.chmod(0o555)
    ro = {"folder-read-only", "file-permission"}
    return Case(
        folder, [calc], {"annotate": ro, "sidecar": ro, "templates": ro | NOT_OURS, "demo": ro | NOT_OURS}, {"quote": ro},
        restore=lambda: folder.chmod(0o755),
    )


def unreadable_file(tmp: Path) -> Case:
    folder = tmp / "reps"
    calc = hostile_calculator(folder / "quote_calculator.xlsx")
    book = orders_book(folder / "order_progress.xlsx")
    calc.chmod(0o000)
    unreadable = {"file-unreadable"}
    return Case(
        folder, [calc, book], {"templates": NOT_OURS | unreadable, "demo": NOT_OURS | unreadable},
        {"annotate": unreadable, "sidecar": unreadable, "quote": unreadable},
        restore=lambda: calc.chmod(0o644),
    )


def edited_quote_sheet(tmp: Path) -> Case:
    folder = tmp / "reps"
    calc = hostile_calculator(folder / "quote_calculator.xlsx")
    assert run_cli("quote", str(folder), "--quiet").exit in (0, 1)
    sheet = sorted((folder / "报价单").glob("*.xlsx"))[0]
    book = openpyxl.load_workbook(sheet)  # the rep adds a line for the customer and saves
    book.active["A40"] = "请于周五前确认"
    book.save(sheet)
    return Case(folder, [calc, sheet], {"templates": NOT_OURS, "demo": NOT_OURS}, {"quote": NOT_OURS})


def filled_template(tmp: Path) -> Case:
    """A template salesdesk wrote (marker and all), then filled in by the rep: now the rep's file."""
    folder = tmp / "reps"
    folder.mkdir()
    book = folder / "order_progress.xlsx"
    spec = next(s for s in CATALOG if s.file_name == book.name)
    save_new_file(template_workbook(spec, "zh"), book, kind="template")  # what `salesdesk templates` writes
    filled = openpyxl.load_workbook(book)
    filled["订单"].append(["SO-1", "C1", "张伟", "3/5/2026", "abc", "2026-04-01"])
    filled.save(book)
    return Case(folder, [book], {"templates": NOT_OURS, "demo": NOT_OURS}, {"annotate": {"date-ambiguous", "value-unparseable"}})


def forged_marker(tmp: Path) -> Case:
    """A marker whose hash does not match the content (forged, or copied from another file): the rep's file."""
    folder = tmp / "reps"
    source = orders_book(tmp / "source.xlsx")
    book = folder / "order_progress.xlsx"
    folder.mkdir()
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            out.writestr(info, z.read(info))
        out.writestr("docProps/custom.xml", (
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="salesdesk.sha256"><vt:lpwstr>' + b"0" * 64 + b"</vt:lpwstr></property></Properties>"
        ))
    return Case(folder, [book], {"templates": NOT_OURS, "demo": NOT_OURS})


CASES = [formula_text, read_only_file, symlinked, last_column_used, brackets_in_name, read_only_folder, unreadable_file, edited_quote_sheet, filled_template, forged_marker]


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("make", CASES, ids=[c.__name__ for c in CASES])
def test_every_command_keeps_the_contract(tmp_path, make, command):
    case = make(tmp_path)
    try:
        _check(case, command)
    finally:
        case.restore()


def _check(case: Case, command: str) -> None:
    rep_before = {p: p.read_bytes() if os.access(p, os.R_OK) and p.stat().st_mode & 0o444 else None for p in case.rep_files}
    rep_parts = {p: parts(p) for p, data in rep_before.items() if data is not None and p.suffix == ".xlsx" and not p.parent.name == "报价单"}
    links = {p: os.readlink(p) for p in case.folder.iterdir() if p.is_symlink()}
    before = snapshot(case.folder)
    result = run_cli(*COMMANDS[command](case.folder))

    for link, target in links.items():
        assert link.is_symlink() and os.readlink(link) == target, "a symlink must stay a link"
    assert not [p for p in case.folder.rglob(".salesdesk-tmp*")], "temp files left behind"
    if command in case.expect_codes:
        assert case.expect_codes[command] & result.codes, (command, result.codes, result.text[-800:])

    if command in case.refused:
        assert result.exit != 0, result.text[-800:]
        assert result.codes & case.refused[command], (command, result.codes, result.text[-800:])
        for path, data in rep_before.items():
            if data is not None:
                assert path.read_bytes() == data, f"{path.name} changed although the write was refused"
        return

    assert result.exit in (0, 1), result.text[-800:]
    for path, old_parts in rep_parts.items():
        if path.read_bytes() != rep_before[path]:
            if os.path.getsize(path) and not stat.S_ISLNK(os.lstat(path).st_mode):
                assert_untouched_parts_identical(old_parts, parts(path))
                assert_reopens_without_user_formulas(path)
            backups = [p for p in path.parent.iterdir() if p.name.startswith(f"{path.stem}.bak-")]
            assert any(b.read_bytes() == rep_before[path] for b in backups), f"no backup holds {path.name} as it was"
    for name in snapshot(case.folder).keys() - before.keys():
        written = case.folder / name
        if written.suffix == ".xlsx" and ".bak-" not in written.name:
            assert_reopens_without_user_formulas(written)
    decoy = case.folder / "Book1.bak-20200101-000000-1.xlsx"
    if "Book[1].xlsx" in [p.name for p in case.rep_files]:
        assert decoy.read_bytes() == b"another file's backup", "another file's backup was pruned"
