"""Tolerant reading: sheets found by their headers wherever they are."""

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from addin.commands.check import run_check
from addin.core.recognise import recognise
from addin.io.load import load


def flat(issues):
    return sorted((i.row, i.column, i.code) for i in issues)


def test_messy_workbook_is_read_correctly(write_book):
    path = write_book(
        "我的表.xlsx",
        {
            "Sheet1": [
                ["2026 年订单跟踪(张伟)"],
                [],
                ["备注", " 客户编号 ", "ＯＲＤＥＲ ＩＤ", "负责销售", "签约日期", "合同金额", "计划到货", "到货时间", "自定义列"],
                ["急", "C0001", "SO-1", "张伟", "2026年3月5日", "¥1,200.00", "２０２６/４/１", "2026-04-01 10:30", "keep me"],
                [None] * 9,
                [None, "C0002", "SO-2", "李娜", 46086, "1200元", "2026-04-02", None, None],
            ]
        },
    )
    loaded = load([path])
    [table] = loaded.tables.tables
    assert table.spec.key == "orders"
    assert table.layout.header_row == 3
    assert loaded.issues == []
    first, second = table.rows
    assert (first.row, second.row) == (4, 6)  # blank row skipped, rows keep their Excel number
    assert first.signed_on == date(2026, 3, 5)
    assert first.contract_amount == Decimal("1200.00")
    assert first.planned_arrival == date(2026, 4, 1)
    assert first.arrived_at == datetime(2026, 4, 1, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert second.signed_on == date(2026, 3, 5) and second.contract_amount == Decimal("1200")
    assert table.layout.letter("order_id") == "C" and table.layout.width == 9  # the extra column is kept in place


def test_english_headers_any_order_and_case(write_book):
    path = write_book("c.xlsx", {"anything": [["OWNER REP", "name", "Customer ID", "Tier", "Demand score", "capacity_score"], ["Li", "ACME", "C1", "a", 5, 4]]})
    [table] = load([path]).tables.tables
    assert table.spec.key == "customers"
    assert table.rows[0].tier == "A" and table.rows[0].demand_score == 5


def test_unrelated_sheets_are_ignored():
    assert recognise([["Name", "Amount"], ["x", 1]]) is None
    assert recognise([]) is None


def test_a_missing_required_column_is_reported(write_book):
    path = write_book("o.xlsx", {"订单": [["订单编号", "客户编号", "负责销售", "签约日期", "计划到货"], ["SO-1", "C1", "张伟", "2026-03-05", "2026-04-01"]]})
    loaded = load([path])
    assert [(i.code, i.row) for i in loaded.issues] == [("sheet-missing-columns", 1)]


def test_one_workbook_holding_every_sheet(write_book):
    path = write_book(
        "all.xlsx",
        {
            "客户": [["客户编号", "客户名称", "负责销售"], ["C1", "甲公司", "张伟"]],
            "订单": [["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货"], ["SO-1", "C1", "张伟", "2026-03-05", 100, "2026-04-01"]],
        },
    )
    loaded = load([path])
    assert sorted(t.spec.key for t in loaded.tables.tables) == ["customers", "orders"]


def test_bad_values_become_issues_not_crashes(write_book):
    path = write_book(
        "o.xlsx",
        {"订单": [["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "日违约金比例"],
                  ["SO-1", "C1", "张伟", "3/5/2026", "abc", "2026-04-01", "150%"],
                  ["SO-2", None, "张伟", "2026-03-05", -5, "someday", None]]},
    )
    assert flat(load([path]).issues) == [
        (2, "D", "date-ambiguous"), (2, "E", "value-unparseable"), (2, "G", "value-out-of-range"),
        (3, "B", "required-missing"), (3, "E", "value-out-of-range"), (3, "F", "value-unparseable"),
    ]


def test_settings_sheet_sets_the_time_zone(write_book, tmp_path: Path):
    write_book("s.xlsx", {"设置": [["设置项", "说明", "值"], ["timezone", "", "Europe/Berlin"], ["nonsense", "", "1"]]})
    write_book("o.xlsx", {"订单": [["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "到货时间"], ["SO-1", "C1", "张伟", "2026-03-05", 1, "2026-04-01", "2026-04-01 10:00"]]})
    loaded = load([tmp_path])
    assert loaded.settings.timezone == "Europe/Berlin"
    orders = loaded.tables.of("orders")[0]
    assert orders.rows[0].arrived_at.tzinfo == ZoneInfo("Europe/Berlin")
    assert [i.code for i in loaded.issues] == ["setting-unknown"]


def test_a_team_folder_is_read_with_every_reps_subfolder(write_book, tmp_path):
    write_book("客户.xlsx", {"客户": [["客户编号", "客户名称", "负责销售"], ["C1", "甲", "张伟"]]}, folder=tmp_path / "张伟")
    write_book("客户.xlsx", {"客户": [["客户编号", "客户名称", "负责销售"], ["C2", "乙", "李娜"]]}, folder=tmp_path / "李娜")
    # A folder named like salesdesk's output folder is the rep's: read like any other (issue 10, item 7);
    # salesdesk's own quote sheets are skipped by their marker (tests/test_real_books.py).
    write_book("报价单-Q1.xlsx", {"报价单": [["x", "y"]]}, folder=tmp_path / "张伟" / "报价单")
    (tmp_path / "张伟" / "~$客户.xlsx").write_bytes(b"lock")
    loaded = load([tmp_path])
    assert sorted(t.file for t in loaded.tables.tables) == ["张伟/客户.xlsx", "李娜/客户.xlsx"]
    assert loaded.issues == [] and len(loaded.files) == 3


def test_headers_with_units_or_marks_are_recognised(write_book):
    path = write_book("o.xlsx", {"订单": [["订单编号*", "客户编号", "负责销售", "签约\n日期", "合同金额（元）", "计划到货 [日期]", "合同响应时限(小时)"],
                                          ["SO-1", "C1", "张伟", "2026-03-05", "12,800.00", "2026-04-01", 2]]})
    [table] = load([path]).tables.tables
    row = table.rows[0]
    assert (row.contract_amount, row.planned_arrival.day, row.response_hours) == (Decimal("12800.00"), 1, Decimal(2))


def test_tables_as_a_dataframe_keep_types_and_origin(write_book):
    path = write_book("o.xlsx", {"订单": [["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货"],
                                          ["SO-1", "C1", "张伟", "2026-03-05", "¥1,200.50", "2026-04-01"],
                                          ["SO-2", "C2", "李娜", "2026-03-06", 99, "2026-04-02"]]})
    frame = load([path]).tables.frame("orders")
    assert list(frame["order_id"]) == ["SO-1", "SO-2"] and list(frame["row"]) == [2, 3]
    assert frame["contract_amount"].sum() == Decimal("1299.50")  # Decimal, not float
    assert set(frame["file"]) == {"o.xlsx"} and "stage" in frame.columns


def test_a_file_named_twice_is_read_once(write_book):
    """`check FOLDER FOLDER/book.xlsx` (or a file named twice): a row is never its own duplicate."""
    path = write_book("orders.xlsx", {"订单": [["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货"], ["SO-1", "C1", "张伟", "2026-03-05", 100, "2026-04-01"]]})
    for paths in ([path.parent, path], [path, path]):
        result = run_check(paths)
        assert [i.code for i in result.issues if i.code == "duplicate-id"] == []
        assert len(result.loaded.files) == 1 and len(result.loaded.tables.tables) == 1
