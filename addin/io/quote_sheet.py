"""The printable, customer-facing quote: a new workbook per quote.

A separate file on purpose: the calculator holds floor prices, costs and
margins that must never reach a customer. The letterhead (settings), the
customer and the quote's facts, the value package where the policy applies
it (value before price), then items in the quote's language, gifts, totals
before and after VAT, terms, and a signature and stamp area for both
parties; A4, fit to width, the items' header on every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.page import PageMargins
from pydantic import BaseModel

from ..core.tables import Tables
from ..i18n import translator
from ..pricing.policy import Policy
from ..pricing.quote import QuotePrice
from ..pricing.text import pct
from ..schema.types import NUMBER_FORMATS, ColumnType
from .generated import new_workbook
from .names import output_name
from .safe_write import save_new_file
from .templates import FIXED_TIMESTAMP, body_font, use_fonts
from .value_section import write_value_section

MONEY = NUMBER_FORMATS[ColumnType.MONEY]
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BAND = PatternFill("solid", fgColor="DDEBF7")
RED = "C00000"
DRAFT_FILL = PatternFill("solid", fgColor=RED)
WIDTHS = (12, 30, 7, 8, 13, 10, 13, 15)



@dataclass(frozen=True)
class Party:
    """Who the quote is from (settings) and the contact data of who it is for (the register)."""

    company: str = ""
    address: str = ""
    phone: str = ""
    tax_id: str = ""
    bank: str = ""
    bank_account: str = ""
    contacts: dict[str, tuple[str, str]] = field(default_factory=dict)  # customer id -> (contact, phone)
    names_en: dict[str, str] = field(default_factory=dict)  # SKU -> English name (price list name_en)


def quote_party(settings: BaseModel, tables: Tables) -> Party:
    def get(key: str) -> str:
        value = getattr(settings, key, "")
        return str(value).strip() if value is not None else ""

    contacts = {str(r.customer_id): (str(r.key_contact or ""), str(r.phone or "")) for _, r in tables.rows("customers") if r.customer_id}
    names_en = {str(r.sku): str(r.name_en) for _, r in tables.rows("price_list") if r.sku and getattr(r, "name_en", None)}
    return Party(get("company_name"), get("company_address"), get("company_phone"), get("company_tax_id"), get("company_bank"),
                 get("company_bank_account"), contacts, names_en)


def quote_file_name(quote: QuotePrice, lang: str) -> str:
    """One file per quote id: distinct ids never share a name (Q:1, Q/1, Q_1), bounded in bytes, any platform."""
    _ = translator(lang)
    return output_name(_("Quote") + "-", quote.quote_id, ".xlsx")


def _font(lang: str, **style: Any) -> Font:
    return body_font(lang, **style)


def _merged(ws: Any, row: int, text: object, lang: str, first: int = 1, last: int = 8, **style: Any) -> Any:
    ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = ws.cell(row, first, text)
    cell.font = _font(lang, **style)
    return cell


def _draft_banner(ws: Any, quote: QuotePrice, lang: str, row: int) -> int:
    """A red banner and every reason below it; returns the next free row.

    The reasons come from the pricing core (codes and both languages); this
    only lays them out, in the quote's language.
    """
    _ = translator(lang)
    banner = _merged(ws, row, _("DRAFT · NOT FOR THE CUSTOMER"), lang, size=14, bold=True, color="FFFFFF")
    banner.fill = DRAFT_FILL
    banner.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[row].height = 24
    _merged(ws, row + 1, _("Why this is a draft (fix each, then run salesdesk quote again):"), lang, bold=True, color=RED)
    row += 2
    for reason in quote.draft_reasons:
        cell = _merged(ws, row, f"• {reason.text(lang)} [{reason.code}]", lang, color=RED)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 15 * (1 + len(reason.text(lang)) // 70)
        row += 1
    return row + 1


def _letterhead(ws: Any, party: Party, lang: str) -> int:
    """The seller: company name, address, phone, tax ID and bank account from settings."""
    _ = translator(lang)
    _merged(ws, 1, party.company or _("(company name: fill in the settings sheet)"), lang, size=16, bold=True, color="1F4E78" if party.company else RED)
    ws.row_dimensions[1].height = 26
    lines = [
        "    ".join(t for t in (party.address and _("Address: {v}", v=party.address), party.phone and _("Phone: {v}", v=party.phone)) if t),
        "    ".join(t for t in (party.tax_id and _("Tax ID: {v}", v=party.tax_id), party.bank and _("Bank: {v}", v=party.bank),
                                party.bank_account and _("Account: {v}", v=party.bank_account)) if t),
    ]
    row = 2
    for line in (x for x in lines if x):
        _merged(ws, row, line, lang, size=9, color="595959")
        row += 1
    for column in range(1, 9):
        ws.cell(row - 1, column).border = Border(bottom=Side(style="medium", color="1F4E78"))
    title = _merged(ws, row + 1, _("QUOTATION"), lang, size=18, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[row + 1].height = 30
    return row + 2


def _facts(ws: Any, quote: QuotePrice, policy: Policy, party: Party, lang: str, row: int) -> tuple[int, object]:
    """To whom (left) and which quote (right), two columns of labelled facts."""
    _ = translator(lang)
    valid_until = quote.valid_until or ((quote.quote_date + timedelta(days=policy.valid_days)) if quote.quote_date else None)
    contact, phone = party.contacts.get(quote.customer_id, ("", ""))
    left = ((_("Customer"), quote.customer_name), (_("Contact"), contact), (_("Phone"), phone))
    right = ((_("Quote no."), quote.quote_id), (_("Date"), quote.quote_date), (_("Valid until"), valid_until), (_("Sales rep"), quote.owner_rep))
    for offset in range(max(len(left), len(right))):
        for (label_col, value_first, value_last), pairs in (((1, 2, 4), left), ((5, 6, 8), right)):
            if offset >= len(pairs):
                continue
            label, value = pairs[offset]
            ws.cell(row + offset, label_col, label).font = _font(lang, bold=True, color="595959")
            ws.merge_cells(start_row=row + offset, start_column=value_first, end_row=row + offset, end_column=value_last)
            cell = ws.cell(row + offset, value_first, value if value not in (None, "") else "-")
            cell.font = _font(lang)
            cell.alignment = Alignment(horizontal="left")
            if hasattr(value, "year"):
                cell.number_format = NUMBER_FORMATS[ColumnType.DATE]
    return row + max(len(left), len(right)) + 1, valid_until


def _product_name(sku: str, name: str, party: Party, lang: str) -> str:
    """The quote's language only: the price list's English name on an English quote; the Chinese name otherwise."""
    if lang == "en":
        return party.names_en.get(sku) or name
    return name


def _one_language(text: str, lang: str) -> str:
    """A policy text written "中文 / English" (the template's value package) in the quote's language only."""
    parts = [p.strip() for p in text.split(" / ")]
    if len(parts) == 2 and all(parts):
        return parts[0] if lang == "zh" else parts[1]
    return text


def write_quote_sheet(quote: QuotePrice, policy: Policy, party: Party, folder: Path, lang: str) -> Path:
    _ = translator(lang)
    book = new_workbook()  # user text stays text; XML-illegal characters replaced, never a crash
    use_fonts(book, lang)
    ws = book.active
    ws.title = _("Quotation")
    for index, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(65 + index)].width = width

    row = _letterhead(ws, party, lang)
    if quote.draft:
        row = _draft_banner(ws, quote, lang, row)
    row, valid_until = _facts(ws, quote, policy, party, lang, row)
    row = write_value_section(ws, quote, lang, row)  # value first, then price (io/value_section.py)

    if quote.value_package or quote.gifts:
        _merged(ws, row, _("The value you receive"), lang, size=12, bold=True)
        row += 1
        for service in quote.value_package:
            _merged(ws, row, _one_language(service.name, lang), lang, last=6)
            ws.cell(row, 8, service.value).number_format = MONEY
            row += 1
        for gift in quote.gifts:
            _merged(ws, row, _("Gift: {name} × {qty} {unit}", name=_product_name(gift.sku, gift.name, party, lang), qty=gift.qty, unit=gift.unit), lang, last=6)
            ws.cell(row, 8, gift.value).number_format = MONEY
            row += 1
        row += 1

    _merged(ws, row, _("Items"), lang, size=12, bold=True)
    row += 1
    head_row = row
    heads = (_("SKU"), _("Product"), _("Unit"), _("Qty"), _("List price"), _("Discount"), _("Unit price"), _("Amount"))
    for index, text in enumerate(heads, start=1):
        cell = ws.cell(row, index, text)
        cell.font, cell.fill, cell.border = _font(lang, bold=True), BAND, BOX
        cell.alignment = Alignment(horizontal="left" if index <= 3 else "right", vertical="center", wrap_text=True)
    row += 1
    for line in quote.lines:
        p, product = line.price, line.product
        item: tuple[object, ...] = (p.sku, _product_name(p.sku, product.name, party, lang), product.unit, p.qty, p.list_price, p.effective_discount, p.net_unit, p.line_total)
        for index, content in enumerate(item, start=1):
            ws.cell(row, index, content).border = BOX
        for index in (5, 7, 8):
            ws.cell(row, index).number_format = MONEY
        ws.cell(row, 6).number_format = "0.0%"
        ws.cell(row, 2).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    for unpriced in quote.unpriced:
        shown: tuple[object, ...] = (unpriced.sku, _product_name(unpriced.sku, unpriced.name, party, lang), unpriced.unit,
                                     unpriced.qty if isinstance(unpriced.qty, int) else None, None, None, None, _("not priced"))
        for index, content in enumerate(shown, start=1):
            ws.cell(row, index, content).border = BOX
        ws.cell(row, 8).font = _font(lang, bold=True, color=RED)
        ws.cell(row, 8).alignment = Alignment(horizontal="right")
        row += 1
    for gift in quote.gifts:
        gift_name = _("{name} (gift)", name=_product_name(gift.sku, gift.name, party, lang))
        free: tuple[object, ...] = (gift.sku, gift_name, gift.unit, gift.qty, gift.list_price, _("free"), 0, 0)
        for index, content in enumerate(free, start=1):
            ws.cell(row, index, content).border = BOX
        for index in (5, 7, 8):
            ws.cell(row, index).number_format = MONEY
        ws.cell(row, 6).alignment = Alignment(horizontal="right")  # "免费" in line with the numbers
        row += 1

    row += 1
    totals = ((_("Total excl. VAT"), quote.total_excl_vat), (_("VAT {rate}", rate=pct(quote.vat_rate)), quote.vat), (_("Total incl. VAT"), quote.total_incl_vat))
    for number, (label, amount) in enumerate(totals):
        last = number == len(totals) - 1
        ws.merge_cells(start_row=row, start_column=5, end_row=row, end_column=7)
        ws.cell(row, 5, label).font = _font(lang, bold=last)
        ws.cell(row, 5).alignment = Alignment(horizontal="right")
        cell = ws.cell(row, 8, amount)
        cell.number_format = MONEY
        cell.font = _font(lang, bold=last, size=12 if last else 11)
        if last:
            for column in range(5, 9):
                ws.cell(row, column).border = Border(top=THIN, bottom=Side(style="double", color="595959"))
        row += 1

    row += 1
    _merged(ws, row, _("Terms"), lang, size=12, bold=True)
    row += 1
    terms = [_("This quotation is valid until {d}.", d=valid_until.isoformat() if valid_until else "-")]  # type: ignore[attr-defined]
    if quote.prepay_share:
        terms.append(_("{p} of the contract is paid in advance; the rest as per contract.", p=pct(quote.prepay_share)))
    terms += [_("Prices incl. VAT at {r} (total incl. VAT).", r=pct(quote.vat_rate)),
              _("Delivery, arrival and installation dates as per contract; acceptance within 3 days of arrival.")]
    for number, term in enumerate(terms, start=1):
        cell = _merged(ws, row, f"{number}. {term}", lang)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        row += 1

    row = _signatures(ws, party, quote, lang, row + 1)
    _page_setup(ws, quote, lang, row, head_row)
    book.properties.creator = party.company or "salesdesk"
    book.properties.created = book.properties.modified = FIXED_TIMESTAMP
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / quote_file_name(quote, lang)
    save_new_file(book, path, kind="quote-sheet")
    return path


def _signatures(ws: Any, party: Party, quote: QuotePrice, lang: str, row: int) -> int:
    """Signature and stamp of both parties, side by side."""
    _ = translator(lang)
    for first, last, title, name in ((1, 4, _("Seller"), party.company), (5, 8, _("Customer"), quote.customer_name)):
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        ws.cell(row, first, f"{title}: {name}" if lang == "en" else f"{title}：{name}").font = _font(lang, bold=True)
        for offset, text in ((2, _("Signature:")), (4, _("Stamp:")), (6, _("Date:"))):
            ws.merge_cells(start_row=row + offset, start_column=first, end_row=row + offset, end_column=last)
            ws.cell(row + offset, first, text).font = _font(lang, color="595959")
            for column in range(first, last + 1):
                ws.cell(row + offset, column).border = Border(bottom=THIN)
    return row + 7


def _page_setup(ws: Any, quote: QuotePrice, lang: str, last_row: int, head_row: int) -> None:
    """A4 portrait, fit to the page width, the items' header repeated on every page: the PDF is the printout."""
    _ = translator(lang)
    ws.print_area = f"A1:H{last_row}"
    ws.print_title_rows = f"{head_row}:{head_row}"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.7, bottom=0.7)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = _("Page &P of &N")
    if quote.draft:  # on every printed page too
        ws.oddHeader.center.text = _("DRAFT · NOT FOR THE CUSTOMER")
        ws.oddHeader.center.color = RED
        ws.oddHeader.center.size = 14
