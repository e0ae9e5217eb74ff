"""Workbooks salesdesk generates: text stays text, and every output carries its marker.

- `new_workbook()` gives a workbook whose cells take any text: a value typed
  by a user (`=HYPERLINK(...)`, `@SUM(1)`, `#N/A`) is stored as text, never
  as a formula or an error, and characters XML cannot hold are replaced
  visibly instead of raising openpyxl's IllegalCharacterError. A deliberate
  formula is written as `Formula("=SUM(A2:A9)")`.
- `sanitise(book)` runs on every generated workbook just before it is saved
  (also one built with a plain `Workbook()`): the same rules for cells,
  notes, links, sheet names and document properties.
- The marker: three custom document properties (kind, intended file name,
  a SHA-256 of the content without the save time). A file whose marker
  matches its content is salesdesk's unedited output and may be replaced;
  anything else is the rep's.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from math import isfinite
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence, cast
from xml.etree.ElementTree import _escape_cdata  # type: ignore[attr-defined]  # what openpyxl's own writer escapes cell text with

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from openpyxl import Workbook
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import Cell
from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

CORE = "docProps/core.xml"
CUSTOM = "docProps/custom.xml"
KIND, NAME, DIGEST = "salesdesk.kind", "salesdesk.name", "salesdesk.sha256"
PLACEHOLDER = "0" * 64
_TIMES = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")
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
        _BulkExcelWriter(self, zipfile.ZipFile(filename, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()


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


class _BulkExcelWriter(ExcelWriter):
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


# ---- the marker --------------------------------------------------------------
def content_digest(members: Iterable[tuple[str, bytes]]) -> str:
    """SHA-256 of the parts, without the marker itself and without the save times."""
    digest = hashlib.sha256()
    for name, data in sorted(members):
        if name == CUSTOM:
            continue
        if name == CORE:
            data = _TIMES.sub(b"", data)
        digest.update(name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _hash_part(digest: Any, name: str, data: bytes | Path) -> None:
    """One part into content_digest's stream: its name, its size, its bytes (a file's read in chunks)."""
    if isinstance(data, bytes):
        if name == CORE:
            data = _TIMES.sub(b"", data)
        digest.update(name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
        return
    digest.update(name.encode() + b"\0" + data.stat().st_size.to_bytes(8, "big"))
    with data.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)


class _StampingZip(zipfile.ZipFile):
    """The package written once, straight to a file: the marker part is held back to the end, when the digest of
    every other part (content_digest, the same bytes in the same order) is known. Parts openpyxl writes from its
    own temporary files (the sheets) are kept as hard links until then, never read into memory."""

    def __init__(self, handle: Any, keep: Path) -> None:
        super().__init__(handle, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._keep = keep
        self._parts: dict[str, bytes | Path] = {}
        self._custom: tuple[Any, bytes] | None = None
        self.digest = ""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        data = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        if name == CUSTOM and self._custom is None and self.fp is not None:
            self._custom = (zinfo_or_arcname, data)
            return
        self._parts[name] = data
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None) -> None:
        name = str(arcname if arcname is not None else filename)
        kept = self._keep / f"part-{len(self._parts)}"
        try:
            os.link(filename, kept)
        except OSError:
            shutil.copyfile(filename, kept)  # another file system: a copy, still on disk
        self._parts[name] = kept
        super().write(filename, arcname, compress_type, compresslevel)

    def close(self) -> None:
        if self.fp is not None and self._custom is not None:
            digest = hashlib.sha256()
            for name in sorted(self._parts):
                _hash_part(digest, name, self._parts[name])
            self.digest = digest.hexdigest()
            info, data = self._custom
            self._custom = None
            self._parts[CUSTOM] = data
            super().writestr(info, data.replace(PLACEHOLDER.encode(), self.digest.encode()))
        super().close()


@dataclass(frozen=True)
class Rendered:
    package: Any  # an anonymous temporary file holding the stamped package
    digest: str

    def write(self, handle: Any) -> None:
        self.package.seek(0)
        shutil.copyfileobj(self.package, handle, 1 << 20)


def render(book: Workbook, kind: str, name: str) -> Rendered:
    """The workbook's package in a temporary file (never whole in memory), sanitised and stamped with its marker."""
    sanitise(book)
    props = book.custom_doc_props
    for key in (KIND, NAME, DIGEST):
        if key in props.names:
            del props[key]
    props.append(StringProperty(name=KIND, value=kind))
    props.append(StringProperty(name=NAME, value=clean_text(name)))
    props.append(StringProperty(name=DIGEST, value=PLACEHOLDER))
    package = tempfile.TemporaryFile(prefix="salesdesk-")
    with tempfile.TemporaryDirectory(prefix="salesdesk-") as keep:
        archive = _StampingZip(package, Path(keep))
        book.properties.modified = datetime.now(tz=timezone.utc).replace(tzinfo=None)  # what openpyxl's save_workbook stamps
        _BulkExcelWriter(book, archive).save()
    return Rendered(package, archive.digest)


@dataclass(frozen=True)
class Marker:
    kind: str
    name: str
    digest: str
    matches: bool  # the content is still what salesdesk wrote


def read_marker(path: Path) -> Marker | None:
    """The marker of a salesdesk output, or None for any other file (the caller has inspected it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            if CUSTOM not in archive.namelist():
                return None
            props = marker_properties(archive.read(CUSTOM))
            if DIGEST not in props:
                return None
            actual = content_digest((info.filename, archive.read(info)) for info in archive.infolist())
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, KeyError):
        return None  # a package that cannot be read whole is certainly not salesdesk's unedited output
    return Marker(props.get(KIND, ""), props.get(NAME, ""), props[DIGEST], actual == props[DIGEST])


def output_kind(path: Path) -> str | None:
    """The kind salesdesk marked an output with (quote-sheet, sidecar, ...), reading only its marker part."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = next((i for i in archive.infolist() if i.filename == CUSTOM), None)
            if info is None or info.file_size > 1_000_000:
                return None
            return marker_properties(archive.read(info)).get(KIND)
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        return None  # not a package salesdesk wrote: read (or refused) like any other file


def marker_digest(custom_xml: bytes) -> str | None:
    return marker_properties(custom_xml).get(DIGEST)


def marker_properties(xml: bytes) -> dict[str, str]:
    """salesdesk's custom properties; none when the part is unreadable (then the file is not salesdesk's)."""
    found: dict[str, str] = {}
    try:
        root = SafeET.fromstring(xml)
    except (SafeET.ParseError, DefusedXmlException):
        return found
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == "property" and element.get("name", "").startswith("salesdesk."):
            found[element.get("name", "")] = "".join(element.itertext()).strip()
    return found
