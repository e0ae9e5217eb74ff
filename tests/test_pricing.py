"""Quote calculator: worked examples computed by hand from domain.md's reference rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from conftest import tables_from

from addin.pricing.policy import load_policy
from addin.pricing.quote import price_quotes, rep_advice
from addin.pricing.waterfall import explain, next_tier_hint, price_line

PRICE_LIST = [["产品编码", "产品名称", "单位", "目录价", "底价", "成本"],
              ["P1", "标准件", "个", 100, 80, 60],
              ["EQ", "商用冷柜", "台", 12800, 10900, 8600],
              ["CS", "滤芯", "支", 129, 99, 45],
              ["R1", "小配件", "个", 1.25, 0.5, None],
              ["V1", "垫片", "个", 0.5, 0.1, None]]
CUSTOMERS = [["客户编号", "客户名称", "负责销售", "客户分层", "合作起始"],
             ["CA", "甲公司", "张伟", "A", None],
             ["CB", "乙公司", "张伟", "B", "2024-03-05"]]
QUOTES = ["报价单号", "客户编号", "负责销售", "报价日期", "预付比例"]
LINES = ["报价单号", "产品编码", "数量", "议价折扣"]
NO_LOYALTY = (D(0), "", "")


@pytest.fixture(scope="module")
def policy():
    tables, _ = tables_from({"价格表": PRICE_LIST})
    return load_policy(tables)[0]


def line(policy, qty, negotiated="0", prepay="0", list_price="100", floor="80", loyalty=NO_LOYALTY):
    return price_line("P1", qty, D(list_price), D(floor), D(negotiated), D(prepay), loyalty, policy)


@pytest.mark.parametrize("qty, rate, net", [(9, "0", "100.00"), (10, "0.03", "97.00"), (49, "0.03", "97.00"), (50, "0.05", "95.00"), (99, "0.05", "95.00"), (100, "0.08", "92.00")])
def test_volume_tier_boundaries(policy, qty, rate, net):
    priced = line(policy, qty)
    assert (priced.volume, priced.net_unit, priced.line_total) == (D(rate), D(net), D(net) * qty)


@pytest.mark.parametrize("share, rate", [("0.29", "0"), ("0.30", "0.01"), ("0.49", "0.01"), ("0.50", "0.02"), ("0.99", "0.02"), ("1", "0.03")])
def test_prepayment_tier_boundaries(policy, share, rate):
    assert line(policy, 1, prepay=share).prepay == D(rate)


def test_full_waterfall_by_hand(policy):
    # 12,800 x 0.97 x 0.99 x 0.98 x 0.95 = 11,443.70304 -> 11,443.70; x10 = 114,437.00
    priced = line(policy, 10, negotiated="0.05", prepay="0.30", list_price="12800", floor="10900", loyalty=(D("0.02"), "A 类客户", "tier A customer"))
    assert priced.net_unit == D("11443.70")
    assert priced.line_total == D("114437.00")
    assert priced.effective_discount.quantize(D("0.0001")) == D("0.1060")  # 1 - 11443.70 / 12800
    assert priced.approval == "manager" and not priced.blocked
    assert [(s.kind, s.price_after) for s in priced.steps] == [("volume", D("12416.00")), ("prepayment", D("12291.84")), ("loyalty", D("12046.00")), ("negotiated", D("11443.70"))]
    # Largest negotiated discount the rep may give: 1 - 0.9 / (0.97 x 0.99 x 0.98) = 4.366...% -> 4.36%
    assert priced.max_negotiated_for_rep == D("0.0436")
    zh, en = explain(priced, "zh"), explain(priced, "en")
    assert "目录价 ¥12,800.00" in zh and "批量 ≥10 件 -3% = ¥12,416.00" in zh and "审批：销售经理" in zh
    assert "volume >= 10 units -3%" in en and "approved by a sales manager" in en


@pytest.mark.parametrize("negotiated, approval", [("0.10", "rep"), ("0.1001", "manager"), ("0.15", "manager"), ("0.16", "director")])
def test_approval_ladder_boundaries(policy, negotiated, approval):
    priced = line(policy, 1, negotiated=negotiated)
    assert (priced.approval, priced.blocked) == (approval, False)


def test_below_floor_is_blocked_whatever_the_approval(policy):
    priced = line(policy, 1, negotiated="0.21")  # 79.00 < 80.00
    assert (priced.net_unit, priced.blocked, priced.approval) == (D("79.00"), True, "director")
    assert priced.max_negotiated_above_floor == D("0.2")
    assert "低于底价 ¥80.00" in explain(priced, "zh")


def test_unit_price_rounds_half_up_where_bankers_rounding_differs(policy):
    assert line(policy, 1, negotiated="0.10", list_price="1.25", floor="0").net_unit == D("1.13")  # 1.125 -> 1.13, not 1.12


def test_next_tier_hint_names_what_nearly_applied(policy):
    assert next_tier_hint(line(policy, 9), "en") == "+1 units reach the 3% volume tier: unit price ¥97.00, saves ¥30.00"
    assert next_tier_hint(line(policy, 45), "zh") == "再加 5 件达到 5% 批量折扣，单价降至 ¥95.00，共省 ¥100.00"
    assert next_tier_hint(line(policy, 2), "en") == ""  # 10 units is not "nearly" for 2
    assert next_tier_hint(line(policy, 100), "en") == ""  # no tier above


AS_OF = date(2026, 1, 5)  # no quote below has expired on it


def _quote(rows, lines, customers=CUSTOMERS, extra=None):
    sheets = {"价格表": PRICE_LIST, "客户": customers, "报价单": [QUOTES, *rows], "报价明细": [LINES, *lines]}
    sheets.update(extra or {})
    tables, read = tables_from(sheets)
    policy, policy_issues = load_policy(tables)
    quotes, issues = price_quotes(tables, policy, as_of=AS_OF, input_issues=read + policy_issues)
    return quotes, issues + policy_issues, policy


def test_quote_totals_vat_and_loyalty_from_the_register():
    quotes, issues, _ = _quote([["Q1", "CA", "张伟", "2026-03-05", "30%"]], [["Q1", "EQ", 10, "5%"], ["Q1", "P1", 9, None]])
    [q] = quotes
    assert q.tier == "A" and q.lines[0].price.loyalty == D("0.02")
    # P1: 100 x 0.99 x 0.98 = 97.02 x 9 = 873.18
    assert [l.price.line_total for l in q.lines] == [D("114437.00"), D("873.18")]
    assert q.total_list == D("128900.00")
    assert q.total_excl_vat == D("115310.18")
    assert q.vat == D("14990.32")  # 115,310.18 x 13% = 14,990.3234
    assert q.total_incl_vat == D("130300.50")
    assert q.approval == "manager" and not q.blocked
    assert [i.code for i in issues] == ["approval-required"]


def test_vat_rounds_half_up():
    [q], _, _ = _quote([["Q1", "CB", "张伟", "2026-01-05", None]], [["Q1", "V1", 1, None]])
    assert (q.total_excl_vat, q.vat, q.total_incl_vat) == (D("0.50"), D("0.07"), D("0.57"))  # 0.065 -> 0.07


@pytest.mark.parametrize("day, loyalty", [("2026-03-05", D("0.02")), ("2026-03-04", D("0"))])
def test_loyalty_from_cooperation_years(day, loyalty):
    [q], _, _ = _quote([["Q1", "CB", "张伟", day, None]], [["Q1", "P1", 1, None]])
    assert q.lines[0].price.loyalty == loyalty


def test_gift_bundle_adds_a_free_line_at_list_value():
    gifts = {"赠品": [["购买产品", "起赠数量", "赠品产品", "赠送数量"], ["EQ", 5, "CS", 10]]}
    [q], _, _ = _quote([["Q1", "CB", "张伟", "2026-01-05", None]], [["Q1", "EQ", 5, None]], extra=gifts)
    [gift] = q.gifts
    assert (gift.sku, gift.qty, gift.value) == ("CS", 10, D("1290.00"))
    assert q.total_excl_vat == D("64000.00")  # gifts are free and do not dilute the discount
    [q4], _, _ = _quote([["Q1", "CB", "张伟", "2026-01-05", None]], [["Q1", "EQ", 4, None]], extra=gifts)
    assert q4.gifts == ()


def test_blocked_line_blocks_the_quote_and_advice_stays_within_authority():
    gifts = {"赠品": [["购买产品", "起赠数量", "赠品产品", "赠送数量"], ["EQ", 5, "CS", 10]]}
    quotes, issues, policy = _quote([["Q1", "CB", "张伟", "2026-01-05", None]], [["Q1", "EQ", 1, "20%"], ["Q1", "P1", 1, None]], extra=gifts)
    [q] = quotes
    assert q.blocked and q.approval == "director"
    assert sorted(i.code for i in issues) == ["price-below-floor"]
    advice = rep_advice(q, policy, "en")
    assert "EQ: up to 10% negotiated is within the rep's authority" in advice and "buy 5+, get 10 CS free" in advice
    [q5], _, _ = _quote([["Q1", "CB", "张伟", "2026-01-05", None]], [["Q1", "EQ", 5, "20%"]], extra=gifts)
    assert "get 10 CS free" not in rep_advice(q5, policy, "en")  # already earned: it is in the quote


def test_unknown_sku_and_empty_quote_are_reported():
    quotes, issues, _ = _quote([["Q1", "CB", "张伟", "2026-01-05", None], ["Q2", "CB", "张伟", "2026-01-05", None]], [["Q1", "NOPE", 1, None]])
    assert sorted((i.code, i.row) for i in issues) == [("quote-has-no-lines", 3), ("unknown-sku", 2)]


def test_policy_sheets_change_the_rules_and_are_checked():
    policy_sheets = {
        "批量": [["起订数量", "折扣率"], [20, "4%"], [10, "6%"]],
        "政策": [["政策项", "说明", "值"], ["approval_rep_max", "", "20%"], ["approval_manager_max", "", "15%"], ["vat_rate", "", "6%"]],
    }
    price_list = [*PRICE_LIST, ["BAD", "坏数据", "个", 10, 12, None]]
    quotes, issues, policy = _quote([["Q1", "CB", "张伟", "2026-01-05", None]], [["Q1", "P1", 20, None]], extra={**policy_sheets, "价格表": price_list})
    assert policy.vat_rate == D("0.06") and policy.rep_max == D("0.20")
    assert [t.threshold for t in policy.volume] == [D(10), D(20)]
    assert quotes[0].lines[0].price.volume == D("0.04")
    assert sorted(i.code for i in issues) == ["policy-floor-above-list", "policy-ladder-unordered", "policy-tiers-unordered"]
