"""Small shared helpers of the summary: months, exact ratios, the team key."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

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


MONEY_PLACES = 12  # more decimal places than this are not money: amounts are cut to 12 (half-up) on both paths


def amount(value: Decimal | None) -> Decimal | None:
    """An amount as the summary counts it: exact, but no finer than MONEY_PLACES (1E-40 counts as 0; the
    columnar frames hold the same, summary/frames.py), so both paths sum the same numbers."""
    if value is None or not value.is_finite() or value.as_tuple().exponent >= -MONEY_PLACES:  # type: ignore[operator]
        return value
    with localcontext() as wide:
        wide.prec = 60
        return value.quantize(Decimal(1).scaleb(-MONEY_PLACES), ROUND_HALF_UP)
