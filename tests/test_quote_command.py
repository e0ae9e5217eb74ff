"""`salesdesk quote` end to end on real files."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from addin.commands.quote import run_quote

SHEETS = {
    "价格表": [["产品编码", "产品名称", "单位", "目录价", "底价", "成本"], ["EQ", "商用冷柜", "台", 12800, 10900, 8600], ["CS", "专用滤芯", "支", 129, 99, 45]],
    "客户": [["客户编号", "客户名称", "负责销售", "客户分层"], ["CA", "上海恒信机械有限公司", "张伟", "A"]],
    "报价单": [["报价单号", "客户编号", "负责销售", "报价日期", "预付比例", "有效期至"], ["Q-001", "CA", "张伟", "2026-03-05", "30%", "2026-04-04"], ["Q-002", "CA", "张伟", "2026-03-06", None, None]],
    "报价明细": [["报价单号", "产品编码", "数量", "议价折扣"], ["Q-001", "EQ", 10, "5%"], ["Q-001", "CS", 9, None], ["Q-002", "EQ", 1, "20%"]],
    "赠品": [["购买产品", "起赠数量", "赠品产品", "赠送数量"], ["EQ", 5, "CS", 10]],
    "设置": [["设置项", "说明", "值"], ["company_name", "公司名称", "杭州宏远设备有限公司"]],  # without it every quote is a draft
}


@pytest.fixture
def calculator(write_book):
    return write_book("quote_calculator.xlsx", SHEETS)


def test_quote_writes_computed_columns_and_keeps_typed_values(calculator):
    before = [[c.value for c in row] for row in openpyxl.load_workbook(calculator)["报价明细"].iter_rows()]
    run = run_quote([calculator], lang="zh")
    assert [w.backup is not None for w in run.applied.written] == [True]
    book = openpyxl.load_workbook(calculator)
    lines = book["报价明细"]
    header = [c.value for c in lines[1]]
    assert header[:4] == ["报价单号", "产品编码", "数量", "议价折扣"] and "成交单价" in header and "价格说明" in header
    after = [[c.value for c in row][:4] for row in lines.iter_rows()]
    assert after == [row[:4] for row in before]  # typed values untouched
    net = header.index("成交单价")
    # EQ: 12,800 x .97 x .99 x .98 x .95; CS: 129 x .99 x .98 = 125.1558; Q-002: 12,800 x .98 x .80
    assert [lines.cell(r, net + 1).value for r in (2, 3, 4)] == [11443.7, 125.16, 10035.2]
    quotes = book["报价单"]
    q_header = [c.value for c in quotes[1]]
    assert quotes.cell(2, q_header.index("审批级别") + 1).value == "销售经理"
    assert quotes.cell(3, q_header.index("低于底价") + 1).value == "是"
    assert "CS" in quotes.cell(2, q_header.index("赠品") + 1).value


def test_quote_twice_changes_nothing_the_second_time(calculator):
    run_quote([calculator])
    with zipfile.ZipFile(calculator) as z:
        once = {n: z.read(n) for n in z.namelist()}
    again = run_quote([calculator])
    with zipfile.ZipFile(calculator) as z:
        assert {n: z.read(n) for n in z.namelist()} == once
    assert [w.backup for w in again.applied.written] == [None]


def test_customer_quote_sheet_has_no_internal_numbers(calculator):
    # --lang en sets the messages; the customer's document follows the (Chinese) workbook.
    run = run_quote([calculator], quote_id="Q-001", lang="en", as_of=date(2026, 3, 10))
    [sheet] = run.sheets
    assert sheet.name == "报价单-Q-001.xlsx" and sheet.parent.name == "报价单"
    text = " ".join(str(c.value) for row in openpyxl.load_workbook(sheet).active.iter_rows() for c in row if c.value is not None)
    assert "上海恒信机械有限公司" in text and "1 年免费维保" in text and "草稿" in text and "[approval-required]" in text
    for internal in ("10900", "10,900", "8600", "毛利", "底价"):
        assert internal not in text
    assert "130586.69" in text  # 115,563.44 + 13% VAT 15,023.25


def test_quote_json_shape_keeps_money_as_strings(calculator):
    out = subprocess.run([sys.executable, "-m", "addin.cli", "quote", str(calculator), "--json", "--quote", "Q-001", "--lang", "en", "--as-of", "2026-03-10"],
                         capture_output=True, text=True)
    assert out.returncode == 1, out.stderr  # needs a manager's approval: a draft until then
    data = json.loads(out.stdout)
    [quote] = data["quotes"]
    assert {k: quote[k] for k in ("quote_id", "total_list", "total_excl_vat", "vat", "total_incl_vat", "approval", "blocked")} == {
        "quote_id": "Q-001", "total_list": "129161.00", "total_excl_vat": "115563.44", "vat": "15023.25", "total_incl_vat": "130586.69", "approval": "manager", "blocked": False,
    }
    first = quote["lines"][0]
    assert set(first) >= {"row", "sku", "qty", "list_price", "volume_discount", "prepay_discount", "loyalty_discount", "negotiated_discount",
                          "net_unit_price", "line_total", "effective_discount", "approval", "blocked", "explanation"}
    assert (first["row"], first["net_unit_price"], first["volume_discount"]) == (2, "11443.70", "0.0300")
    # Q-002's below-floor line is not this run's: one summary line, not its finding.
    assert [i["code"] for i in data["issues"]] == ["findings-elsewhere", "approval-required"]
    assert quote["draft"] is True and [r["code"] for r in quote["draft_reasons"]] == ["approval-required"]
    assert quote["rep_advice"].startswith("EQ: up to ")


def test_blocked_quote_exits_one(calculator):
    out = subprocess.run([sys.executable, "-m", "addin.cli", "quote", str(calculator), "--quote", "Q-002", "--quiet"], capture_output=True, text=True)
    assert out.returncode == 1 and "price-below-floor" in out.stdout


def test_quote_sheet_renders_to_pdf(calculator, soffice, tmp_path):
    run = run_quote([calculator], quote_id="Q-001", pdf=True, out=tmp_path / "out")
    assert run.problems == []
    [pdf] = run.pdfs
    assert pdf.read_bytes().startswith(b"%PDF")
    from addin.io.libreoffice import is_salesdesk_pdf

    assert is_salesdesk_pdf(pdf.read_bytes())  # its own export: a re-run may replace it
    pdf.write_bytes(b"%PDF-1.4 the customer's signed copy")  # hostile trial: a signed scan was overwritten
    again = run_quote([calculator], quote_id="Q-001", pdf=True, out=tmp_path / "out")  # refused: an issue naming it (issue 18), not an exception
    assert again.pdfs == [] and again.exit_code() == 1
    assert [(i.code, Path(i.file).name) for i in again.issues if i.code == "file-not-ours"] == [("file-not-ours", pdf.name)]
    assert pdf.read_bytes() == b"%PDF-1.4 the customer's signed copy"
