"""After-sales tickets: every clock of a ticket from one table of definitions.

A new ticket deadline is a new row in TICKET_CLOCKS, not new code: the due
column it fills, the column its clock starts from, the column that finishes
it, its length (a Rules attribute) and the ticket kinds it applies to.

Clocks by kind (domain.md "Deadline details"): a complaint runs plan (+30 min),
carried out (+24 h) and follow-up (+72 h after carried out); a suggestion an
acknowledgement (+24 h, by first_response_at) and the closed-loop reply (by
customer_notified_at, 5 working days after resolved_at); every other kind the
response (+1 h, or the contract's promise) and solution (+48 h) clocks. Each
open clock is its own to-do item; `sla_status` is the worst of the kind's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.tables import RowModel, Table
from ..domain.clocks import Clock, clock_state, duration_text, worst
from .orders import OrderFacts
from .rules import Contact, Rules, TodoItem, todo


@dataclass(frozen=True)
class ClockDef:
    due_column: str
    start_column: str
    done_column: str
    length: str  # attribute of Rules: a timedelta, or a number of working days when `working_days`
    kinds: tuple[str, ...] | None = None  # None: every kind not named by another clock's `kinds`
    working_days: bool = False  # due at the end of the Nth working day after the start date


COMPLAINT, SUGGESTION = "complaint", "suggestion"
TICKET_KINDS_OWN_CLOCKS = (COMPLAINT, SUGGESTION)
# domain.md "Clocks by kind": a ticket runs the clocks of its kind only.
TICKET_CLOCKS = (
    ClockDef("response_due", "received_at", "first_response_at", "first_response"),
    ClockDef("resolution_due", "received_at", "resolved_at", "solution"),
    ClockDef("plan_due", "received_at", "plan_at", "plan", (COMPLAINT,)),
    ClockDef("carry_out_due", "received_at", "carried_out_at", "carry_out", (COMPLAINT,)),
    ClockDef("follow_up_due", "carried_out_at", "follow_up_at", "follow_up", (COMPLAINT,)),
    # A suggestion: acknowledged (the first response column) within 24 h, and the customer told of the
    # outcome within 5 working days of it being resolved (the closed loop).
    ClockDef("response_due", "received_at", "first_response_at", "acknowledge", (SUGGESTION,)),
    ClockDef("reply_due", "resolved_at", "customer_notified_at", "reply", (SUGGESTION,), working_days=True),
)
DUE_COLUMNS = tuple(dict.fromkeys(d.due_column for d in TICKET_CLOCKS))
ROUTES = {"product": "rnd", "service": "after_sales", "process": "operations"}


def applies(d: ClockDef, kind: str | None) -> bool:
    """Whether a ticket of `kind` runs clock `d`: its own kinds' clocks, or the general ones for every other kind."""
    if d.kinds is None:
        return kind not in TICKET_KINDS_OWN_CLOCKS
    return kind in d.kinds


def ticket_clocks(row: RowModel, rules: Rules, orders: dict[str, OrderFacts]) -> list[Clock]:
    """The clocks of the ticket's kind whose start is known (domain.md "Clocks by kind", "Ticket clocks")."""
    clocks = []
    order = orders.get(str(row.order_id)) if row.order_id else None
    for d in TICKET_CLOCKS:
        if not applies(d, row.kind):
            continue
        start = rules.local(getattr(row, d.start_column))
        if start is None:
            continue
        if d.working_days:
            due = rules.end_of(rules.calendar.add_working_days(start.date(), int(getattr(rules, d.length))))
        else:
            length: timedelta = getattr(rules, d.length)
            if d.length == "first_response" and order is not None and order.response_hours is not None:
                length = timedelta(hours=float(order.response_hours))  # the contract's promise wins
            due = rules.sla_due(start, length)
        clocks.append(Clock(d.due_column, start, due, rules.local(getattr(row, d.done_column))))
    return clocks


# The to-do action of a clock, where it differs from its due column.
CLOCK_ACTIONS = {(SUGGESTION, "response_due"): "acknowledge", (SUGGESTION, "reply_due"): "notify"}


def ticket_values(
    table: Table, row: RowModel, rules: Rules, orders: dict[str, OrderFacts], customers: dict[str, Contact], lang: str
) -> tuple[dict[str, object], list[TodoItem], list[Issue]]:
    """(computed cells, one to-do item per open clock, issues) of one ticket; `sla_status` from its kind's clocks only."""
    issues: list[Issue] = []  # an unknown order is reported by check's unknown-reference; the default promise applies
    clocks = ticket_clocks(row, rules, orders)
    states = {c.what: clock_state(c, rules.now, rules.at_risk, rules.sla_measure) for c in clocks}
    values: dict[str, object] = {column: None for column in DUE_COLUMNS}
    values.update({c.what: c.due for c in clocks})
    values["route_to"] = ROUTES.get(row.category or "")
    values["sla_status"] = worst(list(states.values()))
    breached = [c for c in clocks if states[c.what] == "breached"]
    late_by = max((rules.now - c.due for c in breached), default=None)
    values["overdue_by"] = duration_text(late_by, lang) if late_by is not None else None

    items: list[TodoItem] = []
    order = orders.get(str(row.order_id)) if row.order_id else None
    for c in sorted((c for c in clocks if c.is_open), key=lambda c: c.due):
        action = CLOCK_ACTIONS.get((str(row.kind), c.what), c.what)
        items += todo(rules, action, c.due, table, row, str(row.ticket_id or ""), customers, states[c.what], owner=order.owner_rep if order else None)
    if row.kind == SUGGESTION and row.resolved_at is not None and row.customer_notified_at is None:
        issues.append(issue_at(table, row.row, "customer_notified_at", "feedback-loop-open"))
    return values, items, issues
