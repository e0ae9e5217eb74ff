"""Reading a worksheet part with a streaming XML parse (expat), memory bounded by the cells present.

Used for the sheets calamine must not be given (see `precheck`): sparse or
oversized spans, non-UTF-8 XML, or a workbook whose shared-strings part
declares an impossible count. Values come back as calamine returns them,
except dates, which stay serial numbers (the date parsers read serials, in
the workbook's date system), and error cells and formulas without a cached
value, which come back as `CellMark` so they are reported, never blank.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from xml.parsers import expat

from ..core.values import CellMark
from ..i18n import both
from .causes import causes
from .precheck import column_number

READ_BYTES = 1 << 20
MAX_COLUMNS = 16384
MAX_ROWS = 1_048_576
SLOT_BUDGET = 20_000_000  # list slots for the whole grid (160 MB): wide sparse rows are cut to fit


class SheetUnreadable(Exception):
    """The part is not a sheet we can read (malformed XML, bad references), with the reason in zh and en."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def _parser() -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_: object) -> None:
        raise SheetUnreadable(*both("declares a DTD or entities; refused"))

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    return parser


def _feed(parser: expat.XMLParserType, archive: zipfile.ZipFile, part: str) -> None:
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(READ_BYTES):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise SheetUnreadable(*causes(exc)) from exc
    except (zipfile.BadZipFile, OSError, EOFError) as exc:  # a damaged member (bad CRC, cut-off stream)
        raise SheetUnreadable(*causes(exc)) from exc


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def read_shared_strings(archive: zipfile.ZipFile, part: str) -> list[str]:
    """Every `<si>` as its text (runs joined, phonetic runs left out)."""
    strings: list[str] = []
    state = {"in_t": False, "phonetic": 0}
    pieces: list[str] = []
    parser = _parser()

    def start(name: str, _attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "si":
            pieces.clear()
        elif local == "rPh":
            state["phonetic"] += 1
        elif local == "t" and not state["phonetic"]:
            state["in_t"] = True

    def end(name: str) -> None:
        local = _local(name)
        if local == "si":
            strings.append("".join(pieces))
        elif local == "rPh":
            state["phonetic"] -= 1
        elif local == "t":
            state["in_t"] = False

    def text(data: str) -> None:
        if state["in_t"]:
            pieces.append(data)

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    _feed(parser, archive, part)
    return strings


@dataclass
class StreamedSheet:
    rows: list[list[object]]
    width: int  # the farthest column holding a cell (rows may be cut shorter to fit the budget)
    cut_cells: int  # cells beyond the width kept


def _split_ref(ref: str) -> tuple[int, int] | None:
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters):]
    if not letters or not digits or not letters.isalpha() or not letters.isupper() or len(letters) > 3:
        return None
    return int(digits), column_number(letters)


class _SheetHandler:
    def __init__(self, strings: list[str] | None) -> None:
        self.strings = strings
        self.cells: dict[int, list[tuple[int, object]]] = {}
        self.row = 0
        self.col = 0
        self.kind = ""
        self.text: list[str] = []
        self.capture = False
        self.has_formula = False
        self.has_value = False
        self.in_cell = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "c":
            ref = attrs.get("r")
            position = _split_ref(ref) if ref else (self.row or 1, self.col + 1)
            if position is None:
                raise SheetUnreadable(*both("invalid cell reference: {ref}", ref=ref))
            self.row, self.col = position
            if not (1 <= self.row <= MAX_ROWS and 1 <= self.col <= MAX_COLUMNS):
                raise SheetUnreadable(*both("cell reference beyond the sheet's limits: {ref}", ref=ref))
            self.kind = attrs.get("t", "n")
            self.text, self.has_formula, self.has_value, self.in_cell = [], False, False, True
        elif local == "row":
            number = attrs.get("r")
            self.row = int(number) if number and number.isdigit() else self.row + 1
            self.col = 0
        elif self.in_cell and local in ("v", "t"):
            self.capture, self.has_value = True, True
        elif self.in_cell and local == "f":
            self.has_formula = True
        elif local == "rPh":
            self.capture = False

    def end(self, name: str) -> None:
        local = _local(name)
        if local in ("v", "t"):
            self.capture = False
        elif local == "c" and self.in_cell:
            self.in_cell = False
            value = self._value("".join(self.text))
            if value is not None:
                self.cells.setdefault(self.row, []).append((self.col, value))

    def data(self, text: str) -> None:
        if self.capture:
            self.text.append(text)

    def _value(self, text: str) -> object:
        kind = self.kind
        if not self.has_value or (text == "" and kind not in ("str", "inlineStr")):
            return CellMark("formula-no-value", "") if self.has_formula else None
        if kind == "s":
            if self.strings is None:
                raise SheetUnreadable(*both("cells refer to shared strings but the workbook has none"))
            index = int(text) if text.strip().isdigit() else -1
            if not 0 <= index < len(self.strings):
                raise SheetUnreadable(*both("shared-string index {text} out of range", text=text))
            return self.strings[index]
        if kind == "b":
            if text.strip() not in ("0", "1"):
                raise SheetUnreadable(*both("invalid boolean cell value: {value}", value=text[:20]))
            return text.strip() == "1"
        if kind == "e":
            return CellMark("cell-error-value", text)
        if kind in ("str", "inlineStr", "d"):
            return text
        try:
            return float(text)
        except ValueError as exc:
            raise SheetUnreadable(*both("invalid number cell value: {value}", value=text[:20])) from exc


def stream_sheet(archive: zipfile.ZipFile, part: str, strings: list[str] | None) -> StreamedSheet:
    handler = _SheetHandler(strings)
    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = handler.start, handler.end, handler.data
    parser.buffer_text = True
    _feed(parser, archive, part)
    if not handler.cells:
        return StreamedSheet(rows=[], width=0, cut_cells=0)
    height = max(handler.cells)
    width = max(col for cells in handler.cells.values() for col, _ in cells)
    keep = max(64, min(width, SLOT_BUDGET // height))  # wide and sparse: cut far columns, never the header area
    empty: list[object] = []
    rows: list[list[object]] = [empty] * height
    cut = 0
    for number, cells in handler.cells.items():
        last = min(max(col for col, _ in cells), keep)
        row: list[object] = [None] * last
        for col, value in cells:
            if col <= keep:
                row[col - 1] = value
            else:
                cut += 1
        rows[number - 1] = row
    return StreamedSheet(rows=rows, width=width, cut_cells=cut)
