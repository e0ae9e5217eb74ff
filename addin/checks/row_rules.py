"""Per-row rules: one signature, `(table, row) -> issues`, registered per sheet key."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Callable, Iterable

from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.tables import RowModel, Table
from ..domain.tiers import suggest_tier
from ..i18n import both, both_with
from ..pipeline.opportunities import outcome_checks as opportunity_outcome
from ..pipeline.opportunities import quote_outcome_checks as quote_outcome

RowRule = Callable[[Table, RowModel], Iterable[Issue]]


def _chain(table: Table, row: RowModel, keys: tuple[str, ...]) -> list[Issue]:
    """Each present date must not be earlier than the latest present one before it.

    Reads the row's values directly: this runs for every row of every order
    sheet (100k rows x 3 chains), so it avoids per-value function calls.
    """
    values = row.__dict__
    found: list[Issue] = []
    latest_key, latest = "", None
    for key in keys:
        value = values.get(key)
        if value is None:
            continue
        day = value.date() if type(value) is datetime else value
        if latest is not None and day < latest:
            before, earlier = table.spec.column(latest_key), latest
            found.append(issue_at(table, row.row, key, "date-order", both_with(lambda _: _("earlier than {column} {date}", column=before.header(_.lang), date=earlier)), day))  # noqa: B023
            continue
        latest_key, latest = key, day
    return found


def ticket_dates(table: Table, row: RowModel) -> Iterable[Issue]:
    for key in ("first_response_at", "resolved_at", "plan_at", "carried_out_at", "follow_up_at"):
        yield from _chain(table, row, ("received_at", key))
    yield from _chain(table, row, ("received_at", "plan_at", "carried_out_at", "follow_up_at"))


def customer_tier(table: Table, row: RowModel) -> Iterable[Issue]:
    typed = getattr(row, "tier", None)
    suggested = suggest_tier(getattr(row, "demand_score", None), getattr(row, "capacity_score", None))
    if typed and suggested and typed != suggested:
        yield issue_at(table, row.row, "tier", "tier-mismatch", both("scores suggest {suggested}", suggested=suggested), typed)


def quote_dates(table: Table, row: RowModel) -> Iterable[Issue]:
    yield from _chain(table, row, ("quote_date", "valid_until"))


def customer_dates(table: Table, row: RowModel) -> Iterable[Issue]:
    yield from _chain(table, row, ("first_contact", "cooperation_since"))


# Characters no one types on purpose into a name: control characters (shown as ␇ on paper) and the
# invisible bidirectional controls, which make a printed name read differently from the cell (U+202E).
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def hidden_characters(table: Table, row: RowModel) -> Iterable[Issue]:
    """Text that reaches customer documents (names, contacts, units) with characters that print otherwise than they read."""
    for key, value in row.__dict__.items():
        if isinstance(value, str) and _HIDDEN.search(value):
            codes = sorted({f"U+{ord(c):04X}" for c in _HIDDEN.findall(value)})
            yield issue_at(table, row.row, key, "text-hidden-characters", both("holds invisible or control characters ({codes})", codes=", ".join(codes)), value)


def referral_self(table: Table, row: RowModel) -> Iterable[Issue]:
    """A customer cannot refer itself (issue 24: the reward would pay the buyer)."""
    if row.referrer_id and row.referrer_id == row.referred_id:
        yield issue_at(table, row.row, "referred_id", "referral-self", value=row.referred_id)


def lead_contact(table: Table, row: RowModel) -> Iterable[Issue]:
    """A trade-show lead needs a way to send the 24 h follow-up: phone, e-mail or WeChat (issue 24)."""
    if not (row.phone or row.email or row.wechat):
        yield issue_at(table, row.row, "phone", "lead-no-contact")


def _chain_suspects(table: Table, chains: tuple[tuple[str, ...], ...]) -> set[int] | None:
    """The positions of the rows where `_chain` may find something in one of `chains`: a present date later in a
    chain earlier than a present one before it. Column by column (one comprehension per pair of keys), so a
    100k-row sheet in order costs milliseconds; None (every row) when the values do not compare."""
    rows = table.rows
    days: dict[str, list[object]] = {}
    for key in {key for chain in chains for key in chain}:
        values = [row.__dict__.get(key) for row in rows]
        days[key] = [v.date() if type(v) is datetime else v for v in values]
    found: set[int] = set()
    try:
        for chain in chains:
            for at, before in enumerate(chain):
                for after in chain[at + 1 :]:
                    found.update(p for p, (a, b) in enumerate(zip(days[before], days[after])) if a is not None and b is not None and b < a)  # type: ignore[operator]
    except TypeError:  # a value of another type: _chain itself says what it makes of it, row by row
        return None
    return found


ORDER_CHAINS = (("signed_on", "shipped_at", "arrived_at", "installed_at", "accepted_at"), ("signed_on", "planned_arrival", "planned_install"), ("shipped_at", "tracking_sent_at"))


def order_dates(table: Table, row: RowModel) -> Iterable[Issue]:
    for chain in ORDER_CHAINS:
        yield from _chain(table, row, chain)


# Rules whose findings can only lie in some rows, and which rows (a superset): run_checks runs a sheet's rules on
# those rows alone when every rule of the sheet says so. A rule without an entry is run on every row.
ROW_SUSPECTS: dict[RowRule, Callable[[Table], set[int] | None]] = {
    order_dates: lambda table: _chain_suspects(table, ORDER_CHAINS),
}


ROW_RULES: dict[str, tuple[RowRule, ...]] = {
    "customers": (customer_tier, customer_dates, hidden_characters),
    "price_list": (hidden_characters,),
    "requirements": (hidden_characters,),
    "orders": (order_dates,),
    "tickets": (ticket_dates,),
    "quotes": (quote_dates, quote_outcome),
    "opportunities": (opportunity_outcome,),
    "referrals": (referral_self,),
    "trade_show_leads": (lead_contact, hidden_characters),
}
