"""Issue 18 (clocks, states, the to-do, plausible values, times) on real files, end to end.

One small two-rep book set with every kind of open clock, payments before their trigger, part-paid and
overdue, complaints and suggestions on time and late, and one row with each implausible value. Every open
clock must appear exactly once in `refresh --json`, on the to-do tab and in the .ics; the implausible cells
are issues in check and refresh while the rest of their rows is computed; LibreOffice reads due times as
computed.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from icalendar import Calendar

from addin.commands.refresh import run_refresh

AS_OF = "2026-11-02T09:00:00+08:00"  # a Monday
REGISTER = {
    "客户": [
        ["客户编号", "客户名称", "负责销售", "首次接触", "合作起始", "关键决策人", "电话", "状态"],
        ["C1", "上海恒信机械有限公司", "张伟", "2025-01-05", "2026-09-01", "王经理", "13800000001", "合作中"],
        ["C2", "苏州华研仪器有限公司", "李娜", "2025-03-05", "2026-09-01", "刘总", "13900000002", "合作中"],
        ["C3", "杭州启明自动化有限公司", "张伟", "2025-04-05", None, "陈工", "13700000003", "潜在"],
    ],
}
ORDER_HEAD = ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "发货时间", "单号发送时间", "到货时间", "验收时间", "日违约金比例"]
ORDERS = {
    "订单": [
        ORDER_HEAD,
        # Shipped 08:30, tracking number not sent (due 09:30), notice due today, arrival on Wednesday.
        ["O1", "C1", "张伟", "2026-10-01", 120000, "2026-11-04", "2026-11-02 08:30", None, None, None, None],
        # Arrived two days late, waiting for acceptance; no penalty rate typed: the settings' default 0.05%/day.
        ["O2", "C1", "张伟", "2026-09-01", 100000, "2026-10-29", "2026-10-28 09:00", "2026-10-28 09:30", "2026-10-31 10:00", None, None],
        # Signed in the future: its prepayment is not due.
        ["O3", "C2", "李娜", "2026-12-01", 50000, "2026-12-20", None, None, None, None, None],
        # Signed on 9999-12-31 (a typo): an issue on that cell; the notice and arrival clocks still run.
        ["O4", "C2", "李娜", "9999-12-31", 80000, "2026-11-06", None, None, None, None, None],
        # Excel's empty date and an amount of 1e-40: two issues; the late arrival is still chased.
        ["O5", "C3", "张伟", "1900-01-01", 1e-40, "2026-10-30", None, None, None, None, None],
    ],
    "回款节点": [
        ["订单编号", "付款节点", "比例", "账期（工作日）", "实付日期", "实付金额"],
        ["O2", "预付款", "30%", 5, "2026-09-05", 10000],  # part paid, overdue: 20,000 still open
        ["O2", "到货款", "40%", 3, None, None],  # arrived Saturday 31 Oct: due Wednesday 4 Nov
        ["O2", "验收款", "30%", 5, None, None],  # not accepted yet: not due
        ["O3", "预付款", "100%", 5, None, None],  # signing lies in the future: not due
        ["O4", "预付款", "50%", 40000, None, None],  # a term of 40,000 working days
        ["O4", "到货款", "50%", 3, None, None],
    ],
}
TICKET_HEAD = ["工单号", "客户编号", "订单编号", "受理时间", "类型", "反馈分类", "首次响应时间", "解决时间", "方案时间", "落实时间", "回访时间", "告知客户时间"]
FEEDBACK = {
    "售后与投诉": [
        TICKET_HEAD,
        ["T1", "C1", "O1", "2026-11-02 08:30", "硬件故障", "产品类", None, None, None, None, None, None],
        # A complaint handled on time: plan in 20 min, carried out within 24 h; the 72 h follow-up is open.
        ["T2", "C1", None, "2026-10-30 09:00", "投诉", "服务类", None, None, "2026-10-30 09:20", "2026-10-30 20:00", None, None],
        # A complaint handled late, followed up: missed, nothing open.
        ["T3", "C2", None, "2026-10-30 09:00", "投诉", "服务类", None, None, "2026-10-30 10:00", "2026-10-31 12:00", "2026-11-01 12:00", None],
        # A suggestion not yet acknowledged (due 10:00 today), and one resolved but the customer not told.
        ["T4", "C2", None, "2026-11-01 10:00", "建议", "产品类", None, None, None, None, None, None],
        ["T5", "C3", None, "2026-10-26 10:00", "建议", "流程类", "2026-10-26 12:00", "2026-10-27 15:00", None, None, None, None],
    ]
}
# Every open clock within the week, once: (record, action, state).
EXPECTED = {
    ("O1", "tracking", "today"), ("O1", "notice", "today"), ("O1", "arrival", "upcoming"),
    ("O2", "acceptance", "upcoming"), ("O2 prepayment", "payment", "breached"), ("O2 arrival", "payment", "upcoming"),
    ("O4", "notice", "upcoming"), ("O4", "arrival", "upcoming"), ("O5", "arrival", "breached"),
    ("T1", "response_due", "today"), ("T1", "resolution_due", "upcoming"), ("T2", "follow_up_due", "at_risk"),
    ("T4", "acknowledge", "at_risk"), ("T5", "notify", "at_risk"),  # T5: 39 of 177 hours left
}


@pytest.fixture
def books(write_book, tmp_path: Path) -> Path:
    write_book("customer_register.xlsx", REGISTER)
    write_book("order_progress.xlsx", ORDERS)
    write_book("feedback_log.xlsx", FEEDBACK)
    return tmp_path


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "addin.cli", *args], capture_output=True, text=True, check=False)


def test_every_open_clock_once_in_json_tab_and_ics_with_states_amounts_and_owners(books: Path):
    ics = books / "todo.ics"
    out = _cli("refresh", str(books), "--as-of", AS_OF, "--json", "--ics", str(ics), "--lang", "en")
    data = json.loads(out.stdout)
    todo = data["todo"]
    assert sorted((i["subject"], i["action"], i["state"]) for i in todo) == sorted(EXPECTED)  # each exactly once

    by_key = {(i["subject"], i["action"]): i for i in todo}
    # The owner rep, the open remainder of a part payment, the customer's contact and phone.
    assert by_key[("O2 prepayment", "payment")]["amount"] == "20000.00" and by_key[("O2 arrival", "payment")]["amount"] == "40000.00"
    assert by_key[("O2 prepayment", "payment")]["owner_rep"] == "张伟" and by_key[("O4", "arrival")]["owner_rep"] == "李娜"
    assert by_key[("T4", "acknowledge")]["owner_rep"] == "李娜"  # a ticket: its customer's rep
    assert (by_key[("T1", "response_due")]["contact"], by_key[("T1", "response_due")]["phone"]) == ("王经理", "13800000001")

    # States of the payments: part paid and overdue shows what is still owed; a future trigger is not due.
    pay = {(p["order_id"], p["milestone"]): p for p in data["payments"]}
    assert (pay[("O2", "prepayment")]["status"], pay[("O2", "prepayment")]["open_amount"]) == ("overdue", "20000.00")
    assert pay[("O2", "arrival")]["status"] == "due" and pay[("O2", "arrival")]["due_on"] == "2026-11-04"
    assert pay[("O2", "acceptance")]["status"] == "not_due" and pay[("O3", "prepayment")]["status"] == "not_due"
    assert pay[("O4", "prepayment")]["due_in_working_days"] is None and pay[("O4", "prepayment")]["status"] == "not_due"
    orders = {o["order_id"]: o for o in data["orders"]}
    assert orders["O2"]["days_late"] == 2 and orders["O2"]["penalty_amount"] == "100.00"  # 100,000 x 0.05% x 2 days
    assert orders["O5"]["days_late"] == 3 and orders["O5"]["contract_amount"] is None

    # Clocks by kind: a complaint has no ticket clocks; a suggestion is judged by its own.
    tickets = {t["ticket_id"]: t for t in data["tickets"]}
    assert tickets["T2"]["sla_status"] == "at_risk" and tickets["T2"]["response_due"] is None and tickets["T2"]["resolution_due"] is None
    assert tickets["T3"]["sla_status"] == "missed"
    assert tickets["T4"]["plan_due"] is None and tickets["T4"]["resolution_due"] is None and tickets["T4"]["response_due"] == "2026-11-02T10:00:00+08:00"
    assert tickets["T5"]["reply_due"] == "2026-11-03T23:59:59+08:00" and tickets["T5"]["sla_status"] == "at_risk"

    # The to-do tab: the same items, once each, with owner, amount, contact and phone; the book's rep (张伟) first.
    tab = openpyxl.load_workbook(books / "customer_register.xlsx")["今日待办"]
    rows = [[c.value for c in r] for r in tab.iter_rows(min_row=3)]
    assert len(rows) == len(EXPECTED)
    labels = {"prepayment": "预付款", "arrival": "到货款"}
    wanted = sorted(re.sub(r" (prepayment|arrival)$", lambda m: " " + labels[m[1]], s) if a == "payment" else s for s, a, _ in EXPECTED)
    assert sorted(r[5] for r in rows) == wanted
    owners = [r[7] for r in rows]
    assert owners == sorted(owners, key=lambda o: o != "张伟")
    paid = {r[5]: r[8] for r in rows if r[8] is not None}
    assert paid == {"O2 预付款": 20000, "O2 到货款": 40000}
    assert {(r[9], r[10]) for r in rows if r[5] == "T1"} == {("王经理", "13800000001")}

    # The .ics: one event per item, distinct UIDs.
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert len(events) == len(EXPECTED) and len({str(e["UID"]) for e in events}) == len(EXPECTED)
    summaries = " | ".join(str(e["SUMMARY"]) for e in events)
    for record in ("O1", "O2", "O4", "O5", "T1", "T2", "T4", "T5"):
        assert record in summaries


def test_implausible_values_are_issues_on_their_cells_in_check_and_refresh_in_the_runs_language(books: Path):
    wanted = {("订单", 5, "D", "date-implausible"), ("订单", 6, "D", "date-empty-marker"), ("订单", 6, "E", "amount-implausible"),
              ("回款节点", 6, "D", "term-implausible")}
    for command in (["check"], ["refresh", "--as-of", AS_OF]):
        out = _cli(*command, str(books), "--json", "--lang", "en")
        assert out.returncode == 1, out.stderr
        issues = json.loads(out.stdout)["issues"]
        found = {(i["sheet"], i["row"], i["column"], i["code"]) for i in issues if i["code"] in {w[3] for w in wanted}}
        assert found == wanted, command
        for issue in issues:
            if issue["code"] in {w[3] for w in wanted}:
                assert not re.search(r"[\u4e00-\u9fff]", issue["message"]), issue  # fully in English
        assert not [i for i in issues if i["code"] == "internal-error"]
    zh = json.loads(_cli("check", str(books), "--json").stdout)["issues"]
    text = [i["message"] for i in zh if i["code"] == "date-implausible"]
    assert text and "签约日期" in text[0] and "9999-12-31" in text[0]


def test_refresh_quiet_prints_no_item_lines_and_rep_filters(books: Path):
    loud = _cli("refresh", str(books), "--as-of", AS_OF, "--lang", "en")
    assert "(order_progress.xlsx:" in loud.stdout and "(feedback_log.xlsx:" in loud.stdout
    quiet = _cli("refresh", str(books), "--as-of", AS_OF, "--lang", "en", "--quiet")
    assert "To do (as of 2026-11-02 09:00): 14 item(s)" in quiet.stdout and "[term-implausible]" in quiet.stdout  # the count and the issues stay
    assert not [line for line in quiet.stdout.splitlines() if re.search(r"\((order_progress|feedback_log|customer_register)\.xlsx:", line)]
    mine = json.loads(_cli("refresh", str(books), "--as-of", AS_OF, "--json", "--rep", "李娜").stdout)["todo"]
    assert sorted((i["subject"], i["action"]) for i in mine) == [("O4", "arrival"), ("O4", "notice"), ("T4", "acknowledge")]


def test_due_times_read_by_libreoffice_show_the_minute_computed(books: Path, tmp_path: Path, soffice: str):
    """09:30 is written so that LibreOffice shows 09:30 (a serial cut to 8 decimals showed 09:29)."""
    run_refresh([books], datetime.fromisoformat(AS_OF), "zh")
    out = tmp_path / "csv"
    profile = (tmp_path / "profile").as_uri()
    for name in ("feedback_log.xlsx", "customer_register.xlsx"):
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", "--outdir", str(out), str(books / name)],
                       capture_output=True, check=True, timeout=180)
    tickets = next(out.glob("feedback_log*售后与投诉*.csv"))
    with tickets.open(encoding="utf-8") as handle:
        grid = list(csv.reader(handle))
    head = grid[0]
    t1 = next(r for r in grid if r[0] == "T1")
    assert t1[head.index("响应截止")] == "2026-11-02 09:30" and t1[head.index("解决截止")] == "2026-11-04 08:30"
    tab = next(out.glob("customer_register*今日待办*.csv"))
    with tab.open(encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    due = {(r[5], r[1]) for r in lines[2:] if len(r) > 5}
    assert {("T1", "2026-11-02 09:30"), ("T1", "2026-11-04 08:30"), ("O1", "2026-11-02 09:30"), ("O1", "2026-11-02 23:59")} <= due
    assert "2026-11-02 09:29" not in tab.read_text(encoding="utf-8")


def test_a_time_read_a_hair_before_the_minute_is_the_minute(write_book, tmp_path: Path):
    """A received time stored as a serial cut short (08:29:59.9997, as 8-decimal writers leave it) is 08:30, not 08:29:59."""
    head = TICKET_HEAD[:6]
    write_book("feedback_log.xlsx", {"售后与投诉": [head, ["T1", "C1", None, 46328.35416666, "硬件故障", "产品类"]]})  # a bare serial
    write_book("customer_register.xlsx", {"客户": REGISTER["客户"][:2]})
    data = json.loads(_cli("refresh", str(tmp_path), "--as-of", AS_OF, "--json").stdout)
    [ticket] = data["tickets"]
    assert ticket["received_at"] == "2026-11-02T08:30:00+08:00" and ticket["response_due"] == "2026-11-02T09:30:00+08:00"
    assert [i["due"] for i in data["todo"] if i["action"] == "response_due"] == ["2026-11-02T09:30:00+08:00"]


def test_tidy_leaves_an_implausible_date_as_typed_and_reports_its_cell(write_book, tmp_path: Path):
    from addin.commands.tidy import run_tidy

    path = write_book("order_progress.xlsx", {"订单": [ORDER_HEAD[:6], ["O1", "C1", "张伟", "9999-12-31", 1000, "2026年11月4日"]]})
    result = run_tidy([path])
    assert [(c.change.column, c.change.value.isoformat()) for c in result.changes] == [("F", "2026-11-04")]
    assert [(i.row, i.column, i.code) for i in result.issues] == [(2, "D", "date-implausible")]
    assert openpyxl.load_workbook(path)["订单"]["D2"].value == "9999-12-31"  # left as typed


def test_two_reps_numbering_from_c0001_each_item_names_its_own_reps_customer(write_book, tmp_path: Path):
    for rep, name, phone, folder in (("张伟", "上海恒信机械有限公司", "13800000001", "张伟"), ("李娜", "苏州华研仪器有限公司", "13900000002", "李娜")):
        write_book("customer_register.xlsx", {"客户": [REGISTER["客户"][0], ["C0001", name, rep, "2025-01-05", None, "联系人", phone, "潜在"]]}, tmp_path / folder)
        write_book("order_progress.xlsx", {"订单": [ORDER_HEAD[:6], [f"O-{rep}", "C0001", rep, "2026-10-01", 1000, "2026-11-03"]]}, tmp_path / folder)
        write_book("feedback_log.xlsx", {"售后与投诉": [TICKET_HEAD[:6], [f"T-{rep}", "C0001", None, "2026-11-02 08:30", "硬件故障", "产品类"]]}, tmp_path / folder)
    todo = json.loads(_cli("refresh", str(tmp_path), "--as-of", AS_OF, "--json").stdout)["todo"]
    seen = {(i["subject"], i["customer_name"], i["phone"], i["owner_rep"]) for i in todo}
    assert ("O-张伟", "上海恒信机械有限公司", "13800000001", "张伟") in seen and ("O-李娜", "苏州华研仪器有限公司", "13900000002", "李娜") in seen
    # A ticket has no owner column: the customer beside it in the same folder.
    assert ("T-李娜", "苏州华研仪器有限公司", "13900000002", "李娜") in seen and ("T-张伟", "上海恒信机械有限公司", "13800000001", "张伟") in seen


@pytest.mark.parametrize("typed", [0, 1, "1900-01-00", "1900/1/0", "1900-01-01", "1900-01-01 00:00"])
def test_excel_empty_date_is_reported_as_such_in_any_form(write_book, tmp_path: Path, typed):
    write_book("feedback_log.xlsx", {"售后与投诉": [TICKET_HEAD[:6], ["T1", "C1", None, "2026-11-02 08:30", "硬件故障", "产品类"]]})
    path = write_book("order_progress.xlsx", {"订单": [ORDER_HEAD[:6], ["O1", "C1", "张伟", typed, 1000, "2026-11-03"]]})
    issues = json.loads(_cli("check", str(path), "--json", "--lang", "en").stdout)["issues"]
    assert [(i["row"], i["column"], i["code"]) for i in issues if i["code"].startswith("date-")] == [(2, "D", "date-empty-marker")]
    assert "overdue since 1900" not in json.dumps(issues)
