"""The workbook salesdesk generates, cell by cell and in bulk: text stays text, rows stream into the sheet XML.

- `new_workbook()` gives a workbook whose cells take any text: a value typed
  by a user (`=HYPERLINK(...)`, `@SUM(1)`, `#N/A`) is stored as text, never
  as a formula or an error, and characters XML cannot hold are replaced
  visibly instead of raising openpyxl's IllegalCharacterError. A deliberate
  formula is written as `Formula("=SUM(A2:A9)")`.
- `sanitise(book)` runs on every generated workbook just before it is saved.
- Bulk rows (`TextSheet.add_bulk`): a 200k-row import keeps its values as they are and writes them
  straight into the sheet XML at save, styled as writing cell by cell would have (`BulkExcelWriter`).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from math import isfinite
from typing import Any, Callable, Sequence, cast
from xml.etree.ElementTree import _escape_cdata  # type: ignore[attr-defined]  # what openpyxl's own writer escapes cell text with

from openpyxl import Workbook
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import Cell
from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

# XML 1.0 cannot hold these; control characters become their visible pictures (ESC -> ␛).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
MAX_CELL_TEXT = 32767


class Formula(str):
    """A formula salesdesk means to write; every other string is text."""


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def clean_text(text: str) -> str:
    return _ILLEGAL.sub(_visible, text)


# Excel's error values: a cell holding one (carried over by import) is written as that error, never as a formula.
ERROR_LITERALS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"})


class ExcelError(str):
    """An Excel error value from a rep's cell (#N/A): written as that error when it is one of ERROR_LITERALS, else as text."""


class TextCell(Cell):

    def _bind_value(self, value: Any) -> None:
        if isinstance(value, ExcelError) and value in ERROR_LITERALS:
            self._value, self.data_type = cast(str, ExcelError(value)), "e"  # the marker survives to sanitise()
            return
        if isinstance(value, str):
            formula = isinstance(value, Formula)
            self._value = Formula(clean_text(value)) if formula else clean_text(value)[:MAX_CELL_TEXT]
            self.data_type = "f" if formula else "s"
            return
        super()._bind_value(value)


MISSING = object()  # in a bulk block: no cell at all (an extra column a row has no value in)


@dataclass
class BulkBlock:
    """Rows `first_row`.. of columns `first_column`.. held as values, not cells: `values(i)` gives the i-th row's
    values (MISSING: no cell), `styles` each column's style; `restyle(cell, offset)` styles a cell made from a value
    the fast writer leaves to openpyxl (dates, formulas, errors), exactly as building it cell by cell would."""
    first_row: int
    count: int
    first_column: int
    styles: list[StyleArray]
    values: Callable[[int], Sequence[object]]
    restyle: Callable[[Cell, int], None]
    dense: bool = True  # every row has a cell in every column (the sheet's dimension counts it)


class TextSheet(Worksheet):
    _bulk: list[BulkBlock] | None = None

    def add_bulk(self, block: BulkBlock) -> None:
        """Rows written straight into the sheet's XML at save: a 200k-row import holds no Cell per value."""
        if self._bulk is None:
            self._bulk = []
        self._bulk.append(block)

    def calculate_dimension(self) -> str:
        dense = [b for b in self._bulk or () if b.dense and b.count]
        if not dense:
            return str(super().calculate_dimension())
        rows = [r for r, _c in self._cells] + [b.first_row for b in dense] + [b.first_row + b.count - 1 for b in dense]
        cols = [c for _r, c in self._cells] + [b.first_column for b in dense] + [b.first_column + len(b.styles) - 1 for b in dense]
        return f"{get_column_letter(min(cols))}{min(rows)}:{get_column_letter(max(cols))}{max(rows)}"

    def _get_cell(self, row: int, column: int) -> Cell:
        if (row, column) not in self._cells:
            if not 0 < row < 1048577:
                raise ValueError(f"Row numbers must be between 1 and 1048576, not {row}")
            self._add_cell(TextCell(self, row=row, column=column))
        return self._cells[(row, column)]

    def append(self, iterable: Any) -> None:
        row: int = int(getattr(self, "_current_row")) + 1
        items = iterable.items() if isinstance(iterable, dict) else enumerate(iterable, 1)
        for column, value in items:
            index = column_index_from_string(column) if isinstance(column, str) else column
            self._get_cell(row, index).value = value
        self._current_row = row


class TextWorkbook(Workbook):
    def __init__(self) -> None:
        super().__init__()
        self._sheets.clear()
        self._sheets.append(TextSheet(self))

    def create_sheet(self, title: str | None = None, index: int | None = None) -> Worksheet:
        sheet = TextSheet(parent=self, title=title)
        self._add_sheet(sheet=sheet, index=index)
        return sheet

    def save(self, filename: Any) -> None:
        """openpyxl's save with the writer that knows bulk rows: openpyxl's own would leave them out without a word.
        (salesdesk's files go through save_new_file and the guard; this is for scripts and tests.)"""
        BulkExcelWriter(self, zipfile.ZipFile(filename, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()


def new_workbook() -> Workbook:
    return TextWorkbook()


def _sanitise_value(cell: Cell) -> None:
    value = cell._value
    if isinstance(value, ExcelError) and value in ERROR_LITERALS and cell.data_type == "e":
        return  # an error value import carried over: written as the error it was
    if isinstance(value, str) and not isinstance(value, Formula):
        if cell.data_type in ("f", "e") or _ILLEGAL.search(value):
            cell._value, cell.data_type = clean_text(value)[:MAX_CELL_TEXT], "s"


def sanitise(book: Workbook) -> None:
    """Text as text, XML-illegal characters replaced, in every part a user's text can reach
    (bulk rows get the same treatment as they are written, see _BulkSheetWriter)."""
    for ws in book.worksheets:
        if _ILLEGAL.search(ws.title):
            ws.title = clean_text(ws.title)
        for cell in list(ws._cells.values()):
            _sanitise_value(cell)
            if cell.comment is not None and _ILLEGAL.search(cell.comment.text or ""):
                cell.comment.text = clean_text(cell.comment.text)
            link = cell.hyperlink
            if link is not None:
                for attr in ("target", "location", "display", "tooltip"):
                    text = getattr(link, attr, None)
                    if isinstance(text, str) and _ILLEGAL.search(text):
                        setattr(link, attr, clean_text(text))
    props = book.properties
    for attr in ("creator", "title", "description", "subject", "identifier", "language", "keywords", "category", "lastModifiedBy", "contentStatus", "version", "revision"):
        text = getattr(props, attr, None)
        if isinstance(text, str) and _ILLEGAL.search(text):
            setattr(props, attr, clean_text(text))


# ---- bulk rows, streamed into the sheet XML -------------------------------------------------------------
class _BulkSheetWriter(WorksheetWriter):
    """openpyxl's sheet writer, with a TextSheet's bulk rows written as they are reached: text and numbers
    serialised here exactly as openpyxl serialises them (tests compare the parts byte for byte), anything else
    (dates, formulas, error values, non-finite numbers) through a transient cell and openpyxl's own write_cell."""

    def write_rows(self) -> None:
        ws = cast(TextSheet, self.ws)
        blocks = [b for b in ws._bulk or () if b.count]
        if not blocks:
            super().write_rows()
            return
        real = dict(self.rows())  # cells made one by one, and rows that carry only a height or style
        bulk_rows = sorted({b.first_row + i for b in blocks for i in range(b.count)})
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            pending = sorted(set(real) | set(bulk_rows))
            bulk_set = set(bulk_rows)
            for row_idx in pending:
                if row_idx not in bulk_set:
                    self.write_row(xf, real[row_idx], row_idx)
                elif row_idx in real:  # both kinds in one row: every cell made, merged by column, openpyxl writes
                    cells = sorted(real[row_idx] + self._transient(ws, blocks, row_idx), key=lambda c: c.column)
                    self.write_row(xf, cells, row_idx)
                else:
                    self._fast_row(xf, ws, blocks, row_idx)
        self.xf.send(None)

    @staticmethod
    def _transient(ws: TextSheet, blocks: list[BulkBlock], row_idx: int) -> list[Cell]:
        cells = []
        for block in blocks:
            if not block.first_row <= row_idx < block.first_row + block.count:
                continue
            for offset, value in enumerate(block.values(row_idx - block.first_row)):
                if value is MISSING:
                    continue
                cell = TextCell(ws, row=row_idx, column=block.first_column + offset)
                cell.value = value
                block.restyle(cell, offset)
                _sanitise_value(cell)
                cells.append(cell)
        return cells

    def _fast_row(self, xf: Any, ws: TextSheet, blocks: list[BulkBlock], row_idx: int) -> None:
        out = xf._file  # et_xmlfile writes through this callable immediately, so raw text lands in order
        out(f'<row r="{row_idx}">')
        ids: dict[int, str] = self.__dict__.setdefault("_style_ids", {})
        book = ws.parent
        for block in blocks:
            index = row_idx - block.first_row
            if not 0 <= index < block.count:
                continue
            column = block.first_column
            for offset, value in enumerate(block.values(index)):
                if value is MISSING:
                    continue
                style = block.styles[offset]
                ref = f"{get_column_letter(column + offset)}{row_idx}"
                key = id(style)
                sid = ids.get(key)
                if sid is None:
                    sid = ids[key] = f' s="{book._cell_styles.add(style)}"' if any(style) else ""
                kind = type(value)
                if value is None:
                    if sid:
                        out(f'<c r="{ref}"{sid} t="n" />')
                elif kind is str:
                    text = clean_text(cast(str, value))[:MAX_CELL_TEXT]
                    if not text:
                        out(f'<c r="{ref}"{sid} t="inlineStr" />')
                    else:
                        stripped = text.strip()
                        space = ' xml:space="preserve"' if stripped and stripped != text else ""
                        out(f'<c r="{ref}"{sid} t="inlineStr"><is><t{space}>{_escape_cdata(text)}</t></is></c>')
                elif (kind is int or kind is float or kind is Decimal) and isfinite(cast(float, value)):
                    out(f'<c r="{ref}"{sid} t="n"><v>{safe_string(value)}</v></c>')
                elif kind is bool:
                    out(f'<c r="{ref}"{sid} t="b"><v>{safe_string(value)}</v></c>')
                else:
                    cell = TextCell(ws, row=row_idx, column=column + offset)
                    cell.value = value
                    block.restyle(cell, offset)
                    _sanitise_value(cell)
                    write_cell(xf, ws, cell, cell.has_style)
        out("</row>")


class BulkExcelWriter(ExcelWriter):
    def write_worksheet(self, ws: Any) -> None:
        if not getattr(ws, "_bulk", None):
            super().write_worksheet(ws)
            return
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _BulkSheetWriter(ws)
        writer.write()
        ws._rels = writer._rels
        self._archive.write(writer.out, ws.path[1:])
        self.manifest.append(ws)
        writer.cleanup()
