"""Quote turnaround (报价时效): working hours from the customer's request to the quote sent.

The seed's process goal (domain.md section 5): the quote calculator cuts
quoting "from 2 days to 2 hours". A quote's turnaround is the working time
between its `requested_at` and its `sent_at` (both typed on the quote row),
counted in the company's business hours on its working calendar
(domain/calendar.py: the settings' `business_hours`, statutory holidays and
调休 days), in hours rounded half-up to 0.01. A request at 17:00 answered
at 10:00 the next working day took 2 working hours, not 17. Either time
blank: no turnaround (nothing to measure, no error); sent before requested:
an error on the quote row, no turnaround.

Pure: rows and a calendar in, hours and issues out.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.tables import RowModel, Table, Tables
from ..domain.calendar import WorkCalendar
from ..i18n import both
from .quote import QuotePrice

HOUR = Decimal(3600)
CENT = Decimal("0.01")


def working_hours(requested: datetime, sent: datetime, calendar: WorkCalendar) -> Decimal:
    delta = calendar.working_time_between(requested, sent)
    seconds = Decimal(delta.days * 86400 + delta.seconds) + Decimal(delta.microseconds) / Decimal(1_000_000)
    return (seconds / HOUR).quantize(CENT, ROUND_HALF_UP)


def turnaround_of(table: Table, row: RowModel, calendar: WorkCalendar) -> tuple[Decimal | None, Issue | None]:
    """One quote row's turnaround (None when a time is missing), or the issue that stops it."""
    requested, sent = row.requested_at, row.sent_at
    if not isinstance(requested, datetime) or not isinstance(sent, datetime):
        return None, None
    if sent < requested:
        when = requested.strftime("%Y-%m-%d %H:%M")
        return None, issue_at(table, row.row, "sent_at", "quote-sent-before-request", both("requested {time}", time=when), sent)
    return working_hours(requested, sent, calendar), None


def with_turnaround(quotes: list[QuotePrice], tables: Tables, calendar: WorkCalendar) -> tuple[list[QuotePrice], list[Issue]]:
    """The quotes with their `turnaround_hours` filled in, and what stopped any of them."""
    rows = {(id(table), row.row): (table, row) for table, row in tables.rows("quotes")}
    issues: list[Issue] = []
    result = []
    for quote in quotes:
        found = rows.get((id(quote.table), quote.row))
        if found is None:
            result.append(quote)
            continue
        hours, issue = turnaround_of(*found, calendar)
        if issue is not None:
            issues.append(issue)
        result.append(quote if hours is None and quote.turnaround_hours is None else replace(quote, turnaround_hours=hours))
    return result, issues


def median(values: list[Decimal]) -> Decimal | None:
    """The middle value (the mean of the two middle ones for an even count, half-up to 0.01)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return ((ordered[middle - 1] + ordered[middle]) / 2).quantize(CENT, ROUND_HALF_UP)
