"""The README's main job (the demo) and the CLI's contract: output shapes and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl

from addin.cli import main
from addin.commands.check import run_check


def test_demo_plants_mistakes_and_every_one_is_found(demo_run):
    tmp_path, lines, _ = demo_run
    output = "\n".join(lines)
    for code in ("tier-mismatch", "date-order", "unknown-reference", "duplicate-id", "date-ambiguous", "value-unparseable", "payment-shares-sum"):
        assert f"{code}:" in output, code
    assert "60 张报价单" in output and "低于底价被拦截" in output
    orders = openpyxl.load_workbook(tmp_path / "order_progress.xlsx")["订单"]
    assert orders.max_row >= 1001  # 1,000 orders
    assert "salesdesk 检查结果" in [c.value for c in orders[1]]
    customers = openpyxl.load_workbook(tmp_path / "customer_register.xlsx")["客户"]
    assert customers.max_row == 351  # 200 customers and 150 leads of the last six months (the summary's Channels)
    assert len(list((tmp_path / "报价单").glob("*.xlsx"))) == 60
    # A re-check reads back what the demo wrote, annotations and computed columns included.
    again = run_check([tmp_path])
    assert {i.code for i in again.issues} >= {"date-order", "duplicate-id"}
    # Check annotations and quote results live side by side; the templates' header notes survive.
    quotes = openpyxl.load_workbook(tmp_path / "quote_calculator.xlsx")["报价明细"]
    header = [c.value for c in quotes[1]]
    assert "价格说明" in header and quotes.cell(2, header.index("价格说明") + 1).value.startswith("目录价")
    assert orders["A1"].comment.author == "salesdesk-help"


def test_annotated_demo_workbooks_open_in_libreoffice(tmp_path, soffice, demo_run):
    from conftest import convert

    folder = demo_run[0]
    for name in ("order_progress.xlsx", "customer_register.xlsx", "quote_calculator.xlsx"):
        convert(soffice, folder / name, "pdf", tmp_path / "lo")


def test_check_json_shape_and_exit_codes(write_book, tmp_path):
    good = write_book("good.xlsx", {"客户": [["客户编号", "客户名称", "负责销售"], ["C1", "甲", "张伟"]]}, folder=tmp_path / "good")
    bad = write_book("bad.xlsx", {"客户": [["客户编号", "客户名称", "负责销售", "需求强度"], ["C1", "甲", None, 9]]}, folder=tmp_path / "bad")
    assert main(["check", str(good), "--quiet"]) == 0
    out = subprocess.run([sys.executable, "-m", "addin.cli", "check", str(bad), "--json", "--lang", "en"], capture_output=True, text=True)
    assert out.returncode == 1
    issues = json.loads(out.stdout)["issues"]
    assert [(i["file"], i["sheet"], i["row"], i["column"], i["code"], i["severity"]) for i in issues] == [
        ("bad.xlsx", "客户", 2, "C", "required-missing", "error"),
        ("bad.xlsx", "客户", 2, "D", "value-out-of-range", "error"),
    ]
    assert issues[1]["message"] == "Demand score: Out of range '9' (must lie between 1 and 5)"


def test_check_reports_refused_files_and_goes_on(write_book, tmp_path, capsys):
    write_book("ok.xlsx", {"客户": [["客户编号", "客户名称", "负责销售"], ["C1", "甲", "张伟"]]})
    (tmp_path / "locked.xlsx").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    assert main(["check", str(tmp_path), "--quiet", "--lang", "en"]) == 1
    printed = capsys.readouterr().out
    assert "file-encrypted" in printed and "Read 2 file(s), recognised 1 sheet(s), 1 row(s)." in printed


def test_templates_command_writes_english_workbooks(tmp_path, capsys):
    assert main(["templates", str(tmp_path), "--lang", "en"]) == 0
    assert openpyxl.load_workbook(tmp_path / "order_progress.xlsx")["Orders"]["A1"].value == "Order ID"


def test_the_demo_folder_reads_no_output_of_salesdesk_as_data(demo_run):
    """New-user trial: the manager summary in the reps' folder was read as a customer register (53 errors, drafts)."""
    from addin.commands.check import run_check

    folder, _lines, _reps = demo_run
    assert (folder / "salesdesk-summary.xlsx").is_file()
    result = run_check([folder])
    read = {p.name for p in result.loaded.files}
    assert "salesdesk-summary.xlsx" not in read and not any(i.file == "salesdesk-summary.xlsx" for i in result.issues)
    assert not any(p.parent != folder for p in result.loaded.files)  # quotes, documents, comparisons: outputs, not data
    alone = run_check([folder / "settings.xlsx"])  # a file's siblings are read for reference: outputs are not among them
    assert "salesdesk-summary.xlsx" not in {p.name for p in alone.loaded.files}


def test_summary_names_a_missing_output_folder_and_the_one_wrong_option(tmp_path, capsys):
    """`summary -o /no/such/folder/x.xlsx` said "未写入：输出位置 folder 不是文件夹；未写入。" with no 错误 label, and
    `--month 2026-13` blamed --as-of as well: the folder is said not to exist, once, and only the wrong option named."""
    from datetime import date

    from addin.commands.demo import write_demo

    write_demo(tmp_path / "demo", "zh", date(2026, 11, 15), 7)
    out = tmp_path / "no" / "such" / "x.xlsx"
    assert main(["summary", str(tmp_path / "demo"), "-o", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"{out}: 错误 [output-folder-missing] 输出文件夹 {out.parent} 不存在；未写入。"
    assert not out.parent.exists()
    (tmp_path / "afile").write_text("x")
    assert main(["summary", str(tmp_path / "demo"), "-o", str(tmp_path / "afile" / "x.xlsx"), "--quiet", "--lang", "en"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.endswith("error [output-not-folder] The output location afile is not a folder; nothing written."), err
    assert main(["summary", str(tmp_path / "demo"), "--month", "2026-13"]) == 2
    err = capsys.readouterr().err
    assert "--month" in err and "2026-13" in err and "--as-of" not in err
    assert main(["summary", str(tmp_path / "demo"), "--as-of", "yesterday", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "--as-of" in err and "yesterday" in err and "--month" not in err


def test_bench_help_installs_nothing_and_speaks_in_user_terms(capsys, monkeypatch):
    """`python3 dev.py bench --help` pip-installed the bench extra to print help citing "issue #2, #23" and bench_check.py."""
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("dev_runner", root / "dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)

    def no_install(*_args):
        raise AssertionError("help must not install anything")

    monkeypatch.setattr(dev, "ensure_environment", no_install)
    for flag in ("--help", "-h"):
        assert dev.main(["bench", flag]) == 0
        text = capsys.readouterr().out
        assert "bench [check|refresh|summary|scope]" in text and " vs " in text
        assert "#" not in text and "bench_" not in text
    for name in dev.BENCHES:
        run = subprocess.run([sys.executable, str(root / "dev.py"), "bench", name, "--help"], capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
        assert run.returncode == 0 and f"python3 dev.py bench {name}" in run.stdout, run.stdout + run.stderr
        assert "#" not in run.stdout and "bench_" not in run.stdout and "installing" not in run.stderr


def test_a_missing_path_is_not_counted_as_a_file_read(tmp_path, write_book, capsys):
    """`check /tmp/nonexistent` opened with "读取 1 个文件，识别 0 张表" before "找不到文件"."""
    missing = tmp_path / "nonexistent"
    assert main(["check", str(missing)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{missing}: 错误 [file-missing] 找不到文件。", "共 1 个错误，0 个提示。"], out
    book = write_book("orders.xlsx", {"订单": [["订单编号", "客户编号"], ["SO-1", "C0001"]]}, tmp_path / "books")
    main(["check", str(missing), str(book), "--lang", "en", "--quiet"])
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("Read 1 file(s),"), first
