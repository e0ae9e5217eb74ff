"""The printable, customer-facing quote: a new workbook per quote.

A separate file on purpose: the calculator holds floor prices, costs and
margins that must never reach a customer. The letterhead (settings), the
customer and the quote's facts, the value package where the policy applies
it (value before price), then items in the quote's language, gifts, totals
before and after VAT, terms, and a signature and stamp area for both
parties; A4, fit to width, the items' header on every page.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pydantic import BaseModel

from ..core.identity import first_rows
from ..core.tables import Tables
from ..i18n import pick, translator
from ..pricing.policy import Policy
from ..pricing.quote import QuotePrice
from ..pricing.text import pct
from .document_sheet import MONEY, RED, Column, Document, Party
from .names import output_name
from .value_section import write_value_section

__all__ = ["Party", "quote_party", "quote_file_name", "write_quote_sheet"]


def quote_party(settings: BaseModel, tables: Tables) -> Party:
    """The seller from settings, the customers' contacts and the price list's English names from the tables."""
    def get(key: str) -> str:
        value = getattr(settings, key, "")
        return str(value).strip() if value is not None else ""

    contacts = {cid: (str(r.key_contact or ""), str(r.phone or "")) for cid, (_t, r) in first_rows(tables).items()}  # the row the price used
    names_en = {str(r.sku): str(r.name_en) for _, r in tables.rows("price_list") if r.sku and getattr(r, "name_en", None)}
    return Party(get("company_name"), get("company_address"), get("company_phone"), get("company_tax_id"), get("company_bank"),
                 get("company_bank_account"), contacts, names_en)


def quote_file_name(quote: QuotePrice, lang: str) -> str:
    """One file per quote id: distinct ids never share a name (Q:1, Q/1, Q_1), bounded in bytes, any platform."""
    _ = translator(lang)
    return output_name(_("Quote") + "-", quote.quote_id, ".xlsx")


def _one_language(text: str, lang: str) -> str:
    """A policy text written "中文 / English" (the template's value package) in the quote's language only."""
    parts = [p.strip() for p in text.split(" / ")]
    if len(parts) == 2 and all(parts):
        return pick((parts[0], parts[1]), lang)
    return text


def _facts(doc: Document, quote: QuotePrice, policy: Policy, party: Party) -> object:
    """To whom (left) and which quote (right); returns the validity date."""
    _ = doc._
    valid_until = quote.valid_until or ((quote.quote_date + timedelta(days=policy.valid_days)) if quote.quote_date else None)
    contact, phone = party.contacts.get(quote.customer_id, ("", ""))
    doc.facts(((_("Customer"), quote.customer_name), (_("Contact"), contact), (_("Phone"), phone)),
              ((_("Quote no."), quote.quote_id), (_("Date"), quote.quote_date), (_("Valid until"), valid_until), (_("Sales rep"), quote.owner_rep)))
    return valid_until


def _value(doc: Document, quote: QuotePrice, party: Party) -> None:
    """The value package where the policy applies it, and the gifts: value before price."""
    if not (quote.value_package or quote.gifts):
        return
    _, lang = doc._, doc.lang
    doc.heading(_("The value you receive"))
    for service in quote.value_package:
        doc.merged(doc.row, _one_language(service.name, lang), last=6)
        doc.put(doc.row, 8, service.value, MONEY)
        doc.gap()
    for gift in quote.gifts:
        doc.merged(doc.row, _("Gift: {name} × {qty} {unit}", name=party.product_name(gift.sku, gift.name, lang), qty=gift.qty, unit=gift.unit), last=6)
        doc.put(doc.row, 8, gift.value, MONEY)
        doc.gap()
    doc.gap()


def _items(doc: Document, quote: QuotePrice, party: Party) -> None:
    _, lang = doc._, doc.lang
    doc.heading(_("Items"))
    columns = (Column(_("SKU")), Column(_("Product"), wrap=True), Column(_("Unit")), Column(_("Qty"), align="right"),
               Column(_("List price"), number_format=MONEY, align="right"), Column(_("Discount"), number_format="0.0%", align="right"),
               Column(_("Unit price"), number_format=MONEY, align="right"), Column(_("Amount"), number_format=MONEY, align="right"))
    rows: list[tuple[object, ...]] = []
    for line in quote.lines:
        p, product = line.price, line.product
        rows.append((p.sku, party.product_name(p.sku, product.name, lang), product.unit, p.qty, p.list_price, p.effective_discount, p.net_unit, p.line_total))
    for unpriced in quote.unpriced:
        rows.append((unpriced.sku, party.product_name(unpriced.sku, unpriced.name, lang), unpriced.unit,
                     unpriced.qty if isinstance(unpriced.qty, int) else None, None, None, None, (_("not priced"), {"bold": True, "color": RED})))
    for gift in quote.gifts:  # "免费" right-aligned, in line with the numbers
        rows.append((gift.sku, _("{name} (gift)", name=party.product_name(gift.sku, gift.name, lang)), gift.unit, gift.qty, gift.list_price, _("free"), 0, 0))
    doc.table(columns, rows)
    doc.gap()


def write_quote_sheet(quote: QuotePrice, policy: Policy, party: Party, folder: Path, lang: str) -> Path:
    """The customer quote as a new workbook in `folder` (through the guard, marker kind "quote-sheet"); returns its path."""
    _ = translator(lang)
    doc = Document(lang, _("Quotation"))
    doc.letterhead(party, _("QUOTATION"))
    if quote.draft:
        doc.draft_banner(((r.code, r.text(lang)) for r in quote.draft_reasons), _("Why this is a draft (fix each, then run salesdesk quote again):"))
    valid_until = _facts(doc, quote, policy, party)
    doc.row = write_value_section(doc.ws, quote, lang, doc.row)  # the yearly saving first, then price (io/value_section.py)
    _value(doc, quote, party)
    _items(doc, quote, party)
    doc.totals(((_("Total excl. VAT"), quote.total_excl_vat), (_("VAT {rate}", rate=pct(quote.vat_rate)), quote.vat), (_("Total incl. VAT"), quote.total_incl_vat)))
    doc.gap()
    doc.heading(_("Terms"))
    terms = [_("This quotation is valid until {d}.", d=valid_until.isoformat() if valid_until else "-")]  # type: ignore[attr-defined]
    if quote.prepay_share:
        terms.append(_("The whole contract is paid in advance.") if quote.prepay_share >= 1
                     else _("{p} of the contract is paid in advance; the rest as per contract.", p=pct(quote.prepay_share)))
    terms += [_("Item prices exclude VAT; VAT at {r} is added to the total.", r=pct(quote.vat_rate)),
              _("Delivery, arrival and installation dates as per contract; acceptance within 3 days of arrival.")]
    doc.numbered(terms)
    doc.gap()
    doc.signatures((_("Seller"), party.company), (_("Customer"), quote.customer_name))
    return doc.save(folder, _("Quote") + "-", quote.quote_id, kind="quote-sheet", creator=party.company)
