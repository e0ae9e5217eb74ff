"""Pricing whole quotes: lines, gifts, totals, VAT, approval, margin and advice.

Pure: takes the loaded tables and the policy, returns results and issues.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from ..core.identity import first_rows
from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.tables import RowModel, Table, Tables
from ..core.values import money
from ..domain.tiers import suggest_tier
from ..i18n import N_, both, both_with, one_language, translator
from .approval import apply_approval, team_of
from .drafts import InputIssues, draft_reasons
from .policy import Policy
from .quote_model import GiftLine, PricedLine, Product, QuotePrice, UnpricedLine  # noqa: F401  (imported from here too)
from .text import pct, yuan
from .value import Drivers, baseline_of, drivers_of, value_case
from .waterfall import approval_label, highest, price_line

ZERO = Decimal(0)



def completed_years(since: date | None, on: date | None) -> int | None:
    if since is None or on is None:
        return None
    years = on.year - since.year - ((on.month, on.day) < (since.month, since.day))
    return max(years, 0)


def loyalty_for(tier: str | None, years: int | None, policy: Policy) -> tuple[Decimal, str, str]:
    if tier and tier.upper() in policy.loyalty_tiers:
        return (policy.loyalty_rate, *both("tier {tier} customer", tier=tier))
    if years is not None and Decimal(years) >= policy.loyalty_min_years:
        return (policy.loyalty_rate, *both("{years} years of cooperation", years=years))
    return ZERO, "", ""


def products(tables: Tables) -> dict[str, Product]:
    """Every SKU of the price list (the first row of each), prices or not: a missing price is said, not skipped."""
    index: dict[str, Product] = {}
    for table, r in tables.rows("price_list"):
        if r.sku and r.sku not in index:
            index[r.sku] = Product(r.sku, r.name or r.sku, r.unit or "", r.list_price, r.floor_price, r.cost, table, r.row, str(getattr(r, "name_en", None) or ""))
    return index


@dataclass(frozen=True)
class _Context:
    """What every quote of a run looks things up in."""

    catalogue: dict[str, Product]
    customers: dict[str, tuple[Table, RowModel]]
    policy: Policy
    as_of: date
    inputs: InputIssues
    has_price_list: bool
    has_customers: bool
    team: dict[str, str]  # name -> role, the settings' Reps sheet
    # The doubtful inputs of each price-list and customer row, found once per run (many quotes share them).
    shared: dict[tuple[int, int], list[Issue]] = field(default_factory=dict)

    def inputs_on(self, table: Table, row: RowModel | int, key: str | None = None) -> list[Issue]:
        """`inputs.on` of a shared reference row, remembered; the list is never changed by its callers."""
        number = row if isinstance(row, int) else row.row
        place = (id(table), number)
        found = self.shared.get(place)
        if found is None:
            found = self.shared[place] = self.inputs.on(table, row, key)
        return found


def price_quotes(
    tables: Tables,
    policy: Policy,
    only: str | None = None,
    *,
    as_of: date,
    input_issues: list[Issue] | None = None,
) -> tuple[list[QuotePrice], list[Issue]]:
    """Every quote (or only one), with its draft reasons; `input_issues` are the run's reading and
    check findings, so a quote resting on a doubtful cell is a draft. `as_of` is "today"."""
    priced = price_each(tables, policy, only, as_of=as_of, input_issues=input_issues)
    return priced.quotes, priced.issues()


@dataclass(frozen=True)
class Priced:
    """One pricing pass: each quote with its own findings, and the run's once-said ones (missing sheets)."""

    quotes: list[QuotePrice]
    found: list[list[Issue]]  # found[i]: quotes[i]'s findings, in the order pricing made them
    once: list[Issue]  # said once per run when any quote was priced

    def issues(self, quote_id: str | None = None) -> list[Issue]:
        """The findings of every quote (or of those with `quote_id`), then the once-said ones: what
        `price_quotes(..., only=quote_id)` returns, without pricing again."""
        picked = [f for q, f in zip(self.quotes, self.found) if not quote_id or q.quote_id == quote_id]
        return [i for f in picked for i in f] + (self.once if picked else [])


def price_each(
    tables: Tables,
    policy: Policy,
    only: str | None = None,
    *,
    as_of: date,
    input_issues: list[Issue] | None = None,
) -> Priced:
    """`price_quotes` keeping each quote's findings apart, so a caller can price a book once and still
    report one quote's findings (commands/quote.py). Every lookup (catalogue, customers, lines by quote,
    the inputs' findings by row) is built once per run, never per quote."""
    customers = first_rows(tables)  # the row every output uses for an id (core/identity.py)
    context = _Context(products(tables), customers, policy, as_of, InputIssues(input_issues or [], tables),
                       bool(tables.of("price_list")), bool(tables.of("customers")), team_of(tables))
    lines_by_quote: dict[str, list[tuple[Table, RowModel]]] = {}
    for table, row in tables.rows("quote_lines"):
        if row.quote_id:
            lines_by_quote.setdefault(row.quote_id, []).append((table, row))
    results: list[QuotePrice] = []
    found_each: list[list[Issue]] = []
    drivers = drivers_of(tables)
    for table, quote in tables.rows("quotes"):
        if not quote.quote_id or (only and quote.quote_id != only):
            continue
        result, found = price_quote(table, quote, lines_by_quote.get(quote.quote_id, []), context, drivers)
        results.append(result)
        found_each.append(found)
    quote_tables = tables.of("quotes")
    once = missing_sheets(quote_tables[0], context) if results and quote_tables else []
    return Priced(results, found_each, once)


MISSING = {
    "customers": N_("customer register (Customers sheet): customers not verified, no loyalty discount, only the customer ID on the quote"),
    "price_list": N_("price list: nothing can be priced"),
}


def missing_sheets(table: Table, context: _Context) -> list[Issue]:
    found = []
    for key, present in (("customers", context.has_customers), ("price_list", context.has_price_list)):
        if not present:
            found.append(issue_at(table, None, None, "reference-sheet-missing", both(MISSING[key])))
    return found


def _counted(qty: object) -> bool:
    """A quantity of a counted unit: a whole number above 0."""
    return isinstance(qty, (int, Decimal)) and not isinstance(qty, bool) and qty > 0 and qty == int(qty)


def _line_problem(line_table: Table, line: RowModel, product: Product | None, context: _Context) -> Issue | None:
    """Why a line cannot be priced, when it cannot; None when it can."""
    flagged = context.inputs.cell_flagged
    if product is None:
        if not line.sku:
            return None if flagged(line_table, line.row, "sku") else issue_at(line_table, line.row, "sku", "required-missing")
        if not context.has_price_list:
            return None  # said once, and on every quote: reference-sheet-missing
        return issue_at(line_table, line.row, "sku", "unknown-sku", value=line.sku)
    if product.list_price is None or product.list_price <= 0:  # 面议, blank or 0: nothing to price from (a ¥0.00 quote is never final)
        where = f"{product.table.sheet}!{product.row}" if product.table else ""
        return issue_at(line_table, line.row, "sku", "list-price-missing", (where, where), line.sku)
    if not _counted(line.qty):
        if line.qty is None and flagged(line_table, line.row, "qty"):
            return None  # the reading already said why (blank, negative, fractional)
        return issue_at(line_table, line.row, "qty", "quote-qty-invalid", value=line.qty)
    return None


def price_quote(table: Table, quote: RowModel, line_rows: list[tuple[Table, RowModel]], context: _Context,
                drivers: dict[str, Drivers] | None = None) -> tuple[QuotePrice, list[Issue]]:
    """One quote priced, with its findings; `drivers` (pricing/value.py drivers_of): also its value case."""
    policy, catalogue = context.policy, context.catalogue
    issues: list[Issue] = []
    inputs: list[Issue] = list(context.inputs.on(table, quote)) + context.inputs.policy
    tier = None
    years = None
    found_customer = context.customers.get(str(quote.customer_id).strip()) if quote.customer_id else None
    customer = None
    if found_customer is not None:
        customer_table, customer = found_customer
        inputs += context.inputs_on(customer_table, customer)
        tier = customer.tier or suggest_tier(customer.demand_score, customer.capacity_score)
        years = completed_years(customer.cooperation_since, quote.quote_date)
    elif quote.customer_id and context.has_customers:
        issues.append(issue_at(table, quote.row, "customer_id", "customer-not-found", value=quote.customer_id))
    loyalty = loyalty_for(tier, years, policy)
    prepay_share = quote.prepay_share or ZERO

    priced: list[PricedLine] = []
    unpriced: list[UnpricedLine] = []
    for line_table, line in line_rows:
        inputs += context.inputs.on(line_table, line)
        product = catalogue.get(line.sku) if line.sku else None
        if product is not None and product.table is not None:
            inputs += context.inputs_on(product.table, product.row, product.sku)
        problem = _line_problem(line_table, line, product, context)
        if problem is not None or product is None or product.list_price is None or product.list_price <= 0 or not _counted(line.qty):
            if problem is not None:
                issues.append(problem)
            unpriced.append(UnpricedLine(line.row, line.sku or "", product.name if product else "", product.unit if product else "", line.qty, line_table))
            continue
        if product.floor_price is None:
            where = f"{product.table.sheet}!{product.row}" if product.table else ""
            issues.append(issue_at(line_table, line.row, "sku", "floor-price-missing", (where, where), line.sku))
        price = price_line(product.sku, int(line.qty), product.list_price, product.floor_price if product.floor_price is not None else ZERO,
                           line.negotiated_discount or ZERO, prepay_share, loyalty, policy)
        priced.append(PricedLine(line.row, price, product, line_table))
        if price.blocked:
            issues.append(issue_at(line_table, line.row, "negotiated_discount", "price-below-floor", both("{net} < floor {floor}", net=yuan(price.net_unit), floor=yuan(price.floor_price))))
        elif price.approval != "rep":
            discount, approval = pct(price.effective_discount), price.approval
            detail = both_with(lambda _: _("effective discount {discount} needs {who}", discount=discount, who=approval_label(approval, _.lang)))  # noqa: B023 (called at once)
            issues.append(issue_at(line_table, line.row, "negotiated_discount", "approval-required", detail))
    required = highest([l.price.approval for l in priced])
    verdict, issues = apply_approval(table, quote, [l.price for l in priced], prepay_share, required, issues, context.team)
    if not line_rows:
        issues.append(issue_at(table, quote.row, "quote_id", "quote-has-no-lines", value=quote.quote_id))
    issues.extend(_validity_issues(table, quote, context))

    gifts = []
    for priced_line in priced:
        for bundle in policy.gifts:
            gift_product = catalogue.get(bundle.gift_sku)
            if bundle.buy_sku == priced_line.price.sku and priced_line.price.qty >= bundle.min_qty and gift_product and gift_product.list_price is not None:
                gifts.append(GiftLine(gift_product.sku, gift_product.name, gift_product.unit, bundle.gift_qty, gift_product.list_price, priced_line.price.sku,
                                      gift_product.name_en))

    total_list = money(sum((l.price.list_total for l in priced), ZERO))
    total_excl = money(sum((l.price.line_total for l in priced), ZERO))
    vat = money(total_excl * policy.vat_rate)
    # Gifts cost money too; the margin is known only when every item has a cost.
    costed = [(l.product.cost, l.price.qty) for l in priced] + [(catalogue[g.sku].cost, g.qty) for g in gifts]
    known = [(cost, n) for cost, n in costed if cost is not None]
    margin = money(total_excl - sum((cost * n for cost, n in known), ZERO)) if priced and len(known) == len(costed) else None
    quote_day = quote.quote_date or context.as_of
    line_skus = {l.price.sku for l in priced}
    missing = missing_sheets(table, context)  # said once per run by price_quotes; a reason on every quote
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
        value_package=policy.package_for(total_excl),
        promotions=tuple(p for p in policy.promotions if p.active(quote_day) and (p.sku is None or p.sku in line_skus)),
        total_list=total_list,
        total_excl_vat=total_excl,
        vat_rate=policy.vat_rate,
        vat=vat,
        total_incl_vat=total_excl + vat,
        effective_discount=(1 - total_excl / total_list) if total_list else ZERO,
        approval=required,
        blocked=any(l.price.blocked for l in priced),
        margin=margin,
        margin_rate=(margin / total_excl).quantize(Decimal("0.0001")) if margin is not None and total_excl else None,
        table=table,
        row=quote.row,
        unpriced=tuple(unpriced),
        draft_reasons=draft_reasons(issues + missing, inputs),
        value=None if drivers is None else value_case([(l.price.sku, l.price.qty) for l in priced], drivers, baseline_of(quote), total_excl),
        approval_state=verdict,
    )
    return result, issues


def valid_until(quote: RowModel, policy: Policy) -> date | None:
    """The validity printed on the quote: typed, else the quote date + the policy's days."""
    if quote.valid_until is not None:
        return quote.valid_until
    return quote.quote_date + timedelta(days=policy.valid_days) if quote.quote_date is not None else None


def _validity_issues(table: Table, quote: RowModel, context: _Context) -> list[Issue]:
    if quote.valid_until is not None and quote.quote_date is not None and quote.valid_until < quote.quote_date:
        return [issue_at(table, quote.row, "valid_until", "quote-valid-before-date", both("quote date {date}", date=quote.quote_date), quote.valid_until)]
    until = valid_until(quote, context.policy)
    # A won or lost quote is closed: its validity no longer matters (the summary's quote outcomes judge it the same way).
    if until is not None and until < context.as_of and quote.status not in ("won", "lost"):
        key = "valid_until" if quote.valid_until is not None else "quote_date"
        return [issue_at(table, quote.row, key, "quote-expired", both("today {date}", date=context.as_of), until)]
    return []


def rep_advice(quote: QuotePrice, policy: Policy, lang: str) -> str:
    """When a line needs more than the rep's authority: what stays within it ("hold the price, give value")."""
    _ = translator(lang)
    advice = []
    for line in quote.lines:
        price = line.price
        if price.approval == "rep" and not price.blocked:
            continue
        cap = price.max_negotiated_for_rep
        if price.max_negotiated_above_floor is not None and cap is not None:
            cap = min(cap, price.max_negotiated_above_floor)
        if cap is None:
            text = _("{sku}: policy discounts alone exceed the rep's authority; no further negotiation", sku=price.sku)
        else:
            text = _("{sku}: up to {cap} negotiated is within the rep's authority", sku=price.sku, cap=pct(cap))
        offers = []
        for bundle in policy.gifts:
            # A bundle the quantity already earns is in the quote; offer the others.
            if bundle.buy_sku == price.sku and price.qty < bundle.min_qty:
                offers.append(_("buy {min_qty}+, get {gift_qty} {gift_sku} free", min_qty=bundle.min_qty, gift_qty=bundle.gift_qty, gift_sku=bundle.gift_sku))
        for promo in quote.promotions:
            if promo.sku in (None, price.sku):
                offers.append(_("promotion '{name}'", name=one_language(promo.name, lang)))
        if offers:
            text += _("; offer instead: {offers}", offers=_(", ").join(offers))
        advice.append(text)
    return _("; ").join(advice)
