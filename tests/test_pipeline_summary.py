"""A team's opportunities in every stage: the summary's pipeline, forecast, win/loss and lost reasons give numbers
known in advance, and the to-do lists the overdue next steps and the stale opportunities (worked out by hand below)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from addin.cli import main
from addin.commands.check import run_check
from addin.commands.refresh import run_refresh
from addin.commands.summary import run_summary

AS_OF = "2026-03-16T09:00"
# Synonyms of a rep's own 商机跟进 sheet and a CRM export (the issue's list), not salesdesk's own headers.
ZH_HEAD = ["商机", "客户编号", "业务员", "创建日期", "销售阶段", "预计成交金额", "成交概率", "预计签约", "下一步", "下一步截止", "关闭日期",
           "丢单原因", "输单时阶段", "报价单号"]
EN_HEAD = ["Opportunity", "Account Name", "Deal Owner", "Created On", "Stage", "Amount", "Probability", "Close Date", "Next Step",
           "Next Step Date", "Closed Date", "Lost Reason", "Lost at stage", "Quote ID"]
ZHANG = [  # id, customer, rep, created, stage, amount, probability, close, next step, due, closed, lost reason, lost at, quote
    ["O1", "C1", "张伟", "2026-03-10", "线索", 10000, None, "2026-04-20", "电话", "2026-03-20", None, None, None, None],
    ["O2", "C1", "张伟", "2026-01-10", "已验证", 20000, None, "2026-03-25", "拜访", "2026-03-10", None, None, None, None],
    ["O3", "C2", "张伟", "2026-02-01", "已报价", 50000, "50%", "2026-03-31", "跟进报价", "2026-03-18", None, None, None, "Q-3"],
    ["O4", "C2", "张伟", "2026-03-05", "谈判中", 40000, None, "2026-04-10", None, None, None, None, None, None],
    ["O5", "C3", "张伟", "2026-01-01", "赢单", 30000, None, None, None, None, "2026-02-10", None, None, "Q-5"],
    ["O6", "C3", "张伟", "2026-01-15", "输单", 25000, None, None, None, None, "2026-02-20", "价格", "谈判中", None],
]
LI = [
    ["P1", "D1", "李娜", "2026-03-10", "Needs Analysis", 60000, None, "2026-03-28", "Demo", "2026-03-16", None, None, None, None],
    ["P2", "D1", "李娜", "2026-02-01", "Closed Won", 80000, None, None, None, None, "2026-03-05", None, None, "Q-P2"],
    ["P3", "D2", "李娜", "2026-02-10", "Closed Lost", 15000, None, None, None, None, "2026-03-12", "价格", None, None],
    ["P4", "D2", "李娜", "2026-02-12", "Closed Lost", 5000, None, None, None, None, "2026-03-13", "竞品", None, "Q-P4"],
    ["P5", "D3", "李娜", "2026-01-05", "Proposal", 10000, None, "2026-02-28", None, None, None, None, None, None],
]


@pytest.fixture
def team(write_book, tmp_path) -> Path:
    write_book("customer_register.xlsx", {"商机跟进": [ZH_HEAD, *ZHANG]}, folder=tmp_path / "team" / "张伟")
    write_book("pipeline.xlsx", {"Opportunities": [EN_HEAD, *LI]}, folder=tmp_path / "team" / "李娜")
    return tmp_path / "team"


def summary_json(team: Path, capsys) -> dict:
    capsys.readouterr()
    main(["summary", str(team), "--json", "--as-of", AS_OF, "--quiet"])
    return json.loads(capsys.readouterr().out)


def by(rows: list[dict], *keys: str) -> dict:
    return {tuple(r[k] for k in keys): r for r in rows}


def test_funnel_counts_amounts_weighted_and_conversion(team, capsys):
    data = summary_json(team, capsys)
    pipeline = by(data["pipeline"], "rep", "stage")
    expected = {  # stage: (count, amount, weighted) reached at that stage or later; a lost one up to the stage it reached
        "张伟": {"lead": (6, "175000.00", "92000.00"), "qualified": (5, "165000.00", "91000.00"), "needs_confirmed": (4, "145000.00", "87000.00"),
               "quoted": (4, "145000.00", "87000.00"), "negotiating": (3, "95000.00", "62000.00"), "won": (1, "30000.00", "30000.00"),
               "lost": (1, "25000.00", "0.00")},
        "李娜": {"lead": (5, "170000.00", "110000.00"), "qualified": (4, "155000.00", "110000.00"), "needs_confirmed": (4, "155000.00", "110000.00"),
               "quoted": (3, "95000.00", "86000.00"), "negotiating": (1, "80000.00", "80000.00"), "won": (1, "80000.00", "80000.00"),
               "lost": (2, "20000.00", "0.00")},
    }
    for rep, stages in expected.items():
        for stage, (count, amount, weighted) in stages.items():
            row = pipeline[(rep, stage)]
            assert (row["count"], row["amount"], row["weighted"]) == (count, amount, weighted), (rep, stage, row)
    team_counts = [pipeline[("*", s)]["count"] for s in ("lead", "qualified", "needs_confirmed", "quoted", "negotiating", "won", "lost")]
    assert team_counts == [11, 9, 8, 7, 4, 2, 3]
    assert [pipeline[("张伟", s)]["conversion"] for s in ("lead", "qualified", "needs_confirmed", "quoted", "negotiating", "won")] == \
        [None, 0.8333, 0.8, 1.0, 0.75, 0.3333]


def test_forecast_win_loss_and_lost_reasons(team, capsys):
    data = summary_json(team, capsys)
    forecast = {k: (r["weighted"], r["committed"]) for k, r in by(data["forecast"], "rep", "month").items()}
    assert forecast == {
        ("张伟", "2026-03"): ("29000.00", "0.00"), ("张伟", "2026-04"): ("33000.00", "40000.00"),
        ("李娜", "2026-03"): ("24000.00", "80000.00"), ("李娜", "2026-04"): ("0.00", "0.00"),
        ("*", "2026-03"): ("53000.00", "80000.00"), ("*", "2026-04"): ("33000.00", "40000.00"),
    }
    win_loss = {k: (r["won"], r["lost"], r["win_rate"], r["avg_cycle_days"]) for k, r in by(data["win_loss"], "rep", "month").items()}
    assert win_loss == {
        ("张伟", "2026-02"): (1, 1, 0.5, "40.00"), ("*", "2026-02"): (1, 1, 0.5, "40.00"),
        ("李娜", "2026-03"): (1, 2, 0.3333, "32.00"), ("*", "2026-03"): (1, 2, 0.3333, "32.00"),
    }
    reasons = [(r["rep"], r["rank"], r["reason"], r["count"], r["amount"]) for r in data["lost_reasons"]]
    assert reasons == [("张伟", 1, "价格", 1, "25000.00"), ("李娜", 1, "价格", 1, "15000.00"), ("李娜", 2, "竞品", 1, "5000.00"),
                       ("*", 1, "价格", 2, "40000.00"), ("*", 2, "竞品", 1, "5000.00")]


def test_the_summary_workbook_has_the_pipeline_tab_with_a_native_chart(team, tmp_path):
    out = tmp_path / "汇总.xlsx"
    run = run_summary([team], out, as_of=None if False else __import__("datetime").datetime(2026, 3, 16, 9))
    assert run.out == out
    book = openpyxl.load_workbook(out)
    assert {"商机漏斗", "商机预测", "赢单与输单", "输单原因"} <= set(book.sheetnames)
    ws = book["商机漏斗"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert ["团队", "线索", 11] == rows[[r[0] for r in rows].index("团队")][:3]
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert any("<c:barChart>" in z.read(n).decode() and "商机" in z.read(n).decode() for n in charts)


def test_the_todo_lists_overdue_next_steps_and_stale_opportunities(team):
    run = run_refresh([team], as_of=__import__("datetime").datetime.fromisoformat(AS_OF + "+08:00"))
    items = {(i.action, i.subject.split()[0], i.state) for i in run.deadlines.todo if i.action.startswith("opportunity")}
    assert items == {
        ("opportunity_next_step", "O2", "breached"), ("opportunity_next_step", "O1", "upcoming"), ("opportunity_next_step", "O3", "upcoming"),
        ("opportunity_next_step", "P1", "today"),
        ("opportunity_stale", "O2", "breached"), ("opportunity_stale", "O3", "breached"), ("opportunity_stale", "P5", "breached"),
        ("opportunity_stale", "O4", "upcoming"),  # unchanged since 03-05: stale on 03-19
    }
    stale = {r.row.opportunity_id: r.values["stale"] for r in run.deadlines.rows["opportunities"]}
    assert stale == {"O1": False, "O2": True, "O3": True, "O4": False, "O5": False, "O6": False, "P1": False, "P2": False, "P3": False, "P4": False, "P5": True}
    assert [(i.value, i.code) for i in run.issues if i.code.startswith("opportunity")] == [("2026-02-28", "opportunity-close-past")]
    # The to-do tab in the register lists them; the computed columns are in the rep's sheet.
    register = team / "张伟" / "customer_register.xlsx"
    book = openpyxl.load_workbook(register)
    todo = " ".join(str(c.value) for row in book["今日待办"].iter_rows() for c in row if c.value is not None)
    assert "O2" in todo and "O3" in todo and "商机" in todo
    heads = [c.value for c in book["商机跟进"][1]]
    assert {"加权金额", "停滞", "下一跟进截止", "变更指纹"} <= set(heads)


def test_a_row_changed_since_the_last_run_is_no_longer_stale_and_a_second_run_changes_nothing(team):
    when = __import__("datetime").datetime.fromisoformat(AS_OF + "+08:00")
    register = team / "张伟" / "customer_register.xlsx"
    run_refresh([team], as_of=when)
    before = register.read_bytes()
    run_refresh([team], as_of=when)
    assert register.read_bytes() == before  # the fingerprints are kept as they were: nothing to write
    book = openpyxl.load_workbook(register)
    sheet = book["商机跟进"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "O3":
            row[8].value = "约见采购总监"  # the rep updates the next step
    book.save(register)
    again = run_refresh([team], as_of=when)
    stale = {r.row.opportunity_id: r.values["stale"] for r in again.deadlines.rows["opportunities"]}
    assert stale["O3"] is False and stale["O2"] is True


def test_won_without_quote_and_lost_without_reason_are_checked(write_book, tmp_path):
    rows = [ZH_HEAD, ["X1", "C1", "张伟", "2026-03-01", "赢单", 1000, None, None, None, None, "2026-03-05", None, None, None],
            ["X2", "C1", "张伟", "2026-03-01", "输单", 1000, None, None, None, None, "2026-03-05", None, None, None],
            ["X3", "C1", "张伟", "2026-03-01", "谈判中", 1000, None, "2026-03-10", None, None, None, None, None, None]]
    path = write_book("customer_register.xlsx", {"商机跟进": rows})
    found = [(i.row, i.column_key, i.code) for i in run_check([path], as_of=__import__("datetime").date(2026, 3, 16)).issues if i.code.startswith("opportunity")]
    assert sorted(found) == [(2, "quote_id", "opportunity-won-without-quote"), (3, "lost_reason", "opportunity-lost-without-reason"),
                             (4, "expected_close", "opportunity-close-past")]


def test_quote_outcomes_conversion_and_lost_quote_reasons(team, write_book, capsys):
    quotes = [["报价单号", "客户编号", "负责销售", "报价日期", "有效期至", "报价状态", "输单原因"],
              ["Q-3", "C2", "张伟", "2026-02-20", "2026-04-30", "赢单", None],
              ["Q-5", "C3", "张伟", "2026-01-20", "2026-03-01", "已发送", None],  # validity passed: expired
              ["Q-6", "C3", "张伟", "2026-02-01", "2026-04-30", "输单", "交期"],
              ["Q-7", "C1", "张伟", "2026-03-01", "2026-04-30", None, None],
              ["Q-8", "C1", "张伟", "2026-03-02", "2026-04-30", "输单", None]]
    write_book("quote_calculator.xlsx", {"报价单": quotes}, folder=team / "张伟")
    orders = [["订单编号", "客户编号", "报价单号", "负责销售", "签约日期", "合同金额", "计划到货"], ["SO-1", "C2", "Q-3", "张伟", "2026-03-01", 56500, "2026-03-20"]]
    write_book("order_progress.xlsx", {"订单": orders}, folder=team / "张伟")
    data = summary_json(team, capsys)
    outcomes = by(data["quote_outcomes"], "rep")
    row = outcomes[("张伟",)]
    assert {k: row[k] for k in ("quotes", "open", "sent", "won", "lost", "expired", "ordered", "conversion")} == \
        {"quotes": 5, "open": 1, "sent": 0, "won": 1, "lost": 2, "expired": 1, "ordered": 1, "conversion": 0.2}
    assert [(r["rep"], r["reason"], r["count"]) for r in data["lost_reasons"] if r["source"] == "quote"] == [("张伟", "交期", 1), ("*", "交期", 1)]
    found = [(i.row, i.code) for i in run_check([team / "张伟" / "quote_calculator.xlsx"]).issues if i.code == "quote-lost-without-reason"]
    assert found == [(6, "quote-lost-without-reason")]
