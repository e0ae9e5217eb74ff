"""Row and cross-row rules, asserted on flattened issues."""

from decimal import Decimal

from conftest import tables_from

from addin.checks.run import run_checks
from addin.core.issues import Severity
from addin.domain.tiers import suggest_tier

ORDERS = ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "发货时间", "到货时间", "验收时间"]
CUSTOMERS = ["客户编号", "客户名称", "负责销售", "需求强度", "采购能力", "客户分层"]
PAYMENTS = ["订单编号", "付款节点", "比例", "账期(工作日)"]


def flat(issues):
    return sorted(((i.sheet, i.row, i.column, i.code) for i in issues), key=lambda t: (t[0], t[1] or 0, t[2] or "", t[3]))


def test_tier_rule_boundaries():
    assert [suggest_tier(4, 4), suggest_tier(5, 3), suggest_tier(2, 2), suggest_tier(1, 3), suggest_tier(None, 5)] == ["A", "B", "C", "B", None]


def test_typed_tier_disagreeing_with_scores_is_a_warning():
    tables, _ = tables_from({"客户": [CUSTOMERS, ["C1", "甲", "张伟", 2, 3, "A"], ["C2", "乙", "张伟", 4, 4, "A"], ["C3", "丙", "张伟", None, 4, "C"]]})
    issues = run_checks(tables)
    assert flat(issues) == [("客户", 2, "F", "tier-mismatch")]
    assert issues[0].severity is Severity.WARNING
    assert "评分建议 B" in issues[0].message_zh and "scores suggest B" in issues[0].message_en


def test_order_dates_must_follow_the_workflow():
    tables, _ = tables_from(
        {"订单": [ORDERS,
                  ["SO-1", "C1", "张伟", "2026-03-05", 100, "2026-04-01", "2026-03-20 09:00", "2026-03-19 10:00", "2026-03-25"],
                  ["SO-2", "C1", "张伟", "2026-03-05", 100, "2026-03-01", None, None, None],
                  ["SO-3", "C1", "张伟", "2026-03-05", 100, "2026-04-01", "2026-03-20 09:00", "2026-03-22 10:00", "2026-03-25"]]}
    )
    assert flat(run_checks(tables)) == [("订单", 2, "H", "date-order"), ("订单", 3, "F", "date-order")]


def test_duplicates_and_unknown_references_across_sheets():
    tables, _ = tables_from(
        {
            "客户": [CUSTOMERS, ["C1", "甲", "张伟", 4, 4, "A"]],
            "订单": [ORDERS, ["SO-1", "C1", "张伟", "2026-03-05", 100, "2026-04-01"], ["SO-1", "C9", "张伟", "2026-03-05", 100, "2026-04-01"]],
            "回款": [PAYMENTS, ["SO-1", "预付款", "30%", 5], ["SO-1", "到货款", "70%", 10], ["SO-7", "验收款", "100%", 10]],
        }
    )
    assert flat(run_checks(tables)) == [("回款", 4, "A", "unknown-reference"), ("订单", 3, "A", "duplicate-id"), ("订单", 3, "B", "unknown-reference")]


def test_references_are_not_checked_when_the_target_sheet_is_absent():
    tables, _ = tables_from({"订单": [ORDERS, ["SO-1", "C404", "张伟", "2026-03-05", 100, "2026-04-01"]]})
    assert run_checks(tables) == []


def test_payment_shares_must_add_up_to_one_hundred_percent():
    tables, _ = tables_from({"回款": [PAYMENTS, ["SO-1", "预付款", "30%", 5], ["SO-1", "到货款", "60%", 10], ["SO-2", "预付款", 1, 3]]})
    issues = run_checks(tables)
    assert flat(issues) == [("回款", 2, "C", "payment-shares-sum")]
    assert "90.00%" in issues[0].message_zh


def test_a_crashing_rule_becomes_an_internal_error_and_the_run_goes_on():
    tables, _ = tables_from({"客户": [CUSTOMERS, ["C1", "甲", "张伟", 2, 3, "A"], ["C2", "乙", "张伟", 2, 3, "A"]]})

    def broken(table, row):
        raise ZeroDivisionError("boom")

    from addin.checks.row_rules import customer_tier

    issues = run_checks(tables, row_rules={"customers": (broken, customer_tier)}, cross_rules=())
    assert flat(issues) == [("客户", 2, None, "internal-error"), ("客户", 2, "F", "tier-mismatch"), ("客户", 3, None, "internal-error"), ("客户", 3, "F", "tier-mismatch")]


def test_percent_typed_as_points_is_read_but_warned():
    tables, issues = tables_from({"回款": [PAYMENTS, ["SO-1", "预付款", 100, 5]]})
    assert [(i.code, i.severity) for i in issues] == [("percent-points", Severity.WARNING)]
    assert tables.tables[0].rows[0].share == Decimal(1)
