"""Every tab of the manager summary from tables + settings + as_of (pure)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ..core.identity import customer_index
from ..core.issues import Issue
from ..core.tables import Tables
from ..deadlines.run import Deadlines, compute_deadlines
from . import columnar as columnar_engine
from . import customers as row_customers
from . import performance as row_performance
from .common import MAX_MONTHS, label, month_start, months_back, text
from .customers import conflicts, dormant
from .front import alerts, customer_facts, kpis, last_complete_month, name_of, receivables
from .pipeline import pipeline_sections
from .playbook import complaint_causes, referral_roi
from .quality import quality
from .quotes import quote_turnaround
from .service import cash, service

SECTIONS = ("front", "alerts", "receivables", "overview", "channels", "tiers", "dormant", "churn", "preferences", "service", "cash", "quality", "conflicts")


@dataclass
class Summary:
    as_of: datetime
    month: date
    months: list[date]
    sections: dict[str, list[dict[str, Any]]]
    issues: list[Issue] = field(default_factory=list)  # the deadline engine's findings (calendar warnings ...)

    def rep_view(self, rep: str) -> "Summary":
        """The same tabs for one rep alone (the rep's own rows; no team rows)."""
        keep = {"front", "alerts", "receivables", "overview", "tiers", "cash", "quality", "dormant", "churn", "preferences", "pipeline", "forecast",
                "win_loss", "lost_reasons", "quote_outcomes"}
        sections = {k: [r for r in rows if k not in keep or r.get("rep", r.get("owner_rep")) == rep] for k, rows in self.sections.items()}
        return Summary(self.as_of, self.month, self.months, sections, self.issues)


def rep_of_files(tables: Tables) -> dict[str, str]:
    """Each file's rep: the owner of most of its customer and order rows."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for key, column in (("customers", "owner_rep"), ("orders", "owner_rep"), ("visits", "rep")):
        for table, row in tables.rows(key):
            counts[table.file][text(getattr(row, column))] += 1
    return {file: c.most_common(1)[0][0] for file, c in counts.items() if c}


def with_copies(reps: dict[str, str], issues: list[Issue]) -> dict[str, str]:
    """A copy read once has no rows of its own: its rep is its original's (the copy-of finding's value, file:sheet)."""
    out = dict(reps)
    for issue in issues:
        if issue.code == "copy-of" and issue.value and issue.file not in out:
            original = issue.value.rsplit(":", 1)[0]
            if original in reps:
                out[issue.file] = reps[original]
    return out


DEADLINE_SHEETS = ("customers", "orders", "payments", "tickets")  # the deadline engine's results the tabs read (customers, front, service)


def _for_tabs(deadlines: Deadlines) -> Deadlines:
    """The deadline engine's results the tabs read, and its findings; its to-do items, the playbook's stage messages and
    the results of other sheets (most of its memory on a team's books) are let go before the tabs are computed.
    Only for results made for the summary alone (a caller's own Deadlines is never changed)."""
    return Deadlines(deadlines.rules, {k: v for k, v in deadlines.rows.items() if k in DEADLINE_SHEETS}, [], deadlines.issues)


def compute_summary(
    tables: Tables, settings: Any, as_of: datetime, month: date | None = None, n_months: int = 6, issues: list[Issue] | None = None,
    deadlines: Deadlines | None = None, columnar: bool = True,
) -> Summary:
    """The summary of `month` (default: the last complete month before as_of; the month to date is shown
    beside it on the front sheet) and the n-1 months before it.

    Dormancy, SLA clocks, payments and penalties come from the deadline engine (compute_deadlines), never a
    second copy. `issues` (check's findings of the same tables) feed the Data quality tab. `columnar`: Overview,
    Channels, Tiers, Churn and Preferences computed on polars frames (summary/columnar.py, the default) or
    row by row (the reference definitions, kept to prove the two agree)."""
    if deadlines is None:
        deadlines = _for_tabs(compute_deadlines(tables, settings, as_of))
    today = as_of.date()
    focus = month_start(month or last_complete_month(today))
    months = months_back(focus, max(1, min(n_months, MAX_MONTHS, focus.year * 12 + focus.month - 1)))
    index = customer_index(tables)
    found, canonical = conflicts(tables, index)
    share = Decimal(str(getattr(settings, "churn_drop_share", None) or "0.30"))
    if columnar:
        frames = columnar_engine.frames_of(tables, index)
        tabs = {
            "overview": columnar_engine.overview(frames, months, canonical),
            "channels": columnar_engine.channels(frames, months, canonical),
            "tiers": columnar_engine.tiers(frames, months),
            "churn": columnar_engine.churn(frames, today, share),
            "preferences": columnar_engine.preferences(frames, today),
        }
    else:
        tabs = {
            "overview": row_performance.overview(tables, months, canonical, index),
            "channels": row_performance.channels(tables, months, canonical, index),
            "tiers": row_performance.tiers(tables, months, index),
            "churn": row_customers.churn(tables, today, share, index),
            "preferences": row_customers.preferences(tables, today, index),
        }
    sections: dict[str, list[dict[str, Any]]] = {
        "overview": tabs["overview"],
        "channels": tabs["channels"],
        "tiers": tabs["tiers"],
        "dormant": dormant(deadlines, today, canonical, index),
        "churn": tabs["churn"],
        "preferences": tabs["preferences"],
        "service": service(deadlines, months[0], as_of),
        "cash": cash(deadlines, today),
        "quality": quality(list(issues or []), tables, with_copies(rep_of_files(tables), list(issues or []))),
        "conflicts": found,
        "quotes": quote_turnaround(tables, deadlines.rules.calendar, months, settings),  # no tab of its own: About's cells, --json
        **pipeline_sections(tables, today),
        "referrals": referral_roi(tables, settings, today),  # issue 24: referral ROI per referrer, beside the channels
        "complaint_causes": complaint_causes(tables, months),  # issue 24: causes ranked by cost, then count, per month
    }
    names, owners = customer_facts(tables)
    if columnar:
        sections["front"] = kpis(lambda wanted: columnar_engine.overview(frames, wanted, canonical), focus, today)
    else:
        sections["front"] = kpis(lambda wanted: row_performance.overview(tables, wanted, canonical, index), focus, today)
    sections["receivables"] = receivables(deadlines, today, names, owners, index)
    sections["alerts"] = alerts(sections["receivables"], deadlines, sections["churn"], names, owners, as_of, index, tables)
    for row in sections["cash"]:  # per rep: everything open, as the Receivables tab per customer
        parts = [row["receivable_due"], row["overdue_1_30"], row["overdue_31_60"], row["overdue_61_90"], row["overdue_90_plus"]]
        row["outstanding"] = None if None in parts else sum(parts, Decimal("0.00"))  # unknown when a bucket is (payments_unknown)
    for row in sections["conflicts"]:
        row.setdefault("customer_names", [names.get(text(c), "") for c in row.get("customer_ids", [])])
    for key in ("churn", "preferences"):  # a name beside every customer id
        for row in sections[key]:
            row.setdefault("customer_name", name_of(index, names, text(row.get("owner_rep")), text(row.get("customer_id"))))
    return Summary(as_of, focus, months, sections, deadlines.issues)


__all__ = ["SECTIONS", "Summary", "compute_summary", "label"]
