"""Quote turnaround for the manager summary (报价时效): the median and the share within the target.

The seed's goal: quoting "from 2 days to 2 hours" (domain.md section 5).
Per month (of `requested_at`, in the configured zone), per owner rep and
for the team (rep "*"): how many quotes have a turnaround (pricing/turnaround.py:
working hours from `requested_at` to `sent_at`), their median, how many
took at most the settings' `quote_target_hours` (default 2) and that share.
Months without a measured quote have no row. Pure.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ..core.tables import Tables
from ..domain.calendar import WorkCalendar
from ..i18n import Translator
from ..pricing.turnaround import median, turnaround_of
from .common import TEAM, label, month_start, ratio, text


def quote_turnaround(tables: Tables, calendar: WorkCalendar, months: list[date], settings: Any) -> list[dict[str, Any]]:
    target = Decimal(str(getattr(settings, "quote_target_hours", None) or "2"))
    wanted = set(months)
    hours: dict[tuple[str, date], list[Decimal]] = defaultdict(list)
    for table, row in tables.rows("quotes"):
        measured, _issue = turnaround_of(table, row, calendar)  # the issue is quote's to report; here the quote is just not measured
        if measured is None or not isinstance(row.requested_at, datetime):
            continue
        month = month_start(row.requested_at.astimezone(calendar.zone).date())
        if month in wanted:
            for rep in (text(row.owner_rep), TEAM):
                hours[(rep, month)].append(measured)
    rows = []
    for (rep, month), values in sorted(hours.items(), key=lambda kv: (kv[0][1], kv[0][0] == TEAM, kv[0][0])):
        within = sum(1 for v in values if v <= target)
        rows.append({
            "rep": rep,
            "month": label(month),
            "quotes": len(values),
            "median_hours": median(values),
            "within_target": within,
            "within_target_share": ratio(within, len(values)),
            "target_hours": target,
        })
    return rows


def turnaround_facts(rows: list[dict[str, Any]], month: date, _: Translator) -> list[tuple[str, str]]:
    """The team's quote turnaround of the month (summary/quotes.py) as two of About's cells; none when nothing was measured."""
    team = team_line(rows, month)
    if team is None:
        return []
    share = f"{team['within_target_share'] * 100:.0f}%" if team["within_target_share"] is not None else "-"
    target = format(team["target_hours"].normalize(), "f")
    return [(_("Quote turnaround, median (working hours)"), f"{team['median_hours']} ({team['quotes']})"),
            (_("Quotes within {hours} working hours", hours=target), share)]


def team_line(rows: list[dict[str, Any]], month: date) -> dict[str, Any] | None:
    """The team's row of `month`, for the About tab's cells."""
    return next((r for r in rows if r["rep"] == TEAM and r["month"] == label(month)), None)
