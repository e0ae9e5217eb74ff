"""The seller's playbook (issue 24): a scenario per practice, figures known in advance."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from conftest import tables_from

from addin.core.settings import read_settings
from addin.deadlines.run import compute_deadlines
from addin.playbook.cases import cases_for_quotes
from addin.summary.run import compute_summary

SH = ZoneInfo("Asia/Shanghai")
CUSTOMERS = ["客户编号", "客户名称", "行业", "负责销售", "获客渠道", "首次接触"]
ORDERS = ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "发货时间", "运单号", "到货时间"]
REFERRALS = ["推荐客户", "被推荐客户", "推荐日期", "奖励方式", "已发放金额"]
SETTINGS = ["设置项", "值"]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SH)


def run(sheets, as_of: str):
    tables, issues = tables_from(sheets)
    assert not [i.code for i in issues if i.severity.value == "error"], issues
    settings, _ = read_settings(tables)
    return tables, settings, compute_deadlines(tables, settings, at(as_of), "zh")


def values(result, sheet: str) -> list[dict]:
    return [r.values for r in result.rows[sheet]]


def test_referral_reward_owed_is_the_rebate_share_of_the_first_orders_or_the_upgrade_cost():
    sheets = {
        "客户": [CUSTOMERS,
                 ["C1", "老客一", "制造", "张伟", "线下", "2025-01-05"],
                 ["C2", "新客二", "制造", "张伟", "老客转介绍", "2026-08-01"],
                 ["C3", "新客三", "医疗", "张伟", "老客转介绍", "2026-09-01"],
                 ["C4", "新客四", "医疗", "张伟", "老客转介绍", "2026-09-01"]],
        "订单": [ORDERS,
                 ["O0", "C2", "张伟", "2026-07-20", 50000, "2026-08-20", None, None, None],  # before the referral: not counted
                 ["O1", "C2", "张伟", "2026-08-10", 200000, "2026-09-10", None, None, None],
                 ["O2", "C2", "张伟", "2026-09-15", 100000, "2026-10-15", None, None, None],
                 ["O3", "C2", "张伟", "2026-10-15", 999999, "2026-11-15", None, None, None],  # the third order: not counted
                 ["O4", "C3", "张伟", "2026-09-20", 80000, "2026-10-20", None, None, None]],
        "转介绍": [REFERRALS,
                  ["C1", "C2", "2026-08-01", "推荐返佣", 3000],
                  ["C1", "C3", "2026-09-01", "服务升级", None],
                  ["C1", "C4", "2026-09-01", None, None]],
        "设置": [SETTINGS, ["referral_rebate_share", "5%"], ["referral_first_orders", 2], ["referral_upgrade_cost", 1500]],
    }
    tables, settings, result = run(sheets, "2026-10-20T10:00")
    rebate, upgrade, none = values(result, "referrals")
    # (200,000 + 100,000) x 5% = 15,000.00 owed, 3,000 paid -> part paid
    assert rebate == {"first_orders_amount": Decimal("300000.00"), "reward_owed": Decimal("15000.00"), "reward_status": "part_paid"}
    assert upgrade == {"first_orders_amount": Decimal("80000.00"), "reward_owed": Decimal("1500.00"), "reward_status": "owed"}
    assert none == {"first_orders_amount": None, "reward_owed": Decimal("0.00"), "reward_status": "not_earned"}
    sheets["设置"].append(["referral_reward_kind", "服务升级"])  # the default typed as its Chinese label
    assert [r.values["reward_owed"] for r in run(sheets, "2026-10-20T10:00")[2].rows["referrals"]] == [Decimal("15000.00"), Decimal("1500.00"), Decimal("0.00")]
    sheets["订单"].append(["O5", "C4", "张伟", "2026-10-01", 70000, "2026-11-01", None, None, None])
    assert [r.values["reward_owed"] for r in run(sheets, "2026-10-20T10:00")[2].rows["referrals"]][2] == Decimal("1500.00")

    summary = compute_summary(tables, settings, at("2026-10-20T10:00"), deadlines=result)
    [row] = summary.sections["referrals"]
    # referred revenue 200,000 + 100,000 + 999,999 + 80,000 (every order since the referral); cost 15,000 + 1,500
    assert row["referrer"] == "C1" and row["name"] == "老客一" and row["referrals"] == 3 and row["referred_won"] == 2
    assert row["referred_revenue"] == Decimal("1379999.00") and row["reward_cost"] == Decimal("16500.00")
    assert row["revenue_per_cost"] == Decimal("83.6363") and row["reward_paid"] == Decimal("3000.00")


LEADS = ["展会", "见面时间", "姓名", "公司", "电话", "行业", "需求", "意向产品", "销售代表", "跟进时间"]
PRICES = ["产品编码", "产品名称", "目录价", "底价", "30 秒电梯话术"]
CASES = ["案例编号", "行业", "客户", "产品", "使用前", "使用后", "成效"]


def test_trade_show_follow_up_is_due_24_hours_after_the_hour_met_with_a_drafted_message():
    sheets = {
        "展会线索": [LEADS,
                   ["2026 工博会", "2026-10-15 14:30", "王磊", "华东精密", "13800000001", "制造", "产线能耗高", "SKU-A", "张伟", None],
                   ["2026 工博会", "2026-10-15 16:00", "李娜", "康宁医疗", "13800000002", "医疗", "设备停机多", None, "张伟", "2026-10-16 09:00"]],
        "价格表": [PRICES, ["SKU-A", "节能空压机", 10000, 8000, "同等产气量，电费降 30%，两年回本。"]],
        "案例库": [CASES, ["K1", "制造", "苏州某电子厂", "SKU-A", "年电费 80 万", "年电费 56 万", "年省电费 24 万元"]],
    }
    _, _, result = run(sheets, "2026-10-16T10:00")
    first, second = values(result, "trade_show_leads")
    assert first["follow_up_due"] == at("2026-10-16T14:30")  # the hour met + 24 h, not midnight
    assert second["follow_up_due"] == at("2026-10-16T16:00")
    assert "王磊" in first["follow_up_email"] and "产线能耗高" in first["follow_up_email"]
    assert "电费降 30%" in first["follow_up_email"] and "年省电费 24 万元" in first["follow_up_email"]
    assert "2026 工博会" in first["follow_up_wechat"] and "电费降 30%" in first["follow_up_wechat"]
    assert "苏州某电子厂" not in second["follow_up_email"]  # no case of the medical industry: none shown
    [item] = [i for i in result.todo if i.action == "trade_show"]  # the second lead was followed up
    assert (item.subject, item.due, item.state) == ("王磊 华东精密", at("2026-10-16T14:30"), "at_risk")  # 4.5 of 24 h left


STAGES = ["订单编号", "阶段", "发送时间"]


def test_a_stage_change_needs_its_message_within_the_hour():
    sheets = {
        "客户": [[*CUSTOMERS, "沟通语言"], ["C1", "华东精密", "制造", "张伟", "线下", "2026-01-05", None], ["C2", "Hengxin", "制造", "张伟", "线下", "2026-01-05", "英文"]],
        "订单": [ORDERS,
                 ["O1", "C1", "张伟", "2026-10-01", 100000, "2026-10-20", "2026-10-16 09:10", "SF123", None],
                 ["O2", "C1", "张伟", "2026-10-02", 50000, "2026-10-25", "2026-10-16 08:00", "SF456", None],
                 ["O3", "C2", "张伟", "2026-10-03", 50000, "2026-10-25", None, None, None]],
        "阶段通知": [STAGES, ["O1", "已签约", "2026-10-01 18:00"], ["O2", "已发货", "2026-10-16 08:30"], ["O1", "已发货", None]],
    }
    _, _, result = run(sheets, "2026-10-16T10:00")
    signed, shipped_o2, shipped_o1 = values(result, "stage_messages")
    assert shipped_o1["changed_at"] == at("2026-10-16T09:10") and shipped_o1["message_due"] == at("2026-10-16T10:10")
    assert shipped_o1["message"] == "华东精密您好：订单 O1 已于 2026-10-16 发货，运单号 SF123，预计 2026-10-20 到货。"
    assert signed["message_due"] == at("2026-10-02T00:59:59")  # a date counts as its end
    [item] = [i for i in result.todo if i.action == "stage_message"]
    assert (item.subject, item.due, item.state) == ("O1", at("2026-10-16T10:10"), "at_risk")  # 10 of 60 minutes left
    assert {(m.order_id, m.stage, m.sent_at is not None) for m in result.stage_messages} >= {("O1", "shipped", False), ("O2", "shipped", True)}
    [o3] = [m for m in result.stage_messages if m.order_id == "O3"]  # the customer reads English
    assert o3.text == "Dear Hengxin, order O3 is signed and scheduled for production; expected arrival 2026-10-25."


TICKETS = ["工单号", "客户编号", "受理时间", "类型", "根因", "补偿措施", "补偿成本", "反馈来源"]


def test_complaint_causes_ranked_by_cost_per_month():
    sheets = {
        "售后与投诉": [TICKETS,
                    ["T1", "C1", "2026-09-03 10:00", "投诉", "交付延误", "免费延保 6 个月", 3000, "满意度调研"],
                    ["T2", "C1", "2026-09-10 10:00", "投诉", "交付延误", "赠送耗材", 1000, "电话"],
                    ["T3", "C2", "2026-09-12 10:00", "投诉", "产品质量", "更换整机", 12000, "电话"],
                    ["T4", "C2", "2026-09-20 10:00", "投诉", "沟通不畅", "书面致歉", None, "售后回访"],
                    ["T5", "C3", "2026-10-02 10:00", "投诉", "交付延误", "折让", 500, None],
                    ["T6", "C3", "2026-09-21 10:00", "投诉", "天气", None, None, "客户座谈会"],
                    ["T7", "C3", "2026-09-22 10:00", "硬件故障", "产品质量", None, 99999, "电话"]],
    }
    tables, settings, result = run(sheets, "2026-10-20T10:00")
    assert [(i.row, i.code) for i in result.issues if i.code in ("root-cause-unknown", "compensation-cost-missing")] == [
        (5, "compensation-cost-missing"), (7, "root-cause-unknown")]
    summary = compute_summary(tables, settings, at("2026-10-20T10:00"), month=date(2026, 10, 1), deadlines=result)
    sources = {r["key"]: r["count"] for r in summary.sections["service"] if r["group"] == "source"}
    assert sources == {"survey": 1, "phone": 3, "callback": 1, "meeting": 1, "?": 1}  # every ticket of the 6 months, T5 without a source
    ranked = [(r["month"], r["rank"], r["root_cause"], r["count"], r["cost"]) for r in summary.sections["complaint_causes"]]
    assert [r["costs_unknown"] for r in summary.sections["complaint_causes"]] == [0, 0, 0, 1, 0]  # T4: compensation, no cost
    assert ranked == [
        ("2026-09", 1, "产品质量", 1, Decimal("12000.00")),
        ("2026-09", 2, "交付延误", 2, Decimal("4000")),
        ("2026-09", 3, "天气", 1, Decimal("0.00")),
        ("2026-09", 4, "沟通不畅", 1, Decimal("0.00")),
        ("2026-10", 1, "交付延误", 1, Decimal("500")),
    ]


def test_cases_are_picked_for_a_quote_by_industry_then_products():
    sheets = {
        "客户": [CUSTOMERS, ["C1", "华东精密", "制造", "张伟", "线下", "2026-01-05"], ["C2", "康宁医疗", "医疗", "张伟", "线下", "2026-01-05"]],
        "报价单": [["报价单号", "客户编号", "负责销售", "报价日期"], ["Q1", "C1", "张伟", "2026-10-01"], ["Q2", "C2", "张伟", "2026-10-01"]],
        "报价明细": [["报价单号", "产品编码", "数量"], ["Q1", "SKU-A", 2], ["Q2", "SKU-B", 1]],
        "案例库": [CASES,
                 ["K1", "制造", "苏州某电子厂", "SKU-B", "a", "b", "c"],
                 ["K2", "制造", "无锡某机械厂", "SKU-A", "a", "b", "c"],
                 ["K3", "食品", "某食品厂", "SKU-B", "a", "b", "c"],
                 ["K4", "化工", "某化工厂", "SKU-C", "a", "b", "c"]],
    }
    tables, _ = tables_from(sheets)
    picked = {q: [c.case_id for c in cases] for q, cases in cases_for_quotes(tables).items()}
    assert picked == {"Q1": ["K2", "K1"], "Q2": ["K1", "K3"]}  # no medical case: those sharing the product, by id


def test_a_filled_survey_form_is_read_back_into_the_feedback_log(tmp_path, capsys):
    import json

    import openpyxl
    from conftest import workbook_of
    from test_forms import AS_OF, folder_of

    from addin.cli import main
    from addin.commands.forms import FormRequest, run_forms

    folder = folder_of(tmp_path)
    workbook_of({"售后与投诉": [["工单号", "客户编号", "受理时间", "类型", "问题描述"], ["T1", "CA", "2026-03-01 10:00", "硬件故障", "不制冷"]]}).save(folder / "feedback_log.xlsx")
    form = run_forms("survey", [folder], FormRequest(order_id="SO-1"), as_of=AS_OF).sheet
    book = openpyxl.load_workbook(form)  # the customer fills it in
    sheet = book.active
    cells = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    sheet.cell(cells["总体满意度"], 7).value = "☑ 4"
    sheet.cell(cells["产品质量"], 8).value = "☑ 5"
    sheet.cell(cells["交付及时性"], 4).value = "☑ 1"
    sheet.cell(cells["交付及时性"], 5).value = "☑ 2"  # two boxes: ambiguous, never guessed
    line = next(r for text, r in cells.items() if str(text).startswith("2. □ 服务类"))
    sheet.cell(line, 1).value = "2. ☑ 服务类: =希望安装前一天电话确认"
    book.save(form)

    assert main(["import", str(form), str(folder), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["appended"] == {form.name: 2} and [i["code"] for i in out["issues"]] == ["survey-score-ambiguous"]
    rows = list(openpyxl.load_workbook(folder / "feedback_log.xlsx").active.iter_rows(values_only=True))
    head = rows[0]
    got = [dict(zip(head, r)) for r in rows[1:]]
    assert got[0]["工单号"] == "T1"
    score, suggestion = got[1], got[2]
    assert (score["工单号"], score["客户编号"], score["订单编号"], score["类型"], score["反馈来源"], score["满意度"]) == ("SV-SO-1", "CA", "SO-1", "建议", "满意度调研", 4)
    assert "产品质量 5" in score["问题描述"] and "交付及时性 ?" in score["问题描述"]
    assert (suggestion["工单号"], suggestion["反馈分类"], suggestion["问题描述"]) == ("SV-SO-1-1", "服务类", "=希望安装前一天电话确认")  # text, never a formula
    written = openpyxl.load_workbook(folder / "feedback_log.xlsx").active
    assert written.cell(4, head.index("问题描述") + 1).data_type == "s"

    assert main(["import", str(form), str(folder), "--json"]) == 1  # nothing new: already imported
    assert sorted(i["code"] for i in json.loads(capsys.readouterr().out)["issues"]) == ["survey-already-imported", "survey-score-ambiguous"]
    assert len(list(openpyxl.load_workbook(folder / "feedback_log.xlsx").active.iter_rows())) == 4


def test_the_requirement_form_shows_the_cases_picked_by_industry_and_products(tmp_path):
    from test_forms import AS_OF, folder_of, text_of

    from addin.commands.forms import FormRequest, run_forms

    cases = {"案例库": [CASES,
                     ["K1", "化工", "某化工厂", "ZZ", "旧", "新", "不相关"],
                     ["K2", "餐饮", "某连锁火锅", "EQ", "月电费 1.8 万元", "月电费 1.3 万元", "年省电费 250 万元"]]}
    folder = folder_of(tmp_path, quote_calculator=cases)
    text = text_of(run_forms("requirement", [folder], FormRequest(order_id="SO-1"), as_of=AS_OF).sheet)
    assert "案例库" in text and "某连锁火锅：月电费 1.8 万元 → 月电费 1.3 万元，年省电费 250 万元" in text
    assert "某化工厂" not in text


def test_refresh_writes_the_stage_message_and_lists_every_stage_change(tmp_path, capsys):
    import json

    import openpyxl
    from conftest import workbook_of

    from addin.cli import main

    workbook_of({
        "客户": [CUSTOMERS, ["C1", "华东精密", "制造", "张伟", "线下", "2026-01-05"]],
        "订单": [ORDERS, ["O1", "C1", "张伟", "2026-10-01", 100000, "2026-10-20", "2026-10-16 09:10", "SF123", None]],
        "阶段通知": [STAGES, ["O1", "已发货", None]],
    }).save(tmp_path / "book.xlsx")
    assert main(["refresh", str(tmp_path / "book.xlsx"), "--json", "--as-of", "2026-10-16T10:00"]) in (0, 1)
    out = json.loads(capsys.readouterr().out)
    changes = {(c["order_id"], c["stage"]): c for c in out["stage_changes"]}
    assert changes[("O1", "shipped")]["due"] == "2026-10-16T10:10:00+08:00" and changes[("O1", "shipped")]["sent_at"] is None
    assert [(t["action"], t["subject"]) for t in out["todo"] if t["action"] == "stage_message"] == [("stage_message", "O1")]
    sheet = openpyxl.load_workbook(tmp_path / "book.xlsx")["阶段通知"]
    head = [c.value for c in sheet[1]]
    row = dict(zip(head, [c.value for c in sheet[2]]))
    assert row["通知内容"] == "华东精密您好：订单 O1 已于 2026-10-16 发货，运单号 SF123，预计 2026-10-20 到货。"
    assert row["通知截止"] == datetime(2026, 10, 16, 10, 10)


def test_check_flags_a_self_referral_and_a_lead_nobody_can_follow_up(tmp_path, capsys):
    import json

    from conftest import workbook_of

    from addin.cli import main

    workbook_of({
        "客户": [CUSTOMERS, ["C1", "老客一", "制造", "张伟", "线下", "2025-01-05"], ["C2", "新客二", "制造", "张伟", "老客转介绍", "2026-08-01"]],
        "转介绍": [REFERRALS, ["C1", "C1", "2026-08-01", None, None], ["C1", "C2", "2026-08-01", None, None]],
        "展会线索": [LEADS, ["工博会", "2026-10-15 14:30", "王磊", "华东精密", None, "制造", "能耗", None, "张伟", None],
                   ["工博会", "2026-10-15 15:00", "李娜", "康宁", "13800000002", "医疗", "停机", None, "张伟", None]],
    }).save(tmp_path / "book.xlsx")
    assert main(["check", str(tmp_path / "book.xlsx"), "--json"]) == 1
    found = [(i["sheet"], i["row"], i["code"]) for i in json.loads(capsys.readouterr().out)["issues"]]
    assert ("转介绍", 2, "referral-self") in found and ("展会线索", 2, "lead-no-contact") in found
    assert not [f for f in found if f[1] == 3 and f[0] in ("转介绍", "展会线索")]


def test_the_event_lead_sheet_prints_each_products_pitch_and_the_questionnaire(tmp_path):
    from test_forms import AS_OF, folder_of, text_of

    from addin.commands.forms import FormRequest, run_forms

    prices = {"价格表": [["产品编码", "产品名称", "单位", "目录价", "底价", "30 秒电梯话术"],
                      ["EQ", "商用冷柜", "台", 12800, 10900, "日耗电比同级低 30%。"], ["CS", "专用滤芯", "支", 112, 90, None]]}
    run = run_forms("leads", [folder_of(tmp_path, quote_calculator=prices)], FormRequest(extra={"event": "2026 工博会"}), as_of=AS_OF)
    text = text_of(run.sheet)
    assert "展会线索表" in text and "2026 工博会" in text and "商用冷柜（EQ）：日耗电比同级低 30%。" in text
    assert "专用滤芯" not in text  # no pitch, not printed
    for header in ("姓名", "公司", "电话", "需求", "意向产品", "见面时间"):  # the lead sheet's own headers: typed straight in
        assert header in text
    assert not run.document.draft


def test_an_english_survey_reads_back_into_an_english_feedback_log(tmp_path):
    import openpyxl
    from conftest import workbook_of

    from addin.commands.forms import FormRequest, run_forms
    from addin.commands.survey_import import run_survey_import

    workbook_of({
        "Customers": [["Customer ID", "Customer name", "Owner rep"], ["CA", "Hengxin Machinery", "Ann"]],
        "Orders": [["Order ID", "Customer ID", "Owner rep", "Signed on", "Contract amount", "Planned arrival"], ["SO-9", "CA", "Ann", "2026-03-01", 1000, "2026-03-20"]],
        "Tickets": [["Ticket ID", "Customer ID", "Received at", "Kind"], ["T1", "CA", "2026-03-02 10:00", "hardware fault"]],
    }).save(tmp_path / "book.xlsx")
    form = run_forms("survey", [tmp_path], FormRequest(order_id="SO-9"), as_of=datetime(2026, 3, 25, 9)).sheet
    book = openpyxl.load_workbook(form)
    sheet = book.active
    cells = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    sheet.cell(cells["Overall satisfaction"], 8).value = "x"  # a 5, ticked with an x
    line = next(r for text, r in cells.items() if str(text).startswith("1. □ product"))
    sheet.cell(line, 1).value = "1. ☑ product: a quieter compressor"
    book.save(form)
    result = run_survey_import([form], [tmp_path], as_of=datetime(2026, 4, 1, 9, tzinfo=SH))
    assert result.appended == {form.name: 2} and not result.issues, result
    log = list(openpyxl.load_workbook(tmp_path / "book.xlsx")["Tickets"].iter_rows(values_only=True))
    rows = [dict(zip(log[0], r)) for r in log[1:]]
    assert (rows[1]["Ticket ID"], rows[1]["Kind"], rows[1]["Satisfaction"], rows[1]["Feedback source"]) == ("SV-SO-9", "suggestion", 5, "survey")
    assert rows[1]["Received at"] == datetime(2026, 4, 1, 9) and rows[1]["Description"].startswith("Survey scores: Overall satisfaction 5")
    assert (rows[2]["Category"], rows[2]["Description"]) == ("product", "a quieter compressor")


def test_the_customer_quote_shows_the_cases_picked_for_it(tmp_path):
    from test_forms import folder_of, text_of

    from addin.cli import main

    cases = {"案例库": [CASES, ["K1", "化工", "某化工厂", "ZZ", "旧", "新", "不相关"],
                     ["K2", "餐饮", "某连锁火锅", "EQ", "月电费 1.8 万元", "月电费 1.3 万元", "年省电费 250 万元"]]}
    folder = folder_of(tmp_path, quote_calculator=cases)
    main(["quote", str(folder / "quote_calculator.xlsx"), "--quote", "Q-1", "--quiet"])
    [sheet] = list(folder.glob("报价单/*Q-1*.xlsx"))
    text = text_of(sheet)
    assert "同类客户案例" in text and "某连锁火锅：月电费 1.8 万元 → 月电费 1.3 万元，年省电费 250 万元" in text and "某化工厂" not in text


def test_the_closed_loop_is_due_five_working_days_after_the_suggestion_was_resolved():
    sheets = {"售后与投诉": [["工单号", "客户编号", "受理时间", "类型", "首次响应时间", "解决时间", "告知客户时间"],
                        ["T1", "C1", "2026-09-30 10:00", "建议", "2026-09-30 11:00", "2026-10-09 15:00", None],
                        ["T2", "C1", "2026-09-30 10:00", "建议", "2026-09-30 11:00", "2026-10-09 15:00", "2026-10-12 10:00"]]}
    _, _, result = run(sheets, "2026-10-14T09:00")
    # Friday 9 October + 5 working days: Saturday 10 October is worked (调休), then 12-15 October
    [item] = [i for i in result.todo if i.action == "notify"]
    assert (item.subject, item.due, item.state) == ("T1", datetime(2026, 10, 15, 23, 59, 59, tzinfo=SH), "upcoming")
