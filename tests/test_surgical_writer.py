"""The surgical writer against random edits: what it writes is what two independent readers see."""

from __future__ import annotations

import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from addin.core.patch import Patch, SetCell
from addin.core.tables import column_letter
from addin.io.apply_patch import apply_patch

values = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(str.strip),
    st.integers(min_value=-10**9, max_value=10**9),
    st.decimals(min_value=Decimal("-99999"), max_value=Decimal("99999"), places=2),
    st.booleans(),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
)
cells = st.dictionaries(st.tuples(st.integers(1, 30), st.integers(0, 12)), values, min_size=1, max_size=25)


def _base(path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "数据"
    for r in range(1, 21, 2):  # sparse rows, some cells formatted, one formula
        ws.cell(r, 1, f"row {r}")
        ws.cell(r, 3, r * 1.5).number_format = "0.00"
    ws["E5"] = "=C5*2"
    book.save(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells)
def test_random_edits_read_back_exactly(tmp_path_factory, edits):
    path = tmp_path_factory.mktemp("w") / "book.xlsx"
    _base(path)
    with zipfile.ZipFile(path) as z:
        untouched = {n: z.read(n) for n in z.namelist() if n not in ("xl/worksheets/sheet1.xml", "xl/styles.xml")}
    patch = Patch()
    for (row, col), value in edits.items():
        patch.add(SetCell(str(path), "数据", row, column_letter(col), value, "yyyy-mm-dd" if isinstance(value, date) else None))
    report = apply_patch(patch)
    assert report.refused == []
    skipped = {ref for w in report.written for d in w.details for ref in d.skipped}

    ws = openpyxl.load_workbook(path).active
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("数据").to_python(skip_empty_area=False)
    for (row, col), value in edits.items():
        ref = f"{column_letter(col)}{row}"
        if ref in skipped:
            assert ref == "E5" and ws[ref].value == "=C5*2"  # formulas are never overwritten
            continue
        seen = ws.cell(row, col + 1).value
        read = grid[row - 1][col]
        if isinstance(value, bool):
            assert seen is value and read is value
        elif isinstance(value, date):
            assert seen.date() == value and read == value
        elif isinstance(value, (int, Decimal)):
            assert Decimal(str(seen)) == value and Decimal(repr(read)) == value
        else:
            assert seen == value and read == value
    with zipfile.ZipFile(path) as z:
        assert {n: z.read(n) for n in untouched} == untouched
