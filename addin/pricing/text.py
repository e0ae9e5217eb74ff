"""Formatting money and rates for people, in one place."""

from __future__ import annotations

from decimal import Decimal

from ..core.values import money


def yuan(value: Decimal) -> str:
    return f"¥{money(value):,.2f}"


def pct(rate: Decimal) -> str:
    """0.03 -> '3%', 0.125 -> '12.5%', 0.10604 -> '10.6%' (at most two decimals)."""
    scaled = (rate * 100).quantize(Decimal("0.01")).normalize()
    return f"{scaled:f}%"


def qty(value: int | Decimal) -> str:
    return f"{value:,}"
