"""A workbook open in Excel, seen through xlwings: grids in, a patch out.

Only this small surface of xlwings is used (so tests can stand in for it):
`book.fullname`, `book.name`, `book.sheets` (each with `.name`, `.used_range`
having `.value`, `.row`, `.column`), `sheet.range((r1, c1), (r2, c2))` with
`.value` and `.number_format` setters, `sheet.activate()`, and `book.app.macro(name)`,
`book.app.alert`, `book.app.status_bar`. Tests hold a fake built with
`create_autospec` against these xlwings classes, so a misspelt attribute fails.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

from ..core.patch import ClearAnnotations, Highlight, Patch, SetCell, SetNote
from ..core.tables import column_index
from ..io.reader import Grid

# In macros/salesdesk.bas, imported into the add-in; qualified by the add-in's
# name because Application.Run looks in the active workbook otherwise.
ADDIN_NAME = "salesdesk.xlam"
APPLY_MACRO = f"'{ADDIN_NAME}'!SalesdeskApply"


def _excel_value(value: object) -> object:
    """COM has no Decimal and no time zones: Excel stores doubles and wall-clock times."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


class LiveBook:
    def __init__(self, book: Any) -> None:
        self.book = book
        self.path = Path(str(book.fullname))

    def grids(self) -> list[Grid]:
        """Every sheet's used range, one read each, padded so row 0 is Excel row 1."""
        grids = []
        for sheet in self.book.sheets:
            used = sheet.used_range
            values = used.options(ndim=2).value if hasattr(used, "options") else used.value
            rows = [list(r) for r in (values or [])]
            pad_left = [None] * (used.column - 1)
            grid: list[list[object]] = [[] for _ in range(used.row - 1)]
            grid.extend(pad_left + r for r in rows)
            grids.append(Grid(file=self.path, sheet=sheet.name, rows=grid))
        return grids

    def progress(self, message: str) -> None:
        """Long commands say where they are in Excel's status bar."""
        self.book.app.status_bar = message

    def activate(self, sheet_name: str) -> None:
        self.book.sheets[sheet_name].activate()

    def apply(self, patch: Patch) -> int:
        """Applies a patch; returns the number of calls made into Excel."""
        calls = 0
        lines: list[str] = []
        for _path, sheets in patch.by_sheet().items():
            for sheet_name, ops in sheets.items():
                sheet = self.book.sheets[sheet_name]
                calls += self._write_columns(sheet, [op for op in ops if isinstance(op, SetCell)])
                lines.extend(_annotation_lines(sheet_name, ops))
        if lines:
            self.book.app.macro(APPLY_MACRO)(self.book.name, "\n".join(lines))
            calls += 1
        return calls

    def _write_columns(self, sheet: Any, cells: list[SetCell]) -> int:
        """One block write (and one format call) per touched column."""
        by_column: dict[str, dict[int, SetCell]] = defaultdict(dict)
        for op in cells:
            by_column[op.column][op.row] = op
        calls = 0
        for letter, ops in by_column.items():
            col = column_index(letter) + 1
            first, last = min(ops), max(ops)
            block = sheet.range((first, col), (last, col))
            current = block.options(ndim=2).value if hasattr(block, "options") else block.value
            values = [row[0] if isinstance(row, list) else row for row in (current or [[None]] * (last - first + 1))]
            for row, op in ops.items():
                values[row - first] = _excel_value(op.value)
            block.value = [[v] for v in values]
            calls += 1
            numeric = [op for op in ops.values() if op.number_format and op.value is not None and not isinstance(op.value, str)]
            if numeric:  # the header cell (text) keeps its format; one call covers the values
                rows = [op.row for op in numeric]
                sheet.range((min(rows), col), (max(rows), col)).number_format = numeric[0].number_format
                calls += 1
        return calls


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\r", "").replace("\n", "\\n")


def _annotation_lines(sheet: str, ops: Sequence[object]) -> list[str]:
    """The payload SalesdeskApply reads: one tab-separated operation per line."""
    lines = []
    marks: dict[str, list[str]] = defaultdict(list)
    for op in ops:
        if isinstance(op, ClearAnnotations):
            lines.append(f"clear\t{sheet}")
        elif isinstance(op, SetNote):
            lines.append(f"note\t{sheet}\t{op.column}{op.row}\t{_clean('salesdesk:' + chr(10) + op.text)}")
        elif isinstance(op, Highlight):
            marks[op.severity].append(f"{op.column}{op.row}")
    for severity, cells in marks.items():
        lines.append(f"mark\t{sheet}\t{','.join(cells)}\t{severity}")
    return lines
