"""`salesdesk import`: a rep's own books into salesdesk's workbooks (issue 10, item 6)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl

from addin.io.load import load
from addin.schema.mapping import HEADER_MAP
from tests import real_books as rb
from tests.conftest import workbook_of

# A real-shaped customer list (a CRM export as reps keep it): no id, no owner, a column salesdesk has no
# place for (微信), a date typed as words, a name that looks like a formula.
CUSTOMER_LIST = [
    ["客户名称", "联系人", "手机号码", "城市", "创建时间", "微信", "备注"],
    ["华东机电有限公司", "王伟", "13800138000", "上海", date(2024, 3, 5), "wx_wangwei", ""],
    ["苏州精工股份有限公司", "李娜", "13900139000", "苏州", "去年", "", "老客户"],
    ["=HYPERLINK(\"http://x\")", "Tom", "021-55550000", "上海", date(2024, 5, 9), "tom01", "=1+1"],
    ["宁波港机", "赵六", "13700137000", "宁波", date(2024, 6, 1), "", ""],
]


def _save(path: Path, sheets: dict[str, list[list[object]]], author: str | None = None) -> Path:
    book = workbook_of(sheets)
    for ws in book.worksheets:  # text that looks like a formula, as a CRM export writes it: a string
        for cell in (c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")):
            cell.data_type = "s"
    if author:
        book.properties.lastModifiedBy = author
    book.save(path)
    return path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "addin.cli", *args], capture_output=True, text=True)


def test_import_customer_list_check_reads_every_row_sources_untouched(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    book = _save(src / "客户资料.xlsx", {"客户": CUSTOMER_LIST, "订单": rb.CN_ORDERS, "访客": rb.UNRELATED}, author="陈静")
    # the owner the list lacks, supplied in the mapping (issue 22: never the workbook's last author)
    mapping = [[c.zh for c in HEADER_MAP.columns], ["客户资料.xlsx", "客户", "customers", "客户名称", "name", "陈静", "", "是", ""]]
    _save(src / "salesdesk_mapping.xlsx", {HEADER_MAP.zh: mapping})
    before = book.read_bytes()
    out = tmp_path / "out"
    run = _run("import", str(src), "-o", str(out), "--json", "--lang", "en", "--quiet")
    assert run.returncode == 0, run.stdout + run.stderr
    data = json.loads(run.stdout)
    assert set(data) == {"written", "carried", "issues", "report"}
    assert sorted(Path(p).name for p in data["written"]) == ["customer_register.xlsx", "order_progress.xlsx"]
    assert data["carried"] == {"customers": 4, "orders": 2}
    found = {(i["sheet"], i["row"], i["code"]) for i in data["issues"]}
    assert ("客户", 3, "import-value-as-typed") in found  # 去年 is no date: copied as typed, and said so
    assert ("访客", None, "import-sheet-skipped") in found
    assert book.read_bytes() == before  # the source is never changed

    # check on the imported register reads every row carried over, ids and owner as real values
    loaded = load([out / "customer_register.xlsx"])
    customers = loaded.tables.of("customers")[0]
    assert len(customers.rows) == 4
    source_ids = [r.customer_id for r in load([book]).tables.of("customers")[0].rows]
    assert [r.customer_id for r in customers.rows] == source_ids and len(set(source_ids)) == 4  # generated C0001-style ids (issue 22)
    assert [r.name for r in customers.rows][:2] == ["华东机电有限公司", "苏州精工股份有限公司"]
    assert {r.owner_rep for r in customers.rows} == {"陈静"}
    assert customers.rows[0].first_contact == date(2024, 3, 5)
    codes = {i.code for i in loaded.issues}
    assert not codes & {"sheet-missing-columns", "value-supplied", "nothing-recognised", "required-missing"}
    check = _run("check", str(out), "--json", "--lang", "en", "--quiet")  # a folder of imported books is read like any
    rows = {(i["row"], i["code"]) for i in json.loads(check.stdout)["issues"]}
    assert (3, "value-unparseable") in rows  # what import copied as typed, check reports in the new book

    # the rep's own column kept, header as written, to the right; text from cells stays text
    ws = openpyxl.load_workbook(out / "customer_register.xlsx")["客户"]
    headers = [c.value for c in ws[1]]
    assert headers[-1] == "微信" and headers.index("微信") > headers.index("客户名称")
    assert ws.cell(row=2, column=len(headers)).value == "wx_wangwei"
    formula_like = [c for row in ws.iter_rows(min_row=2, max_row=5) for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert formula_like and all(c.data_type == "s" for c in formula_like)


def test_import_again_is_unchanged_and_an_edited_result_is_refused(tmp_path):
    src = _save(tmp_path / "list.xlsx", {"Accounts": rb.EN_ACCOUNTS})
    out = tmp_path / "out"
    first = _run("import", str(src), "-o", str(out), "--json", "--quiet")
    assert first.returncode == 0, first.stderr
    target = out / "customer_register.xlsx"
    stamp = target.read_bytes()
    again = _run("import", str(src), "-o", str(out), "--quiet")
    assert again.returncode == 0 and target.read_bytes() == stamp
    book = openpyxl.load_workbook(target)
    book.active["B2"] = "edited by the rep"
    book.save(target)
    refused = _run("import", str(src), "-o", str(out), "--json", "--quiet")
    assert refused.returncode == 1
    assert "file-not-ours" in {i["code"] for i in json.loads(refused.stdout)["issues"]}


def test_import_of_nothing_recognised_is_an_error(tmp_path):
    src = _save(tmp_path / "web.xlsx", {"Stats": rb.UNRELATED})
    run = _run("import", str(src), "-o", str(tmp_path / "out"), "--json", "--quiet")
    assert run.returncode == 1
    data = json.loads(run.stdout)
    assert data["written"] == [] and "nothing-recognised" in {i["code"] for i in data["issues"]}


def test_import_without_out_is_a_usage_error(tmp_path):
    assert _run("import", str(tmp_path)).returncode == 2


def test_import_reads_a_csv_export_in_utf8_or_gb18030(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "accounts.csv").write_text("Account Name,Phone,Billing State,Account Owner,Created Time\r\n"
                                      "Northwind Traders,+1 555 0100,WA,Nancy,2023-01-13\r\nContoso Ltd,+1 555 0101,NY,Andrew,2023-02-01\r\n", encoding="utf-8-sig")
    (src / "客户.csv").write_bytes("客户名称,联系人,手机号码,业务员\r\n华东机电有限公司,王伟,13800138000,张三\r\n".encode("gb18030"))
    before = {p.name: p.read_bytes() for p in src.iterdir()}
    run = _run("import", str(src), "-o", str(tmp_path / "out"), "--json", "--quiet")
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(run.stdout)["carried"] == {"customers": 3}
    customers = load([tmp_path / "out" / "customer_register.xlsx"]).tables.of("customers")[0]
    assert {r.name for r in customers.rows} == {"Northwind Traders", "Contoso Ltd", "华东机电有限公司"}
    assert {p.name: p.read_bytes() for p in src.iterdir()} == before


def test_import_never_drops_or_crashes_on_messy_cells(tmp_path):
    """Hostile trial: a control character crashed the writer, values under a blank header vanished with a clean pass,
    a 200,000-character note stopped the CSV reader, a longer-than-a-cell text was cut silently, UTF-16 read as Latin-1."""
    src = tmp_path / "src"
    src.mkdir()
    note = "备" * 200_000
    (src / "list.csv").write_text(f"客户名称,负责销售,,备注\r\n公司\x01甲,李四,LOSTVALUE,{note}\r\n", encoding="utf-8")
    (src / "unicode.csv").write_text("客户名称,负责销售\r\n华南贸易有限公司,王五\r\n", encoding="utf-16")
    run = _run("import", str(src), "-o", str(tmp_path / "out"), "--json", "--quiet")
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(run.stdout)
    codes = {i["code"] for i in result["issues"]}
    assert {"import-column-named", "import-value-cut"} <= codes and result["carried"] == {"customers": 2}
    ws = openpyxl.load_workbook(tmp_path / "out" / "customer_register.xlsx").worksheets[0]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "公司\u2401甲" in values and "LOSTVALUE" in values and "华南贸易有限公司" in values
    assert any(isinstance(v, str) and len(v) == 32767 for v in values)


def test_import_into_a_folder_overlapping_its_sources_is_a_usage_error(tmp_path):
    """Hostile trial: `import src -o src` read its own output back in, doubling the register on every run."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "list.csv").write_text("客户名称,负责销售\r\n华东机电有限公司,张三\r\n", encoding="utf-8")
    for out in (src, src / "new"):
        run = _run("import", str(src), "-o", str(out))
        assert run.returncode == 2 and not (out / "customer_register.xlsx").exists(), run.stderr
