"""Cell-level edits of a worksheet's <sheetData>, touching only the rows that change.

Rows are located by their start tags (no parse of the cells of untouched
rows), so a 100k-row sheet costs one regex pass plus the edited rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable

from ...core.tables import column_index, column_letter
from .cell_xml import render_cell, render_ref
from .structure import WORKSHEET_ORDER, Child, Root, insertion_point, splice
from .xmltext import Unsupported, get_attr


# One pass captures each row's number; attribute order varies between writers.
# Patterns are built once per prefix of the sheet ("" or "x:").
@dataclass(frozen=True)
class _Patterns:
    row: re.Pattern[bytes]
    cell: re.Pattern[bytes]  # group 1: the start tag's attributes
    formula: re.Pattern[bytes]
    value: re.Pattern[bytes]


_REF = re.compile(rb"""\sr\s*=\s*["']([A-Z]+)\d+["']""")
_STYLE = re.compile(rb"""\ss\s*=\s*["'](\d+)["']""")
_SPANS = re.compile(rb'\sspans="[^"]*"')


@lru_cache(maxsize=8)
def _patterns(p: bytes) -> _Patterns:
    e = re.escape(p)
    return _Patterns(
        row=re.compile(rb"<" + e + rb"row\b(?=[^>]*?\sr=[\"'](\d+)[\"'])?[^>]*?(/?)>"),
        cell=re.compile(rb"<" + e + rb"c\b([^>]*?)(?:/>|>.*?</" + e + rb"c>)", re.S),
        formula=re.compile(rb"<" + e + rb"f[\s/>]"),
        value=re.compile(rb"<" + e + rb"(?:v|is)[\s/>]"),
    )


@dataclass(slots=True)
class CellEdit:
    value: object
    style: int | None  # base style of a new cell (its column's style)
    delete: bool = False
    # The value's number format: the cell keeps its font, fill and borders
    # (an existing cell's, or its column's) but gets this format, since a
    # date in a General cell would read as 46086.
    number_format: str | None = None
    header: bool = False  # a new header cell: the style of the header cell to its left, wrapped


@dataclass(slots=True)
class ColumnEdit:
    """One column's values, rows ascending (refresh's computed columns): no object per cell; read with a cursor."""

    col: int
    rows: tuple[int, ...]
    values: tuple[object, ...]
    style: int | None
    number_format: str | None
    cursor: int = 0


Restyle = Callable[[int, str], int]
Wrap = Callable[[int], int]


@dataclass
class SheetDataEdit:
    """Edits keyed by row then 0-based column index, plus whole columns."""

    restyle: Restyle | None = None
    wrap: Wrap | None = None
    cells: dict[int, dict[int, CellEdit]] = field(default_factory=dict)
    columns: list[ColumnEdit] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # formula cells left alone

    def set(self, row: int, col: int, value: object, style: int | None, number_format: str | None = None, header: bool = False) -> None:
        self.cells.setdefault(row, {})[col] = CellEdit(value, style, number_format=number_format, header=header)

    def set_column(self, col: int, rows: tuple[int, ...], values: tuple[object, ...], style: int | None, number_format: str | None) -> None:
        if any(a >= b for a, b in zip(rows, rows[1:])):  # the cursor needs ascending rows
            order = sorted(range(len(rows)), key=rows.__getitem__)
            rows, values = tuple(rows[i] for i in order), tuple(values[i] for i in order)
        self.columns.append(ColumnEdit(col, rows, values, style, number_format))

    def delete(self, row: int, col: int) -> None:
        self.cells.setdefault(row, {}).setdefault(col, CellEdit(None, None, delete=True))

    def rows(self) -> list[int]:
        found = set(self.cells)
        for column in self.columns:
            found.update(column.rows)
            column.cursor = 0
        return sorted(found)

    def at(self, row: int) -> dict[int, CellEdit]:
        """The row's edits (asked in ascending row order); a single cell's edit wins over its column's."""
        edits = self.cells.get(row)
        if not self.columns:
            return edits or {}
        merged: dict[int, CellEdit] = {}
        for column in self.columns:
            rows, i = column.rows, column.cursor
            while i < len(rows) and rows[i] < row:
                i += 1
            column.cursor = i
            if i < len(rows) and rows[i] == row:
                value = column.values[i]
                if value is None:  # a computed value that is now blank: clear the cell if it holds one, add none
                    merged[column.col] = CellEdit(None, None, delete=True)
                    continue
                numeric = column.number_format if not isinstance(value, str) else None
                merged[column.col] = CellEdit(value, column.style, number_format=numeric)
        if edits:
            merged.update(edits)
        return merged


def _style(cell: bytes) -> int | None:
    m = _STYLE.search(cell, 0, cell.find(b">") + 1)
    return int(m.group(1)) if m else None


def _letter(col: int) -> bytes:
    return _LETTERS[col] if col < len(_LETTERS) else column_letter(col).encode()


_LETTERS = [column_letter(c).encode() for c in range(702)]  # A..ZZ


def _append(start_tag: bytes, body: bytes, row: int, edits: dict[int, CellEdit], restyle: Restyle | None, p: bytes) -> bytes | None:
    """The row with new cells added after its last one, when every edit lies to the right of it
    (refresh's first run): no parse of the row's cells. None when that does not apply."""
    if any(e.delete or e.header for e in edits.values()):
        return None
    tail = body.rstrip()
    if tail and not (tail.endswith(b"/>") or tail.endswith(b"</" + p + b"c>")):
        return None  # e.g. the row's extLst: the full path keeps it after the cells
    last = body.rfind(b"<" + p + b"c ")
    if last >= 0:
        ref = _REF.search(body, last, body.find(b">", last) + 1)
        if ref is None or column_index(ref.group(1).decode()) >= min(edits):
            return None
    added = []
    number = b"%d" % row
    for col in sorted(edits):
        edit = edits[col]
        style = edit.style
        if edit.number_format and restyle is not None:
            style = restyle(style or 0, edit.number_format)
        added.append(render_ref(_letter(col) + number, edit.value, style, p))
    start = _SPANS.sub(b"", start_tag)
    if start.endswith(b"/>"):
        start = start[:-2].rstrip() + b">"
    return start + tail + b"".join(added) + b"</" + p + b"row>"


def _rewrite_row(start_tag: bytes, body: bytes, row: int, edits: dict[int, CellEdit], skipped: list[str], restyle: Restyle | None, p: bytes,
                 wrap: Wrap | None = None) -> bytes | None:
    """The row with `edits` applied; None when they change nothing (the row is kept byte for byte).

    One regex pass over the row's cells (a few per row: cost is per edited row, not per sheet)."""
    patterns = _patterns(p)
    appended = _append(start_tag, body, row, edits, restyle, p)
    if appended is not None:
        return appended
    changed = False
    cells: dict[int, bytes] = {}
    rest: list[bytes] = []  # whatever sits between the cells (extLst of a row, whitespace)
    cursor = 0
    for m in patterns.cell.finditer(body):
        ref = _REF.search(m.group(1))
        if ref is None:
            raise Unsupported("cells without a reference (r attribute) or with a reference that is not A1-style")
        cells[column_index(ref.group(1).decode())] = m.group(0)
        rest.append(body[cursor : m.start()])
        cursor = m.end()
    rest.append(body[cursor:])
    for col, edit in edits.items():
        existing = cells.get(col)
        if existing is not None and patterns.formula.search(existing):
            skipped.append(f"{column_letter(col)}{row}")
            continue
        if edit.delete:
            if existing is None or not patterns.value.search(existing):
                continue  # already empty: a formatted blank cell of the user stays as it is
            kept = _style(existing)
            if kept:
                cells[col] = render_cell(f"{column_letter(col)}{row}", None, kept, p)  # the value goes, the format stays
            else:
                cells.pop(col)
            changed = True
            continue
        style = edit.style if existing is None else _style(existing)
        if edit.header and existing is None:
            left = [c for c in cells if c < col]
            style = wrap(_style(cells[max(left)]) or 0) if left and wrap is not None else style
        if edit.number_format and restyle is not None:
            style = restyle(style or 0, edit.number_format)
        cells[col] = render_cell((_letter(col) + b"%d" % row).decode(), edit.value, style, p)
        changed = True
    if not changed:
        return None
    # Spans are an optional hint; drop it rather than keep a wrong one.
    start = _SPANS.sub(b"", start_tag)
    if start.endswith(b"/>"):
        start = start[:-2].rstrip() + b">"
    return start + b"".join(cells[c] for c in sorted(cells)) + b"".join(rest).strip() + b"</" + p + b"row>"


def _remembered(restyle: Restyle) -> Restyle:
    seen: dict[tuple[int, str], int] = {}

    def again(style: int, number_format: str) -> int:
        found = seen.get((style, number_format))
        if found is None:
            found = seen[(style, number_format)] = restyle(style, number_format)
        return found

    return again


def _sheet_data(root: Root) -> Child:
    found = root.named("sheetData")
    if not found:
        raise Unsupported("a worksheet without <sheetData>")
    return found[0]


def edit_sheet_data(xml: bytes, root: Root, edit: SheetDataEdit) -> bytes:
    """The sheet with `edit` applied; `root` is the scan of `xml`.

    Untouched stretches are memoryview slices of `xml`, joined once: a 100 MB sheet is copied once, not four times."""
    p = root.prefix
    node = _sheet_data(root)
    view = memoryview(xml)
    if node.empty:
        tag = xml[node.start : node.tag_end]
        head: list[bytes | memoryview] = [view[: node.start], tag[:-2].rstrip() + b">"]
        tail: list[bytes | memoryview] = [b"</" + p + b"sheetData>", view[node.end :]]
        lo = hi = node.end
    else:
        lo, hi = node.tag_end, xml.rindex(b"</", node.tag_end, node.end)
        head, tail = [view[:lo]], [view[hi:]]

    row_pattern = _patterns(p).row
    row_end = b"</" + p + b"row>"
    pending = edit.rows()
    if edit.restyle is not None:  # asked once per (style, format), in the same order as before (new styles keep their indexes)
        edit = replace(edit, restyle=_remembered(edit.restyle))
    out: list[bytes | memoryview] = head
    cursor = lo
    index = 0

    def new(row: int) -> bytes:
        return _rewrite_row(b"<" + p + b'row r="%d">' % row, b"", row, edit.at(row), edit.skipped, edit.restyle, p, edit.wrap) or b""

    for m in row_pattern.finditer(xml, lo, hi):
        if index >= len(pending):
            break
        if m.group(1) is None:
            raise Unsupported("rows without a number (r attribute)")
        row = int(m.group(1))
        while index < len(pending) and pending[index] < row:
            if cursor < m.start():  # adjacent rows leave no stretch between them: no empty slice kept per row
                out.append(view[cursor : m.start()])
            cursor = m.start()
            out.append(new(pending[index]))
            index += 1
        if index < len(pending) and pending[index] == row:
            if cursor < m.start():
                out.append(view[cursor : m.start()])
            if m.group(2):  # <row .../>
                body, end = b"", m.end()
            else:
                close = xml.index(row_end, m.end(), hi)
                body, end = xml[m.end() : close], close + len(row_end)
            rewritten = _rewrite_row(m.group(0), body, row, edit.at(row), edit.skipped, edit.restyle, p, edit.wrap)
            out.append(view[m.start() : end] if rewritten is None else rewritten)
            cursor = end
            index += 1
    out.append(view[cursor:hi])
    for new_row in pending[index:]:
        out.append(new(new_row))
    out.extend(tail)
    return b"".join(out)


def cells_in_column(xml: bytes, root: Root, letter: str, below_row: int) -> list[int]:
    """Rows below `below_row` that hold a cell in column `letter`."""
    node = _sheet_data(root)
    pattern = re.compile(rb"<" + re.escape(root.prefix) + rb"c\s(?:[^>]*?\s)?r=[\"']" + letter.encode() + rb"(\d+)[\"']")
    return [int(m.group(1)) for m in pattern.finditer(xml, node.tag_end, node.end) if int(m.group(1)) > below_row]


def column_styles(xml: bytes, root: Root) -> dict[int, int]:
    """0-based column index -> style index declared in <cols>."""
    styles: dict[int, int] = {}
    for cols in root.named("cols"):
        for tag in re.findall(rb"<" + re.escape(root.prefix) + rb"col\b[^>]*>", xml[cols.start : cols.end]):
            lo, hi, style = get_attr(tag, b"min"), get_attr(tag, b"max"), get_attr(tag, b"style")
            if lo and hi and style:
                for col in range(int(lo) - 1, min(int(hi), 16384)):
                    styles[col] = int(style)
    return styles


def widen_dimension(xml: bytes, root: Root, max_row: int, max_col: int) -> bytes:
    found = root.named("dimension")
    if not found:
        return xml
    node = found[0]
    tag = xml[node.start : node.tag_end]
    m = re.search(rb'\sref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"', tag)
    if not m:
        return xml
    first = m.group(1).decode() + m.group(2).decode()
    last_col = column_index((m.group(3) or m.group(1)).decode())
    last_row = int(m.group(4) or m.group(2))
    new = f' ref="{first}:{column_letter(max(last_col, max_col))}{max(last_row, max_row)}"'.encode()
    return xml[: node.start] + tag[: m.start()] + new + tag[m.end() :] + xml[node.tag_end :]


def set_widths(xml: bytes, root: Root, widths: dict[int, float]) -> bytes:
    """A <col> width for each 0-based column no <col> entry covers yet (a rep's widths are kept), in order."""
    p = root.prefix
    found = root.named("cols")
    tags = []
    if found and not found[0].empty:
        pattern = re.compile(rb"<" + re.escape(p) + rb"col\b[^>]*>")
        tags = [(m.start(), int(get_attr(m.group(0), b"min") or 0), int(get_attr(m.group(0), b"max") or 0))
                for m in pattern.finditer(xml, found[0].tag_end, found[0].end)]
    covered = {c for _, lo, hi in tags for c in range(lo - 1, min(hi, 16384))}
    edits: list[tuple[int, int, bytes]] = []
    fresh = b""
    for col in sorted(c for c in widths if c not in covered):
        entry = b"<" + p + b'col min="%d" max="%d" width="%s" customWidth="1"/>' % (col + 1, col + 1, format(widths[col], "g").encode())
        if found and not found[0].empty:
            at = next((start for start, lo, _ in tags if lo > col + 1), xml.rindex(b"</", found[0].tag_end, found[0].end))
            edits.append((at, at, entry))
        else:
            fresh += entry
    if fresh:
        block = b"<" + p + b"cols>" + fresh + b"</" + p + b"cols>"
        if found:  # <cols/>
            edits.append((found[0].start, found[0].end, block))
        else:
            at = insertion_point(root, "cols", WORKSHEET_ORDER)
            edits.append((at, at, block))
    return splice(xml, edits)
