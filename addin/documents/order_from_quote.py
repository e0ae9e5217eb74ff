"""The order drawn from its quote (issue #19, item 5): nothing typed twice (pure).

From the priced quote: the order row (customer, rep, quote id, contract
number, contract amount = the quote's total incl. VAT), one order line per
quote line and per gift (unit prices incl. VAT, half-up to 0.01, gifts at
0), and the payment milestones exactly as the contract draft shows them
(documents/contract.py `milestones`: the payment terms sheet, the quote's
prepayment share first). Dates: signed_on = the run's date; planned arrival
and installation from the quote's requirement rows, else signed_on + the
settings' standard delivery days (`delivery_days`, default 15).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..core.values import money
from ..pricing.quote import QuotePrice
from .context import FormContext
from .contract import milestones
from .contract_no import contract_no


@dataclass(frozen=True)
class DrawnOrder:
    """Rows keyed by column key, ready to append: one order, its lines, its payments."""

    order: dict[str, Any]
    lines: tuple[dict[str, Any], ...]
    payments: tuple[dict[str, Any], ...]


def order_id_for(quote_id: str, taken: set[str]) -> str:
    """SO-<quote id>, with -2, -3 ... when that id is already someone else's order."""
    base = f"SO-{quote_id}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _first_date(ctx: FormContext, quote_id: str, key: str) -> date | None:
    days = [getattr(r, key) for _, r in ctx.requirements(None, quote_id) if isinstance(getattr(r, key, None), date)]
    return max(days) if days else None


def draw_order(ctx: FormContext, quote: QuotePrice) -> DrawnOrder:
    taken = {str(r.order_id) for _, r in ctx.tables.rows("orders") if r.order_id}
    order_id = order_id_for(quote.quote_id, taken)
    today = ctx.today
    arrival = _first_date(ctx, quote.quote_id, "arrival_date") or today + timedelta(days=int(ctx.setting("delivery_days", 15)))
    install = _first_date(ctx, quote.quote_id, "install_date")
    order = {
        "order_id": order_id, "customer_id": quote.customer_id, "quote_id": quote.quote_id, "owner_rep": quote.owner_rep,
        "signed_on": today, "contract_amount": quote.total_incl_vat, "planned_arrival": arrival, "planned_install": install,
        "contract_no": contract_no(ctx.tables, quote.quote_id, today, ctx.text("contract_no_pattern")),
    }
    vat = Decimal(1) + quote.vat_rate
    lines = [{"order_id": order_id, "sku": l.price.sku, "qty": l.price.qty, "unit_price": money(l.price.net_unit * vat), "unit": l.product.unit or None}
             for l in quote.lines]
    lines += [{"order_id": order_id, "sku": g.sku, "qty": g.qty, "unit_price": Decimal("0.00"), "unit": g.unit or None} for g in quote.gifts]
    terms, _issues = milestones(ctx, quote, None)  # shares that do not add up are check's to report on the result
    payments = tuple({"order_id": order_id, "milestone": m, "share": s, "due_in_working_days": d} for m, s, d in terms)
    return DrawnOrder(order, tuple(lines), payments)
