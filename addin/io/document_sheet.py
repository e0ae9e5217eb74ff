"""Printable customer documents: one A4 sheet, eight columns, laid out top to bottom.

Every document salesdesk hands to a customer (the quote, and the order's
paperwork: requirement form, contract draft, acceptance checklist, service
report, survey, comparison) is built with `Document`, so they look alike and
obey the same rules:

- the seller's letterhead from settings (`Party`), a title, a red DRAFT
  banner with every reason when any input is doubtful (and DRAFT in the
  printed page header);
- text from a rep's cells is data: written as text, never a formula
  (`new_workbook`), characters XML cannot hold shown visibly, and the
  invisible bidirectional controls (U+202A-U+202E, U+2066-U+2069), which
  can make a printed name or amount read differently from what it is,
  removed (`customer_text`);
- one language per document (`lang`), fonts named explicitly;
- A4 portrait, fit to the page width, a table's header repeated on every
  page, "page N of M" in the footer: the PDF is the printout.

A document is a new file, written through the guard (`save_new_file`) with
its own marker kind, so a re-run replaces salesdesk's unedited output and
never a file a person has edited.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Sequence

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.page import PageMargins

from ..documents.model import Letterhead
from ..i18n import pick, translator
from ..schema.types import NUMBER_FORMATS, ColumnType
from .generated import new_workbook
from .libreoffice import MARKER
from .names import output_name
from .safe_write import save_new_file
from .templates import FIXED_TIMESTAMP, body_font, use_fonts

MONEY = NUMBER_FORMATS[ColumnType.MONEY]
DATE = NUMBER_FORMATS[ColumnType.DATE]
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BAND = PatternFill("solid", fgColor="DDEBF7")
RED = "C00000"
GREY = "595959"
NAVY = "1F4E78"
DRAFT_FILL = PatternFill("solid", fgColor=RED)
WIDTHS = (12, 30, 7, 8, 13, 10, 13, 15)

# Advance widths of DejaVu Sans (what LibreOffice renders when the Latin body font is missing; Calibri is
# narrower, so a text that fits these fits there), per 2048 units; the digit 0 (1303) is one unit of
# Excel's column width. Characters not listed count as a lower-case letter; CJK as a full em.
ADVANCE = {**{c: 1303 for c in "0123456789"}, " ": 651, "(": 799, ")": 799, ".": 651, ",": 651, ":": 690, "-": 739, "/": 690, "'": 563,
           **dict(zip("abcdefghijklmnopqrstuvwxyz", (1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298, 1253,
                                                       1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075))),
           **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612,
                                                       1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1405)))}


def rendered_width(text: str, bold: bool = False, size: float = 11) -> float:
    """The width `text` takes when rendered, in Excel column-width units (one unit: the digit 0 at 11 pt),
    from the font's advance widths, bold about 12% wider, plus one unit of cell padding."""
    em = sum(2048 if ord(ch) >= 0x2E80 else ADVANCE.get(ch, 1260) for ch in text)
    return em / 1303 * size / 11 * (1.12 if bold else 1.0) + 1
COLUMNS = len(WIDTHS)
CHECKBOX = "\u2610"  # ☐, a box to tick on paper
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def product_name(names_en: dict[str, str], sku: str, name: str, lang: str) -> str:
    """A product in the document's language: the price list's English name (name_en) on an English document."""
    return pick((name, names_en.get(sku) or name), lang)


def a4_portrait(ws: Any, _: Any, area: str) -> None:
    """A4 portrait, fit to the page width, "page N of M" in the footer: the PDF is the printout."""
    ws.print_area = area
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.7, bottom=0.7)
    ws.oddFooter.center.text = _("Page &P of &N")


def stamp(book: Any, creator: str = "") -> None:
    """A customer document's properties: its creator, the marker keywords its PDF export carries, fixed times."""
    book.properties.creator = creator or "salesdesk"
    book.properties.keywords = MARKER  # salesdesk's own PDFs are recognised by it (io/libreoffice.py)
    book.properties.created = book.properties.modified = FIXED_TIMESTAMP


def customer_text(value: object) -> object:
    """A value as a customer document shows it: strings without bidirectional controls; other values unchanged."""
    if isinstance(value, str):
        return _BIDI_CONTROLS.sub("", value)
    return value


@dataclass(frozen=True)
class Party(Letterhead):
    """Who a document is from (the seller's letterhead, from settings) and the contact data of who it is for (the register)."""

    contacts: dict[str, tuple[str, str]] = field(default_factory=dict)  # customer id -> (contact, phone)
    names_en: dict[str, str] = field(default_factory=dict)  # SKU -> English name (price list name_en)
    payback_limit: int | None = None  # months: a longer payback is not shown to the customer (None: every payback shown)

    def product_name(self, sku: str, name: str, lang: str) -> str:
        """The document's language only: the price list's English name on an English document; the Chinese name otherwise."""
        return product_name(self.names_en, sku, name, lang)


@dataclass(frozen=True)
class Column:
    """One column of a `Document.table`: its header, how many sheet columns it spans, its format and alignment."""

    head: str
    span: int = 1
    number_format: str | None = None
    align: str = "left"
    wrap: bool = False


class Document:
    """One printable sheet built from the top down; `row` is the next free row.

    >>> doc = Document(lang="zh", title="需求确认单")          # doctest: +SKIP
    >>> doc.letterhead(party); doc.facts(left, right); doc.table(columns, rows)
    >>> doc.signatures(("卖方", party.company), ("买方", customer)); doc.save(folder, "需求确认单-", order_id, kind="requirement-form")
    """

    def __init__(self, lang: str, sheet_title: str, widths: Sequence[float] = WIDTHS) -> None:
        self.widths = tuple(widths)
        self.lang = lang
        self._ = translator(lang)
        self.book = new_workbook()  # user text stays text; XML-illegal characters replaced, never a crash
        use_fonts(self.book, lang)
        self.ws = self.book.active
        self.ws.title = sheet_title[:31]
        for index, width in enumerate(widths):
            self.ws.column_dimensions[chr(65 + index)].width = width
        self.row = 1
        self.repeat_row: int | None = None
        self.draft = False

    # -- cells -------------------------------------------------------------
    def font(self, **style: Any) -> Font:
        return body_font(self.lang, **style)

    def put(self, row: int, column: int, value: object, number_format: str | None = None, **style: Any) -> Any:
        """One cell; dates and datetimes get the date format, `style` is a font style."""
        cell = self.ws.cell(row, column, customer_text(value))
        if number_format:
            cell.number_format = number_format
        elif isinstance(value, (date, datetime)):
            cell.number_format = NUMBER_FORMATS[ColumnType.DATETIME if isinstance(value, datetime) else ColumnType.DATE]
        if style:
            cell.font = self.font(**style)
        return cell

    def merged(self, row: int, text: object, first: int = 1, last: int = COLUMNS, wrap: bool = False, **style: Any) -> Any:
        self.ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        cell = self.put(row, first, text)
        cell.font = self.font(**style)
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            self.ws.row_dimensions[row].height = 15 * (1 + len(str(text)) // 80)
        return cell

    def line(self, text: object, wrap: bool = True, **style: Any) -> Any:
        """A full-width line at the cursor."""
        cell = self.merged(self.row, text, wrap=wrap, **style)
        self.row += 1
        return cell

    def gap(self, rows: int = 1) -> None:
        self.row += rows

    # -- blocks ------------------------------------------------------------
    def letterhead(self, party: Letterhead, title: str) -> None:
        """The seller: company name, address, phone, tax ID and bank account from settings; then the title."""
        _ = self._
        self.merged(1, party.company or _("(company name: fill in the settings sheet)"), size=16, bold=True, color=NAVY if party.company else RED)
        self.ws.row_dimensions[1].height = 26
        lines = [
            "    ".join(t for t in (party.address and _("Address: {v}", v=party.address), party.phone and _("Phone: {v}", v=party.phone)) if t),
            "    ".join(t for t in (party.tax_id and _("Tax ID: {v}", v=party.tax_id), party.bank and _("Bank: {v}", v=party.bank),
                                    party.bank_account and _("Account: {v}", v=party.bank_account)) if t),
        ]
        row = 2
        for text in (x for x in lines if x):
            self.merged(row, text, size=9, color=GREY)
            row += 1
        for column in range(1, COLUMNS + 1):
            self.ws.cell(row - 1, column).border = Border(bottom=Side(style="medium", color=NAVY))
        cell = self.merged(row + 1, title, size=18, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        self.ws.row_dimensions[row + 1].height = 30
        self.row = row + 2

    def draft_banner(self, reasons: Iterable[tuple[str, str]], intro: str | None = None) -> None:
        """A red banner and every reason (code, text in the document's language) below it; DRAFT on every printed page."""
        _ = self._
        self.draft = True
        banner = self.merged(self.row, _("DRAFT · NOT FOR THE CUSTOMER"), size=14, bold=True, color="FFFFFF")
        banner.fill = DRAFT_FILL
        banner.alignment = Alignment(horizontal="center", vertical="center")
        self.ws.row_dimensions[self.row].height = 24
        self.merged(self.row + 1, intro or _("Why this is a draft (fix each, then run salesdesk again):"), bold=True, color=RED)
        self.row += 2
        for code, text in reasons:
            self.line(f"• {text} [{code}]", color=RED)
        self.row += 1

    def facts(self, left: Sequence[tuple[str, object]], right: Sequence[tuple[str, object]] = ()) -> None:
        """Two columns of labelled facts (to whom on the left, which document on the right)."""
        for offset in range(max(len(left), len(right))):
            for (label_col, value_first, value_last), pairs in (((1, 2, 4), left), ((5, 6, 8), right)):
                if offset >= len(pairs):
                    continue
                label, value = pairs[offset]
                row = self.row + offset
                room = self.widths[label_col - 1]
                need = rendered_width(label, bold=True)
                self.put(row, label_col, label, bold=True, color=GREY).alignment = Alignment(vertical="top", wrap_text=need > room)
                if need > room:  # a label wider than its column wraps onto as many lines as it takes (never cut)
                    lines = math.ceil(need / room)
                    self.ws.row_dimensions[row].height = max(self.ws.row_dimensions[row].height or 0, 15 * lines)
                self.ws.merge_cells(start_row=row, start_column=value_first, end_row=row, end_column=value_last)
                cell = self.put(row, value_first, value if value not in (None, "") else "-")
                cell.alignment = Alignment(horizontal="left", wrap_text=True, vertical="top")
        self.row += max(len(left), len(right)) + 1

    def heading(self, text: str) -> None:
        self.line(text, wrap=False, size=12, bold=True)

    def table(self, columns: Sequence[Column], rows: Iterable[Sequence[object]], repeat: bool = True) -> int:
        """A boxed table with a banded header (repeated on every printed page when `repeat`); returns the header's row.

        A value that is a `(value, style)` pair carries a font style for that cell, e.g. `("不合格", {"color": RED})`.
        """
        head_row = self.row
        if repeat and self.repeat_row is None:
            self.repeat_row = head_row
        starts = self._starts(columns)
        for column, start in zip(columns, starts):
            self._span(head_row, start, column.span)
            cell = self.put(head_row, start, column.head, bold=True)
            cell.fill = BAND
            cell.alignment = Alignment(horizontal=column.align, vertical="center", wrap_text=True)
            self._box(head_row, start, column.span)
        self.row += 1
        for values in rows:
            for column, start, value in zip(columns, starts, values):
                style: dict[str, Any] = {}
                if isinstance(value, tuple):
                    value, style = value
                self._span(self.row, start, column.span)
                cell = self.put(self.row, start, value, column.number_format, **style)
                if column.wrap or column.align != "left":
                    cell.alignment = Alignment(horizontal=column.align, vertical="top", wrap_text=column.wrap)
                self._box(self.row, start, column.span)
            self.row += 1
        return head_row

    def totals(self, lines: Sequence[tuple[str, object]]) -> None:
        """Right-aligned label and amount pairs; the last one bold with a double rule (the grand total)."""
        for number, (label, amount) in enumerate(lines):
            last = number == len(lines) - 1
            self.ws.merge_cells(start_row=self.row, start_column=5, end_row=self.row, end_column=7)
            self.put(self.row, 5, label, bold=last).alignment = Alignment(horizontal="right")
            self.put(self.row, 8, amount, MONEY, bold=last, size=12 if last else 11)
            if last:
                for column in range(5, COLUMNS + 1):
                    self.ws.cell(self.row, column).border = Border(top=THIN, bottom=Side(style="double", color=GREY))
            self.row += 1

    def numbered(self, texts: Iterable[str]) -> None:
        """Numbered paragraphs (terms, clauses), wrapped across the page width."""
        for number, text in enumerate(texts, start=1):
            self.line(f"{number}. {text}")

    def signatures(self, left: tuple[str, str], right: tuple[str, str]) -> None:
        """Signature, stamp and date of both parties, side by side: (title, name) each."""
        _ = self._
        for first, last, (title, name) in ((1, 4, left), (5, 8, right)):
            self.ws.merge_cells(start_row=self.row, start_column=first, end_row=self.row, end_column=last)
            self.put(self.row, first, _.labelled(title, name), bold=True)
            for offset, text in ((2, _("Signature:")), (4, _("Stamp:")), (6, _("Date:"))):
                self.ws.merge_cells(start_row=self.row + offset, start_column=first, end_row=self.row + offset, end_column=last)
                self.put(self.row + offset, first, text, color=GREY)
                for column in range(first, last + 1):
                    self.ws.cell(self.row + offset, column).border = Border(bottom=THIN)
        self.row += 7

    # -- output ------------------------------------------------------------
    def page_setup(self) -> None:
        """A4 portrait, fit to the page width, the first table's header on every page, DRAFT in the header of a draft."""
        _ = self._
        ws = self.ws
        a4_portrait(ws, _, f"A1:{chr(64 + COLUMNS)}{max(self.row - 1, 1)}")
        if self.repeat_row:
            ws.print_title_rows = f"{self.repeat_row}:{self.repeat_row}"
        ws.print_options.horizontalCentered = True
        if self.draft:
            ws.oddHeader.center.text = _("DRAFT · NOT FOR THE CUSTOMER")
            ws.oddHeader.center.color = RED
            ws.oddHeader.center.size = 14

    def save(self, folder: Path, prefix: str, ident: str, kind: str, creator: str = "") -> Path:
        """Page set-up, then a new file `prefix + ident + .xlsx` in `folder` through the guard (marker `kind`)."""
        self.page_setup()
        stamp(self.book, creator)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / output_name(prefix, ident, ".xlsx")
        save_new_file(self.book, path, kind=kind)
        return path

    # -- helpers -----------------------------------------------------------
    @staticmethod
    def _starts(columns: Sequence[Column]) -> list[int]:
        starts, at = [], 1
        for column in columns:
            starts.append(at)
            at += column.span
        if at - 1 > COLUMNS:
            raise ValueError(f"a table of {at - 1} sheet columns does not fit the page's {COLUMNS}")
        return starts

    def _span(self, row: int, start: int, span: int) -> None:
        if span > 1:
            self.ws.merge_cells(start_row=row, start_column=start, end_row=row, end_column=start + span - 1)

    def _box(self, row: int, start: int, span: int) -> None:
        for column in range(start, start + span):
            self.ws.cell(row, column).border = BOX
