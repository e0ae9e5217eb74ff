"""A patch: small, serialisable operations on cells, applied by an adapter.

The core computes patches; the file adapter (io/apply_patch.py) and the
live-Excel adapter (excel/) are two interpreters of the same list. Cells are
addressed by file path, sheet name, 1-based row and column letter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Union

CellValue = Union[str, int, Decimal, bool, date, datetime, None]


@dataclass(frozen=True, slots=True)  # slots: refresh makes millions of them
class SetCell:
    path: str
    sheet: str
    row: int
    column: str
    value: CellValue
    number_format: str | None = None  # applied when the cell has no style of its own
    style: str | None = None  # a named salesdesk style, e.g. HEADER_STYLE (the writer knows how to render it)


# A new header cell: the style of the header row's cell to its left, plus wrapped text.
HEADER_STYLE = "header"


@dataclass(frozen=True, slots=True)
class SetColumn:
    """One column of values at once (`rows[i]` gets `values[i]`): refresh writes millions of cells.

    The same as a SetCell per row; adapters that want cells get them from
    `Patch.by_sheet()` (expanded), the file writer takes the column whole."""

    path: str
    sheet: str
    column: str
    rows: tuple[int, ...]
    values: tuple[CellValue, ...]
    number_format: str | None = None

    def cells(self) -> list[SetCell]:
        return [SetCell(self.path, self.sheet, r, self.column, v, self.number_format) for r, v in zip(self.rows, self.values)]


@dataclass(frozen=True)
class SetWidth:
    """A column's width in characters (a <col> entry), set only when the sheet gives that column none."""

    path: str
    sheet: str
    column: str
    width: float


@dataclass(frozen=True)
class SetNote:
    path: str
    sheet: str
    row: int
    column: str
    text: str
    # "salesdesk": a finding, replaced on every re-run (check --annotate clears it);
    # "tidy": the text a rep typed before `tidy` changed it; kept, never cleared.
    kind: str = "salesdesk"


@dataclass(frozen=True)
class Highlight:
    path: str
    sheet: str
    row: int
    column: str
    severity: str  # "error" | "warning"


@dataclass(frozen=True)
class ClearAnnotations:
    """Removes salesdesk's previous notes, highlights and status values from a sheet."""

    path: str
    sheet: str
    header_row: int
    status_column: str | None


@dataclass(frozen=True)
class Link:
    """A hyperlink from a generated cell to a cell of a workbook (`file` None: the same workbook)."""

    row: int
    column: str
    sheet: str
    cell: str
    file: str | None = None


@dataclass(frozen=True)
class Look:
    """How a generated row looks: bold, a fill (ARGB), wrapped text."""

    bold: bool = False
    fill: str | None = None
    wrap: bool = False


@dataclass(frozen=True)
class ReplaceGeneratedSheet:
    """Adds, or replaces, a sheet salesdesk owns (e.g. the to-do tab), recognised by `marker`.

    Text is written as text (never a formula); dates, times and numbers as
    numbers, a date or time with its column's `formats` entry (e.g.
    "yyyy-mm-dd hh:mm"). `looks` gives each row's look (None: plain);
    `widths` are column widths in characters; the first `header_rows` rows
    stay frozen; `filter_row` (1-based) gets an autofilter over the rows
    below it; `landscape` prints A4 landscape, fitted to the page width (`portrait`: A4 portrait, fitted
    to the page width); `pages_tall` (with either) fits the sheet to at most that many pages tall;
    `cell_formats` gives per row the number format of each cell (overriding `formats`, for a sheet of
    stacked blocks whose columns change meaning); `row_breaks`: a printed page starts after each of
    these rows (1-based).
    """

    path: str
    sheet: str
    marker: str
    rows: tuple[tuple[CellValue, ...], ...]
    links: tuple[Link, ...] = ()
    widths: tuple[int, ...] = ()
    header_rows: int = 1
    looks: tuple[Look | None, ...] = ()
    formats: tuple[str | None, ...] = ()
    filter_row: int | None = None
    landscape: bool = False
    portrait: bool = False
    pages_tall: int = 0
    cell_formats: tuple[tuple[str | None, ...], ...] = ()
    row_breaks: tuple[int, ...] = ()


Op = Union[SetCell, SetColumn, SetWidth, SetNote, Highlight, ClearAnnotations, ReplaceGeneratedSheet]


@dataclass
class Patch:
    ops: list[Op] = field(default_factory=list)

    def add(self, op: Op) -> None:
        self.ops.append(op)

    def extend(self, other: "Patch") -> None:
        self.ops.extend(other.ops)

    def by_sheet(self, expand: bool = True) -> dict[str, dict[str, list[Op]]]:
        """path -> sheet -> ops, in the order they were added; `expand`: a SetColumn as its SetCells."""
        grouped: dict[str, dict[str, list[Op]]] = defaultdict(lambda: defaultdict(list))
        for op in self.ops:
            if expand and isinstance(op, SetColumn):
                grouped[op.path][op.sheet].extend(op.cells())
            else:
                grouped[op.path][op.sheet].append(op)
        return grouped

    def __len__(self) -> int:
        """Cells and other operations (a SetColumn counts its cells)."""
        return sum(len(op.rows) if isinstance(op, SetColumn) else 1 for op in self.ops)
