"""Approvals recorded on the quote: a manager's lifts the draft, a rep's does not, a later change voids it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from addin.commands.quote import run_quote
from addin.pipeline.approvals import PricedContent, judge

AS_OF = date(2026, 3, 10)
PRICE_LIST = [["产品编码", "产品名称", "单位", "目录价", "底价", "成本"], ["EQ", "商用冷柜", "台", 12800, 10900, 8600]]
QUOTE_HEAD = ["报价单号", "客户编号", "负责销售", "报价日期", "预付比例", "审批人", "审批时间"]
LINE_HEAD = ["报价单号", "产品编码", "数量", "议价折扣"]
TEAM = [["姓名", "角色", "上级"], ["张伟", "销售代表", "王芳"], ["王芳", "销售经理", "李强"], ["李强", "销售总监", None]]


@pytest.fixture
def folder(write_book, tmp_path) -> Path:
    quotes = [QUOTE_HEAD,
              ["Q-MGR", "CA", "张伟", "2026-03-05", None, "王芳", "2026-03-06 10:00"],  # 12% needs a manager; a manager approved
              ["Q-REP", "CA", "张伟", "2026-03-05", None, "张伟", "2026-03-06 10:00"],  # the rep approved it himself
              ["Q-NONE", "CA", "张伟", "2026-03-05", None, None, None],  # nobody approved
              ["Q-FINE", "CA", "张伟", "2026-03-05", None, None, None]]  # within the rep's authority
    lines = [LINE_HEAD, ["Q-MGR", "EQ", 2, "12%"], ["Q-REP", "EQ", 2, "12%"], ["Q-NONE", "EQ", 2, "12%"], ["Q-FINE", "EQ", 2, "5%"]]
    settings = [["设置项", "说明", "值"], ["company_name", "公司名称", "杭州宏远设备有限公司"]]
    write_book("quote_calculator.xlsx", {"报价单": quotes, "报价明细": lines, "价格表": PRICE_LIST}, folder=tmp_path / "rep")
    write_book("settings.xlsx", {"设置": settings, "销售团队": TEAM}, folder=tmp_path / "rep")
    write_book("customer_register.xlsx", {"客户": [["客户编号", "客户名称", "负责销售", "客户分层"], ["CA", "上海恒信机械有限公司", "张伟", "A"]]}, folder=tmp_path / "rep")
    return tmp_path / "rep"


def column_values(path: Path, sheet: str, header: str) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)[sheet]
    heads = [c.value for c in ws[1]]
    index = heads.index(header)
    return {row[0]: row[index] for row in ws.iter_rows(min_row=2, values_only=True) if row[0]}


def codes(quote) -> list[str]:
    return [r.code for r in quote.draft_reasons]


def test_a_managers_approval_lifts_the_draft_a_reps_does_not(folder):
    run = run_quote([folder / "quote_calculator.xlsx"], as_of=AS_OF)
    by_id = {q.quote_id: q for q in run.quotes}
    assert {q: by_id[q].approval for q in by_id} == {"Q-MGR": "manager", "Q-REP": "manager", "Q-NONE": "manager", "Q-FINE": "rep"}
    assert not by_id["Q-MGR"].draft, codes(by_id["Q-MGR"])
    assert by_id["Q-REP"].draft and "approval-insufficient" in codes(by_id["Q-REP"])
    assert by_id["Q-NONE"].draft and codes(by_id["Q-NONE"]) == ["approval-required"]
    assert not by_id["Q-FINE"].draft
    # The rep's sheet shows it (internal status column); read back from the file.
    status = column_values(folder / "quote_calculator.xlsx", "报价单", "审批状态")
    assert status == {"Q-MGR": "已审批", "Q-REP": "审批权限不足", "Q-NONE": "待审批", "Q-FINE": "无需审批"}
    # The customer's quote never names the approver or the approval.
    sheet = folder / "报价单" / "报价单-Q-MGR.xlsx"
    text = " ".join(str(c.value) for ws in openpyxl.load_workbook(sheet).worksheets for row in ws.iter_rows() for c in row if c.value is not None)
    assert "王芳" not in text and "审批" not in text and "草稿" not in text


def test_a_change_after_the_approval_voids_it_until_approved_again(folder):
    book = folder / "quote_calculator.xlsx"
    first = run_quote([book], as_of=AS_OF)
    assert not {q.quote_id: q for q in first.quotes}["Q-MGR"].draft
    kept = column_values(book, "报价单", "审批指纹")["Q-MGR"]
    assert kept.startswith("王芳 2026-03-06 10:00 · ")
    again = run_quote([book], as_of=AS_OF)  # nothing changed: still approved, the fingerprint unchanged
    assert not {q.quote_id: q for q in again.quotes}["Q-MGR"].draft
    assert column_values(book, "报价单", "审批指纹")["Q-MGR"] == kept

    wb = openpyxl.load_workbook(book)  # the rep raises the discount after the approval
    lines = wb["报价明细"]
    for row in lines.iter_rows(min_row=2):
        if row[0].value == "Q-MGR":
            row[3].value = "13%"
    wb.save(book)
    raised = {q.quote_id: q for q in run_quote([book], as_of=AS_OF).quotes}["Q-MGR"]
    assert raised.draft and "approval-stale" in codes(raised) and "approval-required" in codes(raised)
    assert column_values(book, "报价单", "审批状态")["Q-MGR"] == "审批后已改动"
    assert column_values(book, "报价单", "审批指纹")["Q-MGR"] == kept  # the approved content stays the reference

    wb = openpyxl.load_workbook(book)  # the manager approves the new discount: a new approval time
    quotes = wb["报价单"]
    for row in quotes.iter_rows(min_row=2):
        if row[0].value == "Q-MGR":
            row[6].value = "2026-03-07 09:30"
    wb.save(book)
    renewed = {q.quote_id: q for q in run_quote([book], as_of=AS_OF).quotes}["Q-MGR"]
    assert not renewed.draft, codes(renewed)
    assert column_values(book, "报价单", "审批指纹")["Q-MGR"].startswith("王芳 2026-03-07 09:30 · ")


def test_the_verdict_alone():
    content = PricedContent((("EQ", 2, D("12800"), D("0.12")),), D("0"))
    team = {"王芳": "manager", "张伟": "rep", "李强": "director"}
    assert judge("director", "王芳", None, None, None, content, team).status == "insufficient"
    assert judge("director", "李强", None, None, None, content, team).status == "approved"
    assert judge("manager", "外部人", None, "director", None, content, team).status == "approved"  # not on the sheet: the typed role
    assert judge("manager", "张伟", None, "director", None, content, team).status == "insufficient"  # the sheet wins over the typed role
    assert judge("manager", "外部人", None, None, None, content, team).status == "insufficient"  # role unknown
    kept = judge("manager", "王芳", None, None, None, content, team).fingerprint
    other = PricedContent((("EQ", 2, D("12800"), D("0.12")),), D("0.30"))  # prepayment changed
    assert judge("manager", "王芳", None, None, kept, other, team).status == "stale"
    assert judge("manager", "王芳", None, None, kept, content, team).status == "approved"


def test_the_approval_request_shows_why_the_waterfall_margins_and_advice(folder):
    from datetime import datetime

    from addin.commands.forms import FormRequest, run_forms

    run = run_forms("approval", [folder], FormRequest(quote_id="Q-REP"), as_of=datetime(2026, 3, 10, 9))
    doc = run.document
    assert doc is not None and not doc.draft and run.sheet is not None  # the approval reasons are what it asks about
    pairs = {k: v for b in doc.blocks if hasattr(b, "pairs") for k, v in b.pairs}
    # 12800 x (1 - 2% loyalty, tier A) x (1 - 12%) = 11,038.72 a unit; floor 10,900, cost 8,600; 2 units
    assert pairs["需要审批"] == "销售经理" and pairs["审批状态"] == "审批权限不足" and pairs["审批人"] == "张伟"
    assert pairs["高于底价"] == "¥277.44" and pairs["毛利（高于成本）"] == "¥4,877.44" and pairs["综合折扣"] == "13.76%"
    text = " ".join(str(c.value) for row in openpyxl.load_workbook(run.sheet).active.iter_rows() for c in row if c.value is not None)
    for expected in ("审批申请单", "EQ：综合折扣 13.76% 需要销售经理", "目录价", "权限内", "¥11,038.72"):
        assert expected in text, expected
