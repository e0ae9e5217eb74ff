"""The printable competitor comparison (竞品对比表): one workbook, one block per competitor observation.

The comparisons and their words come from the pricing core
(pricing/competitors.py); this lays them out in the document's language:
the company's name, the title, the date and category, then per observation
a table (point, ours, theirs, difference) with the date observed (red when
stale) and the notes. Any doubtful input (a stale observation, no product
of ours to compare with) makes the document a DRAFT with its reasons.
A4 portrait, fit to width.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from ..core.issues import Issue
from ..i18n import pick, translator
from ..pricing.competitors import Comparison
from ..schema.types import NUMBER_FORMATS, ColumnType
from .document_sheet import a4_portrait, product_name, stamp
from .generated import new_workbook
from .names import output_name
from .safe_write import save_new_file
from .templates import body_font, use_fonts

MONEY = NUMBER_FORMATS[ColumnType.MONEY]
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BAND = PatternFill("solid", fgColor="DDEBF7")
HEAD = PatternFill("solid", fgColor="1F4E78")
RED = "C00000"
GREEN = "375623"
WIDTHS = (30, 22, 22, 42)
KIND = "compare-sheet"


def _font(lang: str, **style: Any) -> Font:
    return body_font(lang, **style)


def _merged(ws: Any, row: int, text: object, lang: str, **style: Any) -> Any:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(WIDTHS))
    cell = ws.cell(row, 1, text)
    cell.font = _font(lang, **style)
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    return cell


def compare_file_name(category: str | None, lang: str) -> str:
    _ = translator(lang)
    return output_name(_("Competitor comparison") + "-", category or _("all"), ".xlsx")


def one_language(text: str, lang: str) -> str:
    """Each line of a policy text written "中文 / English" (the demo's promotions) in the document's language only."""
    lines = []
    for line in text.split("\n"):
        parts = [p.strip() for p in line.split(" / ")]
        lines.append(pick((parts[0], parts[1]), lang) if len(parts) == 2 and all(parts) else line)
    return "\n".join(lines)


def _value(ws: Any, row: int, column: int, value: object, key: str, lang: str) -> None:
    if isinstance(value, str):
        value = one_language(value, lang)
        ws.row_dimensions[row].height = max(15, 15 * (value.count("\n") + 1))
    cell = ws.cell(row, column, "-" if value in (None, "") else value)
    cell.border = BOX
    cell.font = _font(lang)
    cell.alignment = Alignment(horizontal="right" if isinstance(value, Decimal) else "left", vertical="top", wrap_text=True)
    if key == "price" and isinstance(value, Decimal):
        cell.number_format = MONEY


def _block(ws: Any, item: Comparison, names_en: dict[str, str], lang: str, as_of: date, row: int) -> int:
    _ = translator(lang)
    ours = product_name(names_en, item.our_sku or "", item.our_name or "", lang)
    title = _("{competitor} {product} vs our {ours}", competitor=item.competitor, product=item.product, ours=ours or "-").replace("  ", " ")
    _merged(ws, row, title, lang, size=12, bold=True)
    row += 1
    observed = item.observed_on.isoformat() if item.observed_on else "-"
    facts = _("Category: {category}    Date observed: {date}", category=item.category or "-", date=observed)
    cell = _merged(ws, row, facts + ("    " + _("stale: check again") if item.stale else ""), lang, size=9, color=RED if item.stale else "595959")
    cell.font = _font(lang, size=9, color=RED if item.stale else "595959", bold=item.stale)
    row += 1
    for index, text in enumerate((_("Point"), _("Ours"), item.competitor, _("Difference")), start=1):
        head = ws.cell(row, index, text)
        head.font, head.fill, head.border = _font(lang, bold=True), BAND, BOX
    row += 1
    for point in item.points:
        label = ws.cell(row, 1, point.label(lang))
        label.font, label.border = _font(lang, bold=True), BOX
        _value(ws, row, 2, point.ours, point.key, lang)
        _value(ws, row, 3, point.theirs, point.key, lang)
        words = ws.cell(row, 4, point.words(lang) or "-")
        words.border = BOX
        words.alignment = Alignment(wrap_text=True, vertical="top")
        words.font = _font(lang, bold=point.better is not None, color=GREEN if point.better else (RED if point.better is False else "000000"))
        row += 1
    if item.notes:
        cell = _merged(ws, row, _("Notes: {notes}", notes=item.notes), lang, size=9, color="595959")
        ws.row_dimensions[row].height = 15 * (1 + len(item.notes) // 70)
        row += 1
    summary = item.summary(lang)
    if summary:
        _merged(ws, row, summary, lang, bold=True)
        row += 1
    return row + 1


def write_compare_sheet(comparisons: list[Comparison], issues: list[Issue], company: str, names_en: dict[str, str], folder: Path,
                        lang: str, as_of: date, category: str | None = None) -> Path:
    """The document; a DRAFT banner with every issue (stale, unmatched) above the blocks when there is any."""
    _ = translator(lang)
    book = new_workbook()
    use_fonts(book, lang)
    ws = book.active
    ws.title = _("Competitor comparison")[:31]
    for index, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(65 + index)].width = width
    _merged(ws, 1, company or _("(company name: fill in the settings sheet)"), lang, size=14, bold=True, color="1F4E78" if company else RED)
    title = _merged(ws, 2, _("Competitor comparison"), lang, size=18, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[2].height = 30
    _merged(ws, 3, _("As of {date}    Category: {category}", date=as_of.isoformat(), category=category or _("all")), lang, size=9, color="595959")
    row = 5
    if issues:
        banner = _merged(ws, row, _("DRAFT · CHECK BEFORE USE"), lang, size=14, bold=True, color="FFFFFF")
        banner.fill = PatternFill("solid", fgColor=RED)
        banner.alignment = Alignment(horizontal="center", vertical="center")
        row += 1
        for issue in issues:
            where = f"{issue.sheet}!{issue.row}" if issue.row else issue.sheet
            text = f"• {where}: {pick((issue.message_zh, issue.message_en), lang)} [{issue.code}]"
            _merged(ws, row, text, lang, color=RED)
            ws.row_dimensions[row].height = 15 * (1 + len(text) // 80)
            row += 1
        row += 1
    if not comparisons:
        _merged(ws, row, _("No competitor observations to compare."), lang, color=RED)
        row += 2
    for item in comparisons:
        row = _block(ws, item, names_en, lang, as_of, row)
    a4_portrait(ws, _, f"A1:D{row}")
    stamp(book, company)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / compare_file_name(category, lang)
    save_new_file(book, path, kind=KIND)
    return path
