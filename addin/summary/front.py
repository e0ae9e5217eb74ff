"""What a manager reads first: the front sheet's figures (pure), receivables per customer and the top alerts.

- `kpis`: per rep and the team ("*"), the focus month (the last complete month by default) against target
  (attainment), the month before and the same month a year earlier; and the month to date beside it.
- `receivables`: per customer, the open payment milestones by age (domain.md "Payments" statuses).
- `alerts`: overdue receivables, SLA breaches and churn-risk customers, each naming the customer and the rep.

Every figure comes from the same definitions as the tabs (summary/performance.py or columnar.py through the
`overview` given, the deadline engine's payment and ticket values): the front sheet lays them side by side,
it never recomputes them another way.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Callable

from ..core.identity import CustomerIndex, folder_of
from ..core.tables import Tables
from ..deadlines.run import Deadlines
from .common import TEAM, add_months, label, money_div, ratio, text

Row = dict[str, Any]
METRICS = ("revenue", "deals", "conversion_rate", "average_order_value")
BANDS = (("overdue_1_30", 30), ("overdue_31_60", 60), ("overdue_61_90", 90), ("overdue_90_plus", None))
ALERTS_PER_KIND = 5


def last_complete_month(today: date) -> date:
    """The first day of the month before `today`'s month (December 7 -> November 1)."""
    return add_months(today.replace(day=1), -1)


def customer_facts(tables: Tables) -> tuple[dict[str, str], dict[str, str]]:
    """(name, owner rep) per customer id; the first row of a customer wins, as everywhere in the summary."""
    names: dict[str, str] = {}
    owners: dict[str, str] = {}
    for _, c in tables.rows("customers"):
        cid = text(c.customer_id)
        names.setdefault(cid, text(c.name))
        owners.setdefault(cid, text(c.owner_rep))
    return names, owners


def name_of(index: CustomerIndex | None, names: dict[str, str], rep: str, cid: str) -> str:
    """The name of the customer (rep, id) (its first row), else the first row of that id anywhere."""
    found = index.first((rep, cid)) if index is not None and rep else None
    return text(found.row.name) if found is not None else names.get(cid, "")


def _change(now: Any, before: Any) -> Decimal | None:
    """(now - before) / before, 4 places; None when either is unknown or before is 0."""
    if now is None or before is None:
        return None
    return ratio(Decimal(now) - Decimal(before), Decimal(before))


def kpis(overview: Callable[[list[date]], list[Row]], focus: date, today: date) -> list[Row]:
    """Per rep and the team: the focus month's revenue, deals, conversion_rate and average_order_value, each
    with `_target` (settings' targets; the average order's target is revenue target / deals target),
    `_attainment` (value / target, 4 places; None: no target set), `_prev` and `_vs_prev` (the month
    before), `_last_year` and `_vs_last_year` (the same month a year earlier; None where no data exists);
    and `mtd_*`: the same four for the month to date (the first of today's month to today), with
    `mtd_revenue_attainment` against that month's revenue target. `overview(months)` is the summary's own
    Overview function (the rows of those months), so the figures are the Overview tab's."""
    current = today.replace(day=1)
    months = [add_months(focus, -12), add_months(focus, -1), focus] + ([current] if current > focus else [])
    rows = overview(months)
    by: dict[tuple[str, str], Row] = {(r["rep"], r["month"]): r for r in rows}
    reps = sorted({r["rep"] for r in rows if r["rep"] != TEAM and (r["deals"] or r["visits"] or r["revenue_target"] or r["deals_target"])})
    labels = [label(m) for m in months]
    out: list[Row] = []
    for rep in [*reps, TEAM]:
        year, prev, now = (by.get((rep, m)) for m in labels[:3])
        mtd = by.get((rep, labels[3])) if len(labels) > 3 else None
        if now is None:
            continue
        avg_target = money_div(now["revenue_target"], now["deals_target"]) if now.get("revenue_target") and now.get("deals_target") else None
        targets = {"revenue": now.get("revenue_target"), "deals": now.get("deals_target"), "conversion_rate": now.get("conversion_target"),
                   "average_order_value": avg_target}
        row: Row = {"rep": rep, "month": labels[2]}
        for metric in METRICS:
            value = now.get(metric)
            target = targets[metric]
            before = prev.get(metric) if prev and (prev["deals"] or prev["visits"]) else None
            last_year = year.get(metric) if year and (year["deals"] or year["visits"]) else None
            row.update({
                metric: value,
                f"{metric}_target": target,
                f"{metric}_attainment": ratio(value, target) if value is not None and target else None,
                f"{metric}_prev": before,
                f"{metric}_vs_prev": _change(value, before),
                f"{metric}_last_year": last_year,
                f"{metric}_vs_last_year": _change(value, last_year),
            })
        row["mtd_from"], row["mtd_to"] = (current, today) if mtd is not None else (None, None)
        for metric in METRICS:
            row[f"mtd_{metric}"] = mtd.get(metric) if mtd else None
        row["mtd_revenue_target"] = mtd.get("revenue_target") if mtd else None
        row["mtd_revenue_attainment"] = (ratio(row["mtd_revenue"], row["mtd_revenue_target"])  # unknown revenue (a rejected amount): no attainment
                                         if mtd and row["mtd_revenue"] is not None and row["mtd_revenue_target"] else None)
        out.append(row)
    return out


def receivables(deadlines: Deadlines, today: date, names: dict[str, str], owners: dict[str, str], index: CustomerIndex | None = None) -> list[Row]:
    """Per customer with money open: `outstanding` (every open amount of a milestone whose trigger has
    happened: amount - paid), `not_due` (of it, still within its payment terms: due_on today or later),
    `overdue_1_30` ... `overdue_90_plus` (past due_on by that many days), `oldest_due` (the earliest
    due_on among the open items), `rep` (the order's owner rep) and `customer_name`. Money in CNY, exact.
    Statuses per domain.md "Payments": not_due (trigger not yet happened) is not a receivable yet.
    Sorted by rep, then the largest overdue first. A customer is the pair (rep, id) (core/identity.py): the
    order's customer resolved through `index`, its name from that customer's row."""
    orders: dict[tuple[str, str], tuple[str, str, str]] = {}  # (folder, order id) -> (customer id, rep, customer name)
    for result in deadlines.rows.get("orders", []):
        cid, rep = text(result.row.customer_id), text(result.row.owner_rep)
        found = index.resolve(result.table, result.row) if index is not None else None
        name = text(found.row.name) if found is not None else names.get(cid, "")
        # a payment's order is the first row of its id in its own folder, as the cash tab (service.cash) takes it
        orders.setdefault((folder_of(result.table), text(result.row.order_id)), (cid, rep, name))
    acc: dict[tuple[str, str], Row] = {}
    for result in deadlines.rows.get("payments", []):
        status, amount, due_on = result.values.get("status"), result.values.get("amount"), result.values.get("due_on")
        if status in (None, "paid", "not_due") or not isinstance(amount, Decimal):
            continue
        open_amount = amount - (result.row.paid_amount or Decimal(0))
        if open_amount <= 0:
            continue
        cid, rep, name = orders.get((folder_of(result.table), text(result.row.order_id)), ("", "", ""))
        rep = rep or owners.get(cid, "")
        row = acc.setdefault((rep, cid), {"customer_id": cid, "customer_name": name, "rep": rep,
                                   "outstanding": Decimal("0.00"), "not_due": Decimal("0.00"),
                                   **{band: Decimal("0.00") for band, _ in BANDS}, "oldest_due": None})
        row["outstanding"] += open_amount
        age = (today - due_on).days if isinstance(due_on, date) else 0
        if status == "overdue" and age > 0:
            row[next(b for b, limit in BANDS if limit is None or age <= limit)] += open_amount
        else:
            row["not_due"] += open_amount
        if isinstance(due_on, date) and (row["oldest_due"] is None or due_on < row["oldest_due"]):
            row["oldest_due"] = due_on
    rows = list(acc.values())
    for row in rows:
        row["overdue"] = sum((row[b] for b, _ in BANDS), Decimal("0.00"))
    return sorted(rows, key=lambda r: (r["rep"], -r["overdue"], -r["outstanding"], r["customer_id"]))


def alerts(receivable_rows: list[Row], deadlines: Deadlines, churn_rows: list[Row], names: dict[str, str], owners: dict[str, str], now: datetime,
           index: CustomerIndex | None = None, tables: Tables | None = None) -> list[Row]:
    """The top alerts, each naming the customer and the rep (at most 5 of each kind, worst first):

    - `overdue_receivable`: a customer's overdue money (`amount`), `days` since its oldest open due date;
    - `sla_breach`: a ticket open past one of its deadlines (the deadline engine's sla_status "breached"),
      `days` since received, `record` = the ticket id;
    - `stale_opportunity`: an open opportunity the pipeline marks stale (its computed `stale`), `amount` = its
      expected amount, `record` = the opportunity id (none before a register has an opportunities sheet);
    - `churn_risk`: a churn warning of the Churn tab (`change` = the volume change)."""
    out: list[Row] = []
    overdue = sorted((r for r in receivable_rows if r["overdue"] > 0), key=lambda r: -r["overdue"])[:ALERTS_PER_KIND]
    for r in overdue:
        out.append({"kind": "overdue_receivable", "customer_id": r["customer_id"], "customer_name": r["customer_name"], "rep": r["rep"],
                    "amount": r["overdue"], "days": (now.date() - r["oldest_due"]).days if r["oldest_due"] else None, "record": "", "change": None})
    breached: list[Row] = []
    for result in deadlines.rows.get("tickets", []):
        if result.values.get("sla_status") != "breached":
            continue
        cid = text(result.row.customer_id)
        received = result.row.received_at
        found = index.resolve(result.table, result.row) if index is not None else None
        name, rep = (text(found.row.name), found.key[0]) if found is not None else (names.get(cid, ""), owners.get(cid, ""))
        breached.append({"kind": "sla_breach", "customer_id": cid, "customer_name": name, "rep": rep or text(result.row.handler),
                         "amount": None, "days": (now.date() - received.date()).days if received else None, "record": text(result.row.ticket_id), "change": None})
    out += sorted(breached, key=lambda r: -(r["days"] or 0))[:ALERTS_PER_KIND]
    stale: list[Row] = []
    for _table, opp in (tables.rows("opportunities") if tables is not None else ()):  # once the pipeline sheet exists (workbooks.md)
        if getattr(opp, "stale", None) is True and getattr(opp, "stage", None) not in ("won", "lost"):
            cid = text(getattr(opp, "customer_id", None))
            rep = text(getattr(opp, "owner_rep", None))
            stale.append({"kind": "stale_opportunity", "customer_id": cid, "customer_name": name_of(index, names, rep, cid) or text(getattr(opp, "lead_name", None)),
                          "rep": rep, "amount": getattr(opp, "expected_amount", None), "days": None, "record": text(getattr(opp, "opportunity_id", None)), "change": None})
    out += sorted(stale, key=lambda r: -(r["amount"] or 0))[:ALERTS_PER_KIND]
    churn = sorted(churn_rows, key=lambda r: r.get("volume_change") or Decimal(0))[:ALERTS_PER_KIND]
    for r in churn:
        cid = text(r.get("customer_id"))
        out.append({"kind": "churn_risk", "customer_id": cid, "customer_name": name_of(index, names, text(r.get("owner_rep")), cid), "rep": text(r.get("owner_rep")),
                    "amount": r.get("volume_recent"), "days": None, "record": "", "change": r.get("volume_change")})
    return out

