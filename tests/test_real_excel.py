"""What only Microsoft Excel can show: the built add-in's VBA compiles and runs,
and the ribbon's entry works on a real workbook. Skipped where there is no Excel
(Linux, CI); docs/excel-release-checklist.md is the manual part of the same."""

from __future__ import annotations

import platform

import pytest

pytestmark = pytest.mark.excel

NO_EXCEL = platform.system() not in ("Windows", "Darwin")
REASON = "needs Microsoft Excel (Windows or macOS); this machine has none - see docs/excel-release-checklist.md"


@pytest.fixture
def excel_app():  # pragma: no cover - runs only where Excel is installed
    xlwings = pytest.importorskip("xlwings")
    try:
        app = xlwings.App(visible=False, add_book=False)
    except Exception as exc:  # noqa: BLE001 - Excel missing or not licensed: a skip with the reason
        pytest.skip(f"{REASON} ({type(exc).__name__}: {exc})")
    yield app
    app.quit()


@pytest.mark.skipif(NO_EXCEL, reason=REASON)
def test_built_addin_compiles_and_its_applier_runs_in_excel(excel_app, tmp_path, write_book):  # pragma: no cover
    from addin.excel.install import build
    from addin.excel.ribbon import run

    addin = excel_app.books.open(str(build(tmp_path)))
    assert addin.name == "salesdesk.xlam"
    path = write_book("orders.xlsx", {"订单": [
        ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "发货时间", "到货时间"],
        ["SO-1", "C1", "张伟", "2026-03-05", 1200, "2026-04-01", "2026-03-20 09:00", "2026-03-19 10:00"],
    ]})
    book = excel_app.books.open(str(path))
    message = run("salesdesk_check", book=book, lang="en")
    assert message.startswith("Check done: 1 error(s)")
    assert book.sheets["订单"].range("H2").api.Comment is not None  # written by SalesdeskApply in the add-in's VBA
    book.close()


@pytest.mark.skipif(NO_EXCEL, reason=REASON)
def test_refresh_button_writes_the_todo_tab_into_the_open_register(excel_app, tmp_path, write_book):  # pragma: no cover
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from addin.excel.install import build
    from addin.excel.ribbon import run

    excel_app.books.open(str(build(tmp_path)))
    path = write_book("customer_register.xlsx", {
        "客户": [["客户编号", "客户名称", "负责销售", "首次接触", "合作起始", "需求强度", "采购能力", "客户分层", "状态"],
                 ["C1", "-A1", "张伟", "2025-01-05", "2025-02-01", 5, 5, "A", "合作中"]],
        "订单": [["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "发货时间", "到货时间", "验收时间"],
                 ["O1", "C1", "张伟", "2026-09-01", 100000, "2026-10-28", "2026-10-26 10:00", "2026-10-30 15:00", None]],
    })
    book = excel_app.books.open(str(path))
    as_of = datetime(2026, 11, 2, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    run("salesdesk_refresh", book=book, lang="en", as_of=as_of)
    run("salesdesk_refresh", book=book, lang="en", as_of=as_of)  # replaced, not added twice
    names = [s.name for s in book.sheets]
    assert names.count("今日待办") == 1 and not any(n.startswith("今日待办 (") for n in names)
    todo = book.sheets["今日待办"].used_range.value
    assert todo[1][0] == "状态" and any(row[3] == "-A1" for row in todo[2:])  # text, never a formula (typed, Excel would read =-A1)
    book.close()
