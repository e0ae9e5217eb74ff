"""Orders and payment milestones: stage, lateness, penalty, acceptance, warranty, what is due next.

Rules: domain.md "Deadlines" and "Deadline details" (acceptance, lateness,
payments, service schedule). Every function takes the run's `Rules` (its
clock and calendar) and returns computed values keyed by schema columns.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ..core.tables import RowModel, Table
from ..domain.clocks import Clock, clock_state
from .rules import Rules, TodoItem, add_months, todo

CENT = Decimal("0.01")
STAGE_DATES = (("accepted", "accepted_at"), ("installed", "installed_at"), ("arrived", "arrived_at"), ("shipped", "shipped_at"))


@dataclass
class OrderFacts:
    """What other rules need from an order: its trigger dates and its customer."""

    customer_id: str | None
    contract: Decimal | None
    signed_on: date | None
    arrival: date | None
    acceptance: date | None  # accepted, or the deemed acceptance date
    response_hours: Decimal | None
    inspections: list[date] = field(default_factory=list)


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def stage(row: RowModel, rules: Rules, deemed: bool) -> str:
    """The furthest step reached. `production` once the signing day is past and nothing shipped (no column records it)."""
    for key, column in STAGE_DATES:
        if getattr(row, column) is not None or (key == "accepted" and deemed):
            return key
    signed = row.signed_on
    return "production" if signed is not None and signed < rules.today else "contract"


def acceptance(row: RowModel, rules: Rules) -> tuple[datetime | None, str | None, date | None]:
    """(acceptance_due, acceptance_status, acceptance date); the deemed acceptance date is the due date itself."""
    arrived = rules.local(row.arrived_at)
    if arrived is None:
        return None, None, None
    due = rules.end_of(arrived.date() + timedelta(days=rules.acceptance_days))
    accepted = rules.local(row.accepted_at)
    if accepted is not None and accepted <= due:
        return due, "accepted", accepted.date()
    if accepted is not None or rules.now > due:
        return due, "deemed_accepted", due.date()
    return due, "waiting", None


def lateness(row: RowModel, rules: Rules) -> int | None:
    planned = row.planned_arrival
    if planned is None:
        return None
    arrived = rules.local(row.arrived_at)
    end = arrived.date() if arrived is not None else rules.today
    return max((end - planned).days, 0)


def penalty(row: RowModel, days_late: int | None) -> Decimal | None:
    contract, rate = row.contract_amount, row.penalty_rate_per_day
    if contract is None or rate is None or days_late is None:
        return None
    amount = contract * rate * days_late
    if row.penalty_cap is not None:
        amount = min(amount, contract * row.penalty_cap)
    return money(amount)


def next_inspection(accepted: date | None, warranty_until: date | None, inspections: list[date], rules: Rules) -> date | None:
    if accepted is None or warranty_until is None:
        return None
    since = max([d for d in inspections if d >= accepted], default=accepted)
    due = since + timedelta(days=rules.inspection_days)
    return due if due <= warranty_until else None


def order_values(table: Table, row: RowModel, rules: Rules, inspections: list[date], customers: dict[str, str]) -> tuple[dict[str, object], OrderFacts, list[TodoItem]]:
    due, status, accepted_on = acceptance(row, rules)
    days_late = lateness(row, rules)
    notice_due = row.planned_arrival - timedelta(days=rules.notice_days) if row.planned_arrival else None
    shipped = rules.local(row.shipped_at)
    tracking_due = (shipped + rules.tracking).astimezone(rules.zone) if shipped else None
    warranty_until = add_months(accepted_on, rules.warranty_months) if accepted_on else None
    inspection_due = next_inspection(accepted_on, warranty_until, inspections, rules)

    # The next step and its clock, in the order the work happens.
    action: tuple[str, datetime, datetime | None] | None = None  # (what, due, started)
    if tracking_due and row.tracking_sent_at is None and row.arrived_at is None:
        action = ("tracking", tracking_due, shipped)
    elif row.arrived_at is None and row.planned_arrival is not None:
        if notice_due is not None and shipped is None and rules.today <= notice_due:
            action = ("notice", rules.end_of(notice_due), None)
        else:
            action = ("arrival", rules.end_of(row.planned_arrival), None)
    elif status == "waiting" and due is not None:
        action = ("acceptance", due, rules.local(row.arrived_at))
    elif inspection_due is not None:
        action = ("inspection", rules.end_of(inspection_due), None)

    items: list[TodoItem] = []
    if action:
        what, when, started = action
        state = clock_state(Clock(what, started, when), rules.now, rules.at_risk) if started else None
        items = todo(rules, what, when, table, row, str(row.order_id or ""), customers, state)
    values: dict[str, object] = {
        "stage": stage(row, rules, status == "deemed_accepted"),
        "notice_due": notice_due,
        "tracking_due": tracking_due,
        "acceptance_due": due,
        "acceptance_status": status,
        "days_late": days_late,
        "penalty_amount": penalty(row, days_late),
        "next_action": action[0] if action else None,
        "next_due": action[1] if action else None,
        "overdue": (rules.now > action[1]) if action else False,
        "warranty_until": warranty_until,
        "next_inspection_due": inspection_due,
    }
    arrived = rules.local(row.arrived_at)
    facts = OrderFacts(row.customer_id, row.contract_amount, row.signed_on, arrived.date() if arrived else None, accepted_on, row.response_hours)
    return values, facts, items


# ---- payments ---------------------------------------------------------------
def milestone_amounts(rows: list[RowModel], contract: Decimal | None) -> dict[int, Decimal | None]:
    """Share x contract, half-up to 0.01; when the shares make 100%, the last milestone takes the remainder."""
    if contract is None:
        return {r.row: None for r in rows}
    amounts: dict[int, Decimal | None] = {r.row: money(contract * r.share) if r.share is not None else None for r in rows}
    shares = [r.share for r in rows]
    if rows and None not in shares and sum(shares) == 1:
        last = rows[-1].row
        amounts[last] = contract - sum(a for k, a in amounts.items() if k != last and a is not None)
    return amounts


def trigger_date(milestone: str | None, facts: OrderFacts) -> date | None:
    return {"prepayment": facts.signed_on, "arrival": facts.arrival, "acceptance": facts.acceptance}.get(milestone or "")


def payment_status(amount: Decimal | None, paid_on: date | None, paid: Decimal | None, trigger: date | None, due_on: date | None, today: date) -> str | None:
    if paid is None and paid_on is not None:
        return "paid"  # a date with no amount: paid in full
    if amount is not None and paid is not None and paid >= amount:
        return "paid"
    if trigger is None:
        return "not_due"
    if due_on is not None and today > due_on:
        return "overdue"
    if paid is not None and paid > 0:
        return "part_paid"
    return "due"


def payments_values(
    tables: list[tuple[Table, RowModel]], orders: dict[str, OrderFacts], rules: Rules, customers: dict[str, str]
) -> tuple[dict[tuple[int, int], dict[str, object]], list[TodoItem]]:
    """Computed values per (table id, row) of every payment milestone, and the to-do items of the open ones."""
    by_order: dict[str, list[tuple[Table, RowModel]]] = defaultdict(list)
    for table, row in tables:
        by_order[str(row.order_id)].append((table, row))
    values: dict[tuple[int, int], dict[str, object]] = {}
    items: list[TodoItem] = []
    for order_id, rows in by_order.items():
        facts = orders.get(order_id)
        amounts = milestone_amounts([r for _, r in rows], facts.contract if facts else None)
        for table, row in rows:
            trigger = trigger_date(row.milestone, facts) if facts else None
            n = row.due_in_working_days
            due_on = rules.calendar.add_working_days(trigger, n) if trigger is not None and n is not None else None
            amount = amounts[row.row]
            status = payment_status(amount, row.paid_on, row.paid_amount, trigger, due_on, rules.today)
            values[(id(table), row.row)] = {"amount": amount, "due_on": due_on, "status": status}
            if status in ("due", "overdue", "part_paid") and due_on is not None:
                found = todo(rules, "payment", rules.end_of(due_on), table, row, f"{order_id} {row.milestone or ''}".strip(), customers, customer_id=facts.customer_id if facts else None)
                items += [replace(i, record=order_id, milestone=row.milestone) for i in found]  # shown as 验收款 / on acceptance
    return values, items
