"""Deadline rules on inline tables, each with its own as_of (the suite passes on any day)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from conftest import tables_from

from addin.core.settings import read_settings
from addin.deadlines.run import compute_deadlines
from addin.domain.calendar import OfficialCalendar
from addin.domain.clocks import Clock, clock_state

SH = ZoneInfo("Asia/Shanghai")
ORDER_HEAD = ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "发货时间", "单号发送时间", "到货时间", "验收时间", "日违约金比例", "违约金上限", "合同响应时限（小时）"]
PAY_HEAD = ["订单编号", "付款节点", "比例", "账期（工作日）", "实付日期", "实付金额"]
TICKET_HEAD = ["工单号", "客户编号", "订单编号", "受理时间", "类型", "反馈分类", "首次响应时间", "解决时间", "方案时间", "落实时间", "回访时间", "告知客户时间"]
CUSTOMER_HEAD = ["客户编号", "客户名称", "负责销售", "首次接触", "合作起始", "需求强度", "采购能力", "客户分层", "决策人生日", "公司周年", "状态"]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SH)


def run(sheets, as_of: str, calendar=None):
    tables, issues = tables_from(sheets)
    assert not [i.code for i in issues if i.severity.value == "error"]
    settings, _ = read_settings(tables)
    return compute_deadlines(tables, settings, at(as_of), "en", calendar)


def values(result, sheet: str) -> list[dict]:
    return [r.values for r in result.rows[sheet]]


def order(**kw):
    base = dict(zip(ORDER_HEAD, ["O1", "C1", "张伟", "2026-09-01", 100000, "2026-10-08", None, None, None, None, None, None, None]))
    base.update(kw)
    return [base[h] for h in ORDER_HEAD]


# ---- calendar -------------------------------------------------------------
def test_national_day_2026_and_its_worked_weekends():
    cal = OfficialCalendar(SH)
    assert [cal.is_working_day(date(2026, 10, d)) for d in range(1, 8)] == [False] * 7
    assert cal.is_working_day(date(2026, 9, 20)) and cal.is_working_day(date(2026, 10, 10))  # Sunday, Saturday worked
    assert cal.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert cal.add_working_days(date(2026, 9, 19), 1) == date(2026, 9, 20)
    assert cal.add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 10)
    assert cal.add_working_days(date(2026, 10, 9), 0) == date(2026, 10, 9)
    assert not cal.warnings()


def test_year_end_into_2027_warns_once_and_overrides_silence_it():
    cal = OfficialCalendar(SH)
    assert cal.add_working_days(date(2026, 12, 30), 3) == date(2027, 1, 5)  # 2027-01-01 estimated holiday
    cal.add_working_days(date(2027, 3, 1), 10)
    assert [i.code for i in cal.warnings()] == ["calendar-unofficial-year"]
    assert "2027" in cal.warnings()[0].message_en
    import holidays

    notice = {d: False for d in holidays.country_holidays("CN", years=2027)}
    notice[date(2027, 2, 20)] = True  # a worked Saturday typed from the notice
    covered = OfficialCalendar(SH, overrides=notice)
    assert covered.is_working_day(date(2027, 2, 20))
    covered.add_working_days(date(2026, 12, 30), 40)
    assert covered.warnings() == []


def test_business_hours_clock_starts_outside_hours_and_spans_a_holiday():
    cal = OfficialCalendar(SH)
    # Received Wednesday 2026-09-30 at 20:00: the next working hours are Thursday 8 October, 09:00.
    assert cal.add_working_time(at("2026-09-30T20:00"), timedelta(hours=1)) == at("2026-10-08T10:00")
    # Received 17:30 on 30 September: half an hour that day, the rest after the holiday.
    # 17:30-18:00, then 09:00-12:00 on 8 October, then 13:30-14:00.
    assert cal.add_working_time(at("2026-09-30T17:30"), timedelta(hours=4)) == at("2026-10-08T14:00")
    assert cal.working_time_between(at("2026-09-30T17:30"), at("2026-10-08T10:00")) == timedelta(minutes=90)


def test_business_hours_tickets_when_settings_say_so():
    sheets = {
        "设置": [["设置项", "说明", "值"], ["sla_business_hours", "", "是"]],
        "售后与投诉": [TICKET_HEAD, ["T1", "C1", None, "2026-09-30 20:00", "硬件故障", "产品类", None, None, None, None, None, None]],
    }
    t = values(run(sheets, "2026-10-01T12:00"), "tickets")[0]
    assert t["response_due"] == at("2026-10-08T10:00")
    assert t["sla_status"] == "open_on_time"


# ---- clocks ----------------------------------------------------------------
def test_at_risk_at_exactly_a_quarter_left():
    clock = Clock("response_due", at("2026-03-02T09:00"), at("2026-03-02T10:00"))
    assert clock_state(clock, at("2026-03-02T09:44:59")) == "open_on_time"
    assert clock_state(clock, at("2026-03-02T09:45")) == "at_risk"
    assert clock_state(clock, at("2026-03-02T10:00")) == "at_risk"
    assert clock_state(clock, at("2026-03-02T10:00:01")) == "breached"
    assert clock_state(Clock("x", clock.started, clock.due, at("2026-03-02T10:00")), at("2026-03-09T00:00")) == "met"
    assert clock_state(Clock("x", clock.started, clock.due, at("2026-03-02T10:01")), at("2026-03-09T00:00")) == "missed"


# ---- orders ------------------------------------------------------------------
def test_deemed_acceptance_exactly_at_and_a_minute_after_the_deadline_triggers_the_payment():
    sheets = {
        "订单": [ORDER_HEAD, order(**{"到货时间": "2026-10-09 14:00"})],
        "回款节点": [PAY_HEAD, ["O1", "预付款", "30%", 5, "2026-09-02", 30000], ["O1", "验收款", "70%", 3, None, None]],
    }
    on_deadline = run(sheets, "2026-10-12T23:59:59")
    o = values(on_deadline, "orders")[0]
    assert o["acceptance_due"] == at("2026-10-12T23:59:59") and o["acceptance_status"] == "waiting"
    assert [p["status"] for p in values(on_deadline, "payments")] == ["paid", "not_due"]

    after = run(sheets, "2026-10-13T00:00:59")
    o = values(after, "orders")[0]
    assert o["acceptance_status"] == "deemed_accepted" and o["stage"] == "accepted"
    pay = values(after, "payments")[1]
    # Deemed accepted on Monday 12 October: 3 working days later is Thursday 15 October.
    assert pay == {"amount": Decimal("70000.00"), "due_on": date(2026, 10, 15), "status": "due", "open_amount": Decimal("70000.00")}
    assert o["warranty_until"] == date(2027, 10, 12)
    assert o["next_inspection_due"] == date(2027, 1, 10)


def test_lateness_penalty_cap_and_tracking_clock_across_midnight_and_month_end():
    sheets = {
        "订单": [
            ORDER_HEAD,
            order(**{"计划到货": "2026-10-20", "发货时间": "2026-10-31 23:30", "日违约金比例": "0.5%", "违约金上限": "5%"}),
            order(**{"订单编号": "O2", "计划到货": "2026-10-20", "到货时间": "2026-10-23 10:00", "日违约金比例": "0.5%"}),
        ]
    }
    result = run(sheets, "2026-11-01T00:15")
    late, arrived = values(result, "orders")
    assert late["tracking_due"] == at("2026-11-01T00:30") and late["next_action"] == "tracking" and not late["overdue"]
    assert late["days_late"] == 12 and late["penalty_amount"] == Decimal("5000.00")  # 6,000 capped at 5%
    assert arrived["days_late"] == 3 and arrived["penalty_amount"] == Decimal("1500.00")
    assert late["notice_due"] == date(2026, 10, 18) and late["stage"] == "shipped"
    # Every open clock of O1 is an item: the tracking number (15 of 60 minutes left) and the late arrival.
    assert {i.action: i.state for i in result.todo if i.subject == "O1"} == {"tracking": "at_risk", "arrival": "breached"}


def test_payment_amounts_last_milestone_takes_the_remainder():
    sheets = {
        "订单": [ORDER_HEAD, order(**{"合同金额": 100000.01})],
        "回款节点": [PAY_HEAD, ["O1", "预付款", "33.33%", 0, None, None], ["O1", "到货款", "33.33%", 0, None, None], ["O1", "验收款", "33.34%", 0, None, 1]],
    }
    pays = values(run(sheets, "2026-09-01T10:00"), "payments")
    amounts = [p["amount"] for p in pays]
    assert amounts == [Decimal("33330.00"), Decimal("33330.00"), Decimal("33340.01")] and sum(amounts) == Decimal("100000.01")
    assert [p["status"] for p in pays] == ["due", "not_due", "not_due"]
    assert pays[0]["due_on"] == date(2026, 9, 1)


# ---- tickets ---------------------------------------------------------------
def test_contract_two_hour_promise_overrides_the_one_hour_default():
    sheets = {
        "订单": [ORDER_HEAD, order(**{"合同响应时限（小时）": 2}), order(**{"订单编号": "O2"})],
        "售后与投诉": [
            TICKET_HEAD,
            ["T1", "C1", "O1", "2026-03-02 09:00", "硬件故障", "产品类", None, None, None, None, None, None],
            ["T2", "C1", "O2", "2026-03-02 09:00", "硬件故障", "服务类", None, None, None, None, None, None],
        ],
    }
    t1, t2 = values(run(sheets, "2026-03-02T10:30"), "tickets")
    assert t1["response_due"] == at("2026-03-02T11:00") and t1["sla_status"] == "at_risk" and t1["route_to"] == "rnd"
    assert t2["response_due"] == at("2026-03-02T10:00") and t2["sla_status"] == "breached" and t2["overdue_by"] == "30分"  # written in the sheet's language (Chinese headers)
    assert t2["resolution_due"] == at("2026-03-04T09:00") and t2["route_to"] == "after_sales"


def test_complaint_clocks_met_missed_and_the_open_feedback_loop():
    sheets = {
        "售后与投诉": [
            TICKET_HEAD,
            ["T1", "C1", None, "2026-03-02 09:00", "投诉", "流程类", "2026-03-02 09:20", "2026-03-03 09:00", "2026-03-02 09:30", "2026-03-03 08:00", "2026-03-05 10:00", None],
            ["T2", "C1", None, "2026-03-02 09:00", "投诉", "流程类", "2026-03-02 09:20", "2026-03-03 09:00", "2026-03-02 09:31", "2026-03-03 08:00", "2026-03-05 10:00", None],
            ["T3", "C1", None, "2026-03-02 09:00", "建议", "产品类", "2026-03-02 09:20", "2026-03-20 09:00", None, None, None, None],
        ]
    }
    result = run(sheets, "2026-04-01T10:00")
    t1, t2, t3 = values(result, "tickets")
    assert t1["follow_up_due"] == at("2026-03-06T08:00") and t1["sla_status"] == "met" and t1["route_to"] == "operations"
    assert t2["sla_status"] == "missed" and t2["plan_due"] == at("2026-03-02T09:30")
    # A suggestion runs its own clocks (acknowledged within 24 h: met; the customer told within 5 working days of
    # resolving it: still open, breached), never the ticket's 1 h / 48 h nor the complaint's (issue 18: it used to read "missed").
    assert t3["sla_status"] == "breached" and t3["plan_due"] is None and t3["resolution_due"] is None
    assert t3["response_due"] == at("2026-03-03T09:00") and t3["reply_due"] == at("2026-03-27T23:59:59")
    assert t1["response_due"] is None and t1["resolution_due"] is None  # a complaint: plan, carried out, follow-up only
    # issue 24: the two complaints were followed up without a root cause recorded (complaint review)
    assert [(i.row, i.code) for i in result.issues] == [(4, "feedback-loop-open"), (2, "root-cause-missing"), (3, "root-cause-missing")]
    assert [(i.subject, i.action, i.state) for i in result.todo] == [("T3", "notify", "breached")]


# ---- customers and visits ---------------------------------------------------
def test_customers_dormant_revisit_care_and_tiers():
    sheets = {
        "客户": [
            CUSTOMER_HEAD,
            ["C1", "甲", "张伟", "2024-01-01", "2024-02-01", 5, 5, "B", "1980-02-29", None, "合作中"],
            ["C2", "乙", "张伟", "2026-05-02", None, 1, 1, "C", None, "2010-11-06", "潜在"],
            ["C3", "丙", "张伟", "2026-05-03", None, 3, 3, None, None, None, "潜在"],
            ["C4", "丁", "张伟", "2020-01-01", None, 3, 3, None, None, None, "流失"],
        ],
        "拜访记录": [
            ["拜访日期", "客户编号", "销售代表", "方式"],
            ["2026-08-01", "C1", "张伟", "深度回访"],
            ["2026-10-30", "C3", "张伟", "展会"],
        ],
        "订单": [ORDER_HEAD, order(**{"签约日期": "2026-05-02"})],
    }
    result = run(sheets, "2026-11-02T09:00")
    c1, c2, c3, c4 = values(result, "customers")
    assert c1["tier_suggested"] == "A" and c1["tier_mismatch"] is True
    assert c1["last_order_date"] == date(2026, 5, 2) and c1["dormant"] is True
    assert c1["revisit_due"] == date(2026, 10, 30)
    assert c2["dormant"] is True and result.rows["customers"][1].extra["dormant_reason"] == "never_ordered"
    assert c2["next_care"] == "2026-11-06 周年" and c2["revisit_due"] is None
    assert c3["dormant"] is False and c4["dormant"] is False
    assert values(result, "visits")[1]["follow_up_due"] == at("2026-10-31T23:59:59")  # end of the show day + 24 h
    states = {(i.subject, i.action): i.state for i in result.todo}
    assert states == {("C1", "revisit"): "breached", ("C3", "trade_show"): "breached", ("C2", "care"): "upcoming", ("O1", "arrival"): "breached"}
    # Nothing due today or at risk here; overdue next, the latest first (old ones never bury yesterday's), then the week.
    assert [i.subject for i in result.todo] == ["C3", "C1", "O1", "C2"]


@pytest.mark.parametrize("today, expected", [(date(2027, 2, 20), "2027-02-28 生日"), (date(2028, 2, 20), "2028-02-29 生日")])
def test_a_29_february_birthday_falls_on_28_february_in_other_years(today, expected):
    sheets = {"客户": [CUSTOMER_HEAD, ["C1", "甲", "张伟", None, None, None, None, None, "1980-02-29", None, "合作中"]]}
    assert values(run(sheets, datetime.combine(today, time(9)).isoformat()), "customers")[0]["next_care"] == expected


class BrokenCalendar(OfficialCalendar):
    """A calendar that fails on working time: a rule's crash must stay one row's issue."""

    def add_working_time(self, start, delta):
        raise ValueError("no working hours configured")


def test_a_rule_that_crashes_is_an_internal_error_on_its_row_and_the_run_goes_on():
    sheets = {
        "设置": [["设置项", "说明", "值"], ["sla_business_hours", "", "是"]],
        "售后与投诉": [TICKET_HEAD, ["T1", "C1", None, "2026-09-30 20:00", "硬件故障", "产品类", None, None, None, None, None, None]],
        "客户": [CUSTOMER_HEAD, ["C1", "甲", "张伟", "2024-01-01", None, 5, 5, "A", None, None, "合作中"]],
    }
    result = run(sheets, "2026-10-01T12:00", BrokenCalendar(SH))
    assert [(i.sheet, i.row, i.code) for i in result.issues] == [("售后与投诉", 2, "internal-error")]
    assert values(result, "customers")[0]["tier_suggested"] == "A"


class CalendarFailingOn(OfficialCalendar):
    """A calendar that fails for one trigger date: that milestone's crash must stay that row's issue."""

    def __init__(self, zone, bad):
        super().__init__(zone)
        self.bad = bad

    def add_working_days(self, start, n):
        if start == self.bad:
            raise OverflowError("date value out of range")
        return super().add_working_days(start, n)


def test_one_milestone_that_cannot_be_computed_leaves_every_other_reminder_and_speaks_the_runs_language():
    sheets = {
        "订单": [ORDER_HEAD, order(**{"签约日期": "2026-10-01"}), order(**{"订单编号": "O2", "签约日期": "2026-10-20"})],
        "回款节点": [PAY_HEAD, ["O1", "预付款", "100%", 5, None, None], ["O2", "预付款", "50%", 5, None, None], ["O2", "到货款", "50%", 5, None, None]],
    }
    result = run(sheets, "2026-10-27T09:00", CalendarFailingOn(SH, date(2026, 10, 1)))
    assert [(i.sheet, i.row, i.code) for i in result.issues if i.code == "internal-error"] == [("回款节点", 2, "internal-error")]
    [issue] = [i for i in result.issues if i.code == "internal-error"]
    assert "回款节点" in issue.message_zh and "date value out of range" not in issue.message_zh + issue.message_en  # words, not a trace
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in issue.message_en)
    # O2's milestones are computed as usual: its prepayment is on the to-do (due 2026-10-27, today).
    assert [p["status"] for p in values(result, "payments")] == ["due", "not_due"]
    assert [(i.subject, i.action, i.state) for i in result.todo if i.action == "payment"] == [("O2 prepayment", "payment", "today")]
