"""After-sales tickets: every clock of a ticket from one table of definitions.

A new ticket deadline is a new row in TICKET_CLOCKS, not new code: the due
column it fills, the column its clock starts from, the column that finishes
it, its length (a Rules attribute) and the ticket kinds it applies to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.tables import RowModel, Table
from ..domain.clocks import Clock, clock_state, duration_text, worst
from .orders import OrderFacts
from .rules import Rules, TodoItem, todo


@dataclass(frozen=True)
class ClockDef:
    due_column: str
    start_column: str
    done_column: str
    length: str  # attribute of Rules
    kinds: tuple[str, ...] | None = None  # None: every kind


TICKET_CLOCKS = (
    ClockDef("response_due", "received_at", "first_response_at", "first_response"),
    ClockDef("resolution_due", "received_at", "resolved_at", "solution"),
    ClockDef("plan_due", "received_at", "plan_at", "plan", ("complaint",)),
    ClockDef("carry_out_due", "received_at", "carried_out_at", "carry_out", ("complaint",)),
    ClockDef("follow_up_due", "carried_out_at", "follow_up_at", "follow_up", ("complaint",)),
)
ROUTES = {"product": "rnd", "service": "after_sales", "process": "operations"}


def ticket_clocks(row: RowModel, rules: Rules, orders: dict[str, OrderFacts]) -> list[Clock]:
    clocks = []
    order = orders.get(str(row.order_id)) if row.order_id else None
    for d in TICKET_CLOCKS:
        if d.kinds is not None and row.kind not in d.kinds:
            continue
        start = rules.local(getattr(row, d.start_column))
        if start is None:
            continue
        length: timedelta = getattr(rules, d.length)
        if d.due_column == "response_due" and order is not None and order.response_hours is not None:
            length = timedelta(hours=float(order.response_hours))  # the contract's promise wins
        clocks.append(Clock(d.due_column, start, rules.sla_due(start, length), rules.local(getattr(row, d.done_column))))
    return clocks


def ticket_values(
    table: Table, row: RowModel, rules: Rules, orders: dict[str, OrderFacts], customers: dict[str, str], lang: str
) -> tuple[dict[str, object], list[TodoItem], list[Issue]]:
    issues: list[Issue] = []  # an unknown order is reported by check's unknown-reference; the default promise applies
    clocks = ticket_clocks(row, rules, orders)
    states = {c.what: clock_state(c, rules.now, rules.at_risk, rules.sla_measure) for c in clocks}
    values: dict[str, object] = {d.due_column: None for d in TICKET_CLOCKS}
    values.update({c.what: c.due for c in clocks})
    values["route_to"] = ROUTES.get(row.category or "")
    values["sla_status"] = worst(list(states.values()))
    breached = [c for c in clocks if states[c.what] == "breached"]
    late_by = max((rules.now - c.due for c in breached), default=None)
    values["overdue_by"] = duration_text(late_by, lang) if late_by is not None else None

    items: list[TodoItem] = []
    open_clocks = sorted((c for c in clocks if c.is_open), key=lambda c: c.due)
    if open_clocks:
        first = open_clocks[0]
        items = todo(rules, first.what, first.due, table, row, str(row.ticket_id or ""), customers, states[first.what])
    if row.kind == "suggestion" and row.resolved_at is not None and row.customer_notified_at is None:
        issues.append(issue_at(table, row.row, "customer_notified_at", "feedback-loop-open"))
        shipped: datetime = rules.local(row.resolved_at) or rules.now
        # domain.md "Clocks by kind": the customer is told within feedback_loop_days working days of resolved_at
        told_by = rules.end_of(rules.calendar.add_working_days(shipped.date(), rules.feedback_loop_days))
        items += todo(rules, "notify", told_by, table, row, str(row.ticket_id or ""), customers)
    return values, items, issues
