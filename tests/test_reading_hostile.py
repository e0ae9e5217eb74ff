"""Issue #8, the reading half: every sheet read or reported, hostile sizes survived, odd values flagged.

Packages are built by hand (zipfile) so each test holds exactly the hostile
part it is about; the ones that would abort calamine run the real CLI in a
child process under a memory limit.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import convert

from addin.cli import main
from addin.commands.check import run_check
from addin.core.values import parse_decimal, parse_percent
from addin.io.load import load

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
KINDS = {
    "worksheet": ("worksheets", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"),
    "chartsheet": ("chartsheets", "application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml"),
    "dialogsheet": ("dialogsheets", "application/vnd.openxmlformats-officedocument.spreadsheetml.dialogsheet+xml"),
}
ORDERS_HEADER = ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货"]


def cell(ref: str, value: object) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def sheet_xml(rows: list[list[object]], extra: str = "", wb_pr: str = "") -> bytes:
    body = ""
    for r, row in enumerate(rows, 1):
        cells = "".join(c if isinstance(c, str) and c.startswith("<c ") else cell(f"{chr(65 + i)}{r}", c) for i, c in enumerate(row) if c is not None)
        body += f'<row r="{r}">{cells}</row>'
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{body}{extra}</sheetData></worksheet>'.encode()


ORDERS = sheet_xml([ORDERS_HEADER, ["SO-1", "C1", "张伟", "2026-03-05", 100, "2026-04-01"]])


def package(path: Path, sheets: list[tuple[str, bytes | None, str]], shared: bytes | None = None, wb_pr: str = "") -> Path:
    """sheets: (name, part bytes or None for a missing part, kind)."""
    overrides = ['<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>']
    rels, entries, parts = [], [], {}
    for n, (name, data, kind) in enumerate(sheets, 1):
        folder, content_type = KINDS[kind]
        target = f"{folder}/sheet{n}.xml"
        overrides.append(f'<Override PartName="/xl/{target}" ContentType="{content_type}"/>')
        rels.append(f'<Relationship Id="rId{n}" Type="{REL}/{kind}" Target="{target}"/>')
        entries.append(f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>')
        if data is not None:
            parts[f"xl/{target}"] = data
    if shared is not None:
        overrides.append('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
        rels.append(f'<Relationship Id="rId99" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
        parts["xl/sharedStrings.xml"] = shared
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            + "".join(overrides) + "</Types>",
        )
        z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">{wb_pr}<sheets>{"".join(entries)}</sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + "".join(rels) + "</Relationships>")
        for name, data in parts.items():
            z.writestr(name, data)
    return path


SST_ONE = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>a</t></si></sst>'.encode()
UNREADABLE = {
    "cut-off": (ORDERS[:150], None),
    "t-s-without-shared-strings": (sheet_xml([['<c r="A1" t="s"><v>0</v></c>']]), None),
    "shared-string-out-of-range": (sheet_xml([['<c r="A1" t="s"><v>5</v></c>']]), SST_ONE),
    "boolean-x": (sheet_xml([['<c r="A1" t="b"><v>x</v></c>']]), None),
    "missing-part": (None, None),
    "random-bytes": (bytes(range(256)) * 8, None),
}


@pytest.mark.parametrize("kind", sorted(UNREADABLE))
def test_an_unreadable_sheet_is_an_error_naming_file_and_sheet_and_the_others_are_read(tmp_path, kind):
    data, shared = UNREADABLE[kind]
    path = package(tmp_path / "book.xlsx", [("订单", ORDERS, "worksheet"), ("坏表", data, "worksheet")], shared)
    loaded = load([path])
    assert [t.spec.key for t in loaded.tables.tables] == ["orders"]  # the good sheet is still read
    [issue] = [i for i in loaded.issues if i.code == "sheet-unreadable"]
    assert (issue.file, issue.sheet) == ("book.xlsx", "坏表")
    assert not loaded.complete and [u.sheet for u in loaded.unread] == ["坏表"]
    assert main(["check", str(path), "--quiet"]) == 1


ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
ALLOWED_IN_CHINESE = {"Excel", "ZIP", "xlsx", "salesdesk", "xml", "book", "xl", "worksheets", "sheet2"}


def _english_outside_data(text: str) -> set[str]:
    """English words in a Chinese message, outside [code] brackets and names of parts or files."""
    return set(ENGLISH_WORD.findall(re.sub(r"\[[^\]]*\]", "", text))) - ALLOWED_IN_CHINESE


@pytest.mark.parametrize("kind", sorted(UNREADABLE))
def test_why_a_sheet_or_file_cannot_be_read_is_told_in_chinese(tmp_path, kind):
    """No library exception text (English, for programmers) inside a Chinese message: the cause is translated."""
    data, shared = UNREADABLE[kind]
    path = package(tmp_path / "book.xlsx", [("订单", ORDERS, "worksheet"), ("坏表", data, "worksheet")], shared)
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(bytes(range(256)) * 4)
    loaded = load([path, garbage])
    messages = [i.message_zh for i in loaded.issues if i.severity == "error"] + [r.zh for r in loaded.refused]
    assert len(messages) >= 2 and all(not _english_outside_data(m) for m in messages), messages


def test_utf16_xml_is_read_not_returned_empty(tmp_path):
    text = ORDERS.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = package(tmp_path / "u.xlsx", [("订单", text.encode("utf-16"), "worksheet")])
    loaded = load([path])
    [table] = loaded.tables.tables
    assert table.rows[0].order_id == "SO-1" and loaded.issues == [] and loaded.complete


def test_chart_and_dialog_sheets_are_not_errors(tmp_path):
    chart = f'<?xml version="1.0" encoding="UTF-8"?><chartsheet xmlns="{MAIN}"><sheetViews/></chartsheet>'.encode()
    dialog = f'<?xml version="1.0" encoding="UTF-8"?><dialogsheet xmlns="{MAIN}"/>'.encode()
    path = package(tmp_path / "c.xlsx", [("订单", ORDERS, "worksheet"), ("图表", chart, "chartsheet"), ("对话框", dialog, "dialogsheet")])
    loaded = load([path])
    assert loaded.issues == [] and loaded.complete and len(loaded.tables.tables) == 1


def _run_limited(args: list[str], limit_gb: float = 2.0) -> subprocess.CompletedProcess:
    def limit() -> None:
        cap = int(limit_gb * 1024**3)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.run([sys.executable, "-m", "addin.cli", *args], capture_output=True, text=True, preexec_fn=limit, env=env, timeout=120)


@pytest.mark.parametrize(
    "hostile",
    [
        sheet_xml([[1]], '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'),  # calamine: 512 GB, abort
        sheet_xml([[1]], '<row r="20000"><c r="XFD20000"><v>2</v></c></row>'),  # calamine: 10 GB
    ],
    ids=["XFD1048576", "XFD20000"],
)
def test_a_far_away_cell_is_survived_within_memory(tmp_path, hostile):
    path = package(tmp_path / "far.xlsx", [("订单", ORDERS, "worksheet"), ("远", hostile, "worksheet")])
    out = _run_limited(["check", str(path), "--json", "--quiet"])
    assert out.returncode in (0, 1), out.stderr[-2000:]
    codes = {i["code"] for i in json.loads(out.stdout)["issues"]}
    assert "sheet-cells-cut" in codes  # said, not silently dropped


def test_an_impossible_shared_strings_count_is_survived(tmp_path):
    shared = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="2000000000" uniqueCount="2000000000"><si><t>SO-9</t></si></sst>'.encode()
    orders = sheet_xml([ORDERS_HEADER, ['<c r="A2" t="s"><v>0</v></c>', "C1", "张伟", "2026-03-05", 100, "2026-04-01"]])
    path = package(tmp_path / "sst.xlsx", [("订单", orders, "worksheet")], shared)
    out = _run_limited(["check", str(path), "--json", "--quiet"])
    assert out.returncode == 0, out.stderr[-2000:]
    [table] = load([path]).tables.tables
    assert table.rows[0].order_id == "SO-9"


def test_odd_values_are_issues_with_their_cell(tmp_path):
    rows = [
        ORDERS_HEADER,
        ["SO-1", "C1", "张伟", "2026-03-05", "NaN", "2026-04-01"],
        ["SO-2", "C1", "张伟", "2026-03-05", "1e309", "2026-04-01"],
        ["SO-3", "C1", "张伟", "2026-03-05", "9" * 40, "2026-04-01"],
        ['<c r="A5" t="e"><v>#N/A</v></c>', '<c r="B5" t="e"><v>#DIV/0!</v></c>', "张伟", "2026-03-05", 5, "2026-04-01"],
        ["SO-5", "C1", "张伟", "2026-03-05", '<c r="E6"><f>SUM(X1:X9)</f></c>', "2026-04-01"],
        ["SO-6", "C1", "张伟", "2026-03-05", '<c r="E7"><f>1+1</f><v></v></c>', "2026-04-01"],
        ["SO-7", "C1", "张伟", "2026-03-05", "¥1,2,00", "2026-04-01"],
        ["SO-8", "C1", "张伟", "2026-03-05", '<c r="E9" s="1"><f>1/0</f><v /></c>', "2026-04-01"],  # as openpyxl writes it
    ]
    # numbers as numeric cells: NaN, 1e309 (inf) and forty 9s written as <v>
    xml = sheet_xml([[f'<c r="E{r}"><v>{v}</v></c>' if r in (2, 3, 4) and i == 4 else v for i, v in enumerate(row)] for r, row in enumerate(rows, 1)])
    path = package(tmp_path / "odd.xlsx", [("订单", xml, "worksheet")])
    result = run_check([path])
    found = {(i.cell, i.code) for i in result.issues if i.code != "unknown-reference"}
    assert found == {
        ("E2", "value-not-finite"),
        ("E3", "value-not-finite"),
        ("E4", "value-too-large"),
        ("A5", "cell-error-value"),
        ("B5", "cell-error-value"),
        ("E6", "formula-no-value"),
        ("E7", "formula-no-value"),
        ("E8", "value-unparseable"),
        ("E9", "formula-no-value"),
    }
    assert len(result.loaded.tables.tables[0].rows) == 8  # the row of errors did not vanish


def test_a_quantity_of_1e30_is_flagged_not_a_crash():
    assert parse_decimal(1e30).code == "value-too-large"
    assert parse_decimal(float("inf")).code == "value-not-finite"
    assert parse_decimal("9" * 40).code == "value-too-large"
    assert parse_percent("9" * 40 + "%").code == "value-too-large"


def test_1904_workbooks_read_serials_in_their_date_system(tmp_path):
    serial_2026_03_05 = (date(2026, 3, 5) - date(1904, 1, 1)).days
    xml = sheet_xml([ORDERS_HEADER, ["SO-1", "C1", "张伟", serial_2026_03_05, 100, "2026-04-01"]])
    path = package(tmp_path / "mac.xlsx", [("订单", xml, "worksheet")], wb_pr='<workbookPr date1904="1"/>')
    [table] = load([path]).tables.tables
    assert table.rows[0].signed_on == date(2026, 3, 5)


@pytest.mark.parametrize(
    ("typed", "discount"),
    [("8折", "0.2"), ("95折", "0.05"), ("九五折", "0.05"), ("9.5折", "0.05"), ("10折", "0"), ("十折", "0"), ("八五折", "0.15"), ("九折", "0.1")],
)
def test_chinese_discounts_as_people_mean_them(typed, discount):
    assert parse_percent(typed).value == Decimal(discount)


def test_misplaced_grouping_is_flagged_and_proper_grouping_read():
    assert parse_decimal("¥1,2,00").code == "value-unparseable"
    assert parse_decimal("1,20").code == "value-unparseable"
    assert parse_decimal("¥1,200.50").value == Decimal("1200.50")
    assert parse_decimal("12,345,678元").value == Decimal("12345678")


def test_folders_list_what_they_do_not_read_and_an_empty_folder_is_an_error(tmp_path, write_book):
    folder = tmp_path / "reps"
    write_book("orders.xlsx", {"订单": [ORDERS_HEADER, ["SO-1", "C1", "张伟", "2026-03-05", 100, "2026-04-01"]]}, folder)
    (folder / "export.csv").write_text("a,b\n1,2\n")
    (folder / "book.et").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "notes.txt").write_text("not a workbook")
    result = run_check([folder])
    assert sorted((Path(i.file).name, i.code) for i in result.issues) == [("book.et", "file-not-read"), ("export.csv", "file-not-read")]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert [i.code for i in run_check([empty]).issues] == ["folder-no-workbook"]
    assert main(["check", str(empty), "--quiet"]) == 1


def test_a_named_pipe_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    assert [i.code for i in run_check([fifo]).issues] == ["file-not-regular"]
    assert [i.code for i in run_check([tmp_path]).issues] == ["file-not-regular"]  # in a folder: listed, not opened


def test_xls_and_ods_are_read_and_never_annotated(tmp_path, write_book, soffice):
    source = write_book("orders.xlsx", {"订单": [ORDERS_HEADER, ["SO-1", "C1", "张伟", "2026-03-05", 100, "2026-04-01"], ["SO-2", None, "张伟", "2026-03-05", 5, "2026-04-01"]]})
    folder = tmp_path / "converted"
    xls = convert(soffice, source, "xls", folder)
    ods = convert(soffice, source, "ods", folder)
    for path in (xls, ods):
        loaded = load([path])
        [table] = loaded.tables.tables
        assert table.rows[0].order_id == "SO-1" and table.rows[0].signed_on == date(2026, 3, 5)
        before = path.read_bytes()
        result = run_check([path], annotate=True)
        assert "required-missing" in {i.code for i in result.issues}
        assert "file-unsupported" in {i.code for i in result.issues}  # refused, with the sidecar offered
        assert path.read_bytes() == before


def test_the_precheck_streams_only_what_calamine_would_overspend_on(tmp_path):
    from addin.io.precheck import package_map, scan_sheet

    dense = sheet_xml([ORDERS_HEADER] + [[f"SO-{n}", "C1", "张伟", "2026-03-05", n, "2026-04-01"] for n in range(300)])
    far = sheet_xml([[1]], '<row r="20000"><c s="1" r="XFD20000"><v>2</v></c></row>')  # ref not first: still found
    errors = sheet_xml([['<c r="A1" t="e"><v>#REF!</v></c>', '<c r="B1" s="2"><f>A1</f><v/></c>']])
    path = package(tmp_path / "p.xlsx", [("dense", dense, "worksheet"), ("far", far, "worksheet"), ("errors", errors, "worksheet")])
    with zipfile.ZipFile(path) as archive:
        found = package_map(archive)
        scans = {sheet.name: scan_sheet(archive, sheet.part) for sheet in found.sheets if sheet.part}
    assert not scans["dense"].needs_streaming()
    assert scans["far"].needs_streaming() and (scans["far"].max_row, scans["far"].max_col) == (20000, 16384)
    assert scans["errors"].errors == {(1, 1): "#REF!"} and scans["errors"].uncached == [(1, 2)]


def test_a_text_cell_of_many_megabytes_is_scanned_in_linear_time(tmp_path, monkeypatch):
    """A long stretch without '<' (a pasted 8 MB text) once cost the precheck a copy per chunk read: quadratic (issue 23,
    item 7). Small chunks make that visible: 8 MB in 4 kB reads is 2,000 re-copies of megabytes the old way."""
    import time

    import addin.io.precheck as precheck

    monkeypatch.setattr(precheck, "CHUNK", 4096)
    text = "备注很长" * 700_000  # 2.8M characters, 8.4 MB of UTF-8
    path = package(tmp_path / "long.xlsx", [("orders", sheet_xml([[*ORDERS_HEADER, "备注"], ["SO-1", "C1", "张伟", "2026-03-05", 100, "2026-04-01", text]]), "worksheet")])
    with zipfile.ZipFile(path) as archive:
        started = time.process_time()
        pieces = list(precheck._chunks(archive, "xl/worksheets/sheet1.xml"))
        scan = precheck.scan_sheet(archive, "xl/worksheets/sheet1.xml")
        spent = time.process_time() - started
        assert b"".join(pieces) == archive.read("xl/worksheets/sheet1.xml")  # nothing lost, nothing doubled
    assert all(piece.startswith(b"<") for piece in pieces) and all(piece.count(b"<") == 0 or not piece.endswith(b"<") for piece in pieces)
    assert not scan.needs_streaming() and scan.errors == {}
    assert spent < 1.0, f"{spent:.2f} CPU-s to scan an 8 MB text cell"
    result = run_check([path])
    assert not [i for i in result.issues if i.code in ("sheet-unreadable", "value-unparseable")]
