"""Properties of the pricing rules that must hold for any input (hypothesis)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from addin.core.tables import Tables
from addin.core.values import money
from addin.pricing.policy import load_policy
from addin.pricing.waterfall import APPROVAL_ORDER, approval_for, explain, price_line

POLICY = load_policy(Tables())[0]  # the domain.md defaults

prices = st.decimals(min_value=D("0.01"), max_value=D("999999.99"), places=2)
rates = st.decimals(min_value=D("0"), max_value=D("0.6"), places=4)
shares = st.sampled_from([D("0"), D("0.1"), D("0.3"), D("0.5"), D("0.8"), D("1")])
loyalty = st.sampled_from([(D("0"), "", ""), (D("0.02"), "A", "A")])
quantities = st.integers(min_value=1, max_value=500)


@settings(max_examples=300, deadline=None)
@given(prices, quantities, quantities, rates, shares, loyalty)
def test_net_unit_price_never_rises_with_quantity(list_price, q1, q2, negotiated, share, loyal):
    small, large = sorted((q1, q2))
    a = price_line("X", small, list_price, D(0), negotiated, share, loyal, POLICY)
    b = price_line("X", large, list_price, D(0), negotiated, share, loyal, POLICY)
    assert b.net_unit <= a.net_unit


@settings(max_examples=300, deadline=None)
@given(prices, quantities, rates, shares, loyalty, prices)
def test_approval_and_blocking_are_never_understated(list_price, qty, negotiated, share, loyal, floor):
    line = price_line("X", qty, list_price, floor, negotiated, share, loyal, POLICY)
    required = approval_for(D(1) - line.net_unit / list_price, POLICY)
    assert APPROVAL_ORDER.index(line.approval) >= APPROVAL_ORDER.index(required)
    assert line.blocked == (line.net_unit < floor)
    if line.blocked:
        assert "cannot be quoted" in explain(line, "en") and "不能报出" in explain(line, "zh")
    assert line.line_total == money(line.net_unit * qty)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(prices, quantities, st.decimals(min_value=D("0"), max_value=D("0.3"), places=3)), min_size=1, max_size=6), shares)
def test_quote_total_is_the_sum_of_its_rounded_lines(lines, share):
    from conftest import tables_from

    from addin.pricing.quote import price_quotes

    price_list = [["产品编码", "产品名称", "目录价", "底价"]] + [[f"S{i}", f"P{i}", p, 0] for i, (p, _, _) in enumerate(lines)]
    quote_lines = [["报价单号", "产品编码", "数量", "议价折扣"]] + [["Q", f"S{i}", q, n] for i, (_, q, n) in enumerate(lines)]
    tables, _ = tables_from({"价格表": price_list, "报价单": [["报价单号", "客户编号", "负责销售", "报价日期", "预付比例"], ["Q", "C", "R", "2026-01-05", share]], "报价明细": quote_lines})
    [quote], _ = price_quotes(tables, POLICY, as_of=date(2026, 1, 5))
    line_totals = [l.price.line_total for l in quote.lines]
    assert all(t == t.quantize(D("0.01")) for t in line_totals)
    assert quote.total_excl_vat == sum(line_totals)
    assert quote.total_incl_vat == quote.total_excl_vat + money(quote.total_excl_vat * D("0.13"))
    assert quote.approval == max((l.price.approval for l in quote.lines), key=APPROVAL_ORDER.index)
    assert quote.blocked == any(l.price.blocked for l in quote.lines)
