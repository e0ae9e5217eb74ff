"""What a manager reads first and what a rep prints (issue 20), on the demo as of a day mid-month:
the front sheet, every tab printing whole, receivables per customer, data quality per row owner,
the rep's tab as numbers on at most 2 pages, one language per workbook, templates without invented figures."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import convert, soffice_path

from addin.cli import main
from addin.commands.demo import write_demo
from addin.commands.quote import run_quote
from addin.commands.refresh import run_refresh
from addin.commands.summary import run_summary
from addin.schema import CATALOG

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 12, 9)  # mid-month: November is the last complete month, December 1-9 the month to date
CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
WORD = re.compile(r"(?<![A-Za-z0-9_.@/-])[A-Za-z]{3,}(?![A-Za-z0-9_@/-])")  # an English word; ids (C0001, SO-2606-1) aside


def _tool():
    spec = importlib.util.spec_from_file_location("render_summary", ROOT / "tools" / "render_summary.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _demo(folder: Path, lang: str, quote: bool = False) -> list[Path]:
    """The demo, refreshed (and priced, with `quote`): every computed column written in the book's language."""
    files, _ = write_demo(folder, lang, TODAY, 2026)
    run_refresh(files, datetime.combine(TODAY, time(9)), lang)
    if quote:
        run_quote(files, lang=lang, as_of=TODAY, documents=False)
    return files


@pytest.fixture(scope="module")
def zh(tmp_path_factory):
    folder = tmp_path_factory.mktemp("zh")
    _demo(folder / "demo", "zh", quote=True)
    run = run_summary([folder / "demo"], folder / "summary.xlsx", datetime.combine(TODAY, time(9)), lang="zh", into=True)
    assert run.written and run.into
    return folder, run


def _rows(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def _table(ws) -> list[dict]:
    rows = _rows(ws)
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_front_sheet_is_first_one_page_last_complete_month_and_month_to_date(zh):
    folder, run = zh
    book = openpyxl.load_workbook(folder / "summary.xlsx")
    front = book.worksheets[0]
    assert front.title == "首页" and book.active.title == "首页"
    assert front.page_setup.orientation == "landscape" and front.page_setup.paperSize == 9
    assert front.sheet_properties.pageSetUpPr.fitToPage and front.page_setup.fitToWidth in (None, 1) and front.page_setup.fitToHeight in (None, 1)
    rows = _rows(front)
    assert "2026-11" in rows[0][0] and "上一个完整月份" in rows[0][0]
    assert any(isinstance(v, str) and v.startswith("本月至今：12-01 至 12-09") for v in rows[2])
    assert run.summary.month == date(2026, 11, 1)  # the default: the last complete month, not December 1-9

    # Attainment per rep: the Overview tab's revenue and target for that rep and month, side by side.
    header = rows[3]
    overview = {(r["销售代表"], r["月份"]): r for r in _table(book["业绩总览"])}
    reps = [r for r in rows[4:] if r[0] and r[0] not in ("团队",) and isinstance(r[1], (int, float))]
    assert len(reps) == 3
    for r in reps:
        line: dict = {}
        for h, v in zip(header, r):
            line.setdefault(h, v)  # the complete month's columns (the month to date repeats the names)
        source = overview[(r[0], "2026-11")]
        assert line["业绩"] == source["业绩"] and line["业绩目标"] == source["业绩目标"]
        assert line["达成率"] == pytest.approx(round(source["业绩"] / source["业绩目标"], 4))

    # Alerts in words, naming the customer (name and id) and the rep.
    names = {c.customer_id: c.name for _, c in run.loaded.tables.rows("customers")}
    alerts = [v for r in rows for v in r[:1] if isinstance(v, str) and v.startswith(("应收逾期", "服务超时", "流失风险"))]
    assert alerts and any(a.startswith("应收逾期") for a in alerts)
    for text in alerts:
        cid = re.search(r"\((C\d+)\)", text).group(1)
        assert names[cid] in text and "负责销售" in text


def test_receivables_are_the_same_figures_on_the_front_the_tab_and_json(zh, capsys):
    folder, run = zh
    book = openpyxl.load_workbook(folder / "summary.xlsx")
    tab = {r["客户编号"]: r for r in _table(book["应收账款"])}
    top = run.summary.sections["alerts"][0]
    assert top["kind"] == "overdue_receivable"
    row = tab[top["customer_id"]]
    bands = ("逾期 1-30 天", "逾期 31-60 天", "逾期 61-90 天", "逾期 90 天以上")
    assert sum(Decimal(str(row[b])) for b in bands) == top["amount"]
    assert row["未收合计"] == pytest.approx(float(row["未到期"] + sum(row[b] for b in bands)))
    assert row["客户"] == top["customer_name"] and row["销售代表"] == top["rep"]
    code = main(["summary", str(folder / "demo"), "--as-of", "2026-12-09T09:00", "--json", "--quiet"])
    data = json.loads(capsys.readouterr().out)
    assert code in (0, 1) and data["month"] == "2026-11"
    same = next(r for r in data["receivables"] if r["customer_id"] == top["customer_id"])
    assert Decimal(same["overdue_1_30"]) + Decimal(same["overdue_31_60"]) + Decimal(same["overdue_61_90"]) + Decimal(same["overdue_90_plus"]) == top["amount"]
    assert {"outstanding", "not_due", "oldest_due"} <= set(same)
    team = next(r for r in data["front"] if r["rep"] == "*")  # ratios as decimals, money as strings, as every tab
    assert isinstance(team["revenue_attainment"], float) and isinstance(team["mtd_conversion_rate"], float) and isinstance(team["revenue"], str)
    # per rep: the Orders and cash tab's outstanding is the sum of that rep's customers
    cash = {r["销售代表"]: r for r in _table(book["订单与回款"])}
    rep_total = sum(Decimal(r["outstanding"]) for r in data["receivables"] if r["rep"] == top["rep"])
    assert Decimal(str(cash[top["rep"]]["未收合计"])).quantize(Decimal("0.01")) == rep_total


def test_data_quality_names_the_row_owner_in_words(zh):
    folder, run = zh
    rows = _table(openpyxl.load_workbook(folder / "summary.xlsx")["数据质量"])
    assert rows and all(r["问题"] and not re.fullmatch(r"[a-z-]+", r["问题"]) for r in rows)  # titles, not raw codes
    owners = {}
    for table in run.loaded.tables.tables:
        for r in table.rows:
            rep = getattr(r, "owner_rep", None) or getattr(r, "rep", None)
            if rep:
                owners[(table.file, table.sheet, r.row)] = rep
    checked = 0
    for r in rows:
        first = int(str(r["行号"]).split(",")[0]) if r["行号"] else None
        if first and (r["文件"], r["工作表"], first) in owners:
            assert owners[(r["文件"], r["工作表"], first)] == r["销售代表"]
            checked += 1
    assert checked
    assert [r["销售代表"] for r in rows] == sorted(r["销售代表"] for r in rows)


def test_summary_prints_whole_charts_and_no_blank_page(zh, tmp_path):
    folder, _run = zh
    book = openpyxl.load_workbook(folder / "summary.xlsx")
    for ws in book.worksheets[1:]:
        for chart in ws._charts:  # each chart starts a printed page of its own
            assert chart.anchor._from.row in [b.id for b in ws.row_breaks.brk], ws.title
        if ws.max_row <= 2 and ws.title != "说明":
            assert ws["A2"].value == "无"  # an empty tab says so on one line
    if not soffice_path() or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice and poppler are needed to look at the pages")
    pdf = convert(soffice_path(), folder / "summary.xlsx", "pdf", tmp_path)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    pages = [p for p in pages[:-1]] if pages[-1].strip() == "" else pages
    assert "经理汇总：2026-11" in pages[0] and "各指标的计算方法" in pages[0]  # the whole front sheet on the first page
    assert "经理汇总：2026-11" not in pages[1]
    assert all(p.strip() for p in pages), [i for i, p in enumerate(pages) if not p.strip()]


def test_rep_tab_is_numbers_with_formats_on_at_most_two_pages(zh, tmp_path):
    folder, run = zh
    register = run.into[0]
    tab = openpyxl.load_workbook(register)["我的汇总"]
    rows = {row[0].value: row for row in tab.iter_rows() if isinstance(row[0].value, str)}
    revenue, conversion = rows["业绩"], rows["转化率"]
    assert revenue[1].data_type == "n" and revenue[1].number_format == "¥#,##0.00"
    assert conversion[1].data_type == "n" and conversion[1].number_format == "0.0%" and conversion[3].number_format == "0.0%"
    assert rows["客单价"][1].number_format == "¥#,##0.00"
    # the same figures as the manager's front sheet for that rep
    rep = re.search(r"我的汇总：(\S+?)，", tab["A1"].value).group(1)
    front = next(r for r in run.summary.sections["front"] if r["rep"] == rep)
    assert Decimal(str(revenue[1].value)) == front["revenue"] and Decimal(str(conversion[1].value)) == front["conversion_rate"]
    dates = [c for row in tab.iter_rows() for c in row if c.is_date]
    assert dates and all(c.number_format == "yyyy-mm-dd" for c in dates)
    if not soffice_path() or not shutil.which("pdfinfo"):
        pytest.skip("LibreOffice and poppler are needed to count the pages")
    alone = _tool().only_sheet(register, {"我的汇总"}, tmp_path / "tab.xlsx")
    pdf = convert(soffice_path(), alone, "pdf", tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 2


def _computed_and_notes(folder: Path, lang: str) -> list[tuple[str, str, str]]:
    """(file, where, text) of every computed cell and header note salesdesk wrote (a check's notes on a row quote
    the rep's own values, e.g. an approver's name, and are left out)."""
    # Texts composed for the customer from the rep's own data (a stage message, a follow-up draft quoting the event, the
    # pitch and the case typed in the books) and salesdesk's row fingerprints (approver's name) are data, like a check's notes.
    quoting = {"message", "follow_up_email", "follow_up_wechat", "approval_fingerprint", "change_fingerprint"}
    computed = {sh.title(lang): {c.header(lang) for c in sh.columns if c.computed and c.key not in quoting} for wb in CATALOG for sh in wb.sheets}
    out = []
    for path in sorted(folder.glob("*.xlsx")):
        if ".bak-" in path.name:
            continue
        for ws in openpyxl.load_workbook(path).worksheets:
            header = {c.column: c.value for c in ws[1]}
            mine = {col for col, h in header.items() if h in computed.get(ws.title, set())}
            for row in ws.iter_rows():
                for c in row:
                    if c.comment and c.row == 1:
                        out.append((path.name, f"{ws.title}!{c.coordinate} note", c.comment.text.replace("salesdesk", "")))
                    if c.row > 1 and c.column in mine and isinstance(c.value, str):
                        out.append((path.name, f"{ws.title}!{c.coordinate}", c.value))
    return out


def test_a_chinese_book_after_refresh_holds_no_english_word(zh):
    folder, _run = zh
    found = _computed_and_notes(folder / "demo", "zh")
    assert any("订单!" in w for _f, w, _t in found) and any("报价单!" in w for _f, w, _t in found) and len(found) > 100
    english = [(f, w, t) for f, w, t in found if WORD.search(t.replace("kg", "").replace("CNY", ""))]
    assert english == []


def test_an_english_book_after_refresh_holds_no_chinese(tmp_path):
    _demo(tmp_path / "demo", "en", quote=True)
    found = _computed_and_notes(tmp_path / "demo", "en")
    assert len(found) > 100
    people = set()  # names of customers, reps and approvers are the rep's data, in whatever script they were typed
    for path in (tmp_path / "demo").glob("*.xlsx"):
        for ws in openpyxl.load_workbook(path, read_only=True).worksheets:
            rows = ws.iter_rows(values_only=True)
            header = next(rows, ())
            keep = [i for i, h in enumerate(header) if h in ("Customer name", "Name", "Owner rep", "Rep", "Approved by", "Handler", "Manager")]
            people |= {str(r[i]) for r in rows for i in keep if i < len(r) and r[i]}
    def without_people(text: str) -> str:
        for name in sorted(people, key=len, reverse=True):
            text = text.replace(name, "")
        return text
    chinese = [(f, w, t) for f, w, t in found if CJK.search(without_people(t))]
    assert chinese == []


@pytest.mark.parametrize("folder", [ROOT / "workbook_templates", ROOT / "workbook_templates" / "en"])
def test_blank_templates_hold_no_channel_cost_or_target(folder):
    book = openpyxl.load_workbook(folder / "settings.xlsx")
    for title in (("目标", "渠道成本") if folder.name != "en" else ("Targets", "Channel costs")):
        ws = book[title]
        assert [r for r in ws.iter_rows(min_row=2, values_only=True) if any(v not in (None, "") for v in r)] == []


def test_summary_of_books_without_targets_says_so(tmp_path):
    files = _demo(tmp_path / "demo", "zh")
    settings = next(f for f in files if f.name == "settings.xlsx")
    book = openpyxl.load_workbook(settings)
    for title in ("目标", "渠道成本"):
        book[title].delete_rows(2, book[title].max_row)
    book.save(settings)
    run = run_summary([tmp_path / "demo"], tmp_path / "s.xlsx", datetime.combine(TODAY, time(9)), lang="zh", force=True)
    front = _rows(openpyxl.load_workbook(tmp_path / "s.xlsx")["首页"])
    assert sum(v == "未设目标" for r in front for v in r) >= 3
    assert all(r["revenue_attainment"] is None for r in run.summary.sections["front"])


def test_receivables_keep_two_reps_customers_of_one_id_apart(tmp_path):
    """Both reps of the two-rep team number customers from C0001 (tests/team_data.py): their open prepayments
    are two customers' receivables, each with its own rep and name, never one merged row."""
    from team_data import AS_OF, write_team

    root = write_team(tmp_path / "team", copy=False)
    for rep, order in (("王芳", "A-001"), ("赵强", "B-001")):
        path = root / rep / "order_progress.xlsx"
        book = openpyxl.load_workbook(path)
        ws = book.create_sheet("回款节点")
        ws.append(["订单编号", "付款节点", "比例", "账期（工作日）"])
        ws.append([order, "预付款", 1, 5])  # due 5 working days after signing in October: overdue on November 2
        book.save(path)
    run = run_summary([root], None, datetime.fromisoformat(AS_OF))
    rows = {(r["rep"], r["customer_id"]): r for r in run.summary.sections["receivables"]}
    names = {(own, c.customer_id): c.name for t, c in run.loaded.tables.rows("customers") for own in [c.owner_rep or t.file.split("/")[0]]}
    assert {("王芳", "C0001"), ("赵强", "C0001")} <= set(rows)
    assert rows[("王芳", "C0001")]["outstanding"] == Decimal("50000.00") and rows[("赵强", "C0001")]["outstanding"] == Decimal("40000.00")
    assert rows[("王芳", "C0001")]["customer_name"] != rows[("赵强", "C0001")]["customer_name"]
    assert rows[("王芳", "C0001")]["customer_name"] == names[("王芳", "C0001")]


def test_an_unreadable_amount_this_month_leaves_attainment_blank_not_a_crash(tmp_path):
    """Found by a hostile trial: an order signed in the month to date with no readable amount made the team's
    month-to-date revenue unknown (null, as the rule says) and the front sheet divided it; now the summary is written
    and the attainment left blank, the rejected amount counted."""
    files, _ = write_demo(tmp_path / "demo", "zh", TODAY, 2026)
    orders = next(p for p in files if p.name == "order_progress.xlsx")
    book = openpyxl.load_workbook(orders)
    ws = book["订单"]
    header = [c.value for c in ws[1]]
    signed, amount = header.index("签约日期") + 1, header.index("合同金额") + 1
    row = next(r for r in range(2, ws.max_row + 1) if isinstance(ws.cell(r, signed).value, datetime | date)
               and ws.cell(r, signed).value.strftime("%Y-%m") == TODAY.strftime("%Y-%m"))
    ws.cell(row, amount).value = "待定"
    book.save(orders)
    run = run_summary([tmp_path / "demo"], tmp_path / "summary.xlsx", datetime.combine(TODAY, time(9)), lang="zh")
    assert run.written
    team = next(r for r in run.summary.sections["front"] if r["rep"] == "*")
    assert team["mtd_revenue"] is None and team["mtd_revenue_attainment"] is None
    assert team["mtd_deals"] and team["revenue"] is not None  # the rest of the front is still computed
