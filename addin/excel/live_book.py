"""A workbook open in Excel, seen through xlwings: grids in, a patch out.

Only this small surface of xlwings is used (so tests can stand in for it):
`book.fullname`, `book.name`, `book.sheets` (each with `.name`, `.used_range`
having `.value`, `.row`, `.column`), `sheet.range((r1, c1), (r2, c2))` with
`.value` and `.number_format` setters, `sheet.activate()`, and `book.app.macro(name)`,
`book.app.alert`, `book.app.status_bar`. Tests hold a fake built with
`create_autospec` against these xlwings classes, so a misspelt attribute fails.

A LiveBook is both a Source and a Sink of the command layer (commands/place.py):
every capability runs on it through the same function the CLI calls on files.
The number of calls into Excel does not depend on the rows: one read per sheet,
one block write (and one format) per touched column, one macro call for every
note, highlight and link, and per generated sheet (the to-do tab, the rep's
summary tab) one macro call to find or add it and one block write of its cells.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from ..core.patch import ClearAnnotations, Highlight, Patch, ReplaceGeneratedSheet, SetCell, SetNote
from ..core.tables import column_index
from ..io.load import Loaded, Progress, load
from ..io.reader import Grid

if TYPE_CHECKING:
    from ..io.apply_patch import ApplyReport

# In addin/excel/macros/salesdesk.bas, imported into the add-in; qualified by the add-in's
# name because Application.Run looks in the active workbook otherwise.
ADDIN_NAME = "salesdesk.xlam"
APPLY_MACRO = f"'{ADDIN_NAME}'!SalesdeskApply"
SHEET_MACRO = f"'{ADDIN_NAME}'!SalesdeskSheet"  # finds (by its hidden defined name) or adds a generated sheet, emptied
OWNED_MACRO = f"'{ADDIN_NAME}'!SalesdeskOwned"  # the names of the sheets salesdesk generated, tab-separated
FORMULA_START = ("=", "+", "-", "@", "'")  # Excel would read such text as a formula (or eat the apostrophe)


def _excel_value(value: object) -> object:
    """COM has no Decimal and no time zones: Excel stores doubles and wall-clock times."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)  # Excel has date-times only
    if value == "":
        return None  # Excel holds no empty text: an empty cell, as the file writer leaves it
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value  # text stays text: Excel keeps what follows the apostrophe as typed
    return value


class CloudPathUnresolved(Exception):
    """A workbook in OneDrive or SharePoint whose folder on this PC could not be found: Excel reports a web
    address (xlwings issues #2554, #2652, #2017), and without the local folder the workbooks beside it and
    the documents folder cannot be read. xlwings maps the address with the OneDrive folders `addin install`
    records in xlwings.conf (excel/install.py `onedrive_folders`); this is when that failed."""

    def __init__(self, address: str) -> None:
        super().__init__(address)
        self.address = address


def local_path(book: Any) -> Path:
    """The workbook's file on this PC (xlwings resolves OneDrive/SharePoint addresses); raises CloudPathUnresolved."""
    import xlwings

    try:
        name = str(book.fullname)
    except xlwings.XlwingsError as exc:  # xlwings' "Couldn't find the local OneDrive folder/file"
        raise CloudPathUnresolved(str(exc)) from exc
    if "://" in name:
        raise CloudPathUnresolved(name)
    return Path(name)


class LiveBook:
    def __init__(self, book: Any, lang: str = "zh") -> None:
        self.book = book
        self.lang = lang  # of the status bar's progress texts
        self.path = local_path(book)

    # ---- Source ---------------------------------------------------------------
    def read(self, progress: Progress | None = None, siblings: bool = True) -> tuple[Loaded, set[str]]:
        """This workbook's grids from Excel (unsaved edits included), and with `siblings` the workbooks
        beside its file read from disk for reference, as the CLI reads a file given alone."""
        from ..commands.scope import context_files, with_siblings
        from .feedback import text

        self.progress(text("reading", self.lang))
        live = (self.path, self.grids(skip=self.generated_sheets()))
        if not siblings:
            return load([self.path], progress, live=live), set()
        inputs = with_siblings([self.path])
        loaded = load(inputs.all, progress, live=live)
        return loaded, context_files(loaded, inputs)

    # ---- Sink -----------------------------------------------------------------
    def write(self, patch: Patch, backups_kept: int = 0) -> ApplyReport:
        """Applies a patch for this workbook; Excel saves it (no backup: nothing is rewritten)."""
        from ..io.apply_patch import ApplyReport
        from .feedback import text

        foreign = sorted(p for p in patch.by_sheet() if Path(p) != self.path)
        if foreign:
            raise ValueError(f"a patch for {foreign[0]} cannot be applied to the open workbook {self.path}")
        if len(patch):
            self.progress(text("writing", self.lang))
            self.apply(patch)
        return ApplyReport()

    def show(self, sheet_name: str) -> None:
        self.activate(sheet_name)

    def selected(self) -> tuple[str, int] | None:
        """The active cell's sheet and row (one read): the order or quote a document button is for."""
        selection = self.book.app.selection
        if selection is None:
            return None
        return str(selection.sheet.name), int(selection.row)

    def generated_sheets(self) -> set[str]:
        """The sheets salesdesk generated (its to-do and summary tabs): not the rep's data. One macro call."""
        names = self.book.app.macro(OWNED_MACRO)(self.book.name)
        return {n for n in str(names or "").split("\t") if n}

    def grids(self, skip: set[str] | None = None) -> list[Grid]:
        """Every sheet's used range, one read each, padded so row 0 is Excel row 1."""
        grids = []
        for sheet in self.book.sheets:
            if skip and sheet.name in skip:
                continue
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
        for op in patch.ops:
            if isinstance(op, ReplaceGeneratedSheet):
                calls += self._generated(op, lines)
        for _path, sheets in patch.by_sheet().items():
            for sheet_name, ops in sheets.items():
                if all(isinstance(op, ReplaceGeneratedSheet) for op in ops):
                    continue
                sheet = self.book.sheets[sheet_name]
                calls += self._write_columns(sheet, [op for op in ops if isinstance(op, SetCell)])
                lines.extend(_annotation_lines(sheet_name, ops))
        if lines:
            self.book.app.macro(APPLY_MACRO)(self.book.name, "\n".join(lines))
            calls += 1
        return calls

    def _generated(self, op: ReplaceGeneratedSheet, lines: list[str]) -> int:
        """A sheet salesdesk owns: found or added and emptied (text format) by one macro, its cells in one
        block write; its links join the annotation payload. Two calls, whatever the rows."""
        widths = ",".join(str(w) for w in op.widths)
        name = str(self.book.app.macro(SHEET_MACRO)(self.book.name, op.marker, op.sheet, op.header_rows, widths))
        width = max((len(r) for r in op.rows), default=1)
        rows = [[_excel_value(v) for v in row] + [None] * (width - len(row)) for row in op.rows] or [[None]]
        self.book.sheets[name].range((1, 1), (len(rows), width)).value = rows
        for link in op.links:
            lines.append(f"link\t{name}\t{link.column}{link.row}\t{_clean(link.sheet)}\t{link.cell}\t{_clean(link.file or '')}")
        return 2

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
