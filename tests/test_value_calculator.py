"""The value calculator (issue 14.5): yearly saving and payback, exact, in words, value before price."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal as D

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from addin.commands.quote import run_quote
from addin.pricing.value import Baseline, Drivers, payback_months, value_case

AS_OF = date(2026, 3, 10)
FRIDGE = {"EQ": Drivers(energy_saving=D("0.30"))}


def test_worked_example_saves_exactly_36000_and_pays_back_in_14_months():
    # 30% x ¥120,000 = ¥36,000 a year = ¥3,000 a month; our ¥162,000 against the competitor's ¥120,000: ¥42,000 / ¥3,000 = 14 months.
    case = value_case([("EQ", 1)], FRIDGE, Baseline(power_cost=D("120000"), alternative_price=D("120000")), D("162000"))
    assert case is not None
    assert case.yearly_saving == D("36000.00") and case.difference == D("42000.00") and case.payback_months == 14
    assert case.text("zh") == "节能30% × 年电费 ¥120,000 = 年省 ¥36,000；约 14 个月收回差价 ¥42,000"
    assert case.text("en") == "energy saving 30% × annual power cost ¥120,000 = ¥36,000 a year; about 14 months to recover the price difference ¥42,000"


def test_payback_rounds_up_to_the_month_the_difference_is_recovered():
    # ¥40,000 / ¥3,000 a month = 13.33: recovered in the 14th month.
    case = value_case([("EQ", 1)], FRIDGE, Baseline(power_cost=D("120000"), alternative_price=D("120000")), D("160000"))
    assert case is not None and case.payback_months == 14
    # Without an alternative offer the whole total is recovered: ¥49,500 / ¥3,000 = 16.5 -> 17.
    whole = value_case([("EQ", 1)], FRIDGE, Baseline(power_cost=D("120000")), D("49500"))
    assert whole is not None and whole.difference == D("49500") and not whole.against_alternative and whole.payback_months == 17


def test_shares_of_one_kind_take_the_largest_labour_hours_add_up():
    drivers = {"A": Drivers(energy_saving=D("0.30"), labour_hours_saved=D("100")), "B": Drivers(energy_saving=D("0.20"), labour_hours_saved=D("50"), downtime_cut=D("0.5"))}
    case = value_case([("A", 2), ("B", 1)], drivers, Baseline(D("100000"), D("60"), D("10000")), D("300000"))
    assert case is not None
    # energy max(30%, 20%) x 100,000 = 30,000; labour (2 x 100 + 50) h x 60 = 15,000; downtime 50% x 10,000 = 5,000
    assert [(s.kind, s.amount) for s in case.savings] == [("energy", D("30000.00")), ("labour", D("15000.00")), ("downtime", D("5000.00"))]
    assert case.yearly_saving == D("50000.00") and case.payback_months == 72


def test_missing_baselines_or_drivers_give_no_case():
    assert value_case([("EQ", 1)], FRIDGE, Baseline(), D("10000")) is None
    assert value_case([("EQ", 1)], FRIDGE, Baseline(hourly_rate=D("50")), D("10000")) is None  # a baseline no line has a driver for
    assert value_case([("XX", 1)], FRIDGE, Baseline(power_cost=D("120000")), D("10000")) is None
    assert payback_months(D("0"), D("100")) == 0 and payback_months(D("-5"), D("0")) == 0 and payback_months(D("100"), D("0")) is None


shares = st.one_of(st.none(), st.decimals(min_value=D("0"), max_value=D("1"), places=4))
amounts = st.one_of(st.none(), st.decimals(min_value=D("0"), max_value=D("9999999.99"), places=2))
hours = st.one_of(st.none(), st.decimals(min_value=D("0"), max_value=D("5000"), places=1))
totals = st.decimals(min_value=D("0"), max_value=D("9999999.99"), places=2)


@settings(max_examples=300, deadline=None)
@given(shares, hours, shares, st.integers(min_value=1, max_value=200), amounts, amounts, amounts, amounts, totals)
def test_saving_is_never_negative(energy, labour, downtime, qty, power, rate, down, alternative, total):
    case = value_case([("X", qty)], {"X": Drivers(energy, labour, downtime)}, Baseline(power, rate, down, alternative), total)
    if case is not None:
        assert case.yearly_saving >= 0 and all(s.amount >= 0 for s in case.savings)
        assert case.payback_months is None or case.payback_months >= 0


@settings(max_examples=300, deadline=None)
@given(shares, hours, st.integers(min_value=1, max_value=50), amounts, amounts, amounts, totals, totals)
def test_payback_never_shorter_when_the_price_rises(energy, labour, qty, power, rate, alternative, price_a, price_b):
    low, high = sorted((price_a, price_b))
    drivers = {"X": Drivers(energy, labour)}
    baseline = Baseline(power, rate, None, alternative)
    cheaper, dearer = value_case([("X", qty)], drivers, baseline, low), value_case([("X", qty)], drivers, baseline, high)
    assert (cheaper is None) == (dearer is None)  # whether there is a case does not depend on the price
    if cheaper is not None and dearer is not None:
        never = 10**9  # None: never recovered
        assert (dearer.payback_months if dearer.payback_months is not None else never) >= (cheaper.payback_months if cheaper.payback_months is not None else never)


BOOK = {
    "价格表": [["产品编码", "产品名称", "单位", "目录价", "底价", "节能比例", "每台年省工时"], ["EQ", "商用冷柜", "台", 13500, 10000, "30%", None], ["CS", "专用滤芯", "支", 100, 80, None, None]],
    "客户": [["客户编号", "客户名称", "负责销售", "客户分层"], ["CA", "上海恒信机械有限公司", "张伟", "C"]],
    "报价单": [["报价单号", "客户编号", "负责销售", "报价日期", "客户年电费", "对比方案价格（不含税）"],
            ["Q-VAL", "CA", "张伟", "2026-03-05", 120000, 120000], ["Q-NONE", "CA", "张伟", "2026-03-05", None, None]],
    "报价明细": [["报价单号", "产品编码", "数量"], ["Q-VAL", "EQ", 12], ["Q-NONE", "CS", 4]],
    "设置": [["设置项", "说明", "值"], ["company_name", "公司名称", "杭州宏远设备有限公司"]],
}


def _cells(path) -> list[str]:
    return [str(c.value) for row in openpyxl.load_workbook(path).active.iter_rows() for c in row if c.value is not None]


def test_quote_sheet_shows_the_value_before_the_price_and_nothing_without_a_baseline(write_book):
    path = write_book("quote_calculator.xlsx", BOOK)
    run = run_quote([path], as_of=AS_OF)
    # 12 x 13,500 x 0.97 (volume) = ¥157,140.00; minus ¥120,000 = ¥37,140; / ¥3,000 a month = 12.38 -> 13 months
    valued = next(q for q in run.quotes if q.quote_id == "Q-VAL")
    assert valued.value is not None and valued.total_excl_vat == D("157140.00") and valued.value.payback_months == 13
    assert not any(i.code.startswith("value") for i in run.issues)
    sheets = {p.stem.split("-", 1)[1]: p for p in run.sheets}
    cells = _cells(sheets["Q-VAL"])
    assert "节能30% × 年电费 ¥120,000 = 年省 ¥36,000" in cells and "约 13 个月收回差价 ¥37,140" in cells
    assert cells.index("本方案为您节省") < cells.index("产品明细")  # value first, then price
    assert "本方案为您节省" not in _cells(sheets["Q-NONE"])  # no baseline: no section, no error
    book = openpyxl.load_workbook(path)
    quotes = book["报价单"]
    header = [c.value for c in quotes[1]]
    assert quotes.cell(2, header.index("客户年节省") + 1).value == 36000 and quotes.cell(2, header.index("回本月数") + 1).value == 13
    assert quotes.cell(3, header.index("客户年节省") + 1).value is None


def test_quote_json_carries_the_value_case(write_book):
    path = write_book("quote_calculator.xlsx", BOOK)
    out = subprocess.run([sys.executable, "-m", "addin.cli", "quote", str(path), "--json", "--lang", "en", "--as-of", "2026-03-10"], capture_output=True, text=True)
    data = json.loads(out.stdout)
    by_id = {q["quote_id"]: q for q in data["quotes"]}
    assert by_id["Q-NONE"]["value"] is None and "total_incl_vat" in by_id["Q-VAL"]
    value = by_id["Q-VAL"]["value"]
    assert {k: value[k] for k in ("yearly_saving", "difference", "against_alternative", "payback_months")} == {
        "yearly_saving": "36000.00", "difference": "37140.00", "against_alternative": True, "payback_months": 13}
    assert value["savings"] == [{"kind": "energy", "amount": "36000.00", "text": "energy saving 30% × annual power cost ¥120,000 = ¥36,000 a year"}]


def test_a_payback_beyond_36_months_is_not_shown_to_the_customer_unless_the_rep_opts_in(write_book, tmp_path):
    """Issue 20: the whole total against no alternative: ¥157,140 / ¥3,000 a month = 53 months (> 36 and > the
    12-month warranty): the customer's quote shows the saving and no payback; with show_long_payback it does."""
    long = {**BOOK, "报价单": [BOOK["报价单"][0], ["Q-VAL", "CA", "张伟", "2026-03-05", 120000, None]], "报价明细": [["报价单号", "产品编码", "数量"], ["Q-VAL", "EQ", 12]]}
    path = write_book("quote_calculator.xlsx", long)
    run = run_quote([path], as_of=AS_OF)
    quote = next(q for q in run.quotes if q.quote_id == "Q-VAL")
    assert quote.value is not None and quote.value.payback_months == 53
    cells = _cells(run.sheets[0])
    assert "本方案为您节省" in cells and not any("个月收回" in c or "回本" in c for c in cells)
    book = openpyxl.load_workbook(path)
    header = [c.value for c in book["报价单"][1]]
    assert book["报价单"].cell(2, header.index("回本月数") + 1).value == 53  # the rep still sees it in the calculator

    opted = {**long, "设置": [*BOOK["设置"], ["show_long_payback", "客户报价单显示较长回本期", "是"]]}
    path = write_book("quote_calculator.xlsx", opted)
    run = run_quote([path], as_of=AS_OF)
    assert "约 53 个月收回投入 ¥157,140" in _cells(run.sheets[0])
