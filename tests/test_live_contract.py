"""Contract of the two backends of every capability (issue 13, items 1 and 5).

The same workbook goes through the CLI's command function on its file (the surgical
writer) and through the ribbon's button on the recording autospec fake of xlwings
(tests/xlwings_fake.py): same cell values, notes, highlights, generated sheets and
links. The number of calls into Excel for 100 rows equals the count for 10,000 rows.
Every ribbon button runs a function of addin/commands.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from conftest import workbook_of
from openpyxl.utils import get_column_letter
from xlwings_fake import FakeExcel, from_file, from_rows

from addin.commands.check import run_check
from addin.commands.quote import run_quote
from addin.commands.refresh import run_refresh
from addin.commands.summary import run_summary, summary_json
from addin.excel import feedback
from addin.excel.ribbon import BUTTONS, DOCUMENTS, run

AS_OF = datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
BOOK = "rep_book.xlsx"


@pytest.fixture(autouse=True)
def log_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(feedback, "log_path", lambda: tmp_path / "log" / "salesdesk.log")
    yield
    for handler in list(feedback._logger.handlers):
        feedback._logger.removeHandler(handler)
        handler.close()


def _day(n: int) -> datetime:
    return datetime(2026, 3, 1) + timedelta(days=n)


LONG = ("订单", "报价单", "报价明细")


def sheets(n: int, long: tuple[str, ...] = LONG) -> dict[str, list[list[object]]]:
    """One workbook holding every kind of sheet, `n` rows in the `long` ones (12 in the others), with findings on some rows."""
    customers = [["客户编号", "客户名称", "负责销售", "首次接触", "合作起始", "需求强度", "采购能力", "客户分层", "状态"]]
    orders = [["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "发货时间", "到货时间", "验收时间"]]
    quotes = [["报价单号", "客户编号", "负责销售", "报价日期", "预付比例", "有效期至"]]
    lines = [["报价单号", "产品编码", "数量", "议价折扣"]]
    for i in range(50):
        customers.append([f"C{i}", f"客户{i}", "张伟", _day(i), _day(i + 20), 4, 3, "AB"[i % 2], "合作中"])
    for i in range(n if "订单" in long else 12):
        d = i % 200
        arrived = _day(d + 30) if i % 3 else _day(d + 10)  # every third arrives before it was shipped
        orders.append([f"SO-{i}", f"C{i % 50}", "张伟", _day(d), 1000 + i, _day(d + 40), _day(d + 20), arrived, None])
    quoted = n if "报价单" in long else 12
    for i in range(quoted):
        quotes.append([f"Q-{i}", f"C{i % 50}", "张伟", _day(240 + i % 5), "30%" if i % 2 else None, _day(270 + i % 5)])
    for i in range(n if "报价明细" in long else 12):
        lines.append([f"Q-{i % quoted}", "EQ" if i % 4 else "CS", 1 + i % 7, "5%" if i % 5 else "45%"])  # 45%: below the floor
    return {
        "客户": customers,
        "拜访记录": [["拜访日期", "客户编号", "销售代表", "方式"], [datetime(2026, 10, 20), "C1", "张伟", "深度回访"]],
        "订单": orders,
        "回款节点": [["订单编号", "付款节点", "比例", "账期（工作日）"], ["SO-1", "预付款", "30%", 5], ["SO-1", "验收款", "70%", 3]],
        "价格表": [["产品编码", "产品名称", "单位", "目录价", "底价", "成本"], ["EQ", "商用冷柜", "台", 12800, 10900, 8600], ["CS", "专用滤芯", "支", 129, 99, 45]],
        "报价单": quotes,
        "报价明细": lines,
        "设置": [["设置项", "说明", "值"], ["company_name", "公司名称", "杭州宏远设备有限公司"]],
    }


# ---- what each backend holds after a run -----------------------------------------------------
def _plain(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _note(text: str) -> str:
    return text.replace("\\n", "\n").removeprefix("salesdesk:").strip()


def file_state(path: Path) -> dict[str, dict[str, dict[str, object]]]:
    """Per sheet: values, notes, highlights and links, as a reader of the saved file sees them."""
    state = {}
    for ws in openpyxl.load_workbook(path).worksheets:
        cells = [c for row in ws.iter_rows() for c in row]
        marks = {}
        for cf in ws.conditional_formatting:
            severity = "error" if any("salesdesk-error" in f for rule in cf.rules for f in rule.formula) else "warning"
            marks.update({str(cell): severity for rng in cf.sqref.ranges for cell in _cells(str(rng))})
        state[ws.title] = {
            "values": {c.coordinate: _plain(c.value) for c in cells if c.value is not None},
            "notes": {c.coordinate: _note(c.comment.text) for c in cells if c.comment},
            "marks": marks,
            "links": {c.coordinate: c.hyperlink.location for c in cells if c.hyperlink},
        }
    return state


def _cells(ref: str) -> list[str]:
    from openpyxl.utils.cell import range_boundaries

    c1, r1, c2, r2 = range_boundaries(ref)
    return [f"{get_column_letter(c)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def live_state(excel: FakeExcel) -> dict[str, dict[str, dict[str, object]]]:
    """Per sheet: what Excel would hold, from the fake's cells and the SalesdeskApply payloads."""
    state = {name: {"values": {f"{get_column_letter(c)}{r}": _plain(v) for (r, c), v in cells.items() if v is not None},
                    "notes": {}, "marks": {}, "links": {}} for name, cells in excel.cells.items()}
    for payload in excel.payloads():
        for line in payload.split("\n"):
            kind, sheet, *fields = line.split("\t")
            if kind == "clear":
                state[sheet]["notes"], state[sheet]["marks"] = {}, {}
            elif kind == "note":
                state[sheet]["notes"][fields[0]] = _note(fields[1])
            elif kind == "mark":
                state[sheet]["marks"].update({ref: fields[1] for ref in fields[0].split(",")})
            elif kind == "link":
                state[sheet]["links"][fields[0]] = "'" + fields[1].replace("'", "''") + "'!" + fields[2]
    return state


def _both(tmp_path: Path, n: int = 12) -> tuple[Path, Path]:
    """The same workbook twice, each alone in its folder: one for the file backend, one opened 'in Excel'."""
    first = tmp_path / "file" / BOOK
    first.parent.mkdir()
    workbook_of(sheets(n)).save(first)
    (tmp_path / "live").mkdir()
    return first, Path(shutil.copy(first, tmp_path / "live" / BOOK))


CLI = {
    "salesdesk_check": lambda p: run_check([p], annotate=True, lang="en", as_of=AS_OF.date()),
    "salesdesk_quote": lambda p: run_quote([p], lang="en", as_of=AS_OF.date()),
    "salesdesk_refresh": lambda p: run_refresh([p], AS_OF, lang="en"),
    "salesdesk_my_summary": lambda p: run_summary([p], None, AS_OF, lang="en", into=True),
}


@pytest.mark.parametrize("button", list(CLI))
def test_file_and_live_backends_give_the_same_values_notes_highlights_and_tabs(tmp_path, button):
    on_file, in_excel = _both(tmp_path)
    CLI[button](on_file)
    excel = from_file(in_excel)  # what Excel holds once the rep opens the file
    message = run(button, book=excel.book(str(in_excel)), lang="en", as_of=AS_OF)
    assert excel.alerts[-1][1]["mode"] == "info", message
    expected, got = file_state(on_file), live_state(excel)
    assert set(got) == set(expected)
    for sheet in expected:
        assert got[sheet] == expected[sheet], sheet
    assert SHOWS[button](expected), "the contract compares something"


SHOWS = {  # what each capability visibly writes, so the comparison above is never of two empty books
    "salesdesk_check": lambda state: state["订单"]["notes"] and state["订单"]["marks"],
    "salesdesk_quote": lambda state: state["报价明细"]["notes"] and len(state["报价明细"]["values"]) > 60,
    "salesdesk_refresh": lambda state: state["今日待办"]["links"] and len(state["订单"]["values"]) > 13 * 9,
    "salesdesk_my_summary": lambda state: len(state["我的汇总"]["values"]) > 20,
}


def test_the_refresh_button_writes_the_todo_tab_and_a_rerun_replaces_it(tmp_path):
    _on_file, in_excel = _both(tmp_path)
    excel = from_file(in_excel)
    book = excel.book(str(in_excel))
    run("salesdesk_refresh", book=book, lang="en", as_of=AS_OF)
    assert "今日待办" in excel.cells and excel.names == {"todo": "今日待办"}
    first = dict(excel.cells["今日待办"])
    assert first[(2, 1)] == "状态" and any(str(v).startswith("SO-") for v in first.values())  # the register's language
    run("salesdesk_refresh", book=book, lang="en", as_of=AS_OF + timedelta(hours=1))
    assert [n for n in excel.cells if n.startswith("今日待办")] == ["今日待办"]  # replaced, not added twice
    assert excel.cells["今日待办"][(1, 1)] != first[(1, 1)]  # its title holds the new time


def test_the_team_summary_button_writes_what_the_cli_writes(tmp_path):
    on_file, in_excel = _both(tmp_path)
    cli = run_summary([on_file.parent], tmp_path / "cli.xlsx", AS_OF, lang="en")
    excel = from_file(in_excel)
    message = run("salesdesk_team_summary", book=excel.book(str(in_excel)), lang="en", as_of=AS_OF)
    out = in_excel.parent / "salesdesk-summary.xlsx"
    assert str(out) in message and out.is_file()
    ribbon = run_summary([in_excel.parent], None, AS_OF, lang="en")
    about_the_run = ("skipped", "written", "refused")  # what was read and written, not the figures
    assert {k: v for k, v in summary_json(ribbon).items() if k not in about_the_run} == {k: v for k, v in summary_json(cli).items() if k not in about_the_run}
    assert excel.calls == []  # the open workbook is neither read nor written (the saved files are): no call grows with its rows


def _calls(button: str, n: int) -> int:
    excel = from_rows(sheets(n, ("报价单",) if button == "salesdesk_quote" else ("订单",)))  # the sheet the capability works on grows
    run(button, book=excel.book("C:/Users/rep/rep_book.xlsx"), lang="en", as_of=AS_OF)
    assert excel.alerts[-1][1]["mode"] == "info"
    return excel.excel_calls()


@pytest.fixture(scope="module")
def counts() -> dict[str, tuple[int, int]]:
    return {button: (_calls(button, 100), _calls(button, 10_000)) for button in (*CLI, "salesdesk_settings")}


@pytest.mark.parametrize("button", [*CLI, "salesdesk_settings"])
def test_calls_into_excel_do_not_grow_with_the_rows(counts, button):
    small, large = counts[button]
    assert small == large and small > 0


def test_every_button_runs_a_function_of_the_command_layer():
    for button in (*BUTTONS, *DOCUMENTS):
        assert button.command.__module__.startswith("addin.commands."), button.id
    ids = [b.id for b in (*BUTTONS, *DOCUMENTS)]
    assert len(ids) == len(set(ids)) and {"salesdesk_settings", "salesdesk_help"} <= set(ids)


def _demo_copy(demo_run, tmp_path) -> Path:
    import shutil

    folder, _lines, _reps = demo_run
    copy = tmp_path / "rep"
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("*.bak-*", "报价单", "单据", "竞品对比"))
    return copy


def test_a_document_button_writes_the_document_of_the_selected_row(demo_run, tmp_path):
    """The documents menu runs `salesdesk forms KIND` for the row the rep selected: one read of the selection."""
    folder = _demo_copy(demo_run, tmp_path)
    book_path = folder / "order_progress.xlsx"
    excel = from_file(book_path)
    orders = excel.cells["订单"]
    row = next(r for (r, c), v in sorted(orders.items()) if c == 1 and r > 1 and str(v).startswith("SO-"))
    excel.selection = ("订单", row)
    message = run("salesdesk_doc_acceptance", book=excel.book(str(book_path)), lang="en", as_of=AS_OF)
    assert excel.alerts[-1][1]["mode"] == "info", message
    written = [p for p in folder.rglob("*.xlsx") if p.parent != folder]
    assert len(written) == 1 and str(written[0]) in message and orders[(row, 1)] in written[0].name
    assert [c for c in excel.calls if c[0] == "selection"] == [("selection",)]


def test_a_document_button_without_a_selected_row_says_what_to_do(demo_run, tmp_path):
    folder = _demo_copy(demo_run, tmp_path)
    book_path = folder / "order_progress.xlsx"
    excel = from_file(book_path)
    excel.selection = ("订单", 1)  # the header row: no order
    message = run("salesdesk_doc_contract", book=excel.book(str(book_path)), lang="en", as_of=AS_OF)
    assert "Select a cell" in message and not [p for p in folder.rglob("*.xlsx") if p.parent != folder]


def test_my_summary_in_excel_formats_its_numbers_before_writing_them(tmp_path):
    """Issue 20: the rep's tab holds numbers the rep can sum; in Excel the tab is emptied as text first, so the
    money and percent formats are set on their cells before the values land (a number in a text cell is text)."""
    _on_file, in_excel = _both(tmp_path)
    excel = from_file(in_excel)
    run("salesdesk_my_summary", book=excel.book(str(in_excel)), lang="en", as_of=AS_OF)
    formats = [i for i, c in enumerate(excel.calls) if c[0] == "format" and c[1] == "我的汇总"]
    assert {excel.calls[i][4] for i in formats} >= {"¥#,##0.00", "0.0%"}
    first_value = next(i for i, c in enumerate(excel.calls) if c[0] == "write" and c[1] == "我的汇总")
    assert max(formats) < first_value
