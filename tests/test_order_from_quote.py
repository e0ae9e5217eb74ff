"""`order --from-quote`: the order, its lines and milestones follow the quote; check passes; twice is once, byte for byte."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from addin.cli import main
from addin.commands.check import run_check

TEMPLATES = Path(__file__).resolve().parent.parent / "workbook_templates"
PRICE_LIST = [["产品编码", "产品名称", "单位", "目录价", "底价", "成本"], ["EQ", "商用冷柜", "台", 12800, 10900, 8600], ["CS", "专用滤芯", "支", 112, 90, 40]]
QUOTE_HEAD = ["报价单号", "客户编号", "负责销售", "报价日期", "预付比例", "审批人", "审批时间"]
TEAM = [["姓名", "角色", "上级"], ["张伟", "销售代表", "王芳"], ["王芳", "销售经理", None]]
AS_OF = "2026-03-10T10:00"


@pytest.fixture
def folder(write_book, tmp_path) -> Path:
    rep = tmp_path / "rep"
    quotes = [QUOTE_HEAD, ["Q-1", "CA", "张伟", "2026-03-05", "30%", "王芳", "2026-03-06 10:00"],  # 12% needs the manager, who approved
              ["Q-2", "CA", "张伟", "2026-03-05", None, None, None]]  # 12% and nobody approved: a draft
    lines = [["报价单号", "产品编码", "数量", "议价折扣"], ["Q-1", "EQ", 2, "12%"], ["Q-1", "CS", 4, None], ["Q-2", "EQ", 1, "12%"]]
    write_book("quote_calculator.xlsx", {"报价单": quotes, "报价明细": lines, "价格表": PRICE_LIST}, folder=rep)
    write_book("settings.xlsx", {"设置": [["设置项", "说明", "值"], ["company_name", "公司名称", "杭州宏远设备有限公司"]], "销售团队": TEAM}, folder=rep)
    write_book("customer_register.xlsx", {"客户": [["客户编号", "客户名称", "负责销售", "客户分层"], ["CA", "上海恒信机械有限公司", "张伟", "B"]]}, folder=rep)
    shutil.copy(TEMPLATES / "order_progress.xlsx", rep / "order_progress.xlsx")
    return rep


def cli_json(capsys, *argv: str) -> tuple[int, dict]:
    capsys.readouterr()
    code = main([*argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def sheet_rows(path: Path, sheet: str) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path, data_only=True)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r and r[0] in ("订单编号",))
    keys = rows[head]
    return [dict(zip(keys, r)) for r in rows[head + 1:] if any(v is not None for v in r)]


def test_the_order_follows_the_approved_quote_and_check_passes_on_it(folder, capsys):
    code, quoted = cli_json(capsys, "quote", str(folder), "--quote", "Q-1", "--as-of", AS_OF)
    quote = quoted["quotes"][0]
    assert code == 0 and not quote["draft"] and quote["approval"] == "manager"

    code, drawn = cli_json(capsys, "order", str(folder), "--from-quote", "Q-1", "--as-of", AS_OF)
    assert code == 0 and drawn["status"] == "appended" and drawn["order_id"] == "SO-Q-1", drawn
    assert drawn["order"]["contract_amount"] == quote["total_incl_vat"]

    book = folder / "order_progress.xlsx"
    orders = sheet_rows(book, "订单")
    assert len(orders) == 1
    order = orders[0]
    assert (order["订单编号"], order["客户编号"], order["报价单号"], order["负责销售"]) == ("SO-Q-1", "CA", "Q-1", "张伟")
    assert D(str(order["合同金额"])) == D(quote["total_incl_vat"])
    assert order["合同号码"] == "HT-202603-001" and str(order["签约日期"])[:10] == "2026-03-10" and str(order["计划到货"])[:10] == "2026-03-25"
    lines = sheet_rows(book, "订单明细")
    assert [(l["产品编码"], l["数量"]) for l in lines] == [(p["sku"], p["qty"]) for p in quote["lines"]]
    for line, priced in zip(lines, quote["lines"]):  # unit prices incl. VAT, from the quote's net prices
        assert D(str(line["单价"])) == (D(priced["net_unit_price"]) * D("1.13")).quantize(D("0.01"))
    assert abs(sum(D(str(l["单价"])) * l["数量"] for l in lines) - D(quote["total_incl_vat"])) <= D("1")
    payments = sheet_rows(book, "回款节点")
    assert [(p["付款节点"], D(str(p["比例"]))) for p in payments] == [("预付款", D("0.3")), ("到货款", D("0.6")), ("验收款", D("0.1"))]

    # The contract drawn from the same quote carries the same contract number as the order.
    capsys.readouterr()
    main(["forms", "contract", str(folder), "--quote", "Q-1", "--json", "--as-of", AS_OF])
    contract = json.loads(capsys.readouterr().out)["document"]
    facts = {k: v for b in contract["blocks"] if b["type"] == "facts" for k, v in b["pairs"]}
    assert facts["合同编号"] == "HT-202603-001"

    errors = [i for i in run_check([book]).issues if i.severity.value == "error"]
    assert errors == []

    before = book.read_bytes()
    code, again = cli_json(capsys, "order", str(folder), "--from-quote", "Q-1", "--as-of", AS_OF)
    assert code == 0 and again["status"] == "exists" and again["order_id"] == "SO-Q-1"
    assert book.read_bytes() == before


def test_a_draft_quote_is_refused_with_its_reasons_unless_draft_is_asked(folder, capsys):
    book = folder / "order_progress.xlsx"
    before = book.read_bytes()
    code, refused = cli_json(capsys, "order", str(folder), "--from-quote", "Q-2", "--as-of", AS_OF)
    assert code == 1 and refused["status"] == "refused"
    assert [i["code"] for i in refused["issues"]] == ["order-from-draft-quote"]
    assert "审批" in refused["issues"][0]["message"]
    assert book.read_bytes() == before
    code, drawn = cli_json(capsys, "order", str(folder), "--from-quote", "Q-2", "--draft", "--as-of", AS_OF)
    assert code == 0 and drawn["status"] == "appended" and [i["code"] for i in drawn["issues"]] == ["order-drawn-from-draft"]
    assert [o["报价单号"] for o in sheet_rows(book, "订单")] == ["Q-2"]
