"""`quote --quote Q` prices the book once (issue 23, part E): the chosen quote's findings are the ones
pricing it alone finds, and the workbook it writes keeps what it wrote before the one pass."""

from __future__ import annotations

from datetime import date

import openpyxl

from addin.commands.check import collect_issues
from addin.commands.place import source_of
from addin.commands.quote import run_quote
from addin.core.annotate import STATUS_COLUMN
from addin.pricing.policy import load_policy
from addin.pricing.quote import price_each, price_quotes

TODAY = date(2026, 3, 20)

# Q-001 is clean but for its validity; Q-002 has an unknown SKU, a bad quantity and an unknown customer;
# Q-003 needs a manager; the price list has a SKU without a floor. Every quote gets findings of its own.
SHEETS = {
    "价格表": [["产品编码", "产品名称", "单位", "目录价", "底价", "成本"], ["EQ", "商用冷柜", "台", 12800, 10900, 8600], ["CS", "专用滤芯", "支", 129, None, 45]],
    "客户": [["客户编号", "客户名称", "负责销售", "客户分层"], ["CA", "上海恒信机械有限公司", "张伟", "A"]],
    "报价单": [["报价单号", "客户编号", "负责销售", "报价日期", "预付比例", "有效期至"],
            ["Q-001", "CA", "张伟", "2026-03-05", "30%", "2026-03-10"],
            ["Q-002", "CX", "张伟", "2026-03-06", None, None],
            ["Q-003", "CA", "张伟", "2026-03-07", None, None]],
    "报价明细": [["报价单号", "产品编码", "数量", "议价折扣"], ["Q-001", "EQ", 10, "5%"], ["Q-001", "CS", 9, None],
              ["Q-002", "ZZ", 1, None], ["Q-002", "EQ", 0, None], ["Q-003", "EQ", 1, "12%"], ["Q-003", "CS", 3, None]],
    "设置": [["设置项", "说明", "值"], ["company_name", "公司名称", "杭州宏远设备有限公司"]],
}


def status_of(book: openpyxl.Workbook, sheet: str) -> int:
    return [c.value for c in book[sheet][1]].index(STATUS_COLUMN.header("zh"))


def test_one_pass_gives_each_quotes_own_findings(write_book):
    book = write_book("quote_calculator.xlsx", SHEETS)
    loaded, _context = source_of([book]).read(None)
    policy, policy_issues = load_policy(loaded.tables)
    found = collect_issues(loaded) + policy_issues
    priced = price_each(loaded.tables, policy, as_of=TODAY, input_issues=found)
    every, every_issues = price_quotes(loaded.tables, policy, as_of=TODAY, input_issues=found)
    assert priced.quotes == every and priced.issues() == every_issues
    codes = {}
    for quote_id in ("Q-001", "Q-002", "Q-003", "Q-404"):
        alone, alone_issues = price_quotes(loaded.tables, policy, quote_id, as_of=TODAY, input_issues=found)
        assert [q for q in priced.quotes if q.quote_id == quote_id] == alone
        assert priced.issues(quote_id) == alone_issues
        codes[quote_id] = sorted({i.code for i in alone_issues})
    # The findings are really each quote's own, not empty lists that would agree with anything.
    assert "quote-expired" in codes["Q-001"] and "floor-price-missing" in codes["Q-001"]
    assert {"unknown-sku", "customer-not-found", "quote-qty-invalid"} <= set(codes["Q-002"])
    assert "approval-required" in codes["Q-003"]
    assert codes["Q-404"] == []


def test_quote_for_one_id_writes_the_workbook_a_whole_run_writes(write_book, tmp_path):
    one = write_book("quote_calculator.xlsx", SHEETS, tmp_path / "one")
    whole = write_book("quote_calculator.xlsx", SHEETS, tmp_path / "whole")
    chosen = run_quote([one], quote_id="Q-002", lang="en", as_of=TODAY, documents=False)
    everything = run_quote([whole], lang="en", as_of=TODAY, documents=False)
    # Kept as it was: the notes and status text of every quote (the rep's sheet annotated whole), the computed
    # values of the chosen quote only; its row and its lines' rows are what a whole run writes.
    got, full = openpyxl.load_workbook(one), openpyxl.load_workbook(whole)
    for sheet, chosen_rows in (("报价单", {3}), ("报价明细", {4, 5})):
        header = [c.value for c in full[sheet][1]]
        status = header.index(STATUS_COLUMN.header("zh"))
        typed = len(SHEETS[sheet][0])
        assert [c.value for c in got[sheet][1]] == header
        for row in range(2, len(SHEETS[sheet]) + 1):
            mine, theirs = [c.value for c in got[sheet][row]], [c.value for c in full[sheet][row]]
            if row in chosen_rows:
                assert mine == theirs
            else:
                assert mine[:typed] == theirs[:typed] and mine[status] == theirs[status]
                assert all(v is None for k, v in enumerate(mine) if k >= typed and k != status)
    assert got["报价单"].cell(2, status_of(full, "报价单") + 1).value  # Q-001's expiry is noted even when Q-002 is asked for
    assert [q.quote_id for q in chosen.quotes] == ["Q-002"] and [q.quote_id for q in everything.quotes] == ["Q-001", "Q-002", "Q-003"]
    mine = {(i.row, i.code) for i in chosen.issues if i.sheet == "报价明细"}
    assert (4, "unknown-sku") in mine and (5, "quote-qty-invalid") in mine
    assert not any(i.sheet == "报价明细" and i.row in (2, 3, 6, 7) for i in chosen.issues)  # other quotes' lines: not this quote's report
    same = next(q for q in everything.quotes if q.quote_id == "Q-002")
    assert (chosen.quotes[0].total_incl_vat, chosen.quotes[0].lines, [r.code for r in chosen.quotes[0].draft_reasons]) == \
        (same.total_incl_vat, same.lines, [r.code for r in same.draft_reasons])
    assert {"unknown-sku", "quote-qty-invalid"} <= {r.code for r in same.draft_reasons}
