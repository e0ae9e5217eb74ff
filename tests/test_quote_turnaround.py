"""Quote turnaround (issue 14.7): working hours from request to quote sent; the summary's median and share within 2 hours."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import openpyxl

from addin.cli import main
from addin.commands.quote import run_quote
from addin.commands.summary import run_summary
from addin.domain.calendar import build_calendar
from addin.pricing.turnaround import median, working_hours

ZONE = ZoneInfo("Asia/Shanghai")
CALENDAR = build_calendar(ZONE, "CN", {}, None)[0]  # 09:00-12:00, 13:30-18:00 on China's working days


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZONE)


def test_working_hours_skip_nights_lunch_weekends_and_holidays():
    assert working_hours(at("2026-03-06 17:00"), at("2026-03-09 10:00"), CALENDAR) == D("2.00")  # Friday 17:00 -> Monday 10:00
    assert working_hours(at("2026-03-10 11:30"), at("2026-03-10 14:00"), CALENDAR) == D("1.00")  # lunch 12:00-13:30 not counted
    assert working_hours(at("2026-03-10 09:00"), at("2026-03-10 09:20"), CALENDAR) == D("0.33")
    assert working_hours(at("2026-09-30 17:00"), at("2026-10-08 09:30"), CALENDAR) == D("1.50")  # National Day holidays
    assert median([D("1"), D("3"), D("2")]) == D("2") and median([D("1"), D("2")]) == D("1.50") and median([]) is None


BOOK = {
    "价格表": [["产品编码", "产品名称", "单位", "目录价", "底价"], ["EQ", "商用冷柜", "台", 100, 80]],
    "客户": [["客户编号", "客户名称", "负责销售", "客户分层"], ["CA", "上海恒信机械有限公司", "张伟", "C"]],
    "报价单": [["报价单号", "客户编号", "负责销售", "报价日期", "询价时间", "报价发出时间"],
            ["Q-1", "CA", "张伟", "2026-03-09", "2026-03-06 17:00", "2026-03-09 10:00"],  # 2.00 h
            ["Q-2", "CA", "张伟", "2026-03-10", "2026-03-10 09:00", "2026-03-10 09:45"],  # 0.75 h
            ["Q-3", "CA", "李娜", "2026-03-10", "2026-03-10 09:00", "2026-03-11 09:00"],  # 7.50 h
            ["Q-4", "CA", "李娜", "2026-03-10", "2026-03-10 10:00", None],  # not sent yet: not measured
            ["Q-5", "CA", "李娜", "2026-03-10", "2026-03-10 10:00", "2026-03-10 09:00"]],  # sent before requested
    "报价明细": [["报价单号", "产品编码", "数量"], *([q, "EQ", 1] for q in ("Q-1", "Q-2", "Q-3", "Q-4", "Q-5"))],
    "设置": [["设置项", "说明", "值"], ["company_name", "公司名称", "杭州宏远设备有限公司"]],
}


def test_quote_column_and_json_carry_the_turnaround(write_book, capsys):
    path = write_book("quote_calculator.xlsx", BOOK)
    run = run_quote([path], as_of=date(2026, 3, 12))
    assert [q.turnaround_hours for q in run.quotes] == [D("2.00"), D("0.75"), D("7.50"), None, None]
    [late] = [i for i in run.issues if i.code == "quote-sent-before-request"]
    assert late.row == 6 and late.message_zh and late.message_en
    sheet = openpyxl.load_workbook(path)["报价单"]
    column = [c.value for c in sheet[1]].index("报价用时（工作小时）") + 1
    assert [sheet.cell(r, column).value for r in range(2, 7)] == [2, 0.75, 7.5, None, None]
    main(["quote", str(path), "--json", "--quote", "Q-2", "--as-of", "2026-03-12", "--lang", "en"])
    [quote] = json.loads(capsys.readouterr().out)["quotes"]
    assert quote["turnaround_hours"] == "0.75"


def test_summary_shows_the_median_and_the_share_within_two_hours(write_book, tmp_path, capsys):
    path = write_book("quote_calculator.xlsx", BOOK, folder=tmp_path / "team")
    out = tmp_path / "summary.xlsx"
    run = run_summary([path.parent], out, datetime(2026, 3, 12, 9, 0, tzinfo=ZONE), date(2026, 3, 1), 2, "zh")
    rows = {(r["rep"], r["month"]): r for r in run.summary.sections["quotes"]}
    team = rows[("*", "2026-03")]
    # 0.75, 2.00, 7.50: median 2.00; two of three within 2 working hours
    assert (team["quotes"], team["median_hours"], team["within_target"], team["within_target_share"]) == (3, D("2.00"), 2, D("0.6667"))
    assert rows[("张伟", "2026-03")]["median_hours"] == D("1.38") and rows[("李娜", "2026-03")]["within_target"] == 0
    about = {r[0]: r[1] for r in openpyxl.load_workbook(out)["说明"].iter_rows(values_only=True) if r[0]}
    assert about["报价用时中位数（工作小时）"] == "2.00 (3)" and about["2 个工作小时内发出的报价"] == "67%"
    main(["summary", str(path.parent), "--month", "2026-03", "--as-of", "2026-03-12T09:00", "--json", "--lang", "en"])
    data = json.loads(capsys.readouterr().out)
    team_json = next(r for r in data["quotes"] if r["rep"] == "*" and r["month"] == "2026-03")
    assert team_json["median_hours"] == "2.00" and team_json["within_target_share"] == 0.6667 and team_json["quotes"] == 3
