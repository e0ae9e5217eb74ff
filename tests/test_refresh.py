"""`salesdesk refresh` end to end on real files: columns, to-do tab, idempotence, losslessness, JSON, .ics."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from icalendar import Calendar
from python_calamine import CalamineWorkbook
from rich_workbook import build_rich_workbook

from addin.commands.refresh import run_refresh
from addin.core.patch import Link, Patch, ReplaceGeneratedSheet
from addin.io.apply_patch import apply_patch

AS_OF = "2026-11-02T09:00:00+08:00"
REGISTER = {
    "客户": [
        ["客户编号", "客户名称", "负责销售", "首次接触", "合作起始", "需求强度", "采购能力", "客户分层", "状态"],
        ["C1", "上海恒信机械有限公司", "张伟", "2025-01-05", "2025-02-01", 5, 5, "A", "合作中"],
        ["C2", "=HYPERLINK(\"http://x\")", "张伟", "2026-01-05", None, 2, 2, "C", "潜在"],
    ],
    "拜访记录": [["拜访日期", "客户编号", "销售代表", "方式"], ["2026-08-20", "C1", "张伟", "深度回访"], ["2026-11-01", "C2", "张伟", "展会"]],
}
ORDERS = {
    "订单": [
        ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "发货时间", "到货时间", "验收时间"],
        ["O1", "C1", "张伟", "2026-09-01", 100000, "2026-10-28", "2026-10-26 10:00", "2026-10-30 15:00", None],
        ["O2", "C1", "张伟", "2026-10-20", 50000, "2026-11-05", None, None, None],
    ],
    "回款节点": [
        ["订单编号", "付款节点", "比例", "账期（工作日）"],
        ["O1", "预付款", "30%", 5],
        ["O1", "验收款", "70%", 3],
    ],
}
FEEDBACK = {
    "售后与投诉": [
        ["工单号", "客户编号", "订单编号", "受理时间", "类型", "反馈分类"],
        ["T1", "C1", "O1", "2026-11-02 08:30", "硬件故障", "产品类"],
    ]
}


def _folder(write_book, tmp_path: Path) -> Path:
    write_book("customer_register.xlsx", REGISTER)
    write_book("order_progress.xlsx", ORDERS)
    write_book("feedback_log.xlsx", FEEDBACK)
    return tmp_path


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.xlsx")) if ".bak-" not in p.name}


def test_refresh_writes_columns_and_todo_tab_and_twice_is_once(write_book, tmp_path):
    folder = _folder(write_book, tmp_path)
    from datetime import datetime

    as_of = datetime.fromisoformat(AS_OF)
    first = run_refresh([folder], as_of, "zh", ics=folder / "todo.ics")
    once = _bytes(folder)
    ics_once = (folder / "todo.ics").read_bytes()
    second = run_refresh([folder], as_of, "zh", ics=folder / "todo.ics")
    assert _bytes(folder) == once and (folder / "todo.ics").read_bytes() == ics_once
    assert all(w.backup is None for w in second.applied.written)
    assert [t.subject for t in first.deadlines.todo] == [t.subject for t in second.deadlines.todo]

    book = openpyxl.load_workbook(folder / "customer_register.xlsx")
    assert book.sheetnames == ["客户", "拜访记录", "今日待办"]
    todo = book["今日待办"]
    rows = [[c.value for c in r] for r in todo.iter_rows(min_row=3)]
    # Acceptance of O1 (deemed at 2026-11-02 23:59:59) and the open ticket; links land on the rows.
    assert {r[5] for r in rows} >= {"O1", "T1", "C2"}
    for row in todo.iter_rows(min_row=3):
        link = row[6].hyperlink
        sheet, cell = link.location.rsplit("!", 1)
        assert cell == "A" + row[6].value.rsplit("!", 1)[1]
        assert (link.target is None) == row[6].value.startswith("customer_register.xlsx")
    assert all(c.data_type != "f" for r in todo.iter_rows() for c in r)  # text, never formulas

    orders = openpyxl.load_workbook(folder / "order_progress.xlsx")["订单"]
    header = [c.value for c in orders[1]]
    assert header[:9] == ORDERS["订单"][0] and "验收状态" in header and "下次巡检" in header
    assert orders.cell(2, header.index("验收状态") + 1).value == "待验收"
    payments = openpyxl.load_workbook(folder / "order_progress.xlsx")["回款节点"]
    assert [c.value for c in payments[1]][-4:] == ["应付金额", "到期日", "回款状态", "未收金额"]


def test_refresh_json_shape_and_ics(write_book, tmp_path):
    folder = _folder(write_book, tmp_path)
    ics = folder / "todo.ics"
    out = subprocess.run(
        [sys.executable, "-m", "addin.cli", "refresh", str(folder), "--as-of", "2026-11-02T09:00", "--json", "--ics", str(ics), "--lang", "en"],
        capture_output=True, text=True, check=False,
    )
    data = json.loads(out.stdout)
    assert set(data) >= {"customers", "visits", "orders", "payments", "tickets", "todo", "issues"}
    o1 = data["orders"][0]
    assert o1["order_id"] == "O1" and o1["contract_amount"] == "100000.00" and o1["acceptance_due"] == "2026-11-02T23:59:59+08:00"
    assert o1["arrived_at"] == "2026-10-30T15:00:00+08:00" and o1["acceptance_status"] == "waiting"
    assert [p["amount"] for p in data["payments"]] == ["30000.00", "70000.00"]
    assert data["tickets"][0]["response_due"] == "2026-11-02T09:30:00+08:00" and data["tickets"][0]["sla_status"] == "open_on_time"
    assert all(item["due"].endswith("+08:00") for item in data["todo"])

    parsed = Calendar.from_ical(ics.read_bytes())
    assert [str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")] == ["Asia/Shanghai"]  # every TZID is defined in the file
    events = parsed.walk("VEVENT")
    assert len(events) == len(data["todo"])
    assert all(e.walk("VALARM") for e in events)
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    # A later run (the acceptance is now deemed, the ticket answered): surviving items keep their UIDs.
    subprocess.run([sys.executable, "-m", "addin.cli", "refresh", str(folder), "--as-of", "2026-11-02T09:10", "--ics", str(ics), "--quiet"], check=False, capture_output=True)
    later = {str(e["UID"]) for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")}
    assert later == set(uids)


def test_generated_sheet_in_a_rich_workbook_keeps_every_other_part(tmp_path, soffice):
    from conftest import convert

    path = build_rich_workbook(tmp_path / "rich.xlsm")
    with zipfile.ZipFile(path) as z:
        before = {n: z.read(n) for n in z.namelist()}
    op = ReplaceGeneratedSheet(str(path), "今日待办", "todo", (("标题",), ("a", "=1+1", "b\x01c")), (Link(2, "A", "Sheet", "A3"),), (10, 12, 12))
    assert apply_patch(Patch([op])).refused == []
    with zipfile.ZipFile(path) as z:
        after = {n: z.read(n) for n in z.namelist()}
    structural = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "docProps/app.xml"}
    assert {n for n in before if before[n] != after[n]} <= structural
    new = set(after) - set(before)
    assert len(new) == 1 and new.pop().startswith("xl/worksheets/sheet")
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("今日待办").to_python()
    assert grid[1][:3] == ["a", "=1+1", "bc"]  # a formula-looking text stays text; an illegal character is dropped

    # Replaced, never a second copy; every part but the sheet itself unchanged by the re-run.
    op2 = ReplaceGeneratedSheet(str(path), "今日待办", "todo", (("新标题",),))
    assert apply_patch(Patch([op2])).refused == []
    with zipfile.ZipFile(path) as z:
        again = {n: z.read(n) for n in z.namelist()}
    assert set(again) == set(after) and {n for n in after if after[n] != again[n]} <= {n for n in new | set(after) if n.startswith("xl/worksheets/sheet2")}
    assert openpyxl.load_workbook(path, keep_vba=True).sheetnames == ["Sheet", "今日待办"]

    out = convert(soffice, path, "pdf", tmp_path / "pdf")
    assert out.exists() and out.stat().st_size > 0


def test_todo_tab_opens_in_libreoffice_and_links_land_on_rows(write_book, tmp_path, soffice):
    from datetime import datetime

    from conftest import convert

    folder = _folder(write_book, tmp_path)
    run_refresh([folder], datetime.fromisoformat(AS_OF), "en")
    converted = convert(soffice, folder / "customer_register.xlsx", "xlsx", tmp_path / "lo")
    book = openpyxl.load_workbook(converted)
    todo = book["今日待办"]  # the tab speaks the register's language (Chinese headers)
    links = [(r[6].hyperlink.location, r[6].value, r[2].value) for r in todo.iter_rows(min_row=3) if r[6].hyperlink]
    assert links
    local = [x for x in links if x[1].startswith("customer_register.xlsx")]
    assert local
    for location, _, customer in local:
        sheet, cell = location.rsplit("!", 1)
        row = book[sheet.strip("'")][cell.replace("$", "")].row
        assert customer in [c.value for c in book[sheet.strip("'")][row]]  # the link lands on the item's row


def test_refresh_of_a_rich_workbook_touches_only_its_sheet_styles_and_structure(tmp_path):
    from datetime import datetime

    path = build_rich_workbook(tmp_path / "rich.xlsm")
    with zipfile.ZipFile(path) as z:
        before = {n: z.read(n) for n in z.namelist()}
    run = run_refresh([path], datetime.fromisoformat(AS_OF), "zh")
    assert run.applied is not None and run.applied.refused == []
    with zipfile.ZipFile(path) as z:
        after = {n: z.read(n) for n in z.namelist()}
    changed = {n for n in before if before[n] != after.get(n)}
    assert changed <= {"xl/worksheets/sheet1.xml", "xl/styles.xml"}, changed  # VBA, threaded comments, x14, drawing, customXml: byte-identical
    header = [c.value for c in openpyxl.load_workbook(path, keep_vba=True)["Sheet"][1]]
    assert "当前阶段" in header and "验收状态" in header
    run_refresh([path], datetime.fromisoformat(AS_OF), "zh")
    with zipfile.ZipFile(path) as z:
        assert {n: z.read(n) for n in z.namelist()} == after  # twice == once


EXCEL_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application>'
    '<HeadingPairs><vt:vector size="4" baseType="variant"><vt:variant><vt:lpstr>工作表</vt:lpstr></vt:variant><vt:variant><vt:i4>2</vt:i4></vt:variant>'
    '<vt:variant><vt:lpstr>命名范围</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs>'
    '<TitlesOfParts><vt:vector size="3" baseType="lpstr"><vt:lpstr>客户</vt:lpstr><vt:lpstr>拜访记录</vt:lpstr><vt:lpstr>客户!Print_Area</vt:lpstr></vt:vector></TitlesOfParts></Properties>'
)


def test_a_new_generated_sheet_is_listed_in_excels_app_properties(write_book, tmp_path):
    path = write_book("customer_register.xlsx", REGISTER)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["docProps/app.xml"] = EXCEL_APP.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert apply_patch(Patch([ReplaceGeneratedSheet(str(path), "今日待办", "todo", (("x",),))])).refused == []
    app = zipfile.ZipFile(path).read("docProps/app.xml").decode()
    assert "<vt:i4>3</vt:i4>" in app and '<vt:vector size="4" baseType="lpstr">' in app
    assert "<vt:lpstr>拜访记录</vt:lpstr><vt:lpstr>今日待办</vt:lpstr><vt:lpstr>客户!Print_Area</vt:lpstr>" in app


@pytest.mark.parametrize("names", ["", "<definedNames/>", '<definedNames><definedName name="x">Sheet!$A$1</definedName></definedNames>'])
def test_the_marker_name_joins_the_one_definedNames_of_the_workbook(tmp_path, names):
    """openpyxl writes an empty <definedNames/>: the marker goes into it, never into a second
    element (Excel repairs a workbook with two, dropping the marker)."""
    path = tmp_path / "book.xlsx"
    openpyxl.Workbook().save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/workbook.xml"] = re.sub(rb"<definedNames\s*/>|<definedNames>.*?</definedNames>", b"", parts["xl/workbook.xml"], flags=re.S)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"</sheets>", b"</sheets>" + names.encode(), 1)
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert apply_patch(Patch([ReplaceGeneratedSheet(str(path), "今日待办", "todo", (("x",),))])).refused == []
    workbook = zipfile.ZipFile(path).read("xl/workbook.xml")
    assert len(re.findall(rb"<definedNames\b", workbook)) == 1
    book = openpyxl.load_workbook(path)
    assert "_salesdesk_todo" in book.defined_names and book.sheetnames == ["Sheet", "今日待办"]


def test_verify_refuses_a_workbook_part_with_a_repeated_child():
    from addin.io.ooxml.structure import WORKBOOK_ORDER, out_of_order, scan

    xml = b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/><definedNames/><definedNames/><calcPr/></workbook>'
    assert out_of_order(scan(xml), WORKBOOK_ORDER) == ["definedNames"]


def test_todo_tab_for_the_morning_dates_colours_order_print(write_book, tmp_path):
    """Due times are Excel date-times; rows coloured by state; today and at risk before overdue (latest first);
    frozen header, autofilter, A4 landscape fitted to width; a payment shows its milestone label, not its key."""
    from datetime import datetime

    from addin.deadlines.run import SECTION

    folder = _folder(write_book, tmp_path)
    run = run_refresh([folder], datetime.fromisoformat(AS_OF), "en")
    sections = [SECTION[i.state] for i in run.deadlines.todo]
    assert sections == sorted(sections)
    late = [i.due for i in run.deadlines.todo if i.state == "breached"]
    assert late == sorted(late, reverse=True)

    book = openpyxl.load_workbook(folder / "customer_register.xlsx")
    todo = book["今日待办"]
    assert todo.freeze_panes == "A3" and todo.auto_filter.ref.startswith("A2:K")
    assert todo.page_setup.orientation == "landscape" and todo.page_setup.paperSize == 9 and todo.page_setup.fitToWidth == 1
    assert todo.sheet_properties.pageSetUpPr.fitToPage
    assert [c.value for c in todo[2]] == ["状态", "截止时间", "客户编号", "客户名称", "事项", "单据", "位置", "负责销售", "金额（未收）", "联系人", "电话"] and todo["A2"].font.b
    fills = {"已逾期": "FFFFC7CE", "即将超时": "FFFFEB9C"}
    for row, item in zip(todo.iter_rows(min_row=3), run.deadlines.todo):
        assert isinstance(row[1].value, datetime) and "yyyy" in row[1].number_format
        assert row[1].value == item.due.replace(tzinfo=None, microsecond=0)
        if row[0].value in fills:
            assert all(c.fill.fgColor.rgb == fills[row[0].value] for c in row)
        assert row[0].font.b == (item.state == "today")
    records = [r[5].value for r in todo.iter_rows(min_row=3)]
    assert "O1 预付款" in records and not any("prepayment" in str(r) for r in records)  # the register's language
    assert any(i.subject_text("en") == "O1 prepayment" for i in run.deadlines.todo)


def test_overdue_ics_items_sit_on_the_run_day_and_keep_their_uid(write_book, tmp_path):
    from datetime import date, datetime

    folder = _folder(write_book, tmp_path)
    ics = folder / "todo.ics"
    run = run_refresh([folder], datetime.fromisoformat(AS_OF), "en", ics=ics)
    events = {str(e["UID"]): e for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")}
    assert len(events) == len(run.deadlines.todo)
    late = [e for e in events.values() if "overdue since" in str(e["SUMMARY"])]
    assert late and len(late) == sum(1 for i in run.deadlines.todo if i.state == "breached")
    assert all(e.decoded("DTSTART") == date(2026, 11, 2) and e.walk("VALARM") for e in late)
    on_time = [e for e in events.values() if e not in late]
    assert all(isinstance(e.decoded("DTSTART"), datetime) for e in on_time)
    # A day later the overdue items move to that day: same UIDs, so a calendar updates them.
    run_refresh([folder], datetime.fromisoformat("2026-11-03T09:00:00+08:00"), "en", ics=ics)
    later = {str(e["UID"]): e for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")}
    moved = [later[u] for u in (str(e["UID"]) for e in late) if u in later]
    assert moved and all(e.decoded("DTSTART") == date(2026, 11, 3) for e in moved)


def test_todo_tab_lists_the_latest_overdue_then_says_how_many_more(write_book, tmp_path, monkeypatch):
    """Due today, at risk and this week are all listed; of the overdue, the latest TAB_OVERDUE_LIMIT, then a row
    counting the rest; every link still lands on its item's row. The terminal and --json keep every item."""
    from datetime import datetime

    from addin.deadlines import todo_sheet

    folder = _folder(write_book, tmp_path)
    full = run_refresh([folder], datetime.fromisoformat("2026-11-20T09:00:00+08:00"), "zh", write=False).deadlines.todo
    late = [i for i in full if i.state == "breached"]
    assert len(late) >= 2
    monkeypatch.setattr(todo_sheet, "TAB_OVERDUE_LIMIT", 1)
    run = run_refresh([folder], datetime.fromisoformat("2026-11-20T09:00:00+08:00"), "zh")
    assert len(run.deadlines.todo) == len(full)
    todo = openpyxl.load_workbook(folder / "customer_register.xlsx")["今日待办"]
    rows = list(todo.iter_rows(min_row=3))
    assert len(rows) == len(full) - len(late) + 2  # the latest overdue item plus the counting row
    [more] = [r for r in rows if str(r[0].value).startswith("……另有")]
    assert f"{len(late) - 1}" in more[0].value and more[6].hyperlink is None
    listed = [r for r in rows if r[6].hyperlink]
    assert [r[5].value for r in listed] == [i.subject_text("zh") for i in full if i not in late[1:]]
    for r in listed:
        assert r[6].hyperlink.location.endswith("!A" + r[6].value.rsplit("!", 1)[1])


def test_a_deadline_whose_dates_were_cleared_is_cleared_too(write_book, tmp_path):
    """Hostile trial: after the rep cleared an order's dates, refresh left its old deadlines and acceptance beside the new stage."""
    from datetime import datetime

    folder = _folder(write_book, tmp_path)
    as_of = datetime.fromisoformat(AS_OF)
    run_refresh([folder], as_of, "zh")
    book = openpyxl.load_workbook(folder / "order_progress.xlsx")
    orders = book["订单"]
    header = [c.value for c in orders[1]]
    status, due = header.index("验收状态") + 1, header.index("验收截止") + 1
    assert orders.cell(2, status).value and orders.cell(2, due).value
    for name in ("发货时间", "到货时间"):
        orders.cell(2, header.index(name) + 1).value = None
    book.save(folder / "order_progress.xlsx")
    run_refresh([folder], as_of, "zh")
    again = openpyxl.load_workbook(folder / "order_progress.xlsx")["订单"]
    assert again.cell(2, due).value is None  # no arrival: no acceptance deadline (the status says 待验收: still waiting)
