"""No customer document leaves with an error unmarked: one quote per kind of doubtful input, end to end."""

from __future__ import annotations

import zipfile
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from addin.commands.check import run_check
from addin.commands.quote import run_quote
from addin.demo.generate import generate
from addin.io.templates import template_workbook
from addin.schema import CATALOG

AS_OF = date(2026, 3, 10)
PRICE_LIST = [["产品编码", "产品名称", "单位", "目录价", "底价", "成本"],
              ["EQ", "商用冷柜", "台", 12800, 10900, 8600],
              ["CS", "滤芯", "支", 129, 99, 45],
              ["ASK", "定制机组", "套", "面议", 50000, None],
              ["NOFLOOR", "新品", "台", 5000, None, None]]
QUOTE_HEAD = ["报价单号", "客户编号", "负责销售", "报价日期", "预付比例", "有效期至"]
LINE_HEAD = ["报价单号", "产品编码", "数量", "议价折扣"]
# quote id -> (customer, quote date, valid until, lines as (sku, qty, negotiated)), and the reason it must carry
KINDS = {
    "Q-OK": (("CA", "2026-03-05", None, [("EQ", 2, None)]), None),
    "Q-DISC": (("CA", "2026-03-05", None, [("EQ", 2, "abc")]), "value-unparseable"),
    "Q-ZERO": (("CA", "2026-03-05", None, [("EQ", 0, None)]), "quote-qty-invalid"),
    "Q-NEG": (("CA", "2026-03-05", None, [("EQ", -2, None)]), "value-out-of-range"),
    "Q-FRAC": (("CA", "2026-03-05", None, [("EQ", 2.5, None)]), "value-unparseable"),
    "Q-SKU": (("CA", "2026-03-05", None, [("NOPE", 1, None)]), "unknown-sku"),
    "Q-ASK": (("CA", "2026-03-05", None, [("ASK", 1, None)]), "list-price-missing"),
    "Q-FLOOR": (("CA", "2026-03-05", None, [("NOFLOOR", 1, None)]), "floor-price-missing"),
    "Q-VALID": (("CA", "2026-03-05", "2026-03-01", [("EQ", 1, None)]), "quote-valid-before-date"),
    "Q-OLD": (("CA", "2026-01-05", None, [("EQ", 1, None)]), "quote-expired"),
    "Q-CUST": (("C404", "2026-03-05", None, [("EQ", 1, None)]), "customer-not-found"),
    "Q-APPR": (("CA", "2026-03-05", None, [("EQ", 1, "12%")]), "approval-required"),
    "Q-BELOW": (("CA", "2026-03-05", None, [("EQ", 1, "20%")]), "price-below-floor"),
    "Q-EMPTY": (("CA", "2026-03-05", None, []), "quote-has-no-lines"),
}


def calculator_sheets() -> dict[str, list[list[object]]]:
    quotes = [QUOTE_HEAD] + [[qid, c, "张伟", d, None, v] for qid, ((c, d, v, _), _) in KINDS.items()]
    lines = [LINE_HEAD] + [[qid, sku, qty, n] for qid, ((_, _, _, ls), _) in KINDS.items() for sku, qty, n in ls]
    settings = [["设置项", "说明", "值"], ["company_name", "公司名称", "杭州宏远设备有限公司"]]  # without it every quote is a draft
    return {"报价单": quotes, "报价明细": lines, "价格表": PRICE_LIST, "设置": settings}


@pytest.fixture
def folder(write_book, tmp_path) -> Path:
    write_book("quote_calculator.xlsx", calculator_sheets(), folder=tmp_path / "rep")
    write_book("customer_register.xlsx", {"客户": [["客户编号", "客户名称", "负责销售", "客户分层"], ["CA", "上海恒信机械有限公司", "张伟", "A"]]}, folder=tmp_path / "rep")
    return tmp_path / "rep"


def sheet_text(path: Path) -> str:
    return " ".join(str(c.value) for row in openpyxl.load_workbook(path).active.iter_rows() for c in row if c.value is not None)


def test_each_kind_of_doubtful_input_makes_a_draft_with_its_reason(folder):
    run = run_quote([folder / "quote_calculator.xlsx"], as_of=AS_OF)
    by_id = {q.quote_id: q for q in run.quotes}
    assert set(by_id) == set(KINDS)
    for qid, (_, code) in KINDS.items():
        quote = by_id[qid]
        codes = [r.code for r in quote.draft_reasons]
        if code is None:
            assert not quote.draft, (qid, codes)
        else:
            assert quote.draft and code in codes, (qid, codes)
    assert run.exit_code() == 1
    # The documents: every draft carries the banner and its reasons; the clean one neither.
    sheets = {p.name: p for p in run.sheets}
    assert len(sheets) == len(KINDS)
    for qid, (_, code) in KINDS.items():
        text = sheet_text(sheets[f"报价单-{qid}.xlsx"])
        if code is None:
            assert "草稿" not in text, qid
        else:
            assert "草稿 · 不可发送给客户" in text and f"[{code}]" in text, qid
        assert "10900" not in text and "10,900" not in text and "底价 ¥" not in text  # never the floor, even on a draft


def test_a_line_that_cannot_be_priced_stays_on_the_draft_without_a_price(folder):
    run = run_quote([folder / "quote_calculator.xlsx"], quote_id="Q-ASK", as_of=AS_OF)
    [quote] = run.quotes
    assert quote.lines == () and [u.sku for u in quote.unpriced] == ["ASK"] and quote.total_incl_vat == D(0)
    # The price list's own cell is a reason too, and the rep's line says it was not priced.
    assert {r.code for r in quote.draft_reasons} == {"list-price-missing", "value-unparseable"}
    assert "定制机组" in sheet_text(run.sheets[0]) and "未定价" in sheet_text(run.sheets[0])


def test_below_floor_line_gets_a_note_and_a_highlight_in_the_reps_sheet(folder):
    calculator = folder / "quote_calculator.xlsx"
    run_quote([calculator], as_of=AS_OF)
    lines = openpyxl.load_workbook(calculator)["报价明细"]
    row = next(r for r in range(2, lines.max_row + 1) if lines.cell(r, 1).value == "Q-BELOW")
    note = lines.cell(row, 4).comment
    assert note is not None and "price-below-floor" in note.text and note.author == "salesdesk"
    with zipfile.ZipFile(calculator) as z:
        sheet_xml = next(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/sheet") and b"salesdesk-error" in z.read(n))
    assert f"D{row}".encode() in sheet_xml  # the error highlight covers the discount cell

    # A nightly `check --annotate` finds the same and keeps the note (it re-writes salesdesk's notes).
    result = run_check([calculator], annotate=True, as_of=AS_OF)
    assert "price-below-floor" in [i.code for i in result.issues]
    again = openpyxl.load_workbook(calculator)["报价明细"].cell(row, 4).comment
    assert again is not None and "price-below-floor" in again.text


def test_missing_register_is_said_and_makes_every_quote_a_draft(write_book, tmp_path):
    alone = write_book("quote_calculator.xlsx", calculator_sheets(), folder=tmp_path / "alone")
    run = run_quote([alone], quote_id="Q-OK", as_of=AS_OF)
    [quote] = run.quotes
    assert [r.code for r in quote.draft_reasons] == ["reference-sheet-missing"]
    assert quote.customer_name == "CA" and quote.lines[0].price.loyalty == 0
    assert "reference-sheet-missing" in [i.code for i in run.issues] and run.exit_code() == 1


def test_quoting_one_file_prices_as_quoting_its_folder(tmp_path):
    # The demo's workbooks as `write_demo` writes them, but only those a quote reads (the others take 14 s to write).
    data = generate(date(2026, 11, 28), 2026)
    for spec in CATALOG:
        if spec.key in ("quote_calculator", "customer_register", "settings"):
            template_workbook(spec, "zh", data.tables).save(tmp_path / spec.file_name)
    single = run_quote([tmp_path / "quote_calculator.xlsx"], write=False, as_of=date(2026, 11, 28))
    whole = run_quote([tmp_path], write=False, as_of=date(2026, 11, 28))

    def totals(run):
        return {q.quote_id: (q.customer_name, q.total_incl_vat, q.draft) for q in run.quotes}

    assert totals(single) == totals(whole) and len(totals(single)) == 60
    assert all(name and not name.startswith("C") for name, _, _ in totals(single).values())  # names, not IDs


def test_the_core_alone_makes_drafts_of_lines_it_cannot_price():
    """Without the reading's findings handed in, a line it cannot price still makes a draft, never a silent ¥0.00."""
    from conftest import tables_from

    from addin.pricing.policy import load_policy
    from addin.pricing.quote import price_quotes

    tables, _ = tables_from({"价格表": PRICE_LIST[:2], "报价单": [QUOTE_HEAD, ["Q", "CA", "张伟", "2026-03-05"]],
                             "报价明细": [LINE_HEAD, ["Q", None, 1, None], ["Q", "EQ", 0, None]]})
    policy, _ = load_policy(tables)
    [quote], _ = price_quotes(tables, policy, as_of=AS_OF)
    assert quote.lines == () and len(quote.unpriced) == 2
    assert {r.code for r in quote.draft_reasons} == {"required-missing", "quote-qty-invalid", "reference-sheet-missing"}


def test_a_zero_price_or_an_id_kept_twice_makes_a_draft(write_book, tmp_path):
    """A ¥0.00 list price is no price; a SKU, customer or quote id kept twice leaves it open which
    row is meant: each quote resting on one is a draft, and two quotes never share one file."""
    prices = PRICE_LIST + [["FREE", "零价机", "台", 0, 0, None], ["TWICE", "双价机", "台", 1000, 500, None], ["TWICE", "双价机", "台", 2000, 900, None]]
    quotes = [QUOTE_HEAD, ["Q-ZL", "CA", "张伟", "2026-03-05", None, None], ["Q-TW", "CA", "张伟", "2026-03-05", None, None],
              ["Q-CB", "CB", "张伟", "2026-03-05", None, None], ["Q-2X", "CA", "张伟", "2026-03-05", None, None], ["Q-2X", "CA", "张伟", "2026-03-06", None, None]]
    lines = [LINE_HEAD, ["Q-ZL", "FREE", 1, None], ["Q-TW", "TWICE", 1, None], ["Q-CB", "EQ", 1, None], ["Q-2X", "EQ", 1, None]]
    folder = tmp_path / "dup"
    calculator = write_book("quote_calculator.xlsx", {"报价单": quotes, "报价明细": lines, "价格表": prices}, folder=folder)
    write_book("customer_register.xlsx", {"客户": [["客户编号", "客户名称", "负责销售", "客户分层"], ["CA", "上海恒信机械有限公司", "张伟", "A"],
                                                   ["CB", "甲公司", "张伟", "C"], ["CB", "乙公司", "张伟", "A"]]}, folder=folder)
    run = run_quote([calculator], as_of=AS_OF)
    reasons = {(q.quote_id, q.row): {r.code for r in q.draft_reasons} for q in run.quotes}
    assert "list-price-missing" in reasons[("Q-ZL", 2)]
    assert "duplicate-id" in reasons[("Q-TW", 3)] and "duplicate-id" in reasons[("Q-CB", 4)]
    assert all("duplicate-id" in reasons[("Q-2X", row)] for row in (5, 6))
    assert all(q.draft for q in run.quotes) and run.exit_code() == 1
    assert len({p.name for p in run.sheets}) == len(run.sheets) == 5  # the two Q-2X drafts in two files
    for sheet in run.sheets:
        assert "草稿" in sheet_text(sheet)


def test_a_won_or_lost_quote_past_its_validity_is_not_expired(write_book, tmp_path):
    """Found by a new user: the demo's won and lost quotes were flagged expired and made drafts, while the summary's
    quote outcomes (summary/pipeline.py quote_status) count only open and sent quotes past validity as expired."""
    head = [*QUOTE_HEAD, "报价状态"]
    quotes = [head, *[[qid, "CA", "张伟", "2026-01-05", None, None, status] for qid, status in (("Q-WON", "赢单"), ("Q-LOST", "输单"),
                                                                                             ("Q-SENT", "已发送"), ("Q-OPEN", None))]]
    lines = [LINE_HEAD, *[[qid, "EQ", 1, None] for qid in ("Q-WON", "Q-LOST", "Q-SENT", "Q-OPEN")]]
    settings = [["设置项", "说明", "值"], ["company_name", "公司名称", "杭州宏远设备有限公司"]]
    folder = tmp_path / "closed"
    calculator = write_book("quote_calculator.xlsx", {"报价单": quotes, "报价明细": lines, "价格表": PRICE_LIST, "设置": settings}, folder=folder)
    write_book("customer_register.xlsx", {"客户": [["客户编号", "客户名称", "负责销售", "客户分层"], ["CA", "上海恒信机械有限公司", "张伟", "A"]]}, folder=folder)
    run = run_quote([calculator], as_of=AS_OF, documents=False)
    expired = {q.quote_id for q in run.quotes if "quote-expired" in {r.code for r in q.draft_reasons}}
    assert expired == {"Q-SENT", "Q-OPEN"}
    assert not next(q for q in run.quotes if q.quote_id == "Q-WON").draft
