"""check --annotate: notes, highlights and a status column, written safely and losslessly."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import convert
from rich_workbook import build_rich_workbook

from addin.commands.check import run_check
from addin.io.package import FileRefused, inspect

ORDERS = ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "发货时间", "到货时间"]


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def typed_values(path: Path) -> list[tuple]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [tuple(c.value for c in row[: len(ORDERS)]) for row in ws.iter_rows()]


@pytest.fixture
def orders_book(write_book):
    return write_book(
        "orders.xlsx",
        {"订单": [ORDERS,
                  ["SO-1", "C1", "张伟", "2026-03-05", 1200, "2026-04-01", "2026-03-20 09:00", "2026-03-19 10:00"],
                  ["SO-2", "C2", "李娜", "3/5/2026", "abc", "2026-04-01", None, None],
                  ["SO-3", "C3", "王磊", "2026-03-06", 900, "2026-04-02", None, None]]},
    )


def test_annotate_writes_notes_highlights_and_status_without_changing_typed_values(orders_book):
    before = typed_values(orders_book)
    result = run_check([orders_book], annotate=True, lang="en")
    assert [w.backup is not None and w.backup.exists() for w in result.applied.written] == [True]
    assert typed_values(orders_book) == before

    ws = openpyxl.load_workbook(orders_book).worksheets[0]
    assert ws["I1"].value == "salesdesk 检查结果"  # header, status and notes: the sheet's language, whatever --lang says
    assert ws["I2"].value.startswith("1 个错误：到货时间")
    assert ws["I3"].value.startswith("2 个错误")
    assert ws["I4"].value is None
    assert ws["H2"].comment.author == "salesdesk" and "date-order" in ws["H2"].comment.text
    assert {ws["D3"].comment.author, ws["E3"].comment.author} == {"salesdesk"}
    highlighted = {str(rng) for cf in ws.conditional_formatting for rng in cf.sqref.ranges}
    assert highlighted == {"H2", "D3", "E3"}


def test_annotating_twice_gives_the_same_file_as_once(orders_book):
    run_check([orders_book], annotate=True)
    once = parts(orders_book)
    second = run_check([orders_book], annotate=True)
    assert parts(orders_book) == once
    assert [w.backup for w in second.applied.written] == [None]  # nothing to change, nothing written


def test_fixed_errors_lose_their_annotations(orders_book):
    run_check([orders_book], annotate=True)
    book = openpyxl.load_workbook(orders_book)
    ws = book.worksheets[0]
    ws["H2"] = "2026-03-21 10:00"
    ws["D3"], ws["E3"] = "2026-03-05", 100
    book.save(orders_book)  # the rep fixes the sheet (and Excel rewrites the file)
    result = run_check([orders_book], annotate=True)
    assert result.issues == []
    ws = openpyxl.load_workbook(orders_book).worksheets[0]
    assert [ws[f"I{r}"].value for r in (2, 3, 4)] == [None, None, None]
    assert all(c.comment is None for row in ws.iter_rows() for c in row)
    assert not list(ws.conditional_formatting)


@pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")
def test_rich_workbook_keeps_every_untouched_part_byte_identical(tmp_path, soffice_optional):
    path = build_rich_workbook(tmp_path / "rich.xlsm")
    before = parts(path)
    result = run_check([path], annotate=True)
    assert result.applied.refused == []
    after = parts(path)
    changed = {n for n in before if before[n] != after.get(n)}
    assert changed == {"xl/worksheets/sheet1.xml", "xl/comments/comment1.xml", "xl/drawings/commentsDrawing1.vml", "xl/styles.xml"}
    for kept in ("xl/vbaProject.bin", "xl/vbaProjectSignature.bin", "xl/threadedComments/threadedComment1.xml", "xl/persons/person.xml",
                 "xl/drawings/drawing1.xml", "customXml/item1.xml", "[Content_Types].xml", "xl/worksheets/_rels/sheet1.xml.rels"):
        assert after[kept] == before[kept], kept
    sheet = after["xl/worksheets/sheet1.xml"]
    assert before["xl/worksheets/sheet1.xml"].split(b"<extLst>")[1] in sheet  # x14 formats and sparklines kept verbatim
    assert sheet.split(b">", 2)[:2] == before["xl/worksheets/sheet1.xml"].split(b">", 2)[:2]  # Excel's root tag untouched
    assert b'<row r="4" spans="1:8" x14ac:dyDescent="0.25">' in sheet  # rows salesdesk did not edit keep every attribute
    assert b'<drawing r:id="rIdDr1"/>' in sheet
    comments = after["xl/comments/comment1.xml"].decode()
    assert "tc={" in comments and "客户加急" in comments  # the threaded placeholder and the user's note survive
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert ws["A2"].comment.author == "张伟"  # a user's note is never replaced
    assert ws["B3"].comment.author.startswith("tc=")
    assert ws["H2"].comment.author == "salesdesk"
    if soffice_optional:
        convert(soffice_optional, path, "pdf", tmp_path / "lo")


@pytest.fixture
def soffice_optional():
    from conftest import soffice_path

    return soffice_path()


def test_annotated_file_opens_in_libreoffice(orders_book, soffice, tmp_path):
    run_check([orders_book], annotate=True)
    csv = convert(soffice, orders_book, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path / "lo")
    text = csv.read_text(encoding="utf-8")
    assert "salesdesk" in text and "SO-2" in text


def test_a_file_open_in_excel_is_refused_and_left_alone(orders_book):
    (orders_book.parent / ("~$" + orders_book.name)).write_bytes(b"owner")
    before = orders_book.read_bytes()
    result = run_check([orders_book], annotate=True)
    assert [i.code for i in result.issues if i.code.startswith("file-")] == ["file-open-in-excel"]
    assert orders_book.read_bytes() == before
    assert list(orders_book.parent.glob("*.bak-*")) == []


def test_an_interrupted_write_leaves_the_original_intact(orders_book, monkeypatch):
    before = orders_book.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    result = run_check([orders_book], annotate=True)  # a refusal with a code, not a traceback
    assert "file-write-failed" in [i.code for i in result.issues]
    assert orders_book.read_bytes() == before
    assert [p.name for p in orders_book.parent.iterdir() if p.name.startswith(".salesdesk-tmp")] == []
    assert list(orders_book.parent.glob("orders.bak-*")) == []  # nothing replaced, so no backup either


def test_backups_are_bounded(orders_book, write_book):
    from datetime import datetime

    from addin.io.safe_write import safe_edit

    for second in range(8):
        def edit(package, second=second):
            package.write("docProps/app.xml", package.read("docProps/app.xml") + b" " * (second + 1))
            return []

        safe_edit(orders_book, edit, backups_kept=3, now=datetime(2026, 3, 5, 10, 0, second))
    assert len(list(orders_book.parent.glob("orders.bak-*.xlsx"))) == 3


@pytest.mark.parametrize(
    "content, name, code",
    [
        (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "secret.xlsx", "file-encrypted"),
        (b"not a zip at all", "broken.xlsx", "file-corrupt"),
        (b"PK\x03\x04whatever", "binary.xlsb", "file-xlsb"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_code(tmp_path, content, name, code):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileRefused) as refused:
        inspect(path)
    assert refused.value.code == code
    assert refused.value.zh and refused.value.en


def _rezip(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            out.writestr(name, replace.get(name, src.read(name)))
        for name, data in replace.items():
            if name not in src.namelist():
                out.writestr(name, data)
    return target


def test_entity_expansion_is_refused(orders_book, tmp_path):
    bomb = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>'
    (tmp_path / "alone").mkdir()  # not beside orders.xlsx, which would be read as its sibling
    hostile = _rezip(orders_book, tmp_path / "alone" / "hostile.xlsx", {"xl/sharedStrings.xml": bomb})
    result = run_check([hostile])
    assert [i.code for i in result.issues] == ["file-hostile"]


def test_zip_bomb_is_refused(orders_book, tmp_path):
    hostile = _rezip(orders_book, tmp_path / "bomb.xlsx", {"xl/media/padding.xml": b"<a>" + b"0" * (120 * 1024 * 1024) + b"</a>"})
    with pytest.raises(FileRefused) as refused:
        inspect(hostile)
    assert refused.value.code == "file-hostile"


def test_unsupported_layout_is_refused_untouched_and_the_sidecar_offered(orders_book, tmp_path):
    import re

    from addin.io.sidecar import sidecar_path

    # Some generators omit the optional row/cell references; the surgical editor refuses those.
    with zipfile.ZipFile(orders_book) as z:
        content = {n: z.read(n) for n in z.namelist()}
    content["xl/worksheets/sheet1.xml"] = re.sub(rb'(<(?:row|c)\b[^>]*?)\sr="[^"]*"', rb"\1", content["xl/worksheets/sheet1.xml"])
    bare = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(bare, "w") as z:
        for name, data in content.items():
            z.writestr(name, data)
    before = bare.read_bytes()
    result = run_check([bare], annotate=True, lang="en")
    refused = [i for i in result.issues if i.code == "file-unsupported"]
    assert len(refused) == 1 and "--sidecar" in refused[0].message_en
    assert bare.read_bytes() == before
    assert {i.code for i in result.issues} >= {"date-order", "date-ambiguous"}  # the findings themselves still stand

    run_check([bare], sidecar=True, lang="en")
    assert bare.read_bytes() == before
    rows = list(openpyxl.load_workbook(sidecar_path(bare)).active.iter_rows(values_only=True))
    assert rows[0] == ("Sheet", "Cell", "Severity", "Code", "Message")
    assert ("订单", "H2", "error", "date-order") in [r[:4] for r in rows]


def test_annotations_are_capped_per_sheet_but_every_row_keeps_its_status(write_book, monkeypatch):
    import addin.core.annotate as annotate

    monkeypatch.setattr(annotate, "MAX_MARKED_CELLS", 2)
    rows = [ORDERS] + [[f"SO-{i}", "C1", "张伟", "not a date", 1, "2026-04-01", None, None] for i in range(5)]
    path = write_book("many.xlsx", {"订单": rows})
    run_check([path], annotate=True)
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert sum(1 for row in ws.iter_rows() for c in row if c.comment) == 2
    assert all(ws[f"I{r}"].value for r in range(2, 7))


def test_reading_a_file_open_in_excel_warns_that_unsaved_edits_are_missing(orders_book):
    (orders_book.parent / ("~$" + orders_book.name)).write_bytes(b"owner")
    result = run_check([orders_book])
    assert [i.code for i in result.issues if i.code.startswith("file-")] == ["file-open-read"]


def test_notes_left_by_the_excel_button_are_cleared_too(orders_book):
    from openpyxl.comments import Comment

    book = openpyxl.load_workbook(orders_book)
    book.worksheets[0]["C4"].comment = Comment("salesdesk:\nold finding", "张伟")  # as the VBA applier leaves it
    book.worksheets[0]["B4"].comment = Comment("客户要求加急", "张伟")
    book.save(orders_book)
    run_check([orders_book], annotate=True)
    ws = openpyxl.load_workbook(orders_book).worksheets[0]
    assert ws["C4"].comment is None and ws["B4"].comment.text == "客户要求加急"


def test_status_column_header_is_styled_like_the_header_row_and_wide_enough(tmp_path):
    """The added header copies the header row's style (plus wrap), its column gets a width; existing styles keep their numbers."""
    import re

    from openpyxl.styles import Font, PatternFill

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "订单"
    ws.append(ORDERS)
    ws.append(["SO-1", "C1", "张伟", "2026-03-05", 1200, "2026-04-01", "2026-03-20 09:00", "2026-03-19 10:00"])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True, color="FFFFFFFF"), PatternFill("solid", fgColor="FF1F4E78")
    path = tmp_path / "styled.xlsx"
    book.save(path)
    xfs = re.compile(rb"<cellXfs[^>]*>(.*?)</cellXfs>", re.S)
    before = xfs.search(parts(path)["xl/styles.xml"]).group(1)

    run_check([path], annotate=True)
    after = xfs.search(parts(path)["xl/styles.xml"]).group(1)
    assert after.startswith(before) and len(after) > len(before)  # appended, never renumbered
    ws = openpyxl.load_workbook(path).worksheets[0]
    status = ws["I1"]
    assert status.value == "salesdesk 检查结果"
    assert status.font.b and status.fill.fgColor.rgb == ws["H1"].fill.fgColor.rgb and status.alignment.wrap_text
    assert ws.column_dimensions["I"].width >= 40
    assert ws["H1"].alignment.wrap_text is not True  # the rep's own header cells keep their style

    run_check([path], annotate=True)  # a re-run adds no second style and no second <col>
    assert xfs.search(parts(path)["xl/styles.xml"]).group(1) == after
    assert parts(path)["xl/worksheets/sheet1.xml"].count(b'min="9"') == 1
