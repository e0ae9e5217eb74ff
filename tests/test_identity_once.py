"""CustomerIndex resolves each customer once for a whole team's run (issue 23): the same answer as resolving
afresh, for every referring row of real books, and a pair whose rows change is resolved again."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from team_data import ZHAO, write_team

from addin.commands.summary import consolidate
from addin.core.identity import CustomerIndex, Resolved, customer_index, folder_of


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    return consolidate([write_team(tmp_path_factory.mktemp("team"))])


def _fresh(index: CustomerIndex, found) -> Resolved:
    (table, row), *others = found
    return Resolved(index.key_of_customer(table, row), table, row, tuple(others))


def test_every_referring_row_resolves_as_a_fresh_index_would(loaded):
    index = customer_index(loaded.tables)
    seen = 0
    for key in ("orders", "visits", "tickets"):
        for table, row in loaded.tables.rows(key):
            first, again = index.resolve(table, row), index.resolve(table, row)
            found = index.rows.get(index.key_of(table, row))
            if found is None:
                assert first is None and again is None
                continue
            seen += 1
            assert first is again  # made once
            assert first == _fresh(index, found)  # and the same as made afresh: key, row, duplicates
    assert seen > 5
    duplicate = index.first((ZHAO, "C0002"))
    assert duplicate is not None and duplicate.row.row == 3 and [r.row for _t, r in duplicate.others] == [5]


def test_a_pair_whose_rows_change_is_resolved_again(loaded):
    index = customer_index(loaded.tables)
    key = next(k for k, rows in index.rows.items() if len(rows) == 1)
    before = index.first(key)
    assert before is not None and before.others == ()
    table, row = index.rows[key][0]
    index.rows[key].append((table, row.model_copy(update={"row": row.row + 100})))
    after = index.first(key)
    assert after is not None and [r.row for _t, r in after.others] == [row.row + 100]
    assert [c.others for c in index.customers() if c.key == key] == [after.others]


def test_a_tables_folder_follows_its_path(loaded):
    table = loaded.tables.of("orders")[0]
    assert folder_of(table) == str(table.path.parent)
    moved = replace(table, path=Path("/elsewhere/rep/orders.xlsx"))
    assert folder_of(moved) == "/elsewhere/rep"
    table_without_path = replace(table, path=None, file="某人/orders.xlsx")
    assert folder_of(table_without_path) == "某人"
    assert folder_of(table) == str(table.path.parent)  # the original keeps its own
    original, table.path = table.path, Path("/moved/in/place.xlsx")  # as load does once a table is built
    try:
        assert folder_of(table) == "/moved/in"
    finally:
        table.path = original
    assert folder_of(table) == str(original.parent)
