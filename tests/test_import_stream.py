"""Generated workbooks stream their rows (issue 23, part F): the sheet XML is what writing every row cell by
cell gives, byte for byte, and an imported workbook reads back with its values, formats, dropdowns and notes."""

from __future__ import annotations

import io
import zipfile
from copy import deepcopy
from datetime import date, datetime, time
from decimal import Decimal

import openpyxl

from addin.commands.import_books import run_import
from addin.io.generated import read_marker, render
from addin.io.templates import template_workbook
from addin.io.text_book import _BulkSheetWriter
from addin.schema import CATALOG
from addin.schema.catalog import sheet_spec

ODD = [" padded ", "=HYPERLINK(\"http://x\")", "a&b<c>\"'", "#N/A", "@SUM(1)", "bell\x07here", "x\ny\r", "", None, 12.5, 3,
       Decimal("12.30"), float("nan"), float("inf"), -0.0, True, datetime(2025, 1, 2, 3, 4), date(2025, 2, 3), time(1, 2), "长" * 40000]


def _register_rows(count: int) -> list[dict[str, object]]:
    spec = sheet_spec("customers")
    keys = [c.key for c in spec.columns]
    return [{key: ODD[(n + i) % len(ODD)] for i, key in enumerate(keys)} for n in range(count)]


def _materialised(book: openpyxl.Workbook) -> openpyxl.Workbook:
    """The same book with every streamed row made into cells, saved by openpyxl's own writer."""
    for ws in book.worksheets:
        blocks = [b for b in getattr(ws, "_bulk", None) or () if b.count]
        for row in sorted({b.first_row + i for b in blocks for i in range(b.count)}):
            for cell in _BulkSheetWriter._transient(ws, blocks, row):
                ws._cells[(cell.row, cell.column)] = cell
        ws._bulk = None
    return book


def _sheet_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("xl/")}


def _rendered_bytes(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    render(book, "import", "customer_register.xlsx").write(out)
    return out.getvalue()


def test_streamed_rows_are_byte_identical_to_cells_written_one_by_one():
    register = next(spec for spec in CATALOG if any(s.key == "customers" for s in spec.sheets))
    rows = _register_rows(120)
    streamed = _sheet_parts(_rendered_bytes(template_workbook(register, "zh", {"customers": rows})))
    by_cells = _sheet_parts(_rendered_bytes(_materialised(template_workbook(register, "zh", {"customers": deepcopy(rows)}))))
    assert streamed.keys() == by_cells.keys()
    for name in streamed:
        assert streamed[name] == by_cells[name], name
    sheet = next(v for k, v in streamed.items() if k.startswith("xl/worksheets/sheet"))
    assert b"<f>" not in sheet and b"&amp;b&lt;c&gt;" in sheet and b'xml:space="preserve"> padded </t>' in sheet


def test_imported_csv_reads_back_with_values_formats_dropdowns_and_notes(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    lines = ["客户编号,客户名称,行业,区域,负责销售,获客渠道,首次接触,需求强度,我的备注"]
    lines += [f"C{n:04d},华东{n}有限公司,制造,华东,张伟,线上,2025-03-{1 + n % 28:02d},{1 + n % 5},{'=1+1' if n % 2 else ' 留 '}" for n in range(300)]
    (source / "客户.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    (tmp_path / "out").mkdir()
    result = run_import([source], tmp_path / "out")
    assert result.counts == {"customers": 300}
    path = tmp_path / "out" / "customer_register.xlsx"
    marker = read_marker(path)
    assert marker is not None and marker.matches and marker.kind == "import"
    ws = openpyxl.load_workbook(path)["客户"]
    headers = [c.value for c in ws[1]]
    assert headers[0] == "客户编号" and headers[-1] == "我的备注"
    assert ws.freeze_panes == "A2" and ws.max_row == 301
    first = {headers[i]: c for i, c in enumerate(ws[2])}
    assert first["客户编号"].value == "C0000" and first["首次接触"].value == datetime(2025, 3, 1)
    assert first["首次接触"].number_format == ws.column_dimensions[first["首次接触"].column_letter].number_format
    assert first["需求强度"].value == 1 and first["我的备注"].value == " 留 "
    last = {headers[i]: c for i, c in enumerate(ws[301])}
    assert last["客户编号"].value == "C0299" and last["我的备注"].value == "=1+1" and last["我的备注"].data_type == "s"
    assert not last["我的备注"].protection.locked
    dropdowns = {str(dv.sqref).split(":")[0].rstrip("0123456789") for dv in ws.data_validations.dataValidation}
    assert first["获客渠道"].column_letter in dropdowns
    assert "1-5" in ws.cell(row=1, column=headers.index("需求强度") + 1).comment.text
