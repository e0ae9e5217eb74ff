"""Who a customer is, across a team's books (domain.md "Team identity and consistency").

A customer is the pair (rep, customer_id): the rep from the row's own owner_rep (a visit's rep),
else the settings' rep for the row's folder (supplied into owner_rep when the sheet was read: core/keys.py),
else the folder itself. Two reps who both number their customers from C0001 keep two customers; rows of
different reps are never merged by id alone (a customer kept by two reps is found by name, phone or tax
id: summary/customers.py `conflicts`).

A row that refers to a customer (an order, a visit, a ticket, a quote) is resolved by `CustomerIndex.resolve`,
the one resolution every output uses (quote, to-do, forms, summary):

1. the customer with that id kept by the row's own rep (owner_rep, else rep), when there is one;
2. else the customer with that id in the row's own folder (a rep's books sit together);
3. else the only customer with that id in the run;
4. else (no customer row, or several reps' customers and no rep to choose by) the pair (the row's rep, else
   its folder, id), which no customer row holds.

Within one pair, a second row with the same id is a duplicate (an error of check): every output uses the
first row in reading order (file, then sheet, then row) and says so (`Resolved.others`, `Resolved.note`).

Pure: tables in, keys and rows out; nothing read or written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from ..i18n import both
from .tables import RowModel, Table, Tables

Key = tuple[str, str]  # (rep, customer_id)
SEP = "\x1f"  # joins a key into one string (a frame column): no rep name or id holds it


def text(value: object) -> str:
    if type(value) is str:
        return value.strip()
    return "" if value is None else str(value).strip()


def folder_of(table: Table) -> str:
    """The folder a table was read from (a rep's books sit together); the file's own name when no path is known.
    Kept on the table beside the path and file it was computed from (asked once per row of a team's run)."""
    cached = table.__dict__.get("_folder")
    if cached is not None and cached[0] is table.path and cached[1] is table.file:
        return cached[2]
    folder = str(table.path.parent) if table.path is not None else str(PurePath(table.file).parent)
    table.__dict__["_folder"] = (table.path, table.file, folder)
    return folder


def own_rep(row: RowModel) -> str:
    """The rep a row names itself: owner_rep (customers, orders, quotes), else rep (visits); "" when neither."""
    return text(getattr(row, "owner_rep", None)) or text(getattr(row, "rep", None))


def joined(key: Key) -> str:
    return f"{key[0]}{SEP}{key[1]}"


def where(table: Table, row: RowModel) -> str:
    """file:sheet!row, as every report points at a row."""
    return f"{table.file}:{table.sheet}!{row.row}"


@dataclass(frozen=True)
class Resolved:
    """The customer row an output uses for an id, and the other rows that hold the same customer (duplicates)."""

    key: Key
    table: Table
    row: RowModel
    others: tuple[tuple[Table, RowModel], ...] = ()

    @property
    def where(self) -> str:
        return where(self.table, self.row)

    def note(self) -> tuple[str, str] | None:
        """(zh, en): which row was used when the id is kept twice in one book; None when it is kept once."""
        if not self.others:
            return None
        return both("customer {customer_id} is on {n} rows ({rows}); the first, {used}, is used", customer_id=self.key[1],
                    n=len(self.others) + 1, rows=", ".join(where(t, r) for t, r in ((self.table, self.row), *self.others)), used=self.where)


@dataclass
class CustomerIndex:
    """Every customer row of a run by its pair (rep, customer_id), in reading order (build with `customer_index`)."""

    rows: dict[Key, list[tuple[Table, RowModel]]] = field(default_factory=dict)
    by_id: dict[str, list[Key]] = field(default_factory=dict)  # id -> the pairs holding it, in reading order
    by_folder: dict[tuple[str, str], list[Key]] = field(default_factory=dict)  # (folder, id) -> pairs
    # Each pair's Resolved, made once (a team's run resolves every order, visit and ticket, several times over):
    # keyed by the pair, valid while its rows are the same rows (same first row, same count).
    _made: dict[Key, tuple[int, int, Resolved]] = field(default_factory=dict, repr=False, compare=False)

    def key_of_customer(self, table: Table, row: RowModel) -> Key:
        """The pair of a customer row itself."""
        return (own_rep(row) or folder_of(table), text(getattr(row, "customer_id", None)))

    def key_of(self, table: Table, row: RowModel, customer_id: Any = None) -> Key:
        """The pair a referring row (order, visit, ticket, quote) means by its customer_id (module doc, steps 1-4)."""
        cid = text(customer_id if customer_id is not None else getattr(row, "customer_id", None))
        rep = own_rep(row)
        if rep and (rep, cid) in self.rows:
            return (rep, cid)
        near = self.by_folder.get((folder_of(table), cid), [])
        if len(set(near)) == 1:
            return near[0]
        anywhere = set(self.by_id.get(cid, []))
        if len(anywhere) == 1:
            return next(iter(anywhere))
        return (rep or folder_of(table), cid)

    def resolve(self, table: Table, row: RowModel, customer_id: Any = None) -> Resolved | None:
        """The customer row a referring row means (the first of its pair), or None when no customer row holds it."""
        key = self.key_of(table, row, customer_id)
        found = self.rows.get(key)
        if not found:
            return None
        return self._resolved(found, key)

    def first(self, key: Key) -> Resolved | None:
        found = self.rows.get(key)
        return self._resolved(found, key) if found else None

    def _resolved(self, found: list[tuple[Table, RowModel]], key: Key | None = None) -> Resolved:
        made = self._made.get(key) if key is not None else None
        if made is not None and made[0] == id(found[0][1]) and made[1] == len(found):
            return made[2]
        (table, row), *others = found
        resolved = Resolved(self.key_of_customer(table, row), table, row, tuple(others))
        if key is not None:
            self._made[key] = (id(row), len(found), resolved)
        return resolved

    def customers(self) -> list[Resolved]:
        """One Resolved per customer pair, in reading order."""
        return [self._resolved(rows, key) for key, rows in self.rows.items()]

    def duplicates(self) -> list[Resolved]:
        """The pairs kept on more than one row (one book holding an id twice)."""
        return [r for r in self.customers() if r.others]


def customer_index(tables: Tables) -> CustomerIndex:
    """Every customer row of `tables` indexed by pair, id and folder (rows without an id are left out)."""
    index = CustomerIndex()
    for table, row in tables.rows("customers"):
        cid = text(getattr(row, "customer_id", None))
        if not cid:
            continue
        key = index.key_of_customer(table, row)
        if key not in index.rows:
            index.rows[key] = []
            index.by_id.setdefault(cid, []).append(key)
            index.by_folder.setdefault((folder_of(table), cid), []).append(key)
        index.rows[key].append((table, row))
    return index


def first_rows(tables: Tables) -> dict[str, tuple[Table, RowModel]]:
    """id -> the customer row every output of one book uses for it: the first in reading order (file, sheet,
    row); a later row with the same id is a duplicate that check reports (`duplicate-id`). The quote, its
    customer sheet, the to-do and the forms all take a customer's name, contact and tier from here.

    For a run over one rep's books; a team's run resolves each referring row with `customer_index`."""
    out: dict[str, tuple[Table, RowModel]] = {}
    for table, row in tables.rows("customers"):
        cid = text(getattr(row, "customer_id", None))
        if cid and cid not in out:
            out[cid] = (table, row)
    return out


__all__ = ["CustomerIndex", "Key", "Resolved", "customer_index", "first_rows", "folder_of", "joined", "own_rep", "where"]
