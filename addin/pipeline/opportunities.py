"""Opportunities (商机): weighted amount, staleness, the next due date, to-do items and their checks.

domain.md "Pipeline and approvals": weighted amount = expected_amount x
probability (the row's own, else the stage's default from the settings'
pipeline_stages sheet, else lead 10% .. won 100%, lost 0%). An open
opportunity (lead .. negotiating) is stale when nothing on its row changed
for `opportunity_stale_days` (default 14) or its next_step_due has passed.

"Nothing changed" is seen through salesdesk's fingerprint of the row, kept
in the row itself (the computed, read-back column `change_fingerprint`:
"<date of the last change seen> · <hash of every typed value>"). A run that
finds the hash unchanged keeps the date; a changed row gets the run's date.
A row never fingerprinted counts from its created_on (the last change
known), so a first run already shows the opportunities left alone for
weeks. Clocks: the next step (due at the end of next_step_due) and the
stale clock (the end of the day N days after the last change) reach the
to-do list like every other clock.

Checks (`check`): a won opportunity names its quote (`opportunity-won-without-quote`);
a lost one its reason (`opportunity-lost-without-reason`). With the run's
date (`refresh`): an open one whose expected close has passed
(`opportunity-close-past`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Iterable

from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.tables import RowModel, Table, Tables
from ..core.values import money
from ..i18n import both
from ..schema.pipeline import DEFAULT_PROBABILITY, OPEN_STAGES

SEPARATOR = " · "


@dataclass(frozen=True)
class OpportunityFacts:
    """One row's computed facts: the values written back and what the to-do list and summary use."""

    probability: Decimal | None
    weighted: Decimal | None
    last_change: date | None
    stale: bool
    stale_due: date | None  # the day it becomes (became) stale for want of a change
    next_due: date | None
    fingerprint: str


def stage_probabilities(tables: Tables) -> dict[str, Decimal]:
    """stage -> default probability: the settings' pipeline_stages rows over the domain defaults."""
    found = dict(DEFAULT_PROBABILITY)
    for _, row in tables.rows("pipeline_stages"):
        if row.stage and row.probability is not None:
            found[row.stage] = row.probability
    return found


def probability_of(row: RowModel, defaults: dict[str, Decimal]) -> Decimal | None:
    if row.probability is not None:
        return row.probability
    return defaults.get(row.stage) if row.stage else None


def row_hash(table: Table, row: RowModel) -> str:
    """12 hex digits over every typed (not computed) value of the row."""
    parts = [f"{c.key}={getattr(row, c.key, None)!r}" for c in table.spec.columns if not c.computed]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]


def last_change(kept: str | None, now_hash: str, created: date | None, today: date) -> date:
    """The date of the last change seen: kept while the hash is the same, else today; never seen: created_on."""
    if kept and SEPARATOR in kept:
        day, _, old = kept.rpartition(SEPARATOR)
        try:
            seen = date.fromisoformat(day.strip())
        except ValueError:
            return today
        return seen if old.strip() == now_hash else today
    return min(created, today) if created is not None else today


def opportunity_facts(table: Table, row: RowModel, today: date, stale_days: int, defaults: dict[str, Decimal]) -> OpportunityFacts:
    probability = probability_of(row, defaults)
    weighted = money(row.expected_amount * probability) if row.expected_amount is not None and probability is not None else None
    digest = row_hash(table, row)
    changed = last_change(row.change_fingerprint, digest, row.created_on, today)
    open_ = row.stage in OPEN_STAGES
    stale_due = changed + timedelta(days=stale_days) if open_ else None
    overdue_step = open_ and row.next_step_due is not None and row.next_step_due < today
    stale = bool(open_ and ((stale_due is not None and stale_due <= today) or overdue_step))
    return OpportunityFacts(probability, weighted, changed, stale, stale_due, row.next_step_due if open_ else None,
                            f"{changed.isoformat()}{SEPARATOR}{digest}")


def close_past(table: Table, row: RowModel, today: date) -> list[Issue]:
    """An open opportunity whose expected close has passed: move the date or close it."""
    if row.stage in OPEN_STAGES and row.expected_close is not None and row.expected_close < today:
        return [issue_at(table, row.row, "expected_close", "opportunity-close-past", both("today {date}", date=today), row.expected_close)]
    return []


def closes_past(tables: Tables, today: date) -> list[Issue]:
    """close_past over every opportunity read (for `check`, which knows "today" too)."""
    return [issue for table, row in tables.rows("opportunities") for issue in close_past(table, row, today)]


def outcome_checks(table: Table, row: RowModel) -> Iterable[Issue]:
    """Row rule (checks): won names its quote; lost gives its reason."""
    if row.stage == "won" and not row.quote_id:
        yield issue_at(table, row.row, "quote_id", "opportunity-won-without-quote", value=row.opportunity_id)
    if row.stage == "lost" and not (row.lost_reason or "").strip():
        yield issue_at(table, row.row, "lost_reason", "opportunity-lost-without-reason", value=row.opportunity_id)


def quote_outcome_checks(table: Table, row: RowModel) -> Iterable[Issue]:
    """Row rule (checks): a quote marked lost gives its reason (the summary ranks them)."""
    if row.status == "lost" and not (row.lost_reason or "").strip():
        yield issue_at(table, row.row, "lost_reason", "quote-lost-without-reason", value=row.quote_id)


def closed_on(row: RowModel) -> date | None:
    """When a won or lost opportunity closed: closed_on, else its expected close."""
    return row.closed_on or row.expected_close


def as_date(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment
