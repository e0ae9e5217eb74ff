"""Each command's result is its own; what it writes follows the workbook's language; exit codes are one contract."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import openpyxl
import pytest

from addin.cli import build_parser, main
from addin.commands.check import run_check
from addin.commands.quote import run_quote
from addin.commands.scope import with_siblings
from addin.io.templates import write_templates

CALCULATOR = {
    "价格表": [["产品编码", "产品名称", "单位", "目录价", "底价"], ["EQ", "商用冷柜", "台", 12800, 10900]],
    "报价单": [["报价单号", "客户编号", "负责销售", "报价日期"], ["Q-001", "CA", "张伟", "2026-03-05"], ["Q-002", "CA", "张伟", "2026-03-05"]],
    "报价明细": [["报价单号", "产品编码", "数量", "议价折扣"], ["Q-001", "EQ", 2, None], ["Q-002", "EQ", 1, "12%"]],
    "设置": [["设置项", "说明", "值"], ["company_name", "公司名称", "杭州宏远设备有限公司"]],  # without it every quote is a draft
}
REGISTER = {"客户": [["客户编号", "客户名称", "负责销售", "客户分层"], ["CA", "上海恒信机械有限公司", "张伟", "A"]]}
ORDERS = {"订单": [["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货"],
                   ["SO-1", "CA", "张伟", "2026-03-01", 1000, "2026-03-20"],
                   ["SO-1", "CX", "张伟", "2026-03-02", 1000, "2026-03-20"]]}


@pytest.fixture
def rep(write_book, tmp_path):
    folder = tmp_path / "rep"
    write_book("quote_calculator.xlsx", CALCULATOR, folder=folder)
    write_book("customer_register.xlsx", REGISTER, folder=folder)
    write_book("order_progress.xlsx", ORDERS, folder=folder)
    write_book("deeper.xlsx", ORDERS, folder=folder / "sub")  # a subfolder is not a sibling
    return folder


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "addin.cli", *args], capture_output=True, text=True)


def test_siblings_are_the_other_workbooks_of_the_folder_only(rep):
    inputs = with_siblings([rep / "quote_calculator.xlsx"])
    assert [p.name for p in inputs.context] == ["customer_register.xlsx", "order_progress.xlsx"]
    assert with_siblings([rep]).context == []


def test_quote_is_not_failed_by_another_workbooks_findings(rep):
    out = cli("quote", str(rep / "quote_calculator.xlsx"), "--quote", "Q-001", "--json", "--as-of", "2026-03-10")
    assert out.returncode == 0, out.stdout
    data = json.loads(out.stdout)
    assert data["quotes"][0]["draft"] is False
    elsewhere = [(i["file"], i["code"], i["severity"]) for i in data["issues"]]
    # The duplicate order id and the unknown customer are order_progress's, summarised once; Q-002's approval too.
    assert elsewhere == [("order_progress.xlsx", "findings-elsewhere", "warning"), ("quote_calculator.xlsx", "findings-elsewhere", "warning")]


def test_quote_not_found_prints_nothing_else_in_full(rep):
    out = cli("quote", str(rep), "--quote", "Q-999", "--lang", "en", "--quiet")
    assert out.returncode == 1
    codes = [line.split("[")[1].split("]")[0] for line in out.stdout.splitlines() if "[" in line]
    assert codes.count("quote-not-found") == 1 and set(codes) == {"quote-not-found", "findings-elsewhere"}
    assert "duplicate-id" not in out.stdout


def test_check_of_one_file_resolves_references_in_its_siblings_and_leaves_them_alone(rep):
    before = (rep / "customer_register.xlsx").read_bytes()
    result = run_check([rep / "order_progress.xlsx"], annotate=True)
    own = sorted((i.row, i.code) for i in result.issues if i.file == "order_progress.xlsx")
    assert own == [(3, "duplicate-id"), (3, "unknown-reference")]  # CX is not in the sibling register
    assert (rep / "customer_register.xlsx").read_bytes() == before  # context only: never annotated
    assert [w.path.name for w in result.applied.written] == ["order_progress.xlsx"]


def test_written_labels_follow_the_workbook_not_the_messages(rep):
    run_quote([rep / "quote_calculator.xlsx"], lang="en", as_of=date(2026, 3, 10))
    lines = openpyxl.load_workbook(rep / "quote_calculator.xlsx")["报价明细"]
    header = [c.value for c in lines[1]]
    assert "审批级别" in header and "Approval" not in header
    approval, blocked = header.index("审批级别") + 1, header.index("低于底价") + 1
    assert [lines.cell(r, approval).value for r in (2, 3)] == ["销售代表", "销售经理"]
    assert lines.cell(2, blocked).value == "否"
    assert lines.cell(3, header.index("价格说明") + 1).value.startswith("目录价")


def test_an_english_workbook_gets_english_labels_and_an_english_quote(tmp_path):
    write_templates(tmp_path, "en")
    path = tmp_path / "quote_calculator.xlsx"
    book = openpyxl.load_workbook(path)
    book["Price list"].append(["EQ", "Fridge", "unit", 12800, 10900])
    book["Quotes"].append(["Q-1", "C1", "Ann", date(2026, 3, 5)])
    book["Quote lines"].append(["Q-1", "EQ", 1, 0.12])
    book.save(path)
    run = run_quote([path], lang="zh", as_of=date(2026, 3, 10))
    lines = openpyxl.load_workbook(path)["Quote lines"]
    header = [c.value for c in lines[1]]
    assert lines.cell(2, header.index("Approval") + 1).value == "sales manager"
    [sheet] = run.sheets
    assert sheet.parent.name == "quotes" and "DRAFT" in " ".join(str(c.value) for r in openpyxl.load_workbook(sheet).active.iter_rows() for c in r)


@pytest.mark.parametrize("command", ["check", "quote", "schema", "templates", "demo"])
def test_every_command_documents_the_same_exit_codes(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help", "--lang", "en"])
    text = capsys.readouterr().out
    assert "exit codes" in text and "0  clean" in text and "2  wrong usage" in text
    assert build_parser("en").epilog and build_parser("en").epilog in text
    with pytest.raises(SystemExit):
        main([command, "--help", "--lang", "zh"])
    assert build_parser("zh").epilog and build_parser("zh").epilog in capsys.readouterr().out


def test_wrong_usage_exits_two():
    assert cli("quote").returncode == 2 and cli("check", "--nope", "x").returncode == 2


def test_a_doubtful_customer_row_in_a_sibling_is_the_quotes_own_finding(write_book, tmp_path):
    folder = tmp_path / "rep"
    write_book("quote_calculator.xlsx", CALCULATOR, folder=folder)
    write_book("customer_register.xlsx", {"客户": [["客户编号", "客户名称", "负责销售", "客户分层"], ["CA", "上海恒信机械有限公司", "张伟", "Z"]]}, folder=folder)
    run = run_quote([folder / "quote_calculator.xlsx"], quote_id="Q-001", as_of=date(2026, 3, 10))
    [quote] = run.quotes
    assert [r.code for r in quote.draft_reasons] == ["choice-unknown"]  # the tier decides the loyalty discount
    assert [(i.file, i.code) for i in run.issues] == [("customer_register.xlsx", "choice-unknown"), ("quote_calculator.xlsx", "findings-elsewhere")]
    assert run.exit_code() == 1


@pytest.mark.parametrize("value", ["2026/11/25", "2026-13-45", "", "9999-12-31T23:59", "0001-01-01"])
def test_a_bad_as_of_is_a_usage_error_before_anything_is_read(rep, value, capsys):
    for command in ("quote", "refresh"):
        assert main([command, str(rep), "--as-of", value, "--json"]) == 2
        assert "--as-of" in capsys.readouterr().err


def test_a_refused_output_still_gives_json(rep, tmp_path, capsys):
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    assert main(["quote", str(rep), "--json", "--out", str(not_a_folder)]) == 1
    assert [i["code"] for i in json.loads(capsys.readouterr().out)["issues"]] == ["output-not-folder"]
    calendar = rep / "mine.ics"
    calendar.write_text("BEGIN:VCALENDAR\nEND:VCALENDAR\n")
    main(["refresh", str(rep), "--json", "--ics", str(calendar), "--as-of", "2026-03-10"])
    assert "file-not-ours" in [i["code"] for i in json.loads(capsys.readouterr().out)["issues"]]
    assert calendar.read_text() == "BEGIN:VCALENDAR\nEND:VCALENDAR\n"  # the rep's own calendar is never replaced


def test_templates_never_replace_a_demo_workbook(tmp_path):
    from addin.commands.demo import write_demo

    folder = tmp_path / "mixed"
    write_templates(folder)
    demo = tmp_path / "demo"
    write_demo(demo, "zh", date(2026, 3, 10), 7)
    (folder / "customer_register.xlsx").write_bytes((demo / "customer_register.xlsx").read_bytes())  # a demo file copied in to try things
    before = (folder / "customer_register.xlsx").read_bytes()
    assert main(["templates", str(folder)]) == 1
    assert (folder / "customer_register.xlsx").read_bytes() == before
