"""The order's paperwork on paper: a `documents.model.Document` laid out with the shared printable sheet.

The layout pieces (letterhead, DRAFT banner with reasons, facts, boxed tables
with a repeated header, numbered clauses, signature and stamp blocks, A4
page set-up, customer text kept as text with bidirectional controls removed)
are `io/document_sheet.py`'s, the same as the customer quote's; this module
only maps the model's blocks onto them and sizes wrapped rows for Chinese
text. Written through the guard with a marker kind per document kind
(`form-contract`, ...), which folder reads skip (io/reader.py).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl.styles import Border

from ..documents.model import Document as Model
from ..documents.model import Facts, Grid, Paragraphs, Signatures
from ..i18n import translator
from .document_sheet import MONEY, THIN, Column, Document

# Eight layout columns, wide enough for a date or ¥ amount in any single one.
WIDTHS = (12, 20, 11, 11, 13, 15, 15, 13)
FORMATS = {"money": MONEY, "percent": "0.0%", "int": "#,##0", "qty": "General"}  # qty: 3 or 8.1 (kg), as typed
RIGHT = ("money", "percent", "int", "qty")
LINE_HEIGHT = 15


def _width(text: str) -> int:
    """Display width: CJK and full-width characters count double."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _lines(text: object, width: float) -> int:
    return max(1, -(-_width(str(text)) // max(1, int(width))))


def _fit(sheet: Document, row: int, text: object, width: float) -> None:
    """A wrapped row tall enough for its text (Chinese is twice as wide as its character count)."""
    sheet.ws.row_dimensions[row].height = LINE_HEIGHT * _lines(text, width) + 3


def _grid(sheet: Document, block: Grid) -> None:
    sheet.heading(block.title)
    columns = [Column(head, span, FORMATS.get(fmt), "right" if fmt in RIGHT else "left", wrap=fmt not in RIGHT)
               for head, span, fmt in zip(block.headers, block.spans, block.formats)]
    widths = [sum(WIDTHS[start - 1:start - 1 + span]) for start, span in zip(Document._starts(columns), block.spans)]
    rows = [tuple("-" if v is None else v for v in row) for row in block.rows]
    head = sheet.table(columns, rows)
    sheet.ws.row_dimensions[head].height = LINE_HEIGHT * max(_lines(c.head, w) for c, w in zip(columns, widths)) + 3
    for offset, values in enumerate(rows, start=1):
        tallest = max(_lines(v, w) for v, w in zip(values, widths) if not isinstance(v, (int, Decimal)))
        if tallest > 1 or "box" in block.formats:  # a row of boxes to tick by hand gets room for a pen
            sheet.ws.row_dimensions[head + offset].height = max(LINE_HEIGHT * tallest + 3, 22 if "box" in block.formats else 0)
    if block.totals:
        sheet.totals(block.totals)
    sheet.gap()


def _paragraphs(sheet: Document, block: Paragraphs) -> None:
    sheet.heading(block.title)
    for number, text in enumerate(block.items, start=1):
        shown = f"{number}. {text}" if block.numbered else text
        sheet.line(shown)
        _fit(sheet, sheet.row - 1, shown, sum(WIDTHS) * 1.05)
    sheet.gap()


def _signatures(sheet: Document, block: Signatures, lang: str) -> None:
    if len(block.parties) == 2 and block.stamp:
        sheet.signatures(block.parties[0], block.parties[1])
        return
    _ = translator(lang)
    for (first, last), (role, name) in zip(((1, 4), (5, 8)), block.parties):  # one party, or no stamp: signature and date only
        sheet.merged(sheet.row, _.labelled(role, name or "______"), first, last, bold=True)
        for offset, text in ((2, _("Signature:")), (4, _("Date:"))):
            sheet.merged(sheet.row + offset, text, first, last, color="595959")
            for column in range(first, last + 1):
                sheet.ws.cell(sheet.row + offset, column).border = Border(bottom=THIN)
    sheet.row += 5


def write_form(doc: Model, folder: Path) -> Path:
    """Lays `doc` out as a new workbook in `folder`; raises FileRefused (the guard) or OSError."""
    _ = translator(doc.lang)
    sheet = Document(doc.lang, doc.title, WIDTHS)
    sheet.letterhead(doc.letterhead, doc.title)
    if doc.draft:
        reasons = [(r.code, r.text(doc.lang)) for r in doc.draft_reasons]
        sheet.draft_banner(reasons, _("Why this is a draft (fix each, then run salesdesk forms again):"))
        for offset, (code, text) in enumerate(reasons, start=1):
            _fit(sheet, sheet.row - 1 - len(reasons) + offset - 1, f"• {text} [{code}]", sum(WIDTHS) * 1.05)
    for block in doc.blocks:
        if isinstance(block, Facts):
            if block.title:
                sheet.heading(block.title)
            half = -(-len(block.pairs) // 2)
            sheet.facts(block.pairs[:half], block.pairs[half:])
        elif isinstance(block, Grid):
            _grid(sheet, block)
        elif isinstance(block, Paragraphs):
            _paragraphs(sheet, block)
        elif isinstance(block, Signatures):
            sheet.gap()
            _signatures(sheet, block, doc.lang)
    prefix = doc.title.split(" (")[0].split("（")[0].replace(" ", "") + "-"
    return sheet.save(folder, prefix, doc.ref, kind=f"form-{doc.kind}", creator=doc.letterhead.company)
