"""Small shared helpers of the summary: months, exact ratios, the team key."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

TEAM = "*"  # the team's rows use rep "*"
CENT = Decimal("0.01")
RATIO = Decimal("0.0001")
MAX_MONTHS = 120  # the most months a summary lays side by side (ten years; --months beyond it is refused)


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_back(month: date, n: int) -> list[date]:
    """The month and the n-1 before it, oldest first."""
    return [add_months(month, -k) for k in range(n - 1, -1, -1)]


def label(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def ratio(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part / whole to 4 decimal places (half-up); None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(RATIO, ROUND_HALF_UP)


def money_div(amount: Decimal | int, count: Decimal | int) -> Decimal | None:
    """An amount per unit, half-up to 0.01; None when count is 0."""
    if not count:
        return None
    return (Decimal(amount) / Decimal(count)).quantize(CENT, ROUND_HALF_UP)


def text(value: object) -> str:
    return "" if value is None else str(value).strip()
