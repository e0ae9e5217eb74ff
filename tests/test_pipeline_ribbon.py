"""The ribbon's 报价转订单 button: `order --from-quote` for the quote on the selected row, once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from test_order_from_quote import folder, sheet_rows  # noqa: F401 (the fixture)
from xlwings_fake import from_file

from addin.excel import feedback
from addin.excel.ribbon import run

AS_OF = datetime(2026, 3, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def log_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(feedback, "log_path", lambda: tmp_path / "log" / "salesdesk.log")
    yield
    for handler in list(feedback._logger.handlers):
        feedback._logger.removeHandler(handler)
        handler.close()


def test_the_button_draws_the_selected_quotes_order_once(folder):  # noqa: F811
    book_path = folder / "quote_calculator.xlsx"
    excel = from_file(book_path)
    excel.selection = ("报价单", 2)  # Q-1, approved by the manager
    message = run("salesdesk_order_from_quote", book=excel.book(str(book_path)), lang="en", as_of=AS_OF)
    assert "SO-Q-1" in message and excel.alerts[-1][1]["mode"] == "info", message
    assert [o["报价单号"] for o in sheet_rows(folder / "order_progress.xlsx", "订单")] == ["Q-1"]
    again = run("salesdesk_order_from_quote", book=excel.book(str(book_path)), lang="en", as_of=AS_OF)
    assert "nothing written" in again
    excel.selection = ("报价单", 3)  # a draft, refused with its reason
    refused = run("salesdesk_order_from_quote", book=excel.book(str(book_path)), lang="en", as_of=AS_OF)
    assert "not written" in refused and "draft" in refused
    assert len(sheet_rows(folder / "order_progress.xlsx", "订单")) == 1
