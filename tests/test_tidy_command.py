"""salesdesk tidy on real files: values become real, the typed text stays in a note, doubt is left alone."""

from __future__ import annotations

import json
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from addin.cli import main
from addin.commands.check import run_check
from addin.commands.tidy import run_tidy

ORDERS = ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "日违约金比例"]


@pytest.fixture
def typed_book(write_book):
    return write_book(
        "orders.xlsx",
        {"订单": [ORDERS,
                  ["SO-1", "C1", "张伟", "2026年3月5日", "¥1,200.00", "2026/4/1", "0.5%"],
                  ["SO-2", "C2", "李娜", "3/5/2026", "1.5万", "abc", "15"],
                  ["SO-3", "C3", "王磊", datetime(2026, 3, 6), 900, "2026-04-02", None]]},
    )


def backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.stem + ".bak-*"))


def cells(path: Path) -> list[tuple[object, ...]]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [tuple(c.value for c in row) for row in ws.iter_rows(min_row=2)]


def notes(path: Path) -> dict[str, tuple[str, str]]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    return {c.coordinate: (c.comment.author, c.comment.text) for row in ws.iter_rows() for c in row if c.comment}


def test_tidy_turns_unambiguous_text_into_values_keeps_the_text_and_a_backup(typed_book):
    before = cells(typed_book)
    result = run_tidy([typed_book])
    assert sorted((t.change.column, t.change.row) for t in result.changes) == [("D", 2), ("E", 2), ("E", 3), ("F", 2), ("F", 4), ("G", 2)]
    assert sorted((i.row, i.column, i.code) for i in result.issues) == [(3, "D", "date-ambiguous"), (3, "F", "value-unparseable"), (3, "G", "percent-points")]
    assert len(backups(typed_book)) == 1
    after = cells(typed_book)
    assert after[0][3:7] == (datetime(2026, 3, 5), 1200, datetime(2026, 4, 1), 0.005)
    assert after[1][4] == 15000
    # nothing ambiguous changed; untouched cells as they were
    assert (after[1][3], after[1][5], after[1][6]) == ("3/5/2026", "abc", "15")
    assert after[2][:5] == before[2][:5]
    ws = openpyxl.load_workbook(typed_book).worksheets[0]
    assert ws["D2"].number_format == "yyyy-mm-dd" and ws["E2"].number_format == "¥#,##0.00" and ws["G2"].number_format == "0.00%"
    kept = notes(typed_book)
    assert kept["D2"] == ("salesdesk-tidy", "原文：2026年3月5日")
    assert kept["E3"][1] == "原文：1.5万"
    assert "D3" not in kept  # the ambiguous one: reported, not marked (no --annotate)


def test_tidy_twice_is_tidy_once(typed_book):
    run_tidy([typed_book])
    first = typed_book.read_bytes()
    second = run_tidy([typed_book])
    assert second.changes == [] and second.applied is None
    assert typed_book.read_bytes() == first
    assert len(backups(typed_book)) == 1


def test_dry_run_writes_nothing(typed_book):
    before = typed_book.read_bytes()
    result = run_tidy([typed_book], dry_run=True)
    assert len(result.changes) == 6 and result.applied is None
    assert typed_book.read_bytes() == before and backups(typed_book) == []


def test_check_annotate_keeps_the_tidy_notes(typed_book):
    run_tidy([typed_book])
    tidy_notes = {ref: n for ref, n in notes(typed_book).items() if n[0] == "salesdesk-tidy"}
    assert len(tidy_notes) == 6
    run_check([typed_book], annotate=True)
    run_check([typed_book], annotate=True)  # clears salesdesk's own notes and writes them again
    after = notes(typed_book)
    assert {ref: after[ref] for ref in tidy_notes} == tidy_notes
    assert after["D3"][0] == "salesdesk"  # the finding on the ambiguous date, from check


def test_annotate_marks_the_cells_left_alone(typed_book):
    run_tidy([typed_book], annotate=True)
    found = notes(typed_book)
    assert {ref for ref, n in found.items() if n[0] == "salesdesk"} == {"D3", "F3", "G3"}
    with zipfile.ZipFile(typed_book) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"salesdesk-warning" in sheet and b'sqref="D3 F3 G3"' in sheet


def test_cli_english_json(typed_book, capsys):
    code = main(["tidy", str(typed_book), "--dry-run", "--json", "--lang", "en"])
    data = json.loads(capsys.readouterr().out)
    assert data["dry_run"] is True and len(data["changes"]) == 6
    assert {i["code"] for i in data["issues"]} == {"date-ambiguous", "value-unparseable", "percent-points"}
    assert code == 1  # ambiguous values are errors until someone decides


def test_cli_english_notes(write_book, capsys):
    book = write_book("orders.xlsx", {"Orders": [["Order ID", "Customer ID", "Owner rep", "Signed on", "Contract amount", "Planned arrival"],
                                                 ["SO-1", "C1", "Ann", "2026-03-05", "1,200", "2026-04-01"]]})
    assert main(["tidy", str(book), "--lang", "zh"]) == 0
    assert notes(book)["D2"] == ("salesdesk-tidy", "typed as: 2026-03-05")  # the sheet's language, whatever --lang says


def test_annotate_twice_keeps_one_mark_per_cell(typed_book):
    run_tidy([typed_book], annotate=True)
    first = notes(typed_book)
    run_tidy([typed_book], annotate=True)
    assert notes(typed_book) == first
    with zipfile.ZipFile(typed_book) as z:
        assert z.read("xl/worksheets/sheet1.xml").count(b"salesdesk-warning") == 1
