"""The working-day table (domain/calendar.py) answers exactly as a day-by-day count would, 调休 included."""

from __future__ import annotations

import random
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from addin.domain.calendar import MAX_SEARCH_DAYS, OfficialCalendar

SH = ZoneInfo("Asia/Shanghai")


def counted(calendar: OfficialCalendar, day: date, n: int) -> date:
    """The reference: walk the days one by one (the rule as domain.md states it)."""
    current, left = day, n
    for _ in range(MAX_SEARCH_DAYS):
        if left <= 0:
            return current
        current += timedelta(days=1)
        if calendar.is_working_day(current):
            left -= 1
    raise ValueError(f"no {n} working days within {MAX_SEARCH_DAYS} days of {day}")


@pytest.mark.parametrize("overrides", [{}, {date(2026, 10, 9): False, date(2026, 10, 11): True, date(2031, 1, 2): True}])
def test_the_day_table_gives_the_counted_day_and_reports_the_same_estimated_years(overrides):
    table, reference = OfficialCalendar(SH, overrides=dict(overrides)), OfficialCalendar(SH, overrides=dict(overrides))
    rng = random.Random(7)
    cases = [(date(2023, 1, 1) + timedelta(days=rng.randint(0, 3300)), rng.choice((0, 1, 2, 3, 5, 10, 15, 30, 90, 400))) for _ in range(1500)]
    cases += [(date(2026, 9, 25) + timedelta(days=k), n) for k in range(20) for n in (1, 3, 5)]  # across the National Day 调休
    for day, n in cases:
        assert table.add_working_days(day, n) == counted(reference, day, n), (day, n)
    # the table really holds the official schedule: a worked Sunday and a weekday off around National Day 2026
    assert any(d.weekday() >= 5 and table.is_working_day(d) for d in (date(2026, 9, 20) + timedelta(days=k) for k in range(30)))
    assert not table.is_working_day(date(2026, 10, 1))
    assert table.unofficial_years == reference.unofficial_years and table.unofficial_years  # the estimated years are still reported


def test_past_the_search_limit_and_past_year_9999_fail_as_the_walk_does():
    table, reference = OfficialCalendar(SH), OfficialCalendar(SH)
    outcomes = []
    for n in range(2470, 2570, 3):  # the answer crosses MAX_SEARCH_DAYS in this range
        got = []
        for rule in (table.add_working_days, lambda d, k: counted(reference, d, k)):
            try:
                got.append(rule(date(2026, 1, 1), n))
            except ValueError as exc:
                got.append(str(exc))
        assert got[0] == got[1]
        outcomes.append(isinstance(got[0], date))
    assert True in outcomes and False in outcomes
    with pytest.raises(OverflowError):
        table.add_working_days(date(9999, 12, 20), 30)
