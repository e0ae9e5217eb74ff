"""Competitor comparison (issue 14.6): point by point, worded, stale observations flagged, a printable document."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal as D

import openpyxl
from conftest import convert, tables_from

from addin.commands.compare import compare
from addin.core.settings import read_settings
from addin.pricing.competitors import compare_competitors, compare_point

AS_OF = date(2026, 3, 10)
BOOK = {
    "价格表": [["产品编码", "产品名称", "类别", "单位", "目录价", "底价"], ["EQ", "商用冷柜", "设备", "台", 12720, 10000], ["CS", "专用滤芯", "耗材", "支", 100, 80]],
    "竞品信息": [["竞品品牌", "类别", "竞品型号", "对标我方产品", "竞品价格（不含税）", "竞品促销", "售后响应（小时）", "质保（月）", "交货期（天）", "备注", "观察日期"],
             ["冰峰制冷", "设备", "BF-300", "EQ", 12000, "送延保", 5, 12, 20, "展会", "2026-02-20"],
             ["雪源电器", "设备", "XY-1", None, 13000, None, 1, 24, 15, None, "2025-11-01"],
             ["通用耗材", "耗材", "滤芯", None, 100, None, None, None, None, None, "2026-03-01"],
             ["远方", "仪表", "YF", None, 500, None, None, None, None, None, "2026-03-01"]],
    "设置": [["设置项", "说明", "值"], ["company_name", "公司名称", "杭州宏远设备有限公司"], ["warranty_months", "质保期（月）", 24]],
}


def _run(category=None):
    tables, _issues = tables_from(BOOK, "quote_calculator.xlsx")
    settings_model, _ = read_settings(tables)
    return compare_competitors(tables, settings_model, AS_OF, category)


def test_each_point_is_compared_and_worded():
    comparisons, issues = _run()
    first = comparisons[0]
    assert first.our_sku == "EQ"
    assert first.summary("zh") == "价格高 6%；我们的售后响应比竞品快 4 小时；质保期长 12 个月；交货期快 5 天"
    assert first.summary("en") == "price 6% higher; our after-sales responds 4 hours faster; warranty 12 months longer; delivery 5 days sooner"
    points = {p.key: p for p in first.points}
    assert points["price"].better is False and points["response"].better is True and points["promotion"].theirs == "送延保"
    second = comparisons[1]  # no Our SKU: the first SKU of its category
    assert second.our_sku == "EQ" and second.summary("en") == "price 2.15% lower; same after-sales response time; same warranty; same delivery time"
    assert comparisons[2].summary("en") == "same price"  # blank terms: no difference worded
    assert {(i.code, i.row) for i in issues} == {("competitor-stale", 3), ("competitor-no-match", 5)}
    stale = next(i for i in issues if i.code == "competitor-stale")
    assert stale.message_zh and stale.message_en and comparisons[1].stale and not first.stale


def test_category_filter_keeps_only_that_category():
    comparisons, issues = _run("耗材")
    assert [c.competitor for c in comparisons] == ["通用耗材"] and issues == []


def test_point_directions():
    assert compare_point("delivery", D(10), D(7)).words("zh") == "交货期慢 3 天"
    assert compare_point("warranty", D(6), D(12)).words("en") == "warranty 6 months shorter"
    assert compare_point("response", D("1.5"), D(1)).words("zh") == "我们的售后响应比竞品慢 0.5 小时"
    assert compare_point("price", D(90), D(100)).words("en") == "price 10% lower"
    assert compare_point("price", None, D(100)).better is None


def test_forms_compare_writes_a_document_that_libreoffice_renders(write_book, soffice, tmp_path):
    path = write_book("quote_calculator.xlsx", BOOK)
    run = compare([path], as_of=AS_OF)
    assert run.sheet is not None and run.sheet.parent.name == "竞品对比" and run.exit_code() == 1  # stale and unmatched: a draft
    cells = [str(c.value) for row in openpyxl.load_workbook(run.sheet).active.iter_rows() for c in row if c.value is not None]
    assert "竞品对比表" in cells and "我们的售后响应比竞品快 4 小时" in cells and any("[competitor-stale]" in c for c in cells)
    pdf = convert(soffice, run.sheet, "pdf", tmp_path)
    assert pdf.stat().st_size > 0


def test_forms_compare_cli_json(write_book):
    path = write_book("quote_calculator.xlsx", BOOK)
    out = subprocess.run([sys.executable, "-m", "addin.cli", "forms", "compare", str(path), "--category", "设备", "--json", "--lang", "en", "--as-of", "2026-03-10"],
                         capture_output=True, text=True)
    assert out.returncode == 1, out.stderr
    data = json.loads(out.stdout)
    assert [c["competitor"] for c in data["comparisons"]] == ["冰峰制冷", "雪源电器"]
    assert data["comparisons"][0]["points"][2] == {"point": "response", "ours": "1", "theirs": "5", "better": True, "difference": "our after-sales responds 4 hours faster"}
    assert [i["code"] for i in data["issues"]] == ["competitor-stale"] and data["document"].endswith(".xlsx")


def test_no_competitors_sheet_is_said_not_crashed(write_book):
    path = write_book("quote_calculator.xlsx", {"价格表": BOOK["价格表"]})
    run = compare([path], as_of=AS_OF)
    assert run.sheet is None and [i.code for i in run.issues] == ["reference-sheet-missing"] and run.exit_code() == 1


def test_demo_fills_the_value_case_turnaround_and_competitors(demo_run):
    folder, lines, _ = demo_run
    [document] = (folder / "竞品对比").glob("*.xlsx")
    cells = [str(c.value) for row in openpyxl.load_workbook(document).active.iter_rows() for c in row if c.value is not None]
    assert "我们的售后响应比竞品快 4 小时" in cells and any("[competitor-stale]" in c for c in cells)
    valued = [p for p in (folder / "报价单").glob("*.xlsx") if "本方案为您节省" in
              [c.value for row in openpyxl.load_workbook(p).active.iter_rows() for c in row]]
    assert valued and any("竞品对比" in line for line in lines)
    quotes = openpyxl.load_workbook(folder / "quote_calculator.xlsx")["报价单"]
    header = [c.value for c in quotes[1]]
    turnaround = [quotes.cell(r, header.index("报价用时（工作小时）") + 1).value for r in range(2, quotes.max_row + 1)]
    assert sum(v is not None for v in turnaround) > len(turnaround) // 2


def test_an_unknown_category_is_an_error_not_a_clean_pass(write_book):
    """Hostile trial: `forms compare --category 不存在` said 没有发现问题 and exit 0."""
    path = write_book("quote_calculator.xlsx", BOOK)
    run = compare([path], category="不存在", as_of=AS_OF)
    assert "competitor-category-empty" in [i.code for i in run.issues] and run.exit_code() == 1
