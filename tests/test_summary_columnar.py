"""The columnar path (summary/columnar.py, polars frames from the schema) gives the row path's numbers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from summary_data import AS_OF, write_team

from addin.commands.summary import consolidate
from addin.summary.frames import frame
from addin.summary.run import compute_summary

COLUMNAR = ("overview", "channels", "tiers", "churn", "preferences")


def _both(paths: list[Path], as_of: datetime, month: date | None, months: int = 6):
    loaded = consolidate(paths)
    rows = compute_summary(loaded.tables, loaded.settings, as_of, month, months, columnar=False)
    columns = compute_summary(loaded.tables, loaded.settings, as_of, month, months, columnar=True)
    return loaded, rows, columns


def _same(rows, columns) -> None:
    for key in COLUMNAR:
        a, b = rows.sections[key], columns.sections[key]
        assert len(a) == len(b), key
        for x, y in zip(a, b):
            assert x == y, (key, x, y)  # Decimals compare by value: --json and the workbook print money to 2 places
            assert [type(v) for v in x.values()] == [type(v) for v in y.values()], (key, x, y)


def test_row_and_columnar_paths_agree_on_the_hand_built_team(tmp_path):
    _loaded, rows, columns = _both([write_team(tmp_path / "team")], datetime.fromisoformat(AS_OF), date(2026, 10, 1))
    _same(rows, columns)
    assert any(r["customer_id"] == "L001" for r in columns.sections["churn"])


def test_row_and_columnar_paths_agree_on_the_demo(demo_run):
    folder, _lines, _ = demo_run
    as_of = datetime.fromisoformat("2026-11-02T09:00:00+08:00")
    loaded, rows, columns = _both([folder], as_of, None, 12)
    _same(rows, columns)
    assert sum(r["deals"] for r in columns.sections["overview"] if r["rep"] == "*") > 100
    assert any(r["bought_together"] for r in columns.sections["preferences"])


@pytest.mark.parametrize("key", ["orders", "customers", "tickets"])
def test_frames_are_typed_from_the_schema_money_exact(tmp_path, key):
    loaded = consolidate([write_team(tmp_path / "team")])
    df = frame(loaded.tables, key)
    spec = loaded.tables.of(key)[0].spec
    assert df.columns == ["file", "sheet", "row", "seq", *[c.key for c in spec.columns]]
    if key == "orders":
        assert isinstance(df.schema["contract_amount"], pl.Decimal)
        assert df["contract_amount"].sum() == Decimal("260000")
        assert df.schema["signed_on"] == pl.Date
