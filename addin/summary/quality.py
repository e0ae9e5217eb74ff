"""Data quality in words: check's findings per rep, file, sheet and issue code, with the rows they point at.

The rep is the owner of the row the issue points at (its owner_rep or rep column; for a row without one,
the owner of its order or of its customer), never the majority owner of the file: a register shared by
three reps shows each rep their own rows. Issues on a whole sheet or file (no row) fall back to the file's
majority owner.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..core.issues import Issue
from ..core.tables import Tables
from .common import text

Row = dict[str, Any]
ROWS_SHOWN = 12  # row numbers listed per line; the count says how many there are


def row_owners(tables: Tables) -> dict[tuple[str, str, int], str]:
    """(file, sheet, Excel row) -> the rep who owns that row."""
    orders = {text(o.order_id): text(o.owner_rep) for _, o in tables.rows("orders") if o.order_id}
    customers = {text(c.customer_id): text(c.owner_rep) for _, c in tables.rows("customers") if c.customer_id}
    quotes = {text(q.quote_id): text(q.owner_rep) for _, q in tables.rows("quotes") if q.quote_id}
    out: dict[tuple[str, str, int], str] = {}
    for table in tables.tables:
        for row in table.rows:
            fields = row.__dict__
            rep = text(fields.get("owner_rep")) or text(fields.get("rep"))
            rep = rep or orders.get(text(fields.get("order_id")), "") or quotes.get(text(fields.get("quote_id")), "")
            rep = rep or customers.get(text(fields.get("customer_id")), "")
            if rep:
                out[(table.file, table.sheet, row.row)] = rep
    return out


def quality(issues: list[Issue], tables: Tables, rep_of_file: dict[str, str]) -> list[Row]:
    """Per (rep, file, sheet, code): `severity`, `count` and `rows` (the Excel rows, first 12), sorted by
    rep, file, sheet and first row. `code` is the stable issue code (its title is written in words)."""
    owners = row_owners(tables)
    groups: dict[tuple[str, str, str, str], list[int]] = defaultdict(list)
    severity: dict[str, str] = {}
    for issue in issues:
        rep = owners.get((issue.file, issue.sheet, issue.row), "") if issue.row is not None else ""
        rep = rep or rep_of_file.get(issue.file, "")
        groups[(rep, issue.file, issue.sheet, issue.code)].append(issue.row or 0)
        severity[issue.code] = issue.severity.value
    out = []
    for (rep, file, sheet, code), rows in groups.items():
        numbers = sorted({r for r in rows if r})
        out.append({"rep": rep, "file": file, "sheet": sheet, "code": code, "severity": severity[code], "count": len(rows),
                    "rows": numbers[:ROWS_SHOWN], "first_row": numbers[0] if numbers else 0})
    out.sort(key=lambda r: (r["rep"] == "", r["rep"], r["file"], r["sheet"], r["first_row"], r["code"]))
    for r in out:
        del r["first_row"]
    return out
