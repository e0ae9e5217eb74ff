"""Plausible values: the one rule for dates, amounts and terms no rep means (domain.md "Team identity and consistency").

- Dates (and date-times, by their local date) from 1 January of `plausible_first_year` (default 2000) to
  31 December of `plausible_last_year` (default 2100); settings can widen the range.
- 1899-12-30, 1899-12-31 and 1900-01-01 (serials 0 and 1, shown as 1900-01-00 / 1900-01-01) are Excel's
  empty date: reported as such (`date-empty-marker`, the parsers' code: core/stamps.py), not as a date; this
  catches the marker where a reader hands over a date rather than the text or serial the parsers see.
- Money (a MONEY column) from 0.01 to 1e12 where an amount is given (0 stays: "nothing paid"; 1e12 and more
  is already `value-too-large` when read).
- Working-day terms (`due_in_working_days`) up to `plausible_max_term_days` (default 3,650).

An implausible value is an issue on its own cell and is then left out (the cell reads as empty) so that the
row's other values and every other row are computed as usual: one order dated 9999-12-31 must not take
every payment reminder with it. `screen` is run once per load (io/load.py), so check, refresh, quote,
summary and forms all see the same verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any, Iterable

from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.stamps import EMPTY_DATE_MARKER
from ..core.tables import Tables
from ..i18n import both
from ..schema.types import Column, ColumnType

EXCEL_EMPTY_DAYS = frozenset({date(1899, 12, 30), date(1899, 12, 31), date(1900, 1, 1)})
TERM_COLUMNS = {("payments", "due_in_working_days")}
# Dates of the past by nature (a contact's birthday, a company founded in 1985): only Excel's empty date and
# the latest bound apply to them.
HISTORIC_COLUMNS = {("customers", "contact_birthday"), ("customers", "company_anniversary")}
CODES = (EMPTY_DATE_MARKER, "date-implausible", "amount-implausible", "term-implausible")


@dataclass(frozen=True)
class Bounds:
    """The plausible range of one run: dates inclusive, money from `money_min` (CNY), terms in working days."""

    earliest: date = date(2000, 1, 1)
    latest: date = date(2100, 12, 31)
    money_min: Decimal = Decimal("0.01")
    max_term_days: int = 3650


def _int(value: Any, default: int) -> int:
    try:
        return int(value) if value is not None and value != "" else default
    except (TypeError, ValueError):
        return default


def bounds_from_settings(settings: Any) -> Bounds:
    """Bounds from the settings sheet (`plausible_first_year`, `plausible_last_year`, `plausible_max_term_days`).

    Settings only widen the range: a first year after 2000 or a last year before 2100 is ignored."""
    first = min(_int(getattr(settings, "plausible_first_year", None), 2000), 2000)
    last = max(_int(getattr(settings, "plausible_last_year", None), 2100), 2100)
    term = max(_int(getattr(settings, "plausible_max_term_days", None), 3650), 3650)
    return Bounds(date(max(first, 1), 1, 1), date(min(last, 9999), 12, 31), max_term_days=term)


def verdict(kind: ColumnType | str, value: object, bounds: Bounds) -> tuple[str, tuple[str, str]] | None:
    """(code, (zh, en) detail) when `value` of a column of `kind` is implausible, else None.

    `kind` is a ColumnType, "term" for a working-day term, or "historic" for a date of the past by nature."""
    if kind == "historic":
        return verdict(ColumnType.DATE, value, Bounds(date(1900, 1, 2), bounds.latest)) if isinstance(value, date) else None
    if kind == "term":
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value > bounds.max_term_days:
            return "term-implausible", both("at most {n} working days", n=bounds.max_term_days)
        return None
    if kind in (ColumnType.DATE, ColumnType.DATETIME) and isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        if day in EXCEL_EMPTY_DAYS:
            return EMPTY_DATE_MARKER, ("", "")
        if not bounds.earliest <= day <= bounds.latest:
            return "date-implausible", both("from {first} to {last}", first=bounds.earliest.isoformat(), last=bounds.latest.isoformat())
        return None
    if kind == ColumnType.MONEY and isinstance(value, Decimal) and Decimal(0) < abs(value) < bounds.money_min:
        return "amount-implausible", both("at least {min}", min=str(bounds.money_min))
    return None


def _kind(sheet: str, key: str, column_type: ColumnType) -> ColumnType | str:
    if (sheet, key) in TERM_COLUMNS:
        return "term"
    return "historic" if (sheet, key) in HISTORIC_COLUMNS else column_type


def judge(sheet: str, column: Column, value: object, bounds: Bounds) -> tuple[str, tuple[str, str]] | None:
    """`verdict` for a value of `column` on a sheet of kind `sheet` (e.g. "orders"): what `tidy` asks before it
    turns typed text into a value (a 9999-12-31 typed as text stays text, reported)."""
    return verdict(_kind(sheet, column.key, column.type), value, bounds)


_LAST_EMPTY_DAY = max(EXCEL_EMPTY_DAYS)


def _suspects(kind: ColumnType | str, values: list[object], bounds: Bounds) -> Iterable[int]:
    """The positions of `values` where `verdict` may find something: none for a column of dates all within the
    bounds (one min and max, in C) or of amounts none of which is below the least; every value present otherwise."""
    present = [v for v in values if v is not None]
    if not present:
        return ()
    types = set(map(type, present))
    if kind in (ColumnType.DATE, ColumnType.DATETIME) and bounds.earliest > _LAST_EMPTY_DAY:  # Excel's empty days lie outside
        if kind == ColumnType.DATE and types == {date}:
            low, high = min(present), max(present)  # type: ignore[type-var]
        elif kind == ColumnType.DATETIME and types == {datetime} and len(set(map(attrgetter("tzinfo"), present))) == 1:
            low, high = min(present).date(), max(present).date()  # type: ignore[type-var,attr-defined]  # one zone: wall-clock order
        else:
            return [i for i, v in enumerate(values) if v is not None]
        if bounds.earliest <= low and high <= bounds.latest:  # type: ignore[operator]
            return ()
        return [i for i, v in enumerate(values) if v is not None]
    if kind == ColumnType.MONEY and types == {Decimal}:
        least = bounds.money_min
        return [i for i, v in enumerate(values) if v is not None and v and -least < v < least]  # type: ignore[operator]
    return [i for i, v in enumerate(values) if v is not None]


def screen(tables: Tables, settings: Any) -> list[Issue]:
    """Every implausible value of every table: one issue on its cell, and the value left out of the row.

    Replaces the row models in memory only (the cell reads as empty); the workbook is never changed."""
    bounds = bounds_from_settings(settings)
    issues: list[Issue] = []
    for table in tables.tables:
        checked = [(c.key, _kind(table.spec.key, c.key, c.type)) for c in table.spec.columns
                   if not c.computed and ((table.spec.key, c.key) in TERM_COLUMNS or c.type in (ColumnType.DATE, ColumnType.DATETIME, ColumnType.MONEY))]
        if not checked or table.spec.key_value:
            continue
        rows = table.rows
        suspects: set[int] = set()
        for key, kind in checked:
            suspects.update(_suspects(kind, [row.__dict__.get(key) for row in rows], bounds))
        for position in sorted(suspects):  # the rows a value may be implausible in; every other row is plausible throughout
            row = rows[position]
            values = row.__dict__
            left_out: dict[str, None] = {}
            for key, kind in checked:
                value = values.get(key)
                if value is None:
                    continue
                found = verdict(kind, value, bounds)
                if found is None:
                    continue
                code, detail = found
                shown = value.date().isoformat() if isinstance(value, datetime) else value
                issues.append(issue_at(table, row.row, key, code, detail, shown))
                left_out[key] = None
            if left_out:
                table.rows[position] = row.model_copy(update=left_out)
    return issues
