"""Data the way real books hold it (issue 10, item 5): decimal quantities by unit, continuation rows,
filtered copies, headers over two rows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from addin.commands.check import run_check
from addin.core.real_rows import filtered_copies, fold_continuations
from addin.core.recognise import Recognised, classify
from addin.domain.units import divisible
from addin.io.load import load
from tests import real_books as rb
from tests.conftest import workbook_of


def _save(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = workbook_of(sheets)
    book.properties.lastModifiedBy = "陈静"
    book.save(path)
    return path


def _codes(issues, *codes):
    return sorted(((i.sheet, i.row, i.code) for i in issues if i.code in codes), key=lambda t: (t[0], t[1] or 0, t[2]))


def test_units_that_allow_decimals():
    assert all(divisible(u) for u in ("kg", "KG", "公斤", "吨", "米", "m²", "L", "升", "ｋｇ"))
    assert not any(divisible(u) for u in ("pcs", "个", "套", "箱", None, ""))


def test_invoice_lines_continuation_rows_and_decimal_quantities_by_unit(tmp_path):
    path = _save(tmp_path / "sales.xlsx", {"Register": rb.EN_INVOICE_LINES})
    result = run_check([path])
    lines = result.loaded.tables.of("order_lines")[0]
    assert [(r.order_id, r.qty, r.unit) for r in lines.rows][:3] == [("INV-001", 2, "pcs"), ("INV-001", Decimal("8.1"), "kg"), ("INV-001", Decimal("8.1"), "pcs")]
    assert _codes(result.issues, "qty-not-whole", "required-missing", "continuation-rows") == [("Register", None, "continuation-rows"), ("Register", 5, "qty-not-whole")]


def test_decimal_quantity_allowed_by_the_price_lists_unit(tmp_path):
    path = _save(tmp_path / "book.xlsx", {"价目表": rb.CN_PRICE_LIST, "订单明细": rb.CN_ORDER_LINES_NO_UNIT})
    result = run_check([path])
    assert _codes(result.issues, "qty-not-whole") == [("订单明细", 3, "qty-not-whole")]  # 7.5 个; 2.5 吨 is fine


def test_an_order_over_several_rows_is_one_order(tmp_path):
    path = _save(tmp_path / "orders.xlsx", {"订单": rb.CN_ORDERS_MULTI_ROW})
    loaded = load([path])
    orders = loaded.tables.of("orders")[0]
    assert [r.order_id for r in orders.rows] == ["SO-1", "SO-2"]
    assert _codes(loaded.issues, "required-missing", "continuation-rows") == [("订单", None, "continuation-rows")]


def test_a_filtered_copy_is_reported_once_not_as_duplicate_ids(tmp_path):
    path = _save(tmp_path / "orders.xlsx", {"全部订单": rb.CN_ORDERS_ALL, "张三": rb.CN_ORDERS_FILTERED})
    result = run_check([path])
    assert _codes(result.issues, "filtered-copy", "duplicate-id") == [("张三", None, "filtered-copy")]
    assert [t.sheet for t in result.loaded.tables.of("orders")] == ["全部订单"]


def test_a_copy_of_a_workbook_beside_it_is_read_once_never_counted_twice(tmp_path):
    """"订单 - 副本.xlsx" beside the original: every order would count twice in the summary (hostile trial)."""
    original = _save(tmp_path / "orders.xlsx", {"全部订单": rb.CN_ORDERS_ALL})
    (tmp_path / "orders - 副本.xlsx").write_bytes(original.read_bytes())
    result = run_check([tmp_path])
    assert _codes(result.issues, "filtered-copy", "duplicate-id") == [("全部订单", None, "filtered-copy")]
    assert [i.file for i in result.issues if i.code == "filtered-copy"] == ["orders - 副本.xlsx"]
    [table] = result.loaded.tables.of("orders")
    assert table.path == original and len(table.rows) == len(rb.CN_ORDERS_ALL) - 1


def test_a_sheet_with_its_own_rows_is_no_copy():
    header, *rows = rb.CN_ORDERS_ALL
    other = [header, *rows[:3], ["SO-99", "新客户", None, 1, None, "王五"]]
    assert filtered_copies([("a", "orders", 0, rb.CN_ORDERS_ALL), ("b", "orders", 0, other)]) == []
    assert filtered_copies([("a", "orders", 0, rb.CN_ORDERS_ALL), ("b", "orders", 0, rb.CN_ORDERS_FILTERED)]) == [("b", "a")]


def test_continuations_fold_only_after_a_row_with_an_id():
    body = [(2, [None, "A", 1]), (3, ["X-1", "B", 1]), (4, [None, "C", 2])]
    folded, n = fold_continuations("order_lines", {"order_id": 0}, body)
    assert n == 1 and [r[0] for _row, r in folded] == [None, "X-1", "X-1"]


def test_a_header_over_two_rows_with_a_title_above_is_found(tmp_path):
    found = classify(rb.CN_CUSTOMERS_TWO_ROW_HEADER)
    assert isinstance(found, Recognised) and found.spec.key == "customers" and found.header_index == 2
    assert {k: found.columns[k] for k in ("name", "region", "key_contact", "phone", "first_contact")} == {"name": 0, "region": 1, "key_contact": 2, "phone": 3, "first_contact": 4}
    path = _save(tmp_path / "客户.xlsx", {"客户": rb.CN_CUSTOMERS_TWO_ROW_HEADER})
    customers = load([path]).tables.of("customers")[0]
    assert [r.phone for r in customers.rows] == ["13800138000", "13900139000"]


def test_a_price_list_without_skus_or_floors_is_read_items_keyed_by_name(tmp_path):
    path = _save(tmp_path / "报价单.xlsx", {"灵动微": rb.CN_PRICE_SHEET})
    loaded = load([path])
    prices = loaded.tables.of("price_list")[0]
    assert [(r.sku, r.list_price) for r in prices.rows] == [("MM32F0010", Decimal("0.98")), ("STM32F103RB", Decimal("3.45"))]
    found = {(i.code, i.column_key, i.value) for i in loaded.issues if i.code in ("value-supplied", "sheet-missing-columns")}
    assert ("value-supplied", "sku", "item_name") in found
    assert any(code == "sheet-missing-columns" for code, _k, _v in found)  # floors are asked for, never invented


def test_header_shapes_of_public_books_are_read_as_their_kind():
    for kind, rows in rb.CORPUS_SHAPES.items():
        found = classify(rows)
        assert isinstance(found, Recognised) and found.spec.key == kind, (kind, found)


def test_a_reps_visit_log_is_read_as_visits_not_as_a_second_customer_list():
    """New-user trial: 日期 / 客户名称 / 业务员 / 内容 was read as customers (duplicate ids for every visit); map said visits."""
    found = classify([["日期", "客户名称", "业务员", "内容"], ["2026-03-05", "杭州青禾餐饮有限公司", "张三", "初次拜访"]])
    assert isinstance(found, Recognised) and found.spec.key == "visits"
    customers = classify([["客户名称", "联系人", "手机号码", "业务员", "备注"], ["杭州青禾餐饮有限公司", "王伟", "13800138000", "张三", ""]])
    assert isinstance(customers, Recognised) and customers.spec.key == "customers"
