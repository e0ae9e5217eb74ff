"""From a recognised grid to a typed table plus the value-level issues.

Per value: type (tolerant parsing), required, range. Cross-field and
cross-row rules live in `checks/`.
"""

from __future__ import annotations

from datetime import tzinfo
from decimal import Decimal

from ..schema.types import Column, ColumnType, SheetSpec
from .issue_factory import cell_issue
from .issues import CODES, Issue
from .recognise import Recognised
from .tables import SheetLayout, Table, row_model
from .values import Parsed, parser_for

_EXPECTED = {
    ColumnType.INT: ("整数", "a whole number"),
    ColumnType.NUMBER: ("数字", "a number"),
    ColumnType.MONEY: ("金额", "an amount"),
    ColumnType.PERCENT: ("百分比", "a percentage"),
    ColumnType.DATE: ("日期", "a date"),
    ColumnType.DATETIME: ("日期时间", "a date and time"),
    ColumnType.BOOL: ("是/否", "yes/no"),
}


def _choice_hint(column: Column) -> tuple[str, str]:
    return ("可选:" + "、".join(c.zh for c in column.choices), "allowed: " + ", ".join(c.en for c in column.choices))


def _detail(code: str, column: Column) -> tuple[str, str]:
    if code == "choice-unknown":
        return _choice_hint(column)
    if code == "value-unparseable":
        zh, en = _EXPECTED.get(column.type, ("", ""))
        return (f"应为{zh}", f"expected {en}") if zh else ("", "")
    info = CODES[code]
    return (info.help_zh, info.help_en)


def _is_blank(row: list[object]) -> bool:
    return all(c is None or c == "" for c in row)


def _out_of_range(column: Column, value: object) -> bool:
    if not isinstance(value, (int, Decimal)) or isinstance(value, bool):
        return False
    if column.min_value is not None and value < Decimal(str(column.min_value)):
        return True
    return column.max_value is not None and value > Decimal(str(column.max_value))


def _range_hint(column: Column) -> tuple[str, str]:
    lo, hi = column.min_value, column.max_value
    pct = column.type is ColumnType.PERCENT
    fmt = (lambda v: f"{v:.0%}") if pct else (lambda v: f"{v:g}")
    if lo is not None and hi is not None:
        return (f"应在 {fmt(lo)} 到 {fmt(hi)} 之间", f"must lie between {fmt(lo)} and {fmt(hi)}")
    if lo is not None:
        return (f"应 ≥ {fmt(lo)}", f"must be >= {fmt(lo)}")
    return (f"应 ≤ {fmt(hi)}", f"must be <= {fmt(hi)}")


def build_table(found: Recognised, grid: list[list[object]], file: str, sheet: str, zone: tzinfo) -> tuple[Table, list[Issue]]:
    spec: SheetSpec = found.spec
    width = max((len(r) for r in grid), default=0)
    layout = SheetLayout(header_row=found.header_index + 1, columns=dict(found.columns), width=width)
    issues: list[Issue] = []

    def issue(row: int | None, key: str | None, code: str, detail=("", ""), value=None) -> None:
        issues.append(cell_issue(file, sheet, spec, layout, row, key, code, detail, value))

    for key in found.missing_required:
        column = spec.column(key)
        issue(found.header_index + 1, None, "sheet-missing-columns", (f"{column.zh}", column.en))

    # Computed columns are ours: they are recomputed, never validated on read.
    plan: list[tuple[Column, int, object]] = []
    for column in spec.columns:
        if column.computed or column.key not in found.columns:
            continue
        plan.append((column, found.columns[column.key], parser_for(column, zone)))

    model = row_model(spec)
    rows = []
    for offset, raw in enumerate(grid[found.header_index + 1 :]):
        if _is_blank(raw):
            continue
        excel_row = found.header_index + 2 + offset
        values: dict[str, object] = {}
        for column, index, parse in plan:
            raw_value = raw[index] if index < len(raw) else None
            if spec.key_value and column.key == "value":
                values["value"] = raw_value  # typed per setting by core/settings.py
                continue
            parsed: Parsed = parse(raw_value)
            if parsed.code:
                issue(excel_row, column.key, parsed.code, _detail(parsed.code, column), raw_value)
            if parsed.value is None:
                if column.required and parsed.code is None:
                    issue(excel_row, column.key, "required-missing")
                continue
            if _out_of_range(column, parsed.value):
                issue(excel_row, column.key, "value-out-of-range", _range_hint(column), raw_value)
            values[column.key] = parsed.value
        # Values were validated by the parsers above; construct without re-validating.
        rows.append(model.model_construct(row=excel_row, **values))
    return Table(spec=spec, file=file, sheet=sheet, layout=layout, rows=rows), issues
