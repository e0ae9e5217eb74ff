"""`tidy`: typed text that is unambiguously a date, an amount or a percentage
becomes a real date or number, so Excel can sum, sort and filter it.

The one place salesdesk changes what a rep typed, and only when asked
(`salesdesk tidy`). Pure: from a recognised grid to a list of changes and
the issues for what was left alone; the command turns the changes into a
patch (the new value with the column's number format, and a note holding
the original text), applied through the safe writer with its backup.

Only text cells of typed, non-computed columns are candidates: a value the
tolerant parser accepts with no issue code (`2026年3月5日`, `¥1,200.00`,
`15%`, `1.5万`). Anything ambiguous (`3/5/2026`, a bare `15` in a percent
column) or unreadable is reported and never changed. Tidying twice is
tidying once: a changed cell is no longer text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import Callable

from ..schema.types import Column, ColumnType
from .issue_factory import cell_issue
from .issues import Issue
from .parsers import parser_for
from .patch import CellValue
from .recognise import Recognised
from .tables import SheetLayout, column_letter

TIDIED_TYPES = frozenset({ColumnType.DATE, ColumnType.DATETIME, ColumnType.MONTH, ColumnType.MONEY, ColumnType.NUMBER, ColumnType.PERCENT, ColumnType.INT})


@dataclass(frozen=True)
class TidyChange:
    """One typed text cell and the real value it becomes."""

    row: int  # 1-based Excel row
    column: str  # Excel letter
    key: str  # schema column key
    original: str
    value: CellValue
    number_format: str


Judge = Callable[[Column, object], "tuple[str, tuple[str, str]] | None"]  # domain/plausible.judge, bound to a sheet


def tidy_grid(found: Recognised, rows: list[list[object]], file: str, sheet: str, zone: tzinfo, judge: Judge | None = None) -> tuple[list[TidyChange], list[Issue]]:
    """Changes for every unambiguous text value of a recognised sheet; issues for the ambiguous ones.

    `rows` is the grid as read (rows[0] is Excel row 1). Key/value sheets
    (settings, policy) are typed per setting and never tidied. `judge(column, value)` gives (code, detail)
    for a value that reads well but is implausible (domain/plausible.py): it stays as typed, reported.
    """
    if found.spec.key_value:
        return [], []
    layout = SheetLayout(header_row=found.header_index + 1, columns=dict(found.columns), width=max(map(len, rows), default=0))
    changes: list[TidyChange] = []
    issues: list[Issue] = []
    for column in found.spec.typed_columns:
        index = found.columns.get(column.key)
        if index is None or column.type not in TIDIED_TYPES:
            continue
        parse = parser_for(column, zone)
        letter = column_letter(index)
        for offset, raw in enumerate(rows[found.header_index + 1 :]):
            value = raw[index] if index < len(raw) else None
            if not isinstance(value, str) or not value.strip():
                continue
            excel_row = found.header_index + 2 + offset
            parsed = parse(value)
            doubt = judge(column, parsed.value) if judge is not None and parsed.code is None and parsed.value is not None else None
            if doubt is not None:
                issues.append(cell_issue(file, sheet, found.spec, layout, excel_row, column.key, doubt[0], doubt[1], value=value))
            elif parsed.code is None and parsed.value is not None:
                changes.append(TidyChange(excel_row, letter, column.key, value, parsed.value, column.number_format))  # type: ignore[arg-type]  # parsers return CellValue kinds
            else:
                issues.append(cell_issue(file, sheet, found.spec, layout, excel_row, column.key, parsed.code or "value-unparseable", value=value))
    changes.sort(key=lambda c: (c.row, c.column))
    return changes, issues
