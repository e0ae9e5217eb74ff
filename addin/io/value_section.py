"""The value section of the customer quote sheet: what the offer saves a year, before the price.

"Value first, then price" (domain.md 3.2): the quote sheet calls
`write_value_section` before its items. The numbers and words come from the
pricing core (pricing/value.py); this only lays them out on the sheet's
eight columns (A-H), in the quote's language. A quote without a baseline has
no value case and gets no section.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, Border, PatternFill, Side

from ..i18n import translator
from ..pricing.quote import QuotePrice
from ..pricing.value import whole_yuan
from ..schema.types import NUMBER_FORMATS, ColumnType
from .templates import body_font

MONEY = NUMBER_FORMATS[ColumnType.MONEY]
GREEN = "375623"
SOFT_GREEN = PatternFill("solid", fgColor="E2EFDA")
LINE = Side(style="thin", color="A9D08E")


def _merged(ws: Any, row: int, text: object, lang: str, last: int = 8, **style: Any) -> Any:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    cell = ws.cell(row, 1, text)
    cell.font = body_font(lang, **style)
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    return cell


def _width(text: str) -> int:
    """Display width: a CJK character takes two columns."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def write_value_section(ws: Any, quote: QuotePrice, lang: str, row: int, payback_limit: int | None = None) -> int:
    """The section from `row`; returns the next free row (`row` itself when the quote has no value case).
    A payback longer than `payback_limit` months (io/quote_sheet.payback_limit: the warranty or 36 months,
    unless the rep opted in) is left off: the customer reads the savings, not a payback past the warranty."""
    case = quote.value
    if case is None:
        return row
    _ = translator(lang)
    _merged(ws, row, _("Your saving with this offer"), lang, size=12, bold=True, color=GREEN)
    row += 1
    for saving in case.savings:
        text = saving.text(lang)
        _merged(ws, row, text, lang, last=6)
        ws.row_dimensions[row].height = 15 * (1 + _width(text) // 80)  # columns A-F hold about 80 narrow characters
        cell = ws.cell(row, 8, saving.amount)
        cell.number_format = MONEY
        cell.font = body_font(lang)
        cell.alignment = Alignment(vertical="center")
        row += 1
    for column in range(1, 9):
        ws.cell(row, column).fill = SOFT_GREEN
        ws.cell(row, column).border = Border(top=LINE, bottom=LINE)
    _merged(ws, row, _("Yearly saving"), lang, last=6, bold=True, color=GREEN)
    total = ws.cell(row, 8, case.yearly_saving)
    total.number_format = MONEY
    total.font = body_font(lang, bold=True, color=GREEN)
    row += 1
    if payback_limit is not None and case.payback_months is not None and case.payback_months > payback_limit:
        return row + 1
    _merged(ws, row, case.payback_text(lang), lang, bold=True, color=GREEN)
    row += 1
    if case.alternative is not None:
        note = _("Price difference: this quote {ours} − the alternative offer {theirs} = {diff} (excl. VAT); payback = the difference ÷ the monthly saving, "
                 "rounded up to whole months.", ours=whole_yuan(case.total), theirs=whole_yuan(case.alternative), diff=whole_yuan(case.difference))
    else:
        note = _("Payback: this quote's total excl. VAT, divided by the monthly saving, rounded up to whole months.")
    _merged(ws, row, note, lang, size=8, color="808080")
    return row + 2
