"""Cross-row rules: duplicates, unknown references, payment shares; `(tables) -> issues`."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Callable, Iterable

from ..core.identity import CustomerIndex
from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.tables import Tables
from ..domain.units import divisible
from ..i18n import both, both_with
from ..schema import all_sheets
from .requirements import requirement_rules

CrossRule = Callable[[Tables], Iterable[Issue]]


def ids_of(tables: Tables, sheet_key: str, id_column: str) -> set[object]:
    return {getattr(row, id_column) for _, row in tables.rows(sheet_key) if getattr(row, id_column, None) is not None}


def duplicate_ids(tables: Tables) -> Iterable[Issue]:
    """An id on a second row of its sheet kind. A customer id counts per rep (domain.md "Team identity and
    consistency": two reps who both number from C0001 keep two customers; core/identity.py); every other id
    across the run."""
    index = CustomerIndex()
    for spec in all_sheets():
        if not spec.id_column:
            continue
        first_seen: dict[object, tuple[str, int]] = {}
        for table, row in tables.rows(spec.key):
            value = getattr(row, spec.id_column, None)
            if value is None:
                continue
            seen = index.key_of_customer(table, row) if spec.key == "customers" else value
            if seen in first_seen:
                where = f"{first_seen[seen][0]}!{first_seen[seen][1]}"
                yield issue_at(table, row.row, spec.id_column, "duplicate-id", both("already at {where}", where=where), value)
            else:
                first_seen[seen] = (f"{table.file}:{table.sheet}", row.row)


def unknown_references(tables: Tables) -> Iterable[Issue]:
    """Only checked when the referenced sheet was loaded too (e.g. the same folder)."""
    known: dict[str, set[object]] = {}
    for spec in all_sheets():
        for column in spec.columns:
            if not column.ref or not tables.of(column.ref):
                continue
            target = next(s for s in all_sheets() if s.key == column.ref)
            if column.ref not in known:
                known[column.ref] = ids_of(tables, target.key, target.id_column or column.key)
            for table, row in tables.rows(spec.key):
                value = getattr(row, column.key, None)
                if value is not None and value not in known[column.ref]:
                    yield issue_at(table, row.row, column.key, "unknown-reference", both_with(lambda _: _("not in {sheet}", sheet=target.title(_.lang))), value)  # noqa: B023 (called at once)


def payment_shares(tables: Tables) -> Iterable[Issue]:
    groups: dict[object, list] = defaultdict(list)
    for table, row in tables.rows("payments"):
        if getattr(row, "order_id", None) is not None:
            groups[row.order_id].append((table, row))
    for order_id, rows in groups.items():
        total = sum((getattr(r, "share", None) or Decimal(0) for _, r in rows), Decimal(0))
        if abs(total - 1) > Decimal("0.0001"):
            table, first = rows[0]
            yield issue_at(table, first.row, "share", "payment-shares-sum", both("order {order_id} adds up to {total:.2%}", order_id=order_id, total=total))


def whole_quantities(tables: Tables) -> Iterable[Issue]:
    """An order line's quantity is whole unless its unit (the line's, else the price list's) allows
    decimals (8.1 kg: domain/units.py)."""
    units = {row.sku: row.unit for _, row in tables.rows("price_list") if row.sku is not None and row.unit}
    for table, row in tables.rows("order_lines"):
        qty = row.qty
        if qty is None or qty == int(qty):
            continue
        unit = row.unit or units.get(row.sku)
        if not divisible(unit):
            yield issue_at(table, row.row, "qty", "qty-not-whole", both("unit: {unit}", unit=unit or "-"), qty)


CROSS_RULES: tuple[CrossRule, ...] = (duplicate_ids, unknown_references, payment_shares, whole_quantities, requirement_rules)
