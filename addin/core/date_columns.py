"""A column of text dates read in the order its clear values show (issue 10, item 5).

`13/01/2023` can only be day-first; `01/12/2023` could be either. When every
clear d/m/y value of a column is day-first (or every one month-first, as in
US exports) and none says otherwise, the column's ambiguous values are read
the same way, with one warning for the column (`date-order-inferred`)
instead of one `date-ambiguous` error per cell. A column whose clear values
disagree keeps its per-cell errors: nothing is guessed.
"""

from __future__ import annotations

from datetime import tzinfo

from ..i18n import both
from ..schema.types import Column
from .fastpath import convert_column
from .values import _DMY_OR_MDY, Parsed


def both_orders(order: str) -> tuple[str, str]:
    """The (zh, en) detail of the column's warning."""
    return both("read day-first, like 13/01/2023") if order == "day" else both("read month-first, like 01/13/2023")


def _order(raw: object) -> str | None:
    m = _DMY_OR_MDY.match(str(raw).strip()) if isinstance(raw, str) else None
    if not m or len(m[3]) != 4:
        return None
    a, b = int(m[1]), int(m[2])
    return "day" if a > 12 >= b else "month" if b > 12 >= a else None


def infer_order(raw_values: list[object], typed: list[object], problems: list[tuple[int, Parsed]], column: Column, zone: tzinfo, date1904: bool) -> tuple[list[tuple[int, Parsed]], str | None]:
    """Resolves the column's ambiguous dates in place when its clear values agree; the problems left and the order used."""
    ambiguous = [p for p, parsed in problems if parsed.code == "date-ambiguous" and _DMY_OR_MDY.match(str(raw_values[p]).strip())]
    if not ambiguous:
        return problems, None
    orders = {o for o in map(_order, raw_values) if o}
    if len(orders) != 1:
        return problems, None
    order = orders.pop()
    rewritten: list[object] = []
    for position in ambiguous:
        text = str(raw_values[position]).strip()
        m = _DMY_OR_MDY.match(text)
        assert m is not None
        if len(m[3]) != 4:
            rewritten.append(text)  # a two-digit year stays ambiguous
            continue
        day, month = (m[1], m[2]) if order == "day" else (m[2], m[1])
        rewritten.append(f"{m[3]}-{month}-{day}{text[m.end():]}")
    values, still = convert_column(rewritten, column, zone, date1904)
    unresolved = {ambiguous[i] for i, _p in still}
    for i, position in enumerate(ambiguous):
        if position not in unresolved:
            typed[position] = values[i]
    solved = set(ambiguous) - unresolved
    return [(p, parsed) for p, parsed in problems if p not in solved], order
