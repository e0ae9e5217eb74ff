"""One reconciliation step: the numbers of an order, its lines, its payments, its quote and its
requirement form must agree (domain.md, "Team identity and consistency": "Order, lines, quote" and
"Contract vs quote").

`reconcile(tables) -> issues` is a cross rule (checks/cross_rules.py), so `check` and every command
that loads its findings through `collect_issues` (quote, refresh, summary, forms, compare) runs it;
a document resting on a row it flags is a DRAFT with that issue as the reason (documents/context.py).
Each mismatch names both values: the cell's own value, and what it was compared with.

- `amount-lines-mismatch` (orders.contract_amount): the sum of the order's lines, qty x unit_price
  rounded half-up to 0.01 per line, times (1 + VAT rate) when the order's `lines_excl_vat` says so;
- `amount-quote-mismatch` (orders.contract_amount): the total incl. VAT of the quote it names;
  both within the settings' tolerance: the larger of `amount_tolerance_share` x the compared value
  and `amount_tolerance_yuan` (defaults 0.5% and 1 yuan);
- `payment-shares-sum` (payments.share): one order's shares add up to 100% +-0.01%;
- `payment-amount-mismatch` (payments.amount, where a value is there): share x contract amount
  within 0.01;
- `prepay-share-mismatch` (payments.share of the prepayment): the order's prepayment share differs
  from the prepayment share its quote was priced with;
- `response-promise-mismatch` (requirements.response_hours): the requirement form promises another
  response time than the order's contract promise;
- `quote-orders-terms-mismatch` (orders' penalty rate, cap, response promise): two orders drawn from
  one quote disagree on a term the contract drawn from that quote prints.

An id means one thing within the folder of its book: two reps' books (each in its own folder) that both
number from SO-0001 are reconciled each on its own. Orders whose id is kept twice in one folder are left out (their lines and payments cannot be told apart; the
`duplicate-id` error says so), as are values that could not be read (their own issue says so).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.settings import read_settings
from ..core.tables import RowModel, Table, Tables
from ..core.values import money
from ..i18n import N_, both
from ..pricing.policy import load_policy
from ..pricing.quote import price_quotes
from ..pricing.text import pct, yuan

Row = tuple[Table, RowModel]
Key = tuple[str, str]  # (the folder of the book, the id): two reps' books both numbering from SO-0001 are two orders
# The findings that change an amount refresh computes from the order (payment amounts, the to-do's sums). Not
# payment-amount-mismatch: refresh writes that column again from share x contract amount, which resolves it.
AMOUNT_CODES = frozenset({"amount-lines-mismatch", "amount-quote-mismatch", "payment-shares-sum", "prepay-share-mismatch"})
SHARE_TOLERANCE = Decimal("0.0001")  # 0.01 percentage points
PAYMENT_TOLERANCE = Decimal("0.01")


@dataclass(frozen=True)
class Tolerance:
    share: Decimal
    floor: Decimal

    def allows(self, value: Decimal, reference: Decimal) -> bool:
        return abs(value - reference) <= max(abs(reference) * self.share, self.floor)


def tolerance_of(tables: Tables) -> Tolerance:
    settings = read_settings(tables)[0]
    return Tolerance(Decimal(str(getattr(settings, "amount_tolerance_share"))), Decimal(str(getattr(settings, "amount_tolerance_yuan"))))


def _scope(table: Table) -> str:
    """Where an id means one thing: the folder of its book (a rep's books lie together; a team's reps in their own folders)."""
    return _folder(table.path) if table.path is not None else ""


@lru_cache(maxsize=4096)
def _folder(path: Path) -> str:
    """A book's folder as text, once per book (asked for every row of every order: Path.parent and str cost a
    microsecond each)."""
    return str(path.parent)


def _key(table: Table, value: object) -> Key:
    path = table.path
    return (_folder(path) if path is not None else ""), str(value)


def _orders_by_id(tables: Tables) -> dict[Key, list[Row]]:
    seen: dict[Key, list[Row]] = defaultdict(list)
    for table in tables.of("orders"):
        scope = _scope(table)  # once per table, not per row
        for row in table.rows:
            if row.order_id is not None:
                seen[(scope, str(row.order_id))].append((table, row))
    return seen


def _unique_orders(tables: Tables, seen: dict[Key, list[Row]] | None = None) -> dict[Key, Row]:
    seen = _orders_by_id(tables) if seen is None else seen
    return {key: rows[0] for key, rows in seen.items() if len(rows) == 1}


def _grouped(tables: Tables, sheet: str) -> dict[Key, list[Row]]:
    groups: dict[Key, list[Row]] = defaultdict(list)
    for table in tables.of(sheet):
        scope = _scope(table)
        for row in table.rows:
            order_id = getattr(row, "order_id", None)
            if order_id is not None:
                groups[(scope, str(order_id))].append((table, row))
    return groups


def lines_total(rows: list[Row], excl_vat: bool, vat_rate: Decimal) -> Decimal | None:
    """The lines' total as the contract amount should read it; None when a line lacks its quantity or price."""
    if not rows or any(r.qty is None or r.unit_price is None for _, r in rows):
        return None
    total = sum((money(r.qty * r.unit_price) for _, r in rows), Decimal(0))
    return money(total * (1 + vat_rate)) if excl_vat else total


def _scoped(tables: Tables, scope: str) -> Tables:
    """The tables of one folder, plus every kind that folder lacks from elsewhere (a team's shared price list or settings)."""
    own = [t for t in tables.tables if _scope(t) == scope]
    kinds = {t.spec.key for t in own}
    return Tables(own + [t for t in tables.tables if _scope(t) != scope and t.spec.key not in kinds])


def quote_totals(tables: Tables, wanted: set[Key]) -> dict[Key, Decimal]:
    """The total incl. VAT of each wanted quote that prices completely, priced with its own folder's books (two reps'
    Q-001 are two quotes); a quote id kept twice in one folder is left out (which is meant is duplicate-id's question)."""
    totals: dict[Key, Decimal] = {}
    for scope in sorted({s for s, _ in wanted}):
        books = _scoped(tables, scope)
        if not books.of("quotes"):
            continue
        days = [r.quote_date for t, r in books.rows("quotes") if _key(t, r.quote_id) in wanted and r.quote_date is not None]
        priced, _ = price_quotes(books, load_policy(books)[0], as_of=max(days, default=date(2000, 1, 1)))  # the totals do not depend on the day
        counts: dict[Key, int] = defaultdict(int)
        for quote in priced:
            key = _key(quote.table, quote.quote_id)
            counts[key] += 1
            if key in wanted and counts[key] == 1 and quote.lines and not quote.unpriced:
                totals[key] = quote.total_incl_vat
            elif counts[key] > 1:
                totals.pop(key, None)
    return totals


def amounts(tables: Tables, orders: dict[Key, Row], tolerance: Tolerance) -> Iterable[Issue]:
    lines = _grouped(tables, "order_lines")
    vat_rate = load_policy(tables)[0].vat_rate if any(bool(r.lines_excl_vat) for _, r in orders.values()) else Decimal(0)
    # An order's key holds its table's scope already: (scope, id) pairs are built from it, not from the table again.
    quotes = quote_totals(tables, {(scope, str(r.quote_id)) for (scope, _id), (_t, r) in orders.items() if r.quote_id and r.contract_amount is not None})
    for order_key, (table, row) in orders.items():
        amount = row.contract_amount
        if amount is None:
            continue
        expected = lines_total(lines.get(order_key, []), bool(row.lines_excl_vat), vat_rate)
        if expected is not None and not tolerance.allows(amount, expected):
            basis = N_("lines (excl. VAT) plus VAT add up to {total}") if row.lines_excl_vat else N_("lines add up to {total}")
            yield issue_at(table, row.row, "contract_amount", "amount-lines-mismatch", both(basis, total=yuan(expected)), yuan(amount))
        quote_key = (order_key[0], str(row.quote_id))
        if row.quote_id and quote_key in quotes:
            total = quotes[quote_key]
            if not tolerance.allows(amount, total):
                yield issue_at(table, row.row, "contract_amount", "amount-quote-mismatch",
                               both("quote {quote_id} total incl. VAT {total}", quote_id=row.quote_id, total=yuan(total)), yuan(amount))


def payments(tables: Tables, orders: dict[Key, Row], shared: dict[Key, int] | None = None) -> Iterable[Issue]:
    """Shares summing to 100% and typed amounts per order; `shared` (key -> how many orders keep that id) names
    the cause when the shares of an id several orders keep add up wrong (their milestones are counted together)."""
    for (scope, order_id), rows in _grouped(tables, "payments").items():
        shares = [r.share for _, r in rows if r.share is not None]
        total = sum(shares, Decimal(0))
        if abs(total - 1) > SHARE_TOLERANCE:
            table, first = rows[0]
            count = (shared or {}).get((scope, order_id), 0)
            detail = (both("order {order_id} adds up to {total:.2%}: {count} orders use this id, so their milestones are counted together",
                           order_id=order_id, total=total, count=count) if count > 1
                      else both("order {order_id} adds up to {total:.2%}", order_id=order_id, total=total))
            yield issue_at(table, first.row, "share", "payment-shares-sum", detail)
            continue  # the amounts refresh wrote follow shares that are wrong already: one finding, not two
        order = orders.get((scope, order_id))
        contract = order[1].contract_amount if order else None
        if contract is None:
            continue
        for table, row in rows:
            typed = getattr(row, "amount", None)
            if typed is None or row.share is None:
                continue
            expected = money(contract * row.share)
            if abs(typed - expected) > PAYMENT_TOLERANCE:
                yield issue_at(table, row.row, "amount", "payment-amount-mismatch",
                               both("{share} of {contract} is {expected}", share=pct(row.share), contract=yuan(contract), expected=yuan(expected)), yuan(typed))


def prepayment(tables: Tables, orders: dict[Key, Row]) -> Iterable[Issue]:
    """The order's prepayment share against the share its quote was priced with (a typed quote share only)."""
    quoted = {_key(t, r.quote_id): r.prepay_share for t, r in tables.rows("quotes") if r.quote_id and r.prepay_share is not None}
    for (scope, order_id), rows in _grouped(tables, "payments").items():
        order = orders.get((scope, order_id))
        if order is None or not order[1].quote_id or (scope, order[1].quote_id) not in quoted:
            continue
        quote_share = quoted[(scope, order[1].quote_id)]
        prepaid = [(t, r) for t, r in rows if r.milestone == "prepayment" and r.share is not None]
        share = sum((r.share for _, r in prepaid), Decimal(0))
        if abs(share - quote_share) > SHARE_TOLERANCE:
            table, row = prepaid[0] if prepaid else rows[0]
            yield issue_at(table, row.row, "share", "prepay-share-mismatch",
                           both("quote {quote_id} was priced with {quoted} prepayment; order {order_id} prepays {share}",
                                quote_id=order[1].quote_id, quoted=pct(quote_share), order_id=order_id, share=pct(share)), pct(share))


def _hours(value: Decimal) -> str:
    return format(value.normalize(), "f")


def response_promise(tables: Tables, orders: dict[Key, Row]) -> Iterable[Issue]:
    """A requirement row's response promise against its order's contract promise."""
    by_quote = {(scope, str(r.quote_id)): (t, r) for (scope, _id), (t, r) in orders.items() if r.quote_id}
    for table, row in tables.rows("requirements"):
        promised = row.response_hours
        if promised is None:
            continue
        order = orders.get(_key(table, row.order_id)) if row.order_id else by_quote.get(_key(table, row.quote_id))
        if order is None or order[1].response_hours is None or order[1].response_hours == promised:
            continue
        yield issue_at(table, row.row, "response_hours", "response-promise-mismatch",
                       both("order {order_id} promises {hours} h", order_id=order[1].order_id, hours=_hours(order[1].response_hours)), _hours(promised))


TERMS = ("penalty_rate_per_day", "penalty_cap", "response_hours")


def _term(key: str, value: Decimal) -> str:
    return _hours(value) if key == "response_hours" else pct(value)


def quote_orders(tables: Tables, orders: dict[Key, Row]) -> Iterable[Issue]:
    """Orders drawn from one quote must agree on the contract's terms (penalty rate and cap, response
    promise): the contract drawn from the quote takes them from its first order, so a second order
    that says otherwise is a mismatch on both orders' cells."""
    orders_per_quote = Counter(str(row.quote_id) for _table, row in orders.values() if row.quote_id)  # most quotes have one order: not grouped at all
    by_quote: dict[Key, list[Row]] = defaultdict(list)
    for (scope, _id), (table, row) in orders.items():
        if row.quote_id and orders_per_quote[str(row.quote_id)] > 1:
            by_quote[(scope, str(row.quote_id))].append((table, row))
    for (_, quote_id), rows in by_quote.items():
        if len(rows) < 2:
            continue  # one order of its quote: nothing to agree with
        first = rows[0]
        for other in rows[1:]:
            for key in TERMS:
                a, b = getattr(first[1], key), getattr(other[1], key)
                if a is None or b is None or a == b:
                    continue
                for (table, row), (_, peer) in ((first, other), (other, first)):
                    yield issue_at(table, row.row, key, "quote-orders-terms-mismatch",
                                   both("order {order_id} from quote {quote_id} says {value}", order_id=peer.order_id,
                                        quote_id=quote_id, value=_term(key, getattr(peer, key))), _term(key, getattr(row, key)))


def reconcile(tables: Tables) -> Iterable[Issue]:
    """Every mismatch between an order, its lines, payments, quote and requirement form (see the module)."""
    seen = _orders_by_id(tables)
    orders = _unique_orders(tables, seen)
    found: list[Issue] = []
    found += amounts(tables, orders, tolerance_of(tables)) if tables.of("orders") else []
    found += payments(tables, orders, {key: len(rows) for key, rows in seen.items() if len(rows) > 1})
    found += prepayment(tables, orders)
    found += response_promise(tables, orders)
    found += quote_orders(tables, orders)
    return found
