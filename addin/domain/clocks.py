"""One clock type for every deadline, and one function for its state at `as_of`.

A clock is what it is for, when it started, when it is due and when (if
ever) it was done. Its state (domain.md "Deadline details", ticket clocks):
- done at or before due: met; done after due: missed;
- open and now > due: breached;
- open and the time left <= the at-risk share of its window (exactly 25%
  left is at risk): at_risk; else open_on_time.
The window and the time left are measured by `measure`: calendar time by
default, working time for a business-hours clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Callable

from ..i18n import translator

OPEN_ON_TIME, AT_RISK, BREACHED, MET, MISSED = "open_on_time", "at_risk", "breached", "met", "missed"
OPEN_STATES = (BREACHED, AT_RISK, OPEN_ON_TIME)  # worst first
DEFAULT_AT_RISK = Decimal("0.25")

Measure = Callable[[datetime, datetime], timedelta]


def calendar_time(start: datetime, end: datetime) -> timedelta:
    return end - start


@dataclass(frozen=True)
class Clock:
    what: str  # the computed column that holds its due time, e.g. "response_due"
    started: datetime
    due: datetime
    done: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.done is None


def _micros(delta: timedelta) -> int:
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def clock_state(clock: Clock, as_of: datetime, at_risk: Decimal = DEFAULT_AT_RISK, measure: Measure = calendar_time) -> str:
    if clock.done is not None:
        return MET if clock.done <= clock.due else MISSED
    if as_of > clock.due:
        return BREACHED
    window = _micros(measure(clock.started, clock.due))
    left = _micros(measure(max(as_of, clock.started), clock.due))
    # Exact: left / window <= share, without floats.
    return AT_RISK if Decimal(left) <= at_risk * Decimal(window) else OPEN_ON_TIME


def worst(states: list[str]) -> str | None:
    """A record's status from its clocks: the worst open one; when none is open, missed if any was missed, else met."""
    for state in OPEN_STATES:
        if state in states:
            return state
    if not states:
        return None
    return MISSED if MISSED in states else MET


def duration_text(delta: timedelta, lang: str) -> str:
    """`1天2小时15分` / `1d 2h 15m`: how long a clock is overdue, in the rep's language."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    _ = translator(lang)
    units = (_("{n}d "), _("{n}h "), _("{n}m "))
    return "".join(u.format(n=n) for n, u in zip((days, hours, mins), units) if n).strip() or _("{n}m ").format(n=0).strip()
