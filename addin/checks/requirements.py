"""Requirement confirmation rules (需求确认): run by `check` on every requirement row and by the forms.

Installation in scope without an installation-complete date; installation
complete before arrival; a response promise faster than the company can
give (settings `fastest_response_hours`); a quantity that differs from the
quote's (or the order's) line for that SKU.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Iterable

from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.settings import read_settings
from ..core.tables import RowModel, Table, Tables
from ..i18n import both


def _hours(value: Decimal) -> str:  # 2, 0.5, 8.1: no trailing zeros
    return f"{value.normalize():f}"


def _quantities(tables: Tables, sheet: str, key: str) -> dict[str, dict[str, Decimal]]:
    """Quote or order id -> SKU -> quantity on its lines (order lines may hold 8.1 kg: a Decimal)."""
    totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for _, line in tables.rows(sheet):
        ref = getattr(line, key, None)
        if ref and line.sku and isinstance(line.qty, (int, Decimal)) and not isinstance(line.qty, bool):
            totals[ref][line.sku] += Decimal(line.qty)
    return totals


def fastest_response(tables: Tables) -> Decimal:
    settings, _ = read_settings(tables)
    return Decimal(str(getattr(settings, "fastest_response_hours", None) or 1))


def requirement_checks(tables: Tables, rows: list[tuple[Table, RowModel]], fastest: Decimal) -> list[Issue]:
    """The checks, each pointing at the cell to fix."""
    quoted, ordered = _quantities(tables, "quote_lines", "quote_id"), _quantities(tables, "order_lines", "order_id")
    quote_of = {r.order_id: r.quote_id for _, r in tables.rows("orders") if r.order_id and r.quote_id}
    issues: list[Issue] = []
    for table, r in rows:
        if r.installation and r.install_date is None:
            issues.append(issue_at(table, r.row, "install_date", "requirement-install-date-missing"))
        if r.install_date and r.arrival_date and r.install_date < r.arrival_date:
            issues.append(issue_at(table, r.row, "install_date", "requirement-install-before-arrival", both("arrival {d}", d=r.arrival_date.isoformat()), r.install_date))
        if r.response_hours is not None and r.response_hours < fastest:
            issues.append(issue_at(table, r.row, "response_hours", "requirement-response-too-strict", both("fastest we can promise: {h} h", h=_hours(fastest)), r.response_hours))
        if not r.sku or not isinstance(r.qty, int):
            continue
        quote_id = r.quote_id or quote_of.get(r.order_id)
        for lines, ref in ((quoted, quote_id), (ordered, r.order_id)):
            if ref and ref in lines and lines[ref].get(r.sku, Decimal(0)) != r.qty:
                issues.append(issue_at(table, r.row, "qty", "requirement-qty-differs", both("{ref}: {qty}", ref=ref, qty=_hours(lines[ref].get(r.sku, Decimal(0)))), r.qty))
    return issues


def requirement_rules(tables: Tables) -> Iterable[Issue]:
    rows = list(tables.rows("requirements"))
    return requirement_checks(tables, rows, fastest_response(tables)) if rows else []
