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


def test_import_leaves_a_side_table_out_of_the_rows_and_says_so(tmp_path):
    """A receivables sheet with a totals table beside it (a blank column between): the totals were glued onto the
    first orders as extra columns (总额 3000 on SO-001), silently."""
    src = tmp_path / "src"
    src.mkdir()
    _save(src / "应收.xlsx", {"应收": [
        ["订单号", "客户名称", "负责销售", "签约日期", "金额", "计划到货", "备注", None, "汇总", "合计"],
        ["SO-001", "北京甲公司", "张三", date(2025, 8, 1), 1000, date(2025, 9, 1), "急", None, "总额", 9999],
        ["SO-002", "上海乙公司", "张三", date(2025, 8, 2), 2000, date(2025, 9, 2), "", None, "已收", 555],
        ["SO-003", "广州丙公司", "张三", date(2025, 8, 3), 3000, date(2025, 9, 3), "", None, None, None],
    ]})
    run = _run("import", str(src), "-o", str(tmp_path / "out"), "--json", "--quiet", "--lang", "en")
    result = json.loads(run.stdout)
    assert result["carried"] == {"orders": 3}, run.stdout + run.stderr
    side = [i for i in result["issues"] if i["code"] == "import-side-table-skipped"]
    assert [(i["row"], i["column"]) for i in side] == [(1, "I")] and "汇总" in side[0]["message"]
    ws = openpyxl.load_workbook(tmp_path / "out" / "order_progress.xlsx").worksheets[0]
    values = {c.value for row in ws.iter_rows() for c in row}
    assert "备注" in values or "急" in values  # the table's own extra column is kept
    assert not {"汇总", "合计", "总额", "已收", 9999, 555} & values


def test_import_leaves_excels_empty_date_empty_and_reports_it(tmp_path):
    """1900-01-00 (Excel's empty date) was copied as the text "1900-01-00" into the new date column, listed as
    a value that could not be read, where check reports it as the empty-date marker."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "客户.csv").write_bytes("客户名称,手机,负责销售,创建时间\r\n广州丙公司,13600136000,张三,2025-07-24T01:23:22Z\r\n"
                                   "深圳丁公司,13500135000,张三,1900-01-00\r\n".encode("gb18030"))
    run = _run("import", str(src), "-o", str(tmp_path / "out"), "--json", "--quiet")
    result = json.loads(run.stdout)
    assert result["carried"] == {"customers": 2}, run.stdout + run.stderr
    codes = {(i["row"], i["code"]) for i in result["issues"]}
    assert (3, "date-empty-marker") in codes and (3, "import-value-as-typed") not in codes
    ws = openpyxl.load_workbook(tmp_path / "out" / "customer_register.xlsx").worksheets[0]
    assert "1900-01-00" not in {c.value for row in ws.iter_rows() for c in row}
    assert load([tmp_path / "out" / "customer_register.xlsx"]).tables.of("customers")[0].rows[1].first_contact is None


def test_import_names_the_kind_of_a_skipped_row_in_the_runs_language(tmp_path):
    """Stacked blocks per rep: the second block's title and header rows are listed as not carried; the message
    named the kind by its internal key ("customers") in a Chinese sentence."""
    src = tmp_path / "src"
    src.mkdir()
    rows: list[list[object]] = []
    for rep in ("张三", "李四"):
        rows += [[f"{rep}的客户"], ["客户名称", "联系人", "电话", "负责销售"],
                 [rep + "客户A", "刘", "13811112222", rep], [rep + "客户B", "陈", "13811113333", rep], []]
    _save(src / "分块.xlsx", {"客户": rows})
    run = _run("import", str(src), "-o", str(tmp_path / "out"), "--json", "--quiet")
    result = json.loads(run.stdout)
    assert result["carried"] == {"customers": 4}, run.stdout + run.stderr
    skipped = [i for i in result["issues"] if i["code"] == "import-row-skipped"]
    assert skipped and all("customers" not in i["message_zh"] and "客户" in i["message_zh"] for i in skipped)
    assert all("Customers" in i["message_en"] or "customers" in i["message_en"] for i in skipped)


def test_import_of_customers_whose_id_cells_are_blank_is_no_clean_pass(tmp_path):
    """A register with an id column filled for old customers only: import carried the new ones with no id and
    printed "no problems" with exit 0; salesdesk check on the result then failed on every one of them."""
    src = tmp_path / "src"
    src.mkdir()
    _save(src / "客户.xlsx", {"客户": [
        ["2025年客户清单", "制表人：张三"],
        ["客户编号", "客户名称", "手机", "负责销售"],
        ["C0008", "老客户甲", "13000000001", "张三"],
        [None, "新客户乙", "13000000003", "张三"],
    ]})
    run = _run("import", str(src), "-o", str(tmp_path / "out"), "--json", "--quiet")
    result = json.loads(run.stdout)
    assert result["carried"] == {"customers": 2}, run.stdout + run.stderr
    assert run.returncode == 1
    assert [(i["row"], i["code"], i["column_key"]) for i in result["issues"]] == [(4, "required-missing", "customer_id")]
    check = _run("check", str(tmp_path / "out"), "--json")
    assert {(i["row"], i["code"]) for i in json.loads(check.stdout)["issues"] if i["severity"] == "error"} == {(3, "required-missing")}


def test_the_import_note_never_claims_an_id_salesdesk_did_not_supply(tmp_path):
    """A row naming no one (only a remark) gets no generated id; its import note still said salesdesk supplied one."""
    src = tmp_path / "src"
    src.mkdir()
    _save(src / "客户.xlsx", {"客户": [["客户名称", "手机", "负责销售", "备注"],
                                     ["甲公司", "13000000001", "张三", ""], [None, None, "张三", "待补充"]]})
    _run("import", str(src), "-o", str(tmp_path / "out"), "--json", "--quiet")
    ws = openpyxl.load_workbook(tmp_path / "out" / "customer_register.xlsx").worksheets[0]
    header = [c.value for c in ws[1]]
    note = header.index("salesdesk 导入说明")
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert rows[0][0] and rows[0][note]
    assert rows[1][0] is None and rows[1][note] is None


def test_messages_and_the_import_note_name_columns_in_one_language(tmp_path):
    """A Chinese and an English lead list imported into one register: the note column was written twice (one per
    source language) with English text in a Chinese register, and messages named the column in the sheet's language."""
    src = tmp_path / "src"
    src.mkdir()
    _save(src / "线索.xlsx", {"线索": [["客户姓名", "手机", "所属区域", "负责销售"], ["甲公司", "13000000001", "华东", "张三"],
                                     ["乙公司", "13000000002", "华东", "张三"], ["丙公司", "13000000003", "华北", "张三"]]})
    _save(src / "leads.xlsx", {"Leads": [["Name", "Phone", "Company", "Owner"], ["Tom", "13000000004", "Acme", "张三"],
                                         ["Ann", "13000000005", "Beta", "张三"]]})
    out = tmp_path / "out"
    run = _run("import", str(src), "-o", str(out), "--json", "--quiet")
    assert json.loads(run.stdout)["carried"] == {"customers": 5}, run.stdout + run.stderr
    ws = openpyxl.load_workbook(out / "customer_register.xlsx").worksheets[0]
    header = [c.value for c in ws[1]]
    assert "salesdesk 导入说明" in header and "salesdesk import note" not in header
    note = header.index("salesdesk 导入说明")
    texts = [r[note] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert texts == ["客户编号由 salesdesk 在导入时补充"] * 5
    for lang, wanted, other in (("zh", "客户编号", "Customer ID"), ("en", "Customer ID", "客户编号")):
        check = _run("check", str(src), "--json", "--lang", lang)
        supplied = [i for i in json.loads(check.stdout)["issues"] if i["code"] == "value-supplied" and i["column_key"] == "customer_id"]
        assert len(supplied) == 2, check.stdout
        for issue in supplied:
            assert wanted in issue["message"] and other not in issue["message"], issue
            assert "客户编号" in issue["message_zh"] and "Customer ID" in issue["message_en"]
        text = _run("check", str(src), "--lang", lang).stdout
        assert other not in text.replace(str(src), ""), text
