"""Complaint review (跟进复盘, 超额补偿; domain.md §4 "root cause reviewed").

A complaint's root_cause is one of the settings' complaint causes (complaint_causes; the schema's
defaults when the sheet is absent), compared ignoring case, width and spaces; another value is
`root-cause-unknown` on its cell. compensation_cost (CNY) is what the compensation cost us.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.tables import Tables
from ..schema.playbook import COMPLAINT_CAUSES


def _norm(value: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value or "")).casefold().split())


def causes(tables: Tables) -> dict[str, str]:
    """normalised cause -> the cause as listed (the settings' list, else the schema's defaults)."""
    listed = [str(r.cause) for _, r in tables.rows("complaint_causes") if r.cause]
    listed = listed or [str(d["cause"]) for d in COMPLAINT_CAUSES.defaults]
    return {_norm(c): c for c in listed}


def cause_issues(tables: Tables) -> list[Issue]:
    """root-cause-unknown (not in the list), root-cause-missing (a complaint followed up, its review not
    recorded), compensation-cost-missing (a compensation given without its cost: the summary's cost is unknown)."""
    known = causes(tables)
    issues = []
    for table, row in tables.rows("tickets"):
        if row.root_cause and _norm(row.root_cause) not in known:
            issues.append(issue_at(table, row.row, "root_cause", "root-cause-unknown", value=row.root_cause))
        if row.kind == "complaint" and row.follow_up_at is not None and not row.root_cause:
            issues.append(issue_at(table, row.row, "root_cause", "root-cause-missing"))
        if row.compensation and row.compensation_cost is None:
            issues.append(issue_at(table, row.row, "compensation_cost", "compensation-cost-missing"))
    return issues


def complaint_causes(tables: Tables, months: list[date]) -> list[dict[str, Any]]:
    """Per month (of received_at) of `months` and root cause: complaints (`count`) and compensation cost
    (`cost`, CNY; no compensation costs 0; a compensation without its cost is unknown, never 0: counted in
    `costs_unknown` beside the known cost), ranked within the month by cost, then count (rank 1 = costliest);
    complaints without a root cause are the cause "?" (not reviewed yet; shown as "not given")."""
    known = causes(tables)
    wanted = {(m.year, m.month) for m in months}
    acc: dict[tuple[date, str], list[Decimal]] = defaultdict(list)
    unknown: dict[tuple[date, str], int] = defaultdict(int)
    for _, row in tables.rows("tickets"):
        if row.kind != "complaint" or row.received_at is None or (row.received_at.year, row.received_at.month) not in wanted:
            continue
        cause = known.get(_norm(row.root_cause), str(row.root_cause or "").strip()) or "?"
        key = (row.received_at.date().replace(day=1), cause)
        acc[key].append(row.compensation_cost or Decimal("0.00"))
        unknown[key] += 1 if row.compensation and row.compensation_cost is None else 0
    out = []
    for month in sorted({m for m, _ in acc}):
        ranked = sorted(((c, costs) for (m, c), costs in acc.items() if m == month), key=lambda t: (-sum(t[1]), -len(t[1]), t[0]))
        for rank, (cause, costs) in enumerate(ranked, 1):
            out.append({"month": f"{month.year:04d}-{month.month:02d}", "rank": rank, "root_cause": cause, "count": len(costs),
                        "cost": sum(costs, Decimal("0.00")), "costs_unknown": unknown[(month, cause)]})
    return out
