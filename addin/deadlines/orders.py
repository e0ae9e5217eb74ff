"""Orders and payment milestones: stage, lateness, penalty, acceptance, warranty, what is due next.

Rules: domain.md "Deadlines" and "Deadline details" (acceptance, lateness,
payments, service schedule). Every function takes the run's `Rules` (its
clock and calendar) and returns computed values keyed by schema columns.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable

from ..core.tables import RowModel, Table
from ..domain.clocks import Clock, clock_state
from .rules import Contact, Rules, TodoItem, add_months, todo

CENT = Decimal("0.01")
STAGE_DATES = (("accepted", "accepted_at"), ("installed", "installed_at"), ("arrived", "arrived_at"), ("shipped", "shipped_at"))
ORDER_OF_WORK = {"tracking": 0, "notice": 1, "arrival": 2, "acceptance": 3, "inspection": 4}  # which open clock is the next step


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
    owner_rep: str | None = None
    contact: Contact | None = None  # its customer as the order's to-do items name it


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


def penalty(row: RowModel, days_late: int | None, rules: Rules) -> Decimal | None:
    """contract x rate per day x days late, capped at cap x contract, half-up 0.01 (domain.md "Lateness").

    The order's own rate and cap, else the settings' defaults (`penalty_rate_per_day`, `penalty_cap`)."""
    contract = row.contract_amount
    rate = row.penalty_rate_per_day if row.penalty_rate_per_day is not None else rules.penalty_rate
    cap = row.penalty_cap if row.penalty_cap is not None else rules.penalty_cap
    if contract is None or rate is None or days_late is None:
        return None
    amount = contract * rate * days_late
    if cap is not None:
        amount = min(amount, contract * cap)
    return money(amount)


def next_inspection(accepted: date | None, warranty_until: date | None, inspections: list[date], rules: Rules) -> date | None:
    if accepted is None or warranty_until is None:
        return None
    since = max([d for d in inspections if d >= accepted], default=accepted)
    due = since + timedelta(days=rules.inspection_days)
    return due if due <= warranty_until else None


def order_values(table: Table, row: RowModel, rules: Rules, inspections: list[date], customers: dict[str, Contact]) -> tuple[dict[str, object], OrderFacts, list[TodoItem]]:
    due, status, accepted_on = acceptance(row, rules)
    days_late = lateness(row, rules)
    notice_due = row.planned_arrival - timedelta(days=rules.notice_days) if row.planned_arrival else None
    shipped = rules.local(row.shipped_at)
    tracking_due = (shipped + rules.tracking).astimezone(rules.zone) if shipped else None
    warranty_until = add_months(accepted_on, rules.warranty_months) if accepted_on else None
    inspection_due = next_inspection(accepted_on, warranty_until, inspections, rules)

    # Every open clock of the order, in the order the work happens: each is a to-do item; the first is the next step.
    arrived = rules.local(row.arrived_at)
    open_clocks: list[tuple[str, datetime, datetime | None]] = []  # (what, due, started)
    if tracking_due and row.tracking_sent_at is None and arrived is None:
        open_clocks.append(("tracking", tracking_due, shipped))
    if arrived is None and row.planned_arrival is not None:
        # No column records the notice: it is open from before its day until that day ends, then the arrival clock carries on.
        if notice_due is not None and rules.today <= notice_due:
            open_clocks.append(("notice", rules.end_of(notice_due), None))
        open_clocks.append(("arrival", rules.end_of(row.planned_arrival), None))
    if status == "waiting" and due is not None:
        open_clocks.append(("acceptance", due, arrived))
    if inspection_due is not None:
        open_clocks.append(("inspection", rules.end_of(inspection_due), None))
    action = min(open_clocks, key=lambda c: ORDER_OF_WORK[c[0]]) if open_clocks else None

    items: list[TodoItem] = []
    for what, when, started in open_clocks:
        state = clock_state(Clock(what, started, when), rules.now, rules.at_risk) if started else None
        items += todo(rules, what, when, table, row, str(row.order_id or ""), customers, state)
    values: dict[str, object] = {
        "stage": stage(row, rules, status == "deemed_accepted"),
        "notice_due": notice_due,
        "tracking_due": tracking_due,
        "acceptance_due": due,
        "acceptance_status": status,
        "days_late": days_late,
        "penalty_amount": penalty(row, days_late, rules),
        "next_action": action[0] if action else None,
        "next_due": action[1] if action else None,
        "overdue": (rules.now > action[1]) if action else False,
        "warranty_until": warranty_until,
        "next_inspection_due": inspection_due,
    }
    facts = OrderFacts(row.customer_id, row.contract_amount, row.signed_on, arrived.date() if arrived else None, accepted_on, row.response_hours,
                       owner_rep=str(row.owner_rep) if row.owner_rep else None, contact=customers.get(str(row.customer_id or "")))
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


def payment_status(amount: Decimal | None, paid_on: date | None, paid: Decimal | None, trigger: date | None, due_on: date | None, today: date,
                   tolerance: Decimal = Decimal(0)) -> str | None:
    """not_due / due / overdue / paid / part_paid (domain.md "Payments").

    paid once the amount paid falls short of the milestone by at most `tolerance` yuan (settings'
    `amount_tolerance_yuan`, domain.md "Order, lines, quote": a rounding residue such as 0.01 is not
    money to chase); not_due while the trigger has not happened (no trigger date, or one after today);
    overdue wins over part_paid once `due_on` has passed."""
    if paid is None and paid_on is not None:
        return "paid"  # a date with no amount: paid in full
    if amount is not None and paid is not None and (paid >= amount or paid > 0 and amount - paid <= tolerance):
        return "paid"
    if trigger is None or trigger > today:
        return "not_due"
    if due_on is not None and today > due_on:
        return "overdue"
    if paid is not None and paid > 0:
        return "part_paid"
    return "due"


def open_amount(amount: Decimal | None, paid: Decimal | None, status: str | None) -> Decimal | None:
    """What is still owed on a milestone (amount - paid so far); None once paid, or while the amount is unknown."""
    if amount is None or status == "paid":
        return None
    return money(amount - (paid or Decimal(0)))


PaymentGuard = Callable[[Table, RowModel, Callable[..., Any]], Any]


def payments_values(
    tables: list[tuple[Table, RowModel]], orders: dict[str, OrderFacts], rules: Rules, guard: PaymentGuard | None = None,
    ambiguous: Callable[[Table, RowModel], bool] | None = None,
) -> tuple[dict[tuple[int, int], dict[str, object]], list[TodoItem]]:
    """Computed values per (table id, row) of every payment milestone, and the to-do items of the open ones
    (each naming its order's customer and rep, with the amount still open).

    `guard(table, row, rule)` runs one row's rule so that a crash stays that row's issue (deadlines.run).
    A milestone for which `ambiguous(table, row)` is true (its order id is kept by several orders of its folder)
    is not priced: amount, due_on, status and open_amount all None, no to-do item (deadlines.run says why)."""
    by_order: dict[str, list[tuple[Table, RowModel]]] = defaultdict(list)
    values: dict[tuple[int, int], dict[str, object]] = {}
    for table, row in tables:
        if ambiguous is not None and ambiguous(table, row):
            values[(id(table), row.row)] = {"amount": None, "due_on": None, "status": None, "open_amount": None}
            continue
        by_order[str(row.order_id)].append((table, row))
    items: list[TodoItem] = []
    for order_id, rows in by_order.items():
        facts = orders.get(order_id)
        amounts = milestone_amounts([r for _, r in rows], facts.contract if facts else None)

        def one(table: Table, row: RowModel, facts: OrderFacts | None = facts, amounts: dict[int, Decimal | None] = amounts, order_id: str = order_id) -> None:
            trigger = trigger_date(row.milestone, facts) if facts else None
            n = row.due_in_working_days
            due_on = rules.calendar.add_working_days(trigger, n) if trigger is not None and n is not None else None
            amount = amounts[row.row]
            status = payment_status(amount, row.paid_on, row.paid_amount, trigger, due_on, rules.today, rules.amount_tolerance)
            remainder = open_amount(amount, row.paid_amount, status)
            values[(id(table), row.row)] = {"amount": amount, "due_on": due_on, "status": status, "open_amount": remainder}
            if status in ("due", "overdue", "part_paid") and due_on is not None:
                who = {str(facts.customer_id): facts.contact} if facts and facts.customer_id and facts.contact else {}
                items.extend(todo(rules, "payment", rules.end_of(due_on), table, row, f"{order_id} {row.milestone or ''}".strip(), who,
                                  customer_id=facts.customer_id if facts else None, owner=facts.owner_rep if facts else None, amount=remainder,
                                  record=order_id, milestone=row.milestone))  # shown as 验收款 / on acceptance

        for table, row in rows:
            if guard is None:
                one(table, row)
            else:
                guard(table, row, one)
    return values, items
