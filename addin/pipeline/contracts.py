"""Contract numbers stay unique across the books read (issue #19, item 6): a cross-row rule of `check`."""

from __future__ import annotations

from typing import Iterable

from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.tables import Tables
from ..i18n import both


def duplicate_contract_numbers(tables: Tables) -> Iterable[Issue]:
    """An order whose contract_no another order already holds (any file): `contract-no-duplicate` on the later one."""
    first_seen: dict[str, str] = {}
    for table, row in tables.rows("orders"):
        number = str(row.contract_no).strip() if row.contract_no else ""
        if not number:
            continue
        if number in first_seen:
            yield issue_at(table, row.row, "contract_no", "contract-no-duplicate", both("already at {where}", where=first_seen[number]), number)
        else:
            first_seen[number] = f"{table.file}:{table.sheet}!{row.row}"
