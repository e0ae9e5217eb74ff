"""The printable form: one new workbook per document, laid out from a `Document` model.

Imitates the customer quote sheet (addin/io/quote_sheet.py): letterhead from
settings, a title, a red DRAFT banner with every reason when the document
rests on doubtful input, facts in two columns, tables with their header
repeated on every printed page, numbered clauses, signature (and stamp)
blocks for the parties; A4 portrait, fit to width. Text from a cell stays
text (never a formula) and XML-illegal characters are replaced (the
workbook from `new_workbook`). Written through the guard with a kind
marker per document kind.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment, Border, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from ..documents.model import Document, Facts, Grid, Paragraphs, Signatures
from ..i18n import translator
from ..schema.types import NUMBER_FORMATS, ColumnType
from .generated import new_workbook
from .names import output_name
from .safe_write import save_new_file
from .templates import FIXED_TIMESTAMP, body_font, use_fonts

THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BAND = PatternFill("solid", fgColor="DDEBF7")
RED = "C00000"
WIDTHS = (12, 20, 11, 11, 13, 15, 15, 13)
LAST = len(WIDTHS)
FORMATS = {"money": NUMBER_FORMATS[ColumnType.MONEY], "percent": "0.0%", "int": "#,##0", "date": NUMBER_FORMATS[ColumnType.DATE]}
CHARS_PER_LINE = 62  # a full-width paragraph line on A4 at fit-to-width (CJK counts double)


def _width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _merged(ws: Any, row: int, text: object, lang: str, first: int = 1, last: int = LAST, wrap: bool = False, **style: Any) -> Any:
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = ws.cell(row, first, text)
    cell.font = body_font(lang, **style)
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        span = sum(WIDTHS[first - 1:last])
        lines = max(1, -(-_width(str(text)) // max(1, int(span * 1.05))))
        ws.row_dimensions[row].height = 15 * lines + 2
    return cell


def _shown(value: object, lang: str) -> object:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.date()
    return value


def _letterhead(ws: Any, doc: Document) -> int:
    _ = translator(doc.lang)
    lang = doc.lang
    head = doc.letterhead
    _merged(ws, 1, head.company or _("(company name: fill in the settings sheet)"), lang, size=16, bold=True, color="1F4E78" if head.company else RED)
    ws.row_dimensions[1].height = 26
    row = 2
    for line in head.lines:
        _merged(ws, row, line, lang, size=9, color="595959")
        row += 1
    for column in range(1, LAST + 1):
        ws.cell(row - 1, column).border = Border(bottom=Side(style="medium", color="1F4E78"))
    title = _merged(ws, row + 1, doc.title, lang, size=18, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[row + 1].height = 30
    return row + 3


def _draft(ws: Any, doc: Document, row: int) -> int:
    _ = translator(doc.lang)
    banner = _merged(ws, row, _("DRAFT · NOT FOR THE CUSTOMER"), doc.lang, size=14, bold=True, color="FFFFFF")
    banner.fill = PatternFill("solid", fgColor=RED)
    banner.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[row].height = 24
    _merged(ws, row + 1, _("Why this is a draft (fix each, then run salesdesk forms again):"), doc.lang, bold=True, color=RED)
    row += 2
    for reason in doc.draft_reasons:
        _merged(ws, row, f"• {reason.text(doc.lang)} [{reason.code}]", doc.lang, wrap=True, color=RED)
        row += 1
    return row + 1


def _facts(ws: Any, block: Facts, lang: str, row: int) -> int:
    if block.title:
        _merged(ws, row, block.title, lang, size=12, bold=True)
        row += 1
    half = -(-len(block.pairs) // 2)
    for offset, (left, right) in enumerate(zip(block.pairs[:half], (*block.pairs[half:], None))):
        for pair, (label_col, first, last) in ((left, (1, 2, 4)), (right, (5, 6, 8))):
            if pair is None:
                continue
            ws.cell(row + offset, label_col, pair[0]).font = body_font(lang, bold=True, color="595959")
            cell = _merged(ws, row + offset, _shown(pair[1], lang), lang, first, last)
            cell.alignment = Alignment(horizontal="left", wrap_text=True, vertical="top")
            if isinstance(pair[1], (date, datetime)):
                cell.number_format = FORMATS["date"]
    return row + half + 1


def _grid(ws: Any, block: Grid, lang: str, row: int) -> tuple[int, int]:
    """Returns (next row, header row)."""
    _merged(ws, row, block.title, lang, size=12, bold=True)
    row += 1
    starts = [1 + sum(block.spans[:i]) for i in range(len(block.spans))]
    head = row
    for start, span, text, fmt in zip(starts, block.spans, block.headers, block.formats):
        cell = _merged(ws, row, text, lang, start, start + span - 1, bold=True)
        cell.alignment = Alignment(horizontal="right" if fmt in FORMATS and fmt != "date" else "left", vertical="center", wrap_text=True)
        for column in range(start, start + span):
            ws.cell(row, column).fill, ws.cell(row, column).border = BAND, BOX
    ws.row_dimensions[row].height = 30
    row += 1
    for values in block.rows:
        tallest = 1
        for start, span, value, fmt in zip(starts, block.spans, values, block.formats):
            cell = _merged(ws, row, _shown(value, lang), lang, start, start + span - 1)
            if fmt in FORMATS and isinstance(value, (int, Decimal, date)):
                cell.number_format = FORMATS[fmt]
            cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="right" if fmt in ("money", "percent", "int") else None)
            width = sum(WIDTHS[start - 1:start + span - 1])
            tallest = max(tallest, -(-_width(str(value or "")) // max(1, width)))
            for column in range(start, start + span):
                ws.cell(row, column).border = BOX
        if tallest > 1:
            ws.row_dimensions[row].height = 15 * tallest + 2
        row += 1
    for number, (label, amount) in enumerate(block.totals):
        final = number == len(block.totals) - 1
        _merged(ws, row, label, lang, 1, LAST - 1, bold=final).alignment = Alignment(horizontal="right")
        cell = ws.cell(row, LAST, amount)
        cell.number_format, cell.font = FORMATS["money"], body_font(lang, bold=final)
        row += 1
    return row + 1, head


def _paragraphs(ws: Any, block: Paragraphs, lang: str, row: int) -> int:
    _merged(ws, row, block.title, lang, size=12, bold=True)
    row += 1
    for number, text in enumerate(block.items, start=1):
        _merged(ws, row, f"{number}. {text}" if block.numbered else text, lang, wrap=True)
        row += 1
    return row + 1


def _signatures(ws: Any, block: Signatures, lang: str, row: int) -> int:
    _ = translator(lang)
    lines = ((2, _("Signature:")), *(((4, _("Stamp:")),) if block.stamp else ()), (6 if block.stamp else 4, _("Date:")))
    for (first, last), (role, name) in zip(((1, 4), (5, 8)), block.parties):
        _merged(ws, row, _("{role}: {name}", role=role, name=name or "______"), lang, first, last, bold=True)
        for offset, text in lines:
            _merged(ws, row + offset, text, lang, first, last, color="595959")
            for column in range(first, last + 1):
                ws.cell(row + offset, column).border = Border(bottom=THIN)
    return row + max(o for o, _t in lines) + 1


def form_file_name(doc: Document) -> str:
    return output_name(doc.title.split(" (")[0].split("（")[0].replace(" ", "") + "-", doc.ref, ".xlsx")


def write_form(doc: Document, folder: Path) -> Path:
    """Lays `doc` out as a new workbook in `folder`; raises FileRefused (the guard) or OSError."""
    _ = translator(doc.lang)
    book = new_workbook()
    use_fonts(book, doc.lang)
    ws = book.active
    ws.title = doc.title[:31]
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    row = _letterhead(ws, doc)
    if doc.draft:
        row = _draft(ws, doc, row)
    head_row = None
    for block in doc.blocks:
        if isinstance(block, Facts):
            row = _facts(ws, block, doc.lang, row)
        elif isinstance(block, Grid):
            row, head = _grid(ws, block, doc.lang, row)
            head_row = head_row or head
        elif isinstance(block, Paragraphs):
            row = _paragraphs(ws, block, doc.lang, row)
        elif isinstance(block, Signatures):
            row = _signatures(ws, block, doc.lang, row + 1)
    ws.print_area = f"A1:H{row}"
    if head_row:
        ws.print_title_rows = f"{head_row}:{head_row}"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.7, bottom=0.7)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = _("Page &P of &N")
    if doc.draft:
        ws.oddHeader.center.text = _("DRAFT · NOT FOR THE CUSTOMER")
        ws.oddHeader.center.color = RED
    book.properties.creator = doc.letterhead.company or "salesdesk"
    book.properties.created = book.properties.modified = FIXED_TIMESTAMP
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / form_file_name(doc)
    save_new_file(book, path, kind=f"form-{doc.kind}")
    return path
