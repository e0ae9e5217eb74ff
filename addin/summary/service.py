"""Service (clocks met, breaches, feedback, closed loop), Orders and cash, and Data quality."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ..core.identity import folder_of
from ..core.issues import Issue
from ..deadlines.run import Deadlines
from ..deadlines.tickets import TICKET_CLOCKS, applies
from .common import ratio, text

Row = dict[str, Any]
CLOCK_NAMES = {d.due_column: d.length for d in reversed(TICKET_CLOCKS)}  # response_due -> first_response (the general clock), ...


def service(deadlines: Deadlines, since: date, now: datetime) -> list[Row]:
    """Tickets received on or after `since` (the first month of the summary), with the deadline engine's due times:

    - group "clock", one row per clock (first_response, solution, plan, carry_out, follow_up, acknowledge, reply): tickets it
      applies to (`count`), met (finished at or before due), missed (finished late), breached (open past due),
      open; `share` = met / (met + missed + breached): the share of clocks met among those decided;
    - group "category" / "route_to" / "source": tickets per feedback category, per department routed to and
      per feedback source (survey, callback, customer meeting, ...; issue 24);
    - group "closed_loop": tickets resolved whose loop is closed (a suggestion: the customer told; a
      complaint: the follow-up visit done; otherwise resolved), `share` = closed / all tickets.
    """
    stats: dict[str, Counter[str]] = {d.length: Counter() for d in TICKET_CLOCKS}
    categories: Counter[str] = Counter()
    routes: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    total = closed = 0
    for result in deadlines.rows["tickets"]:
        row = result.row
        if row.received_at is None or row.received_at.date() < since:
            continue
        total += 1
        categories[text(row.category) or "?"] += 1
        routes[text(result.values.get("route_to")) or "?"] += 1
        sources[text(getattr(row, "source", None)) or "?"] += 1
        for clock in TICKET_CLOCKS:
            if not applies(clock, row.kind):  # each kind by its own clocks (a suggestion's acknowledgement is not a first response)
                continue
            due = result.values.get(clock.due_column)
            if not isinstance(due, datetime):
                continue
            done = getattr(row, clock.done_column)
            counter = stats[clock.length]
            counter["count"] += 1
            if done is not None:
                counter["met" if done <= due else "missed"] += 1
            else:
                counter["breached" if now > due else "open"] += 1
        loop_done = row.customer_notified_at if row.kind == "suggestion" else row.follow_up_at if row.kind == "complaint" else row.resolved_at
        if row.resolved_at is not None and loop_done is not None:
            closed += 1
    out: list[Row] = []
    for name, c in stats.items():
        decided = c["met"] + c["missed"] + c["breached"]
        out.append({"group": "clock", "key": name, "count": c["count"], "met": c["met"], "missed": c["missed"], "breached": c["breached"],
                    "open": c["open"], "share": ratio(c["met"], decided)})
    out += [{"group": "category", "key": k, "count": n} for k, n in sorted(categories.items())]
    out += [{"group": "route_to", "key": k, "count": n} for k, n in sorted(routes.items())]
    out += [{"group": "source", "key": k, "count": n} for k, n in sorted(sources.items())]
    out.append({"group": "closed_loop", "key": "closed_loop", "count": total, "met": closed, "share": ratio(closed, total)})
    return out


BUCKETS = (("overdue_1_30", 30), ("overdue_31_60", 60), ("overdue_61_90", 90), ("overdue_90_plus", None))


def cash(deadlines: Deadlines, today: date) -> list[Row]:
    """Per owner rep and the team ("*"): orders with an overdue stage, receivables due (not yet late) and
    overdue by age since the due date (1-30, 31-60, 61-90, over 90 days), and penalties incurred
    (the deadline engine's penalty amounts). Open amount = amount - paid. A payment's order is the order of
    its id in its own folder (two reps may both number orders from 1). An open payment whose amount is
    unknown (its order's amount blank or rejected) makes its bucket unknown (None), counted in
    `payments_unknown` (domain.md "Unknown is not zero")."""
    rep_of: dict[tuple[str, str], str] = {}
    acc: dict[str, dict[str, Any]] = defaultdict(lambda: {"orders_overdue": 0, "receivable_due": Decimal("0.00"), "penalties": Decimal("0.00"),
                                                          **{b: Decimal("0.00") for b, _ in BUCKETS}, "payments_unknown": 0})
    for result in deadlines.rows["orders"]:
        rep = text(result.row.owner_rep)
        rep_of.setdefault((folder_of(result.table), text(result.row.order_id)), rep)
        for key in (rep, "*"):
            acc[key]["orders_overdue"] += 1 if result.values.get("overdue") else 0
            acc[key]["penalties"] += result.values.get("penalty_amount") or Decimal(0)
    for result in deadlines.rows["payments"]:
        status, amount, due_on = result.values.get("status"), result.values.get("amount"), result.values.get("due_on")
        if status not in ("due", "overdue", "part_paid"):
            continue
        rep = rep_of.get((folder_of(result.table), text(result.row.order_id)), "")
        if status == "overdue" and isinstance(due_on, date):
            age = (today - due_on).days
            bucket = next(b for b, limit in BUCKETS if limit is None or age <= limit)
        else:
            bucket = "receivable_due"
        for key in (rep, "*"):
            if not isinstance(amount, Decimal):
                acc[key][bucket] = None
                acc[key]["payments_unknown"] += 1
            elif acc[key][bucket] is not None:
                acc[key][bucket] += amount - (result.row.paid_amount or Decimal(0))
    return [{"rep": rep, **values} for rep, values in sorted(acc.items(), key=lambda kv: (kv[0] == "*", kv[0]))]


def quality(issues: list[Issue], rep_of_file: dict[str, str]) -> list[Row]:
    """Issues per rep (the owner of most rows in the issue's file) and code, with their severity."""
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for issue in issues:
        counts[(rep_of_file.get(issue.file, ""), issue.file, issue.code, issue.severity.value)] += 1
    return [{"rep": rep, "file": file, "code": code, "severity": sev, "count": n} for (rep, file, code, sev), n in sorted(counts.items())]
