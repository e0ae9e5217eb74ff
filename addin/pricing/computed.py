"""The quote calculator's computed columns, as values per row.

Written in the language each sheet was recognised in (its layout's `lang`),
not the language of the run's messages.
"""

from __future__ import annotations

from decimal import Decimal

from ..core.computed import computed_patch
from ..core.patch import Patch
from ..core.tables import Table
from ..i18n import N_, one_language, pick, translator
from .policy import Policy
from .quote import PricedLine, QuotePrice, rep_advice
from .text import qty, yuan
from .waterfall import explain, next_tier_hint

FOUR = Decimal("0.0001")


def quote_values(quote: QuotePrice, policy: Policy, lang: str) -> dict[str, object]:
    _ = translator(lang)
    gifts = _(", ").join(f"{g.sku} {pick((g.name, g.name_en or g.name), lang)} × {qty(g.qty)} ({yuan(g.value)})" for g in quote.gifts)
    package = _(", ").join(f"{one_language(s.name, lang)} ({yuan(s.value)})" for s in quote.value_package)  # the workbook's language only
    return {
        "tier": quote.tier,
        "cooperation_years": Decimal(quote.cooperation_years) if quote.cooperation_years is not None else None,
        "total_list": quote.total_list,
        "total_excl_vat": quote.total_excl_vat,
        "vat": quote.vat,
        "total_incl_vat": quote.total_incl_vat,
        "effective_discount": quote.effective_discount.quantize(FOUR),
        "approval": quote.approval,
        "blocked": quote.blocked,
        "gifts": gifts,
        "value_package": package,
        "margin": quote.margin,
        "margin_rate": quote.margin_rate,
        "rep_advice": rep_advice(quote, policy, lang),
        "yearly_saving": quote.value.yearly_saving if quote.value else None,
        "payback_months": Decimal(quote.value.payback_months) if quote.value and quote.value.payback_months is not None else None,
        "value_explanation": quote.value.text(lang) if quote.value else None,
        "turnaround_hours": quote.turnaround_hours,
        "approval_status": quote.approval_state.status if quote.approval_state else None,
        "approval_fingerprint": quote.approval_state.fingerprint if quote.approval_state else None,
    }


def line_values(line: PricedLine, lang: str) -> dict[str, object]:
    price = line.price
    return {
        "list_price": price.list_price,
        "volume_discount": price.volume,
        "prepay_discount": price.prepay,
        "loyalty_discount": price.loyalty,
        "net_unit_price": price.net_unit,
        "line_total": price.line_total,
        "effective_discount": price.effective_discount.quantize(FOUR),
        "approval": price.approval,
        "blocked": price.blocked,
        "explanation": explain(price, lang),
        "next_tier_hint": next_tier_hint(price, lang),
    }


LINE_COMPUTED = ("list_price", "volume_discount", "prepay_discount", "loyalty_discount", "net_unit_price", "line_total",
                 "effective_discount", "approval", "blocked", "explanation", "next_tier_hint")


def unpriced_values(lang: str) -> dict[str, object]:
    """A line that could not be priced: no stale price from an earlier run stays beside it."""
    values: dict[str, object] = dict.fromkeys(LINE_COMPUTED)
    values["explanation"] = translator(lang)(N_("not priced: see the note"))
    return values


def quotes_patch(quotes: list[QuotePrice], policy: Policy) -> Patch:
    """All computed cells of the priced quotes and of their lines, grouped per sheet."""
    grouped: dict[int, tuple[Table, dict[int, dict[str, object]]]] = {}

    def put(table: Table, row: int, values: dict[str, object]) -> None:
        grouped.setdefault(id(table), (table, {}))[1][row] = values

    for quote in quotes:
        put(quote.table, quote.row, quote_values(quote, policy, quote.table.layout.lang))
        for line in quote.lines:
            put(line.table, line.row, line_values(line, line.table.layout.lang))
        for unpriced in quote.unpriced:
            put(unpriced.table, unpriced.row, unpriced_values(unpriced.table.layout.lang))
    patch = Patch()
    for table, values in grouped.values():
        patch.extend(computed_patch(table, values))
    return patch
