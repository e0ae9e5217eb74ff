"""tidy: unambiguous typed text becomes a real value; anything doubtful is left alone and reported."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from addin.core.recognise import recognise
from addin.core.tidy import tidy_grid

ZONE = ZoneInfo("Asia/Shanghai")


def _orders(*rows: list[object]) -> list[list[object]]:
    header: list[object] = ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货"]
    return [header, *[list(r) for r in rows]]


def test_unambiguous_text_becomes_values_and_ambiguous_is_reported():
    grid = _orders(
        ["O-1", "C-1", "张三", "2026年3月5日", "¥1,200.00", date(2026, 4, 1)],
        ["O-2", "C-1", "张三", "3/5/2026", "1.5万", "2026/4/2"],
        ["O-3", "C-1", "张三", date(2026, 3, 5), 1200.0, "abc"],
    )
    found = recognise(grid)
    assert found is not None and found.spec.key == "orders"
    changes, issues = tidy_grid(found, grid, "orders.xlsx", "订单", ZONE)
    assert [(c.row, c.key, c.value) for c in changes] == [
        (2, "signed_on", date(2026, 3, 5)),
        (2, "contract_amount", Decimal("1200.00")),
        (3, "contract_amount", Decimal("15000.0")),
        (3, "planned_arrival", date(2026, 4, 2)),
    ]
    assert changes[0].original == "2026年3月5日" and changes[0].number_format == "yyyy-mm-dd"
    assert sorted((i.row, i.column_key, i.code) for i in issues) == [(3, "signed_on", "date-ambiguous"), (4, "planned_arrival", "value-unparseable")]


def test_tidying_the_result_changes_nothing():
    grid = _orders(["O-1", "C-1", "张三", "2026年3月5日", "¥1,200.00", "2026/4/2"])
    found = recognise(grid)
    assert found is not None
    changes, _ = tidy_grid(found, grid, "orders.xlsx", "订单", ZONE)
    tidied = [list(r) for r in grid]
    for change in changes:
        tidied[change.row - 1][found.columns[change.key]] = change.value
    assert tidy_grid(found, tidied, "orders.xlsx", "订单", ZONE) == ([], [])


def test_text_columns_and_ids_are_never_touched():
    grid = _orders(["2026-01-01", "15%", "张三", date(2026, 3, 5), 1.0, date(2026, 4, 1)])
    found = recognise(grid)
    assert found is not None
    assert tidy_grid(found, grid, "orders.xlsx", "订单", ZONE) == ([], [])
