"""Customer tiers (客户分层) from demand and capacity scores (domain.md, reference rule)."""

from __future__ import annotations


def suggest_tier(demand: int | None, capacity: int | None) -> str | None:
    """A when both scores are >= 4; C when both are <= 2; B otherwise; None without scores."""
    if demand is None or capacity is None:
        return None
    if demand >= 4 and capacity >= 4:
        return "A"
    if demand <= 2 and capacity <= 2:
        return "C"
    return "B"
