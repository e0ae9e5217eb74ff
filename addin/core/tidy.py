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

from ..schema.types import ColumnType
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


def tidy_grid(found: Recognised, rows: list[list[object]], file: str, sheet: str, zone: tzinfo) -> tuple[list[TidyChange], list[Issue]]:
    """Changes for every unambiguous text value of a recognised sheet; issues for the ambiguous ones.

    `rows` is the grid as read (rows[0] is Excel row 1). Key/value sheets
    (settings, policy) are typed per setting and never tidied.
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
            if parsed.code is None and parsed.value is not None:
                changes.append(TidyChange(excel_row, letter, column.key, value, parsed.value, column.number_format))  # type: ignore[arg-type]  # parsers return CellValue kinds
            else:
                issues.append(cell_issue(file, sheet, found.spec, layout, excel_row, column.key, parsed.code or "value-unparseable", value=value))
    changes.sort(key=lambda c: (c.row, c.column))
    return changes, issues
