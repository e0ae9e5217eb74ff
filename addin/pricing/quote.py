"""Pricing whole quotes: lines, gifts, totals, VAT, approval, margin and advice.

Pure: takes the loaded tables and the policy, returns results and issues.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.tables import RowModel, Table, Tables
from ..core.values import money
from ..domain.tiers import suggest_tier
from .policy import Policy, Promotion, Service
from .text import pct, yuan
from .waterfall import APPROVAL_LABELS, LinePrice, highest, price_line

ZERO = Decimal(0)


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    unit: str
    list_price: Decimal
    floor_price: Decimal
    cost: Decimal | None


@dataclass(frozen=True)
class GiftLine:
    sku: str
    name: str
    unit: str
    qty: int
    list_price: Decimal
    for_sku: str

    @property
    def value(self) -> Decimal:
        return money(self.list_price * self.qty)


@dataclass(frozen=True)
class PricedLine:
    row: int
    price: LinePrice
    product: Product
    table: Table


@dataclass(frozen=True)
class QuotePrice:
    quote_id: str
    customer_id: str
    customer_name: str
    owner_rep: str
    quote_date: date | None
    valid_until: date | None
    prepay_share: Decimal
    tier: str | None
    cooperation_years: int | None
    lines: tuple[PricedLine, ...]
    gifts: tuple[GiftLine, ...]
    value_package: tuple[Service, ...]
    promotions: tuple[Promotion, ...]
    total_list: Decimal
    total_excl_vat: Decimal
    vat_rate: Decimal
    vat: Decimal
    total_incl_vat: Decimal
    effective_discount: Decimal
    approval: str
    blocked: bool
    margin: Decimal | None
    margin_rate: Decimal | None
    table: Table
    row: int


def completed_years(since: date | None, on: date | None) -> int | None:
    if since is None or on is None:
        return None
    years = on.year - since.year - ((on.month, on.day) < (since.month, since.day))
    return max(years, 0)


def loyalty_for(tier: str | None, years: int | None, policy: Policy) -> tuple[Decimal, str, str]:
    if tier and tier.upper() in policy.loyalty_tiers:
        return policy.loyalty_rate, f"{tier} 类客户", f"tier {tier} customer"
    if years is not None and Decimal(years) >= policy.loyalty_min_years:
        return policy.loyalty_rate, f"合作 {years} 年", f"{years} years of cooperation"
    return ZERO, "", ""


def products(tables: Tables) -> dict[str, Product]:
    index: dict[str, Product] = {}
    for _, r in tables.rows("price_list"):
        if r.sku and r.list_price is not None and r.sku not in index:
            index[r.sku] = Product(r.sku, r.name or r.sku, r.unit or "", r.list_price, r.floor_price if r.floor_price is not None else ZERO, r.cost)
    return index


def price_quotes(tables: Tables, policy: Policy, only: str | None = None) -> tuple[list[QuotePrice], list[Issue]]:
    catalogue = products(tables)
    customers = {r.customer_id: r for _, r in tables.rows("customers") if r.customer_id}
    lines_by_quote: dict[str, list[tuple[Table, RowModel]]] = {}
    for table, row in tables.rows("quote_lines"):
        if row.quote_id:
            lines_by_quote.setdefault(row.quote_id, []).append((table, row))
    results, issues = [], []
    for table, quote in tables.rows("quotes"):
        if not quote.quote_id or (only and quote.quote_id != only):
            continue
        result, found = price_quote(table, quote, lines_by_quote.get(quote.quote_id, []), catalogue, customers.get(quote.customer_id), policy)
        results.append(result)
        issues.extend(found)
    return results, issues


def price_quote(
    table: Table,
    quote: RowModel,
    line_rows: list[tuple[Table, RowModel]],
    catalogue: dict[str, Product],
    customer: RowModel | None,
    policy: Policy,
) -> tuple[QuotePrice, list[Issue]]:
    issues: list[Issue] = []
    tier = None
    years = None
    if customer is not None:
        tier = customer.tier or suggest_tier(customer.demand_score, customer.capacity_score)
        years = completed_years(customer.cooperation_since, quote.quote_date)
    loyalty = loyalty_for(tier, years, policy)
    prepay_share = quote.prepay_share or ZERO

    priced: list[PricedLine] = []
    for line_table, line in line_rows:
        product = catalogue.get(line.sku)
        if product is None:
            if line.sku:
                issues.append(issue_at(line_table, line.row, "sku", "unknown-sku", value=line.sku))
            continue
        if not line.qty:
            continue
        price = price_line(product.sku, line.qty, product.list_price, product.floor_price, line.negotiated_discount or ZERO, prepay_share, loyalty, policy)
        priced.append(PricedLine(line.row, price, product, line_table))
        if price.blocked:
            issues.append(issue_at(line_table, line.row, "negotiated_discount", "price-below-floor", (f"{yuan(price.net_unit)} < 底价 {yuan(price.floor_price)}", f"{yuan(price.net_unit)} < floor {yuan(price.floor_price)}")))
        elif price.approval != "rep":
            who = APPROVAL_LABELS[price.approval]
            issues.append(issue_at(line_table, line.row, "negotiated_discount", "approval-required", (f"综合折扣 {pct(price.effective_discount)}，需{who[0]}审批", f"effective discount {pct(price.effective_discount)} needs {who[1]}")))
    if not line_rows:
        issues.append(issue_at(table, quote.row, "quote_id", "quote-has-no-lines", value=quote.quote_id))

    gifts = []
    for priced_line in priced:
        for bundle in policy.gifts:
            if bundle.buy_sku == priced_line.price.sku and priced_line.price.qty >= bundle.min_qty and bundle.gift_sku in catalogue:
                gift = catalogue[bundle.gift_sku]
                gifts.append(GiftLine(gift.sku, gift.name, gift.unit, bundle.gift_qty, gift.list_price, priced_line.price.sku))

    total_list = money(sum((l.price.list_total for l in priced), ZERO))
    total_excl = money(sum((l.price.line_total for l in priced), ZERO))
    vat = money(total_excl * policy.vat_rate)
    # Gifts cost money too; the margin is known only when every item has a cost.
    costed = [(l.product.cost, l.price.qty) for l in priced] + [(catalogue[g.sku].cost, g.qty) for g in gifts]
    known = [(cost, n) for cost, n in costed if cost is not None]
    margin = money(total_excl - sum((cost * n for cost, n in known), ZERO)) if priced and len(known) == len(costed) else None
    quote_day = quote.quote_date or date.today()
    line_skus = {l.price.sku for l in priced}
    result = QuotePrice(
        quote_id=quote.quote_id,
        customer_id=quote.customer_id,
        customer_name=(customer.name if customer is not None else "") or quote.customer_id or "",
        owner_rep=quote.owner_rep or "",
        quote_date=quote.quote_date,
        valid_until=quote.valid_until,
        prepay_share=prepay_share,
        tier=tier,
        cooperation_years=years,
        lines=tuple(priced),
        gifts=tuple(gifts),
        value_package=policy.value_package,
        promotions=tuple(p for p in policy.promotions if p.active(quote_day) and (p.sku is None or p.sku in line_skus)),
        total_list=total_list,
        total_excl_vat=total_excl,
        vat_rate=policy.vat_rate,
        vat=vat,
        total_incl_vat=total_excl + vat,
        effective_discount=(1 - total_excl / total_list) if total_list else ZERO,
        approval=highest([l.price.approval for l in priced]),
        blocked=any(l.price.blocked for l in priced),
        margin=margin,
        margin_rate=(margin / total_excl).quantize(Decimal("0.0001")) if margin is not None and total_excl else None,
        table=table,
        row=quote.row,
    )
    return result, issues


def rep_advice(quote: QuotePrice, policy: Policy, lang: str) -> str:
    """When a line needs more than the rep's authority: what stays within it ("hold the price, give value")."""
    zh = lang == "zh"
    advice = []
    for line in quote.lines:
        price = line.price
        if price.approval == "rep" and not price.blocked:
            continue
        cap = price.max_negotiated_for_rep
        if price.max_negotiated_above_floor is not None and cap is not None:
            cap = min(cap, price.max_negotiated_above_floor)
        if cap is None:
            text = f"{price.sku}：政策折扣已超出销售权限，不宜再议价" if zh else f"{price.sku}: policy discounts alone exceed the rep's authority; no further negotiation"
        else:
            text = f"{price.sku}：议价最多 {pct(cap)} 可自行审批" if zh else f"{price.sku}: up to {pct(cap)} negotiated is within the rep's authority"
        offers = []
        for bundle in policy.gifts:
            # A bundle the quantity already earns is in the quote; offer the others.
            if bundle.buy_sku == price.sku and price.qty < bundle.min_qty:
                offers.append(f"买满 {bundle.min_qty} 送 {bundle.gift_qty} {bundle.gift_sku}" if zh else f"buy {bundle.min_qty}+, get {bundle.gift_qty} {bundle.gift_sku} free")
        for promo in quote.promotions:
            if promo.sku in (None, price.sku):
                offers.append(f"促销「{promo.name}」" if zh else f"promotion '{promo.name}'")
        if offers:
            text += ("，改送：" if zh else "; offer instead: ") + ("、" if zh else ", ").join(offers)
        advice.append(text)
    return ("；" if zh else "; ").join(advice)
