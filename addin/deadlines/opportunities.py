"""The opportunities' clocks for refresh: computed values, to-do items (next step, stale) and the close-date check.

Rules: pipeline/opportunities.py (domain.md "Pipeline and approvals").
"""

from __future__ import annotations

from decimal import Decimal

from ..core.issues import Issue
from ..core.tables import RowModel, Table
from ..pipeline.opportunities import close_past, opportunity_facts
from .rules import Contact, Rules, TodoItem, todo


def opportunity_values(table: Table, row: RowModel, rules: Rules, stale_days: int, defaults: dict[str, Decimal],
                       names: dict[str, Contact]) -> tuple[dict[str, object], list[TodoItem], list[Issue]]:
    facts = opportunity_facts(table, row, rules.today, stale_days, defaults)
    values: dict[str, object] = {"weighted_amount": facts.weighted, "stale": facts.stale, "next_due": facts.next_due,
                                 "change_fingerprint": facts.fingerprint}
    subject = " ".join(str(p) for p in (row.opportunity_id, row.lead_name if not row.customer_id else None, row.next_step) if p)
    items: list[TodoItem] = []
    if facts.next_due is not None:
        items += todo(rules, "opportunity_next_step", rules.end_of(facts.next_due), table, row, subject, names)
    if facts.stale_due is not None:
        items += todo(rules, "opportunity_stale", rules.end_of(facts.stale_due), table, row, subject, names)
    return values, items, close_past(table, row, rules.today)
