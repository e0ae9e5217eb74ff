"""The working-day calendar: official holidays and worked weekends, plus the company's overrides.

Built once per run from the `holidays` library (China by default: statutory
holidays and the weekend days that are worked, 调休) and the settings'
calendar_overrides, then passed to every rule; tests hand in their own.

A year past the library's last official schedule uses the library's
rule-based estimate (no worked weekends) and is reported once, as a
`calendar-unofficial-year` warning, unless the company's overrides rule on
every day the estimate marks as a holiday in that year (the official notice
typed in: each estimated holiday confirmed or moved).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Protocol

import holidays

from ..core.issues import Issue, file_issue
from ..i18n import both

DEFAULT_HOURS = ((time(9), time(12)), (time(13, 30), time(18)))
MAX_SEARCH_DAYS = 3660  # a clock never needs more than ten years of days


class WorkCalendar(Protocol):
    zone: tzinfo

    def is_working_day(self, day: date) -> bool: ...

    def add_working_days(self, day: date, n: int) -> date: ...

    def working_time_between(self, start: datetime, end: datetime) -> timedelta: ...

    def add_working_time(self, start: datetime, delta: timedelta) -> datetime: ...


def parse_hours(text: str) -> tuple[tuple[time, time], ...] | None:
    """`09:00-12:00,13:30-18:00` -> ((09:00, 12:00), (13:30, 18:00)); None when unreadable."""
    spans = []
    for part in re.split(r"[,，;；\s]+", text.strip()):
        if not part:
            continue
        match = re.fullmatch(r"(\d{1,2})[:：](\d{2})\s*[-–~至]\s*(\d{1,2})[:：](\d{2})", part)
        if not match:
            return None
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59 or (h1, m1) >= (h2, m2):
            return None
        spans.append((time(h1, m1), time(h2, m2)))
    spans.sort()
    if not spans or any(a[1] > b[0] for a, b in zip(spans, spans[1:])):
        return None
    return tuple(spans)


@dataclass
class OfficialCalendar:
    """WorkCalendar over a `holidays` country calendar; remembers which estimated years it was asked about."""

    zone: tzinfo
    country: str = "CN"
    overrides: dict[date, bool] = field(default_factory=dict)  # True: a working day, False: a day off
    hours: tuple[tuple[time, time], ...] = DEFAULT_HOURS
    unofficial_years: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._lib = holidays.country_holidays(self.country)
        special = getattr(self._lib, "special_public_holidays", None) or getattr(self._lib, "special_holidays", None) or {}
        # Countries whose schedule is set by yearly notices (China) list them per year; others follow fixed rules.
        self.last_official_year: int | None = max(special) if special else None
        self._checked: dict[int, bool] = {}
        self._days: dict[date, bool] = {}  # memo: a run asks about the same few hundred days again and again
        self._estimated_years: set[int] = set()

    def _estimated(self, year: int) -> bool:
        if year not in self._checked:
            self._checked[year] = self.last_official_year is not None and year > self.last_official_year and not self.covered(year)
        return self._checked[year]

    def covered(self, year: int) -> bool:
        """Every day the library estimates as a holiday in `year` has an override: the company typed the notice."""
        estimated = list(holidays.country_holidays(self.country, years=year))
        return bool(estimated) and all(day in self.overrides for day in estimated)

    def is_working_day(self, day: date) -> bool:
        known = self._days.get(day)
        if known is None:
            known = self._days[day] = self._working(day)
        if day.year in self._estimated_years:
            self.unofficial_years.add(day.year)
        return known

    def _working(self, day: date) -> bool:
        if self._estimated(day.year):
            self._estimated_years.add(day.year)
        if day in self.overrides:
            return self.overrides[day]
        return bool(self._lib.is_working_day(day))

    def add_working_days(self, day: date, n: int) -> date:
        """The nth working day after `day` (the day itself is not counted); `day` for n = 0.

        An index lookup in the day table (per year, the sorted ordinals of its working days, built once
        for each year a rule reaches), not a walk day by day: the same answers as counting the days one
        by one with `is_working_day`, 调休 and the company's overrides included (domain.md "Deadlines":
        payment terms in working days). Raises ValueError when the nth working day lies more than
        MAX_SEARCH_DAYS after `day`, OverflowError past 9999-12-31. Remembered per (day, n): 200k
        payment milestones share a few thousand."""
        cache = self.__dict__.setdefault("_added", {})
        found = cache.get((day, n))
        if found is None:
            found = cache[(day, n)] = self._add_working_days(day, n)
        return found

    def _add_working_days(self, day: date, n: int) -> date:
        if n <= 0:
            return day
        start = day.toordinal()
        limit = start + MAX_SEARCH_DAYS  # the last day a walk of MAX_SEARCH_DAYS steps reaches (its answer must lie before it)
        if start >= date.max.toordinal():
            raise OverflowError("date value out of range")  # as a walk past 9999-12-31 fails
        first = date.fromordinal(start + 1).year
        year, left = first, n
        while True:
            work = self._year_table(year)
            at = bisect_right(work, start)
            if left <= len(work) - at:
                found = work[at + left - 1]
                break
            left -= len(work) - at
            if year >= date.max.year:
                self._report_years(first, year)
                raise OverflowError("date value out of range")
            if date(year, 12, 31).toordinal() >= limit:
                self._report_years(first, date.fromordinal(limit).year)
                raise ValueError(f"no {n} working days within {MAX_SEARCH_DAYS} days of {day}")
            year += 1
        if found >= limit:
            self._report_years(first, date.fromordinal(limit).year)
            raise ValueError(f"no {n} working days within {MAX_SEARCH_DAYS} days of {day}")
        result = date.fromordinal(found)
        self._report_years(first, result.year)
        return result

    def _report_years(self, first: int, last: int) -> None:
        """A walk from `first` to `last` asked about a day of each of these years: the estimated ones are reported."""
        for year in range(first, last + 1):
            if self._estimated(year):
                self._estimated_years.add(year)
                self.unofficial_years.add(year)

    def _year_table(self, year: int) -> list[int]:
        """The day table's row for `year`: the ordinals of its working days, ascending (built once, unreported)."""
        tables: dict[int, list[int]] = self.__dict__.setdefault("_tables", {})
        work = tables.get(year)
        if work is None:
            work = tables[year] = []
            day, end, one = date(year, 1, 1), date(year, 12, 31), timedelta(days=1)
            while True:
                known = self._days.get(day)
                if known is None:
                    known = self._days[day] = self._working(day)
                if known:
                    work.append(day.toordinal())
                if day == end:
                    break
                day += one
        return work

    def _spans(self, day: date) -> list[tuple[datetime, datetime]]:
        if not self.is_working_day(day):
            return []
        return [(datetime.combine(day, a, self.zone), datetime.combine(day, b, self.zone)) for a, b in self.hours]

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        total = timedelta()
        if end <= start:
            return total
        day = start.astimezone(self.zone).date()
        last = end.astimezone(self.zone).date()
        while day <= last:
            for a, b in self._spans(day):
                lo, hi = max(a, start), min(b, end)
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return total

    def add_working_time(self, start: datetime, delta: timedelta) -> datetime:
        """The moment `delta` of working time after `start` (a start outside working hours waits for the next span)."""
        left = delta
        day = start.astimezone(self.zone).date()
        for _ in range(MAX_SEARCH_DAYS):
            for a, b in self._spans(day):
                lo = max(a, start)
                if b <= lo:
                    continue
                if lo + left <= b:
                    return lo + left
                left -= b - lo
            day += timedelta(days=1)
        raise ValueError(f"no {delta} of working time within {MAX_SEARCH_DAYS} days of {start}")

    def warnings(self) -> list[Issue]:
        """One `calendar-unofficial-year` warning per estimated year a rule asked about."""
        issues = []
        for year in sorted(self.unofficial_years):
            issues.append(
                file_issue(
                    "calendar",
                    "calendar-unofficial-year",
                    *both("The official {year} holiday schedule is not known yet: estimated by rule (no worked weekends); "
                          "type it into the Calendar overrides sheet once published.", year=year),
                )
            )
        return issues


def build_calendar(zone: tzinfo, country: str, overrides: dict[date, bool], hours_text: str | None) -> tuple[OfficialCalendar, list[Issue]]:
    """The run's calendar from settings; an unknown country or unreadable hours fall back to the defaults, with an issue."""
    issues: list[Issue] = []
    code = (country or "CN").strip().upper()
    if code not in holidays.list_supported_countries():
        issues.append(file_issue("calendar", "calendar-country-unknown", *both("Calendar country '{country}' not supported: China (CN) used.", country=country)))
        code = "CN"
    hours = parse_hours(hours_text) if hours_text else DEFAULT_HOURS
    if hours is None:
        issues.append(file_issue("calendar", "business-hours-unreadable", *both("Business hours '{hours}' not understood: 09:00-12:00,13:30-18:00 used.", hours=hours_text)))
        hours = DEFAULT_HOURS
    return OfficialCalendar(zone=zone, country=code, overrides=dict(overrides), hours=hours), issues
