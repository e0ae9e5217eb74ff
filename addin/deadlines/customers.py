"""Customers and visits: tiers, last order, dormancy, deep revisits, care dates, trade-show follow-ups.

Rules: domain.md "Deadline details" (care, dormant) and the deadline table
(deep revisit +90 days, trade-show follow-up +24 h).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..core.tables import RowModel, Table
from ..domain.tiers import suggest_tier
from ..i18n import N_, translator
from .rules import Contact, Rules, TodoItem, add_months, todo

CARE_DAYS = 14
CARE_REASONS = {"contact_birthday": N_("birthday"), "company_anniversary": N_("anniversary")}


@dataclass
class VisitFacts:
    """A customer's visits as the rules need them."""

    dates: list[date]
    deep_revisits: list[date]
    inspections: list[date]


def anniversary_in(year: int, day: date) -> date:
    """The day's anniversary in `year`; 29 February falls on 28 February in other years."""
    try:
        return day.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def next_care(row: RowModel, today: date) -> tuple[date, str] | None:
    """The next contact birthday or company anniversary within CARE_DAYS (today included), with its column."""
    found = []
    for column in CARE_REASONS:
        day = getattr(row, column)
        if day is None:
            continue
        upcoming = anniversary_in(today.year, day)
        if upcoming < today:
            upcoming = anniversary_in(today.year + 1, day)
        if (upcoming - today).days < CARE_DAYS and upcoming > day:
            found.append((upcoming, column))
    return min(found) if found else None


def dormant(row: RowModel, last_order: date | None, rules: Rules) -> tuple[bool, str | None]:
    """(dormant, reason): last order on or before today minus N months; never ordered: first contact that old."""
    if row.status == "lost":
        return False, None
    cutoff = add_months(rules.today, -rules.dormant_months)
    if last_order is not None:
        return (True, "no_recent_order") if last_order <= cutoff else (False, None)
    if row.first_contact is not None and row.first_contact <= cutoff:
        return True, "never_ordered"
    return False, None


def customer_values(
    table: Table, row: RowModel, rules: Rules, last_order: date | None, visits: VisitFacts | None, customers: dict[str, Contact], lang: str
) -> tuple[dict[str, object], dict[str, object], list[TodoItem]]:
    """(computed cells, extra JSON facts, to-do items) of one customer."""
    suggested = suggest_tier(row.demand_score, row.capacity_score)
    is_dormant, reason = dormant(row, last_order, rules)
    revisit_due = None
    if row.status == "active":
        since = max(visits.deep_revisits) if visits and visits.deep_revisits else row.cooperation_since
        revisit_due = since + timedelta(days=rules.revisit_days) if since else None
    care = next_care(row, rules.today)
    care_text = None
    if care:
        care_text = f"{care[0].isoformat()} {translator(lang)(CARE_REASONS[care[1]])}"
    values: dict[str, object] = {
        "tier_suggested": suggested,
        "tier_mismatch": (row.tier != suggested) if row.tier and suggested else False,
        "last_order_date": last_order,
        "dormant": is_dormant,
        "revisit_due": revisit_due,
        "next_care": care_text,
    }
    extra: dict[str, object] = {"dormant_reason": reason, "next_care_date": care[0] if care else None, "next_care_reason": care[1] if care else None}
    subject = str(row.customer_id or "")
    items: list[TodoItem] = []
    if revisit_due:
        items += todo(rules, "revisit", rules.end_of(revisit_due), table, row, subject, customers)
    if care:
        items += todo(rules, "care", rules.end_of(care[0]), table, row, subject, customers)
    return values, extra, items


def visit_follow_up(table: Table, row: RowModel, rules: Rules, later_contact: bool, customers: dict[str, Contact]) -> tuple[dict[str, object], list[TodoItem]]:
    """Trade-show leads: follow-up within 24 h of the meeting; a date without a time counts as its end.

    Finished by any later visit or call to the same customer."""
    if row.kind != "trade_show" or row.visit_date is None:
        return {"follow_up_due": None}, []
    due = rules.end_of(row.visit_date) + rules.trade_show_follow_up
    items = [] if later_contact else todo(rules, "trade_show", due, table, row, str(row.customer_id or ""), customers)
    return {"follow_up_due": due}, items
