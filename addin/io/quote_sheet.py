"""The printable, customer-facing quote: a new workbook per quote.

A separate file on purpose: the calculator holds floor prices, costs and
margins that must never reach a customer. The value package comes first
(value before price), then items, gifts, totals before and after VAT, terms.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.page import PageMargins

from ..pricing.policy import Policy
from ..pricing.quote import QuotePrice
from ..pricing.text import pct
from ..schema.types import NUMBER_FORMATS, ColumnType
from .generated import new_workbook
from .names import output_name
from .safe_write import save_new_file
from .templates import FIXED_TIMESTAMP

MONEY = NUMBER_FORMATS[ColumnType.MONEY]
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BAND = PatternFill("solid", fgColor="DDEBF7")
RED = "C00000"
DRAFT_FILL = PatternFill("solid", fgColor=RED)

LABELS: dict[str, dict[str, Any]] = {
    "zh": {
        "title": "报价单", "customer": "客户", "quote": "报价单号", "date": "报价日期", "valid": "有效期至", "rep": "销售代表",
        "package": "您将获得的价值", "service": "服务 / 赠品", "value": "价值", "items": "产品明细",
        "head": ("产品编码", "产品名称", "单位", "数量", "目录价", "折扣", "单价", "金额"),
        "gift": "赠品", "free": "免费", "excl": "合计（不含税）", "vat": "增值税", "incl": "合计（含税）",
        "terms": "条款", "t_valid": "本报价有效期至 {d}。", "t_prepay": "预付 {p} 合同款，余款按合同约定支付。",
        "t_vat": "以上价格含 {r} 增值税（含税合计）。", "t_delivery": "交货期、到货与安装时间以合同为准；到货后 3 日内验收。",
        "file": "报价单",
        "draft": "草稿 · 不可发送给客户", "reasons": "草稿原因（全部解决后重新运行 salesdesk quote）：",
        "unpriced": "未定价",
    },
    "en": {
        "title": "Quotation", "customer": "Customer", "quote": "Quote no.", "date": "Date", "valid": "Valid until", "rep": "Sales rep",
        "package": "The value you receive", "service": "Service / gift", "value": "Value", "items": "Items",
        "head": ("SKU", "Product", "Unit", "Qty", "List price", "Discount", "Unit price", "Amount"),
        "gift": "Gift", "free": "free", "excl": "Total excl. VAT", "vat": "VAT", "incl": "Total incl. VAT",
        "terms": "Terms", "t_valid": "This quotation is valid until {d}.", "t_prepay": "{p} of the contract is paid in advance; the rest as per contract.",
        "t_vat": "VAT at {r} is included in the total incl. VAT.", "t_delivery": "Delivery, arrival and installation dates as per contract; acceptance within 3 days of arrival.",
        "file": "Quote",
        "draft": "DRAFT · NOT FOR THE CUSTOMER", "reasons": "Why this is a draft (fix each, then run salesdesk quote again):",
        "unpriced": "not priced",
    },
}


def quote_file_name(quote: QuotePrice, lang: str) -> str:
    """One file per quote id: distinct ids never share a name (Q:1, Q/1, Q_1), bounded in bytes, any platform."""
    return output_name(f"{LABELS[lang]['file']}-", quote.quote_id, ".xlsx")


def _draft_banner(ws: Any, quote: QuotePrice, lang: str) -> int:
    """A red banner under the title and every reason below it; returns the next free row.

    The reasons come from the pricing core (codes and both languages); this
    only lays them out, in the quote's language.
    """
    t = LABELS[lang]
    ws.merge_cells("A2:H2")
    ws["A2"] = t["draft"]
    ws["A2"].font = Font(size=14, bold=True, color="FFFFFF")
    ws["A2"].fill = DRAFT_FILL
    ws["A2"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[2].height = 24
    ws["A3"] = t["reasons"]
    ws["A3"].font = Font(bold=True, color=RED)
    row = 4
    for reason in quote.draft_reasons:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=8)
        cell = ws.cell(row, 1, f"• {reason.text(lang)} [{reason.code}]")
        cell.font = Font(color=RED)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 15 * (1 + len(reason.text(lang)) // 70)
        row += 1
    return row + 1


def write_quote_sheet(quote: QuotePrice, policy: Policy, company: str, folder: Path, lang: str) -> Path:
    t = LABELS[lang]
    book = new_workbook()  # user text stays text; XML-illegal characters replaced, never a crash
    ws = book.active
    ws.title = t["title"]
    widths = (12, 30, 7, 8, 13, 9, 13, 15)
    for index, width in enumerate(widths):
        ws.column_dimensions[chr(65 + index)].width = width

    ws.merge_cells("A1:H1")
    ws["A1"] = f"{company}  {t['title']}"
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    row = _draft_banner(ws, quote, lang) if quote.draft else 3
    valid_until = quote.valid_until or ((quote.quote_date + timedelta(days=policy.valid_days)) if quote.quote_date else None)
    facts = ((t["customer"], quote.customer_name), (t["quote"], quote.quote_id), (t["date"], quote.quote_date), (t["valid"], valid_until), (t["rep"], quote.owner_rep))
    for label, value in facts:
        ws.cell(row, 1, label).font = Font(bold=True)
        cell = ws.cell(row, 2, value)
        if hasattr(value, "year"):
            cell.number_format = NUMBER_FORMATS[ColumnType.DATE]
            cell.alignment = Alignment(horizontal="left")
        row += 1

    row += 1
    ws.cell(row, 1, t["package"]).font = Font(size=12, bold=True)
    row += 1
    for col, text in ((1, t["service"]), (7, t["value"])):
        ws.cell(row, col, text).font = Font(bold=True)
    row += 1
    for service in quote.value_package:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        ws.cell(row, 1, service.name)
        ws.cell(row, 7, service.value).number_format = MONEY
        row += 1
    for gift in quote.gifts:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        ws.cell(row, 1, f"{t['gift']}: {gift.name} × {gift.qty} {gift.unit}")
        ws.cell(row, 7, gift.value).number_format = MONEY
        row += 1

    row += 1
    ws.cell(row, 1, t["items"]).font = Font(size=12, bold=True)
    row += 1
    for index, text in enumerate(t["head"], start=1):
        cell = ws.cell(row, index, text)
        cell.font, cell.fill, cell.border = Font(bold=True), BAND, BOX
    row += 1
    for line in quote.lines:
        p, product = line.price, line.product
        item: tuple[object, ...] = (p.sku, product.name, product.unit, p.qty, p.list_price, p.effective_discount, p.net_unit, p.line_total)
        for index, content in enumerate(item, start=1):
            ws.cell(row, index, content).border = BOX
        for index in (5, 7, 8):
            ws.cell(row, index).number_format = MONEY
        ws.cell(row, 6).number_format = "0.0%"
        row += 1
    for unpriced in quote.unpriced:
        shown: tuple[object, ...] = (unpriced.sku, unpriced.name, unpriced.unit, unpriced.qty if isinstance(unpriced.qty, int) else None, None, None, None, t["unpriced"])
        for index, content in enumerate(shown, start=1):
            ws.cell(row, index, content).border = BOX
        ws.cell(row, 8).font = Font(bold=True, color=RED)
        row += 1
    for gift in quote.gifts:
        free: tuple[object, ...] = (gift.sku, f"{gift.name} ({t['gift']})", gift.unit, gift.qty, gift.list_price, 1, 0, 0)
        for index, content in enumerate(free, start=1):
            ws.cell(row, index, content).border = BOX
        for index in (5, 7, 8):
            ws.cell(row, index).number_format = MONEY
        ws.cell(row, 6, t["free"])
        row += 1

    row += 1
    for label, amount in ((t["excl"], quote.total_excl_vat), (f"{t['vat']} {pct(quote.vat_rate)}", quote.vat), (t["incl"], quote.total_incl_vat)):
        ws.cell(row, 6, label).font = Font(bold=True)
        ws.cell(row, 8, amount).number_format = MONEY
        ws.cell(row, 8).font = Font(bold=label == t["incl"])
        row += 1

    row += 1
    ws.cell(row, 1, t["terms"]).font = Font(size=12, bold=True)
    row += 1
    terms = [t["t_valid"].format(d=valid_until.isoformat() if valid_until else "-")]
    if quote.prepay_share:
        terms.append(t["t_prepay"].format(p=pct(quote.prepay_share)))
    terms += [t["t_vat"].format(r=pct(quote.vat_rate)), t["t_delivery"]]
    for number, term in enumerate(terms, start=1):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=8)
        ws.cell(row, 1, f"{number}. {term}").alignment = Alignment(wrap_text=True)
        row += 1

    ws.print_area = f"A1:H{row}"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if quote.draft:  # on every printed page too
        ws.oddHeader.center.text = t["draft"]
        ws.oddHeader.center.color = RED
        ws.oddHeader.center.size = 14
    book.properties.creator = company
    book.properties.created = book.properties.modified = FIXED_TIMESTAMP
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / quote_file_name(quote, lang)
    save_new_file(book, path, kind="quote-sheet")
    return path

