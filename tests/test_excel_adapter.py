"""The live-Excel adapter through a strict fake of xlwings (tests/xlwings_fake.py).

No Excel runs here. The same workbook goes through the file backend and
through the ribbon on the fake: same values, notes and highlights. The number
of calls into Excel does not grow with the rows. Failures reach the rep as a
message in their language, with the details in the log file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from xlwings_fake import from_file, from_rows

from addin.commands.check import run_check
from addin.commands.registry import DOCUMENTS
from addin.core.annotate import MAX_MARKED_CELLS
from addin.excel import feedback, ribbon
from addin.excel.live_book import LiveBook
from addin.excel.ribbon import BUTTONS, ribbon_xml, run

MACROS = Path(__file__).resolve().parent.parent / "addin" / "excel" / "macros"
ORDERS = ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "发货时间", "到货时间"]


@pytest.fixture(autouse=True)
def log_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(feedback, "log_path", lambda: tmp_path / "log" / "salesdesk.log")
    yield tmp_path / "log" / "salesdesk.log"
    for handler in list(feedback._logger.handlers):
        feedback._logger.removeHandler(handler)
        handler.close()


def _orders(n: int):
    rows = [["订单跟踪"], [], ORDERS]
    for i in range(n):
        arrived = datetime(2026, 3, 19) if i % 2 else datetime(2026, 3, 25)
        rows.append([f"SO-{i}", "C1", "张伟", datetime(2026, 3, 5), 1200.0, datetime(2026, 4, 1), datetime(2026, 3, 20, 9), arrived])
    return from_rows({"订单": rows}, top=2, left=2)  # a table that starts at B2, below a title


def test_the_fake_is_as_strict_as_xlwings():
    book = _orders(1).book("C:/Users/rep/orders.xlsx")
    with pytest.raises(AttributeError):
        book.sheets[0].used_rnage  # noqa: B018 - a misspelt attribute fails, as in Excel
    with pytest.raises(TypeError):
        book.app.alert("x", titel="y")


def test_grids_are_anchored_at_a1_with_one_read_per_sheet():
    excel = _orders(3)
    [grid] = LiveBook(excel.book("C:/Users/rep/orders.xlsx")).grids()
    assert grid.rows[0] == [] and grid.rows[1][:2] == [None, "订单跟踪"]  # B2 stays B2
    assert grid.rows[3][:3] == [None, "订单编号", "客户编号"]
    assert [c[0] for c in excel.calls] == ["read"]


def test_check_button_makes_as_many_calls_for_10000_rows_as_for_100():
    counts = []
    for n in (100, 10_000):
        excel = _orders(n)
        run("salesdesk_check", book=excel.book("C:/Users/rep/orders.xlsx"), lang="en")
        [payload] = excel.payloads()
        lines = payload.split("\n")
        assert lines[0] == "clear\t订单"
        assert sum(1 for line in lines if line.startswith("note\t")) == min(n // 2, MAX_MARKED_CELLS)
        assert lines[-1].startswith("mark\t订单\tI6,I8") and lines[-1].endswith("\terror")  # odd rows arrive early
        assert excel.status[1:4] == [feedback.text(k, "en") for k in ("reading", "writing")] + [False]  # progress, then Excel's own
        counts.append(excel.excel_calls())
    assert counts[0] == counts[1]


def _file_findings(path: Path) -> tuple[dict, dict, dict]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    values = {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
    notes = {c.coordinate: _note(c.comment.text) for row in ws.iter_rows() for c in row if c.comment}
    marks = {}
    for cf in ws.conditional_formatting:
        severity = "error" if any("salesdesk-error" in f for rule in cf.rules for f in rule.formula) else "warning"
        for rng in cf.sqref.ranges:
            marks[str(rng)] = severity
    return values, notes, marks


def _note(text: str) -> str:
    return text.replace("\\n", "\n").removeprefix("salesdesk:").strip()


def _live_findings(excel, sheet: str) -> tuple[dict, dict, dict]:
    from openpyxl.utils import get_column_letter

    values = {f"{get_column_letter(c)}{r}": v for (r, c), v in excel.cells[sheet].items() if v is not None}
    notes, marks = {}, {}
    for line in excel.payloads()[0].split("\n"):
        fields = line.split("\t")
        if fields[0] == "note":
            notes[fields[2]] = _note(fields[3])
        elif fields[0] == "mark":
            marks.update({ref: fields[3] for ref in fields[2].split(",")})
    return values, notes, marks


def test_contract_same_values_notes_and_highlights_as_the_file_backend(write_book):
    path = write_book("orders.xlsx", {"订单": [
        ORDERS,
        ["SO-1", "C1", "张伟", "2026-03-05", 1200, "2026-04-01", "2026-03-20 09:00", "2026-03-19 10:00"],
        ["SO-2", "C2", "李娜", "3/5/2026", "abc", "2026-04-01", None, None],
        ["SO-3", "C3", "王磊", "2026-03-06", 900, "2026-04-02", None, None],
    ]})
    excel = from_file(path)  # what Excel holds once the rep opens the file
    run("salesdesk_check", book=excel.book(str(path)), lang="en")
    run_check([path], annotate=True, lang="en")
    file_values, file_notes, file_marks = _file_findings(path)
    live_values, live_notes, live_marks = _live_findings(excel, "订单")
    assert live_values == file_values
    assert live_notes == file_notes and set(live_notes) == {"H2", "D3", "E3"}
    assert live_marks == file_marks


def test_a_workbook_with_nothing_recognised_says_so_and_what_to_do():
    excel = from_rows({"Sheet1": [["随便", "什么"], [1, 2]]})
    message = run("salesdesk_check", book=excel.book("C:/Users/rep/book1.xlsx"), lang="zh")
    assert message == feedback.text("nothing", "zh")
    assert excel.alerts == [(message, {"title": "销售助手 salesdesk", "mode": "info"})]
    assert excel.payloads() == []  # nothing written


def test_a_failure_is_a_message_in_the_reps_language_and_a_traceback_in_the_log(monkeypatch, log_in_tmp):
    def broken(book, lang):
        raise ZeroDivisionError("deep inside")

    monkeypatch.setattr(ribbon, "BUTTONS", (ribbon.Button("salesdesk_check", "检查并批注", "Check", "X", broken),))
    excel = _orders(2)
    message = run("salesdesk_check", book=excel.book("C:/Users/rep/orders.xlsx"), lang="zh")
    assert message == feedback.failure_message(ZeroDivisionError(), "检查并批注", "zh")
    assert "Traceback" not in message and "deep inside" not in message and str(log_in_tmp) in message
    assert excel.alerts[0][1]["mode"] == "critical"
    logged = log_in_tmp.read_text(encoding="utf-8")
    assert "Traceback" in logged and "ZeroDivisionError: deep inside" in logged
    assert excel.status[0] and excel.status[-1] is False  # progress shown, then the status bar handed back


def test_a_button_added_to_the_registry_runs_through_the_same_entry(monkeypatch):
    seen = []
    extra = ribbon.Button("salesdesk_extra", "新", "New", "HappyFace", lambda book, lang: seen.append(book.path.name) or "done")
    monkeypatch.setattr(ribbon, "BUTTONS", ribbon.BUTTONS + (extra,))
    assert run("salesdesk_extra", book=_orders(1).book("C:/Users/rep/orders.xlsx"), lang="en") == "done"
    assert seen == ["orders.xlsx"]


def test_open_settings_shows_the_settings_sheet_or_says_where_to_get_one():
    excel = from_rows({"订单": [ORDERS], "设置": [["设置项", "说明", "值"], ["backups_kept", "保留备份份数", 3]]})
    message = run("salesdesk_settings", book=excel.book("C:/Users/rep/book.xlsx"), lang="en")
    assert excel.active == "设置" and message == feedback.text("settings_opened", "en", sheet="设置")
    bare = _orders(1)
    assert run("salesdesk_settings", book=bare.book("C:/Users/rep/orders.xlsx"), lang="en") == feedback.text("no_settings", "en")


def test_help_names_every_button_and_the_log_file(log_in_tmp):
    message = run("salesdesk_help", book=_orders(1).book("C:/Users/rep/orders.xlsx"), lang="en")
    assert all(b.label_en in message for b in BUTTONS) and str(log_in_tmp) in message


def test_every_button_is_in_the_committed_ribbon_xml():
    committed = (MACROS / "ribbon.xml").read_text(encoding="utf-8")
    assert committed == ribbon_xml("zh"), "regenerate: python -m addin.excel.ribbon > addin/excel/macros/ribbon.xml"
    vba = (MACROS / "salesdesk.bas").read_text(encoding="utf-8")
    for button in (*BUTTONS, *DOCUMENTS):
        assert f'tag="{button.id}"' in committed
    assert "Public Sub SalesdeskButton(control As IRibbonControl)" in vba and "Public Function SalesdeskApply" in vba


def test_pressed_in_excel_the_button_works_on_the_reps_active_workbook_not_the_addin(monkeypatch):
    import xlwings

    excel = _orders(4)
    excel.book("C:/Users/rep/orders.xlsx")  # the rep's workbook, active
    monkeypatch.setattr(xlwings.Book, "caller", staticmethod(lambda: excel.addin()))  # as RunPython from the add-in gives it
    assert run("salesdesk_check", lang="en").startswith("Check done: 2 error(s)")
    macros = [c[1:3] for c in excel.calls if c[0] == "macro"]
    assert macros == [("'salesdesk.xlam'!SalesdeskOwned", "orders.xlsx"), ("'salesdesk.xlam'!SalesdeskApply", "orders.xlsx")]

    empty = from_rows({})
    monkeypatch.setattr(xlwings.Book, "caller", staticmethod(lambda: empty.addin()))  # only the add-in is open
    assert run("salesdesk_check", lang="en") == feedback.text("no_book", "en")
    assert empty.alerts == [(feedback.text("no_book", "en"), {"title": "销售助手 salesdesk", "mode": "info"})]
