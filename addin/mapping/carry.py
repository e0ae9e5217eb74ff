"""What `salesdesk import` carries from a rep's own sheets into salesdesk's workbooks (issue 10, item 6).

Pure: the typed tables of a load plus the raw grids they were read from in,
rows for the new workbooks and issues out. Per recognised sheet:

- every row read is carried, its columns as typed (dates as dates, amounts
  as numbers; keys and owners salesdesk supplied included, so the new
  register has them as real values);
- a value that could not be read as its column's type is carried as it was
  typed (never lost) and reported (`import-value-as-typed`);
- the sheet's other columns are kept as extra columns, their headers as
  written, to the right of salesdesk's columns;
- a non-blank row that was not read (a line with no quantity on an order
  form) is reported (`import-row-skipped`), with its file, sheet and row.

Sheets of no kind, or salesdesk's own settings and mappings, are not carried.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from ..core.computed import BOOL_TEXT
from ..core.issues import Issue
from ..core.recognise import spans
from ..core.stamps import EMPTY_DATE_MARKER, empty_date_marker
from ..core.tables import Table, column_letter
from ..core.values import CellMark
from ..i18n import N_, both, both_with, pick, translator
from ..io.generated import MAX_CELL_TEXT, ExcelError
from ..schema.types import Column, ColumnType, SheetSpec

NOT_CARRIED = ("header_map",)  # salesdesk's own mapping sheet: it says how to read, it is not data


@dataclass
class Carried:
    """The rows of one kind, from every source sheet of that kind, in the order read."""

    spec: SheetSpec
    rows: list[dict[str, object]] = field(default_factory=list)  # column key -> value
    extra_headers: list[str] = field(default_factory=list)  # unmapped source headers, first seen first
    extras: list[dict[str, object]] = field(default_factory=list)  # per row: extra header -> value as typed
    langs: list[str] = field(default_factory=list)  # the header language of each source sheet
    notes: list[tuple[str, ...]] = field(default_factory=list)  # per row: keys of the columns salesdesk supplied

    def import_notes(self, lang: str) -> tuple[str, list[str]] | None:
        """The one note column of the new workbook, in its language `lang`: (header, per-row text, "" for none),
        or None when salesdesk supplied nothing."""
        if not any(self.notes):
            return None
        _ = translator(lang)
        texts = [_("{columns} supplied by salesdesk on import", columns=_.join([self.spec.column(k).header(lang) for k in keys])) if keys else ""
                 for keys in self.notes]
        return _("salesdesk import note"), texts

    @property
    def lang(self) -> str:
        return max(("zh", "en"), key=self.langs.count) if self.langs else "zh"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_typed(value: object) -> object:
    """A raw cell as it can be written: an Excel error stays that error (#N/A), an uncalculated formula gives nothing."""
    if isinstance(value, CellMark):
        return ExcelError(value.text) if value.code == "cell-error-value" and value.text else (value.text or None)
    return value


def _cell_value(value: object, zone: tzinfo) -> object:
    """A typed value as a workbook cell holds it: wall-clock times in the settings' zone (Excel has no zones)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(zone).replace(tzinfo=None)
    return value


def _issue(table: Table, row: int | None, index: int | None, code: str, message: tuple[str, str], value: object = None, key: str | None = None) -> Issue:
    return Issue(file=table.file, sheet=table.sheet, row=row, column=column_letter(index) if index is not None else None, code=code,
                 message_zh=message[0], message_en=message[1], column_key=key, value=None if value is None else str(value))


def _side_table_message(first: int, end: int, cells: list[str]) -> tuple[str, str]:
    return both_with(lambda _: _("Columns {first}-{last} ({headers}) are a separate table beside the sheet's rows: not carried over",
                                 first=column_letter(first), last=column_letter(end - 1), headers=_.join(cells)))


def _skipped_row_message(row: int, spec: SheetSpec) -> tuple[str, str]:
    return both_with(lambda _: _("Row {row} was not read as a row of {kind}: not carried over", row=row, kind=spec.title(_.lang)))


def _headed(message: str, column: Column, **fields: object) -> tuple[str, str]:
    """(zh, en) of `message`, its {header} the column's name in each message's own language."""
    return both_with(lambda _: _(message, header=column.header(_.lang), **fields))


def _empty_date_message(headers: tuple[str, str], value: object) -> tuple[str, str]:
    return both_with(lambda _: _.labelled(pick(headers, _.lang), _("Excel's empty-date marker (1900-01-00 or 1900-01-01): read as no date"))
                     + f" \u300c{value}\u300d " + _("Clear the cell, or type the real date."))


def carry_table(table: Table, grid: list[list[object]], zone: tzinfo, into: Carried) -> list[Issue]:
    """Adds `table`'s rows to `into`; `grid` is the sheet's raw cells (the rows the table was read from)."""
    spec, layout = table.spec, table.layout
    header_index = layout.header_row - 1
    header = grid[header_index] if header_index < len(grid) else []
    mapped = set(layout.columns.values())
    issues: list[Issue] = []
    width = max((len(r) for r in grid[header_index:]), default=0)
    # A side table beside the sheet's table (split at a column blank in the header and below) holds no values of
    # its rows: its columns are not the rows' extra columns. They are not carried over, and said so.
    regions = spans(list(header) + [None] * (width - len(header)), grid[header_index + 1 :]) if mapped else []
    inside = [(a, b) for a, b in regions if any(a <= i < b for i in mapped)]
    lo, hi = 0, width  # the table's columns: from the first region (or the region after a side table) on
    if inside:
        lo = 0 if inside[0] == regions[0] else inside[0][0]
        hi = width if inside[-1] == regions[-1] else inside[-1][1]
    for a, b in regions:
        if lo <= a and b <= hi:
            continue
        cells = [str(h).strip() for h in header[a:b] if not _blank(h)]
        issues.append(_issue(table, layout.header_row, a, "import-side-table-skipped", _side_table_message(a, b, cells), ", ".join(cells)))
    extra = [(i, str(h).strip()) for i, h in enumerate(header) if lo <= i < hi and i not in mapped and not _blank(h)]
    for i in range(lo, hi):  # values under a blank header are data too: the column gets a name, never dropped
        if i in mapped or (i < len(header) and not _blank(header[i])):
            continue
        if any(i < len(r) and not _blank(r[i]) for r in grid[header_index + 1 :]):
            _ = translator(layout.lang)
            name = _("Column {letter}", letter=column_letter(i))
            extra.append((i, name))
            issues.append(_issue(table, layout.header_row, i, "import-column-named",
                                 both("Column {letter} holds values but no header: carried over as the extra column \"{name}\"", letter=column_letter(i), name=name), name))
    for _i, text in extra:
        if text not in into.extra_headers:
            into.extra_headers.append(text)
    into.langs.append(layout.lang)
    read = {r.row for r in table.rows}
    for excel_row in range(header_index + 2, len(grid) + 1):
        raw = grid[excel_row - 1]
        if excel_row not in read and not all(_blank(c) for c in raw):
            issues.append(_issue(table, excel_row, None, "import-row-skipped", _skipped_row_message(excel_row, spec)))
    for row in table.rows:
        raw = grid[row.row - 1] if row.row - 1 < len(grid) else []
        values: dict[str, object] = {}
        for key in row.model_fields_set - {"row"}:
            column = spec.column(key)
            if column.computed:
                continue
            typed = getattr(row, key)
            index = layout.columns.get(key)
            typed_raw = raw[index] if index is not None and index < len(raw) else None
            if typed is None and isinstance(typed_raw, CellMark) and not typed_raw.text:
                issues.append(_issue(table, row.row, index, "import-value-lost",
                                     _headed(N_("{header}: a formula with no calculated value (the source was never recalculated): not carried over"), column), None, key))
            elif typed is None and isinstance(typed_raw, CellMark) and typed_raw.code == "cell-error-value":
                values[key] = _as_typed(typed_raw)  # carried over as the error it is, and listed (issue 22, item 5)
                error = typed_raw.text
                issues.append(_issue(table, row.row, index, "import-error-cell",
                                     _headed(N_("{header}: the cell holds the Excel error {value}; carried over as that error"), column, value=error), error, key))
            elif (typed is None and column.type in (ColumnType.DATE, ColumnType.DATETIME)
                  and not isinstance(typed_raw, CellMark) and empty_date_marker(typed_raw, False)):
                # Excel's empty date (1900-01-00): no date, so the new cell stays empty; reported as check does
                issues.append(_issue(table, row.row, index, EMPTY_DATE_MARKER, _empty_date_message((column.header("zh"), column.header("en")), typed_raw), typed_raw, key))
            elif typed is None and not _blank(typed_raw):
                typed_raw = _as_typed(typed_raw)
                values[key] = typed_raw  # never lost: copied as typed, and said so
                issues.append(_issue(table, row.row, index, "import-value-as-typed",
                                     _headed(N_("{header}: {value} could not be read; copied over as typed"), column, value=typed_raw),
                                     typed_raw, key))
            elif column.type is ColumnType.BOOL and isinstance(typed, bool):
                values[key] = BOOL_TEXT[layout.lang][0 if typed else 1]
            else:
                values[key] = _cell_value(typed, zone)
        into.rows.append(values)
        extras = {text: _as_typed(raw[i]) for i, text in extra if i < len(raw) and not _blank(raw[i])}
        # ids and owners salesdesk made up, said on the row itself (issue 22, item 5); the note is written in the
        # new workbook's language, known only once every source sheet is carried (import_notes)
        into.notes.append(tuple(k for k in spec.suppliable if values.get(k) is not None and k not in layout.columns))
        into.extras.append(extras)
        for i, value in enumerate(raw):  # Excel holds 32,767 characters a cell: a longer text is cut, and said so
            if isinstance(value, str) and len(value) > MAX_CELL_TEXT:
                issues.append(_issue(table, row.row, i, "import-value-cut",
                                     both("Text of {n} characters cut to the {limit} a cell holds", n=len(value), limit=MAX_CELL_TEXT)))
    return issues


def formulas_issue(table: Table, count: int, cells: tuple[tuple[int, int], ...]) -> Issue:
    """Formula cells of a carried sheet: the imported workbook holds their values, not the formulas."""
    first = ", ".join(f"{column_letter(c - 1)}{r}" for r, c in cells[:5])
    zh, en = both("{n} formula cell(s) carried over as their calculated values, not as formulas (first: {cells})", n=count, cells=first)
    return Issue(file=table.file, sheet=table.sheet, row=None, column=None, code="import-formulas-as-values", message_zh=zh, message_en=en, value=str(count))


def skipped_sheet_issue(file: str, sheet: str) -> Issue:
    zh, en = both("Sheet {sheet} is not one of salesdesk's kinds: not carried over", sheet=sheet)
    return Issue(file=file, sheet=sheet, row=None, column=None, code="import-sheet-skipped", message_zh=zh, message_en=en)
