"""Reps' own books, second round (issue 22): the right sheets and only those, a mapping that is never a
dead end, ids and owners a rep would accept, and an import that says what it changed."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
from conftest import workbook_of

from addin.core.keys import generated_ids, is_machine_account
from addin.core.recognise import NearMiss, Recognised, classify, header_like
from addin.core.values import datetime_parser, parse_date
from addin.io.load import load
from addin.mapping.propose import propose, recognised_with


def _save(path: Path, sheets: dict[str, list[list[object]]], author: str | None = None) -> Path:
    book = workbook_of(sheets)
    if author:
        book.properties.lastModifiedBy = author
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "addin.cli", *args], capture_output=True, text=True)


# A bank-card lead list as WPS saves it: no id, no owner, 女士 and 王先生 repeat, ISO time stamps from the CRM.
LEADS = [["客户姓名", "客户手机号", "所属区域", "客户等级", "首次联系日期", "客户备注"]]
LEADS += [[name, f"1380013{n:04d}", "杭州", "A", f"2025-07-{n % 28 + 1:02d}T01:23:22.623Z", "想办卡"]
          for n, name in enumerate(["女士", "王先生", "女士", "王先生", "李女士", "女士"] * 12)]


def test_lead_list_is_recognised_with_generated_ids_and_never_a_machine_owner(tmp_path):
    path = _save(tmp_path / "线索.xlsx", {"线索": LEADS}, author="WPS_385287289")
    loaded = load([path])
    table = loaded.tables.of("customers")[0]
    assert len(table.rows) == 72
    ids = [r.customer_id for r in table.rows]
    assert len(set(ids)) == 72 and all(re.fullmatch(r"C\d{4}", i) for i in ids)  # never the name, never a duplicate
    assert [r.customer_id for r in load([path]).tables.of("customers")[0].rows] == ids  # stable across runs
    assert {r.owner_rep for r in table.rows} == {None}  # WPS_385287289 is no person
    assert table.rows[0].phone == "13800130000" and table.rows[0].region == "杭州" and table.rows[0].tier == "A"
    assert table.rows[0].first_contact == date(2025, 7, 1)
    codes = [i.code for i in loaded.issues]
    assert "duplicate-id" not in codes and "value-unparseable" not in codes
    owner = next(i for i in loaded.issues if i.code == "sheet-missing-columns")
    # the message names the mapping column and the settings sheet where the owner is supplied
    assert "补充负责销售" in owner.message_zh and "文件夹负责销售" in owner.message_zh and "salesdesk_mapping.xlsx" in owner.message_zh
    assert "Owner to supply" in owner.message_en and "Reps by folder" in owner.message_en
    supplied = next(i for i in loaded.issues if i.code == "value-supplied")
    assert "C0001" in supplied.message_en


def test_generated_ids_depend_on_content_not_order():
    rows = [("女士", "13800000001", None), ("王先生", "13800000002", None), ("女士", "13800000003", None)]
    ids = generated_ids("customer_id", rows)
    again = generated_ids("customer_id", list(reversed(rows)))
    assert ids == list(reversed(again)) and len(set(ids)) == 3
    twins = generated_ids("customer_id", [("A", None, None), ("A", None, None), None])
    assert twins[0] != twins[1] and twins[2] is None


def test_machine_accounts():
    for name in ("WPS_385287289", "wps_1657786128", "Administrator", "newuser", "user", "Microsoft Office User", "Windows 用户", "", None):
        assert is_machine_account(name), name
    for name in ("陈静", "Nancy Davolio", "张三丰"):
        assert not is_machine_account(name), name


def test_iso_time_stamps_and_excel_empty_date_markers():
    zone = ZoneInfo("Asia/Shanghai")
    parse = datetime_parser(zone)
    moment = parse("2025-07-24T01:23:22.623Z").value
    assert moment == datetime(2025, 7, 24, 1, 23, 22, 623000, tzinfo=timezone.utc) and moment.utcoffset() == timedelta(hours=8)
    assert parse("2025-07-24T09:23:22+08:00").value == datetime(2025, 7, 24, 1, 23, 22, tzinfo=timezone.utc)
    assert parse_date("2025-07-24T01:23:22.623Z").value == date(2025, 7, 24)
    for marker in ("1900-01-00", "1900-01-01", 0, 1, datetime(1900, 1, 1)):
        assert parse_date(marker).code == "date-empty-marker" and parse_date(marker).value is None
        assert parse(marker).code == "date-empty-marker"


# A contract and receivables sheet: a side table whose values include 公司 and 区域, and amounts below.
RECEIVABLES = [
    ["合同编号", "施工单位", "工程名称", "合同金额", "已收款", "", "汇总", ""],
    ["HT-001", "华建三局", "城东大桥", 1200000, 300000, "", "公司", "区域"],
    ["HT-002", "中铁七局", "高速互通", 800000, 800000, "", 2000000, 1100000],
    ["HT-003", "华建三局", "地铁站", 500000, 0, "", "", ""],
]


def test_a_value_inside_data_is_never_a_header_and_nothing_is_written(tmp_path):
    assert not header_like(RECEIVABLES[2]) and header_like(RECEIVABLES[0])
    found = classify(RECEIVABLES)
    assert not isinstance(found, Recognised) or found.spec.key != "customers"
    path = _save(tmp_path / "应收.xlsx", {"应收账款": RECEIVABLES})
    before = path.read_bytes()
    run = _run("check", str(path), "--annotate", "--json", "--lang", "en", "--quiet")
    assert path.read_bytes() == before  # no status column and no notes in the rep's contract sheet
    sheets = json.loads(run.stdout).get("sheets", [])
    assert not any(s["recognised"] and s["kind"] == "customers" for s in sheets)


def test_two_coincidental_headers_are_a_guess_reported_not_read(tmp_path):
    rows = [["公司", "区域", "备用字段", "状态码", "说明文字"], ["sp_get_orders", "dbo", "x", 1, "y"], ["sp_put_orders", "dbo", "x", 2, "y"]]
    found = classify(rows)
    assert isinstance(found, NearMiss) and found.guess and {m.key for m in found.matches} >= {"name", "region"}
    path = _save(tmp_path / "procs.xlsx", {"Procs": rows})
    loaded = load([path])
    assert not loaded.tables.of("customers")
    near = [i for i in loaded.issues if i.code == "sheet-near-miss"]
    assert near and "salesdesk map" in near[0].message_en


def test_near_miss_fires_on_a_partial_match_and_names_the_missing_columns(tmp_path):
    rows = [["Invoice Date", "Amount", "Memo", "Terms"], [date(2025, 1, 3), 100, "a", "net 30"], [date(2025, 1, 4), 200, "b", "net 30"]]
    path = _save(tmp_path / "inv.xlsx", {"Invoices": rows})
    near = [i for i in load([path]).issues if i.code == "sheet-near-miss"]
    assert len(near) == 1 and "lacks required columns" in near[0].message_en


STACKED = [
    ["施工单位", "负责人", "电话", "区域"],
    ["华建三局", "张三", "13800000001", "杭州"],
    [],
    ["李四 负责"],
    ["施工单位", "负责人", "电话", "区域"],
    ["中铁七局", "李四", "13800000002", "宁波"],
]


def test_stacked_blocks_repeated_headers_and_titles_are_no_customers(tmp_path):
    rows = [["客户名称", "负责销售", "手机", "区域"], *[[r[0] if r and r[0] != "施工单位" else ("客户名称" if r else None), *(r[1:] if r else [])] for r in STACKED[1:]]]
    rows[4] = ["客户名称", "负责销售", "手机", "区域"]
    path = _save(tmp_path / "分块.xlsx", {"客户": rows})
    loaded = load([path])
    names = [r.name for r in loaded.tables.of("customers")[0].rows]
    assert names == ["华建三局", "中铁七局"]
    assert "stacked-blocks" in {i.code for i in loaded.issues}


def test_map_proposes_for_every_region_and_csv_with_dropdowns_preview_and_guesses(tmp_path):
    (tmp_path / "leads.csv").write_text("Full Name,Mobile,City,Notes\nAnn,555-0101,Austin,x\nBob,555-0102,Dallas,y\n", encoding="utf-8")
    _save(tmp_path / "book.xlsx", {"Orders": [["Order No.", "Customer", "Order Date", "Amount", "Sales Rep", "", "Region", "Target"],
                                              ["SO-1", "Contoso", date(2025, 1, 3), 100, "Nancy", "", "East", 5],
                                              ["SO-2", "Northwind", date(2025, 1, 4), 200, "Andrew", "", "West", 7]],
                                   "Note": [["Just a note"]]})
    run = _run("map", str(tmp_path), "--json", "--lang", "en")
    assert run.returncode == 0, run.stdout + run.stderr
    entries = json.loads(run.stdout)["entries"]
    sheets = {(e["workbook"], e["sheet"]) for e in entries}
    assert ("leads.csv", "leads") in sheets  # import reads CSV: map proposes for it too
    orders = [e for e in entries if e["sheet"] == "Orders"]
    assert {e["header"] for e in orders} == {"Order No.", "Customer", "Order Date", "Amount", "Sales Rep", "Region", "Target"}
    assert {e["kind"] for e in orders if e["header"] == "Order No."} == {"orders"} and all(e["use"] for e in orders if e["kind"] == "orders")
    side = [e for e in orders if e["header"] in ("Region", "Target")]
    assert not any(e["use"] for e in side)  # the side table is its own region, a guess at most
    assert next(e for e in orders if e["header"] == "Customer")["sample"] == "Contoso | Northwind"
    ws = openpyxl.load_workbook(tmp_path / "salesdesk_mapping.xlsx").active
    headers = [c.value for c in ws[1]]
    assert "Sample values" in headers and "Use" in headers and "Owner to supply" in headers
    lists = {str(v.sqref).split(":")[0][0] for v in ws.data_validations.dataValidation}
    assert {"C", "E", "H"} <= lists  # kind, column and use have dropdowns
    book = openpyxl.load_workbook(tmp_path / "salesdesk_mapping.xlsx")
    assert [s.sheet_state for s in book.worksheets] == ["visible", "hidden"]  # the lists: salesdesk's own, never data
    assert "Orders [orders]" in [c.value for c in book.worksheets[1]["A"]]
    kinds = [ws.cell(r, 3).value for r in range(2, ws.max_row + 1)]
    assert "Orders [orders]" in kinds
    # an unedited proposal reads the orders sheet; the mapping itself is never data
    check = _run("check", str(tmp_path), "--json", "--explain", "--lang", "en", "--quiet")
    data = json.loads(check.stdout)
    read = {s["sheet"]: s for s in data["sheets"] if s["recognised"]}
    assert read["Orders"]["kind"] == "orders" and read["Orders"]["confidence"] in ("full", "mapping")


def test_check_after_map_with_no_data_sheet_exits_1(tmp_path):
    _save(tmp_path / "杂项.xlsx", {"说明": [["随便写写", "备注"], ["a", "b"], ["c", "d"]]})
    assert _run("map", str(tmp_path), "--quiet").returncode == 0  # proposes (a guess) instead of a dead end
    assert (tmp_path / "salesdesk_mapping.xlsx").exists()
    check = _run("check", str(tmp_path), "--json", "--lang", "zh", "--quiet")
    assert check.returncode == 1
    assert {i["code"] for i in json.loads(check.stdout)["issues"]} == {"nothing-recognised"}  # the mapping is never data
    text = _run("check", str(tmp_path), "--lang", "zh", "--quiet")
    assert text.returncode == 1 and "识别 0 张表" in text.stdout


def test_import_lists_formulas_invented_ids_and_writes_a_report(tmp_path):
    src = tmp_path / "src"
    book = workbook_of({"线索": LEADS[:4]})
    ws = book["线索"]
    ws["G1"] = "合计"
    for row in range(2, 5):
        ws[f"G{row}"] = f"=LEN(A{row})"
    src.mkdir()
    book.save(src / "线索.xlsx")
    out = tmp_path / "out"
    run = _run("import", str(src), "-o", str(out), "--json", "--lang", "en", "--quiet")
    data = json.loads(run.stdout)
    formulas = [i for i in data["issues"] if i["code"] == "import-formulas-as-values"]
    assert len(formulas) == 1 and "G2" in formulas[0]["message_en"] and formulas[0]["value"] == "3"
    assert data["report"] and Path(data["report"]).exists()
    report = openpyxl.load_workbook(data["report"]).active
    assert any(c.value == "import-formulas-as-values" for row in report.iter_rows() for c in row)
    ws = openpyxl.load_workbook(out / "customer_register.xlsx")["客户"]
    headers = [c.value for c in ws[1]]
    note = headers.index("salesdesk 导入说明") + 1
    assert "客户编号" in str(ws.cell(2, note).value)
    ids = [ws.cell(r, 1).value for r in range(2, 5)]
    assert len(set(ids)) == 3 and all(re.fullmatch(r"C\d{4}", i) for i in ids)
    assert Decimal(1)  # money stays Decimal elsewhere; nothing here is a float amount


def test_unedited_map_proposal_reads_the_lead_list_without_a_name_alias_before(tmp_path):
    rows = [["姓名", "手机", "分层", "所属区域"], ["女士", "13800000001", "A", "杭州"], ["王先生", "13800000002", "B", "宁波"]]
    found = classify(rows)
    entries = propose(rows, "a.xlsx", "s")
    assert isinstance(found, Recognised) or isinstance(recognised_with(rows, entries), Recognised)


def test_import_carries_error_cells_as_errors_and_lists_them(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    book = workbook_of({"客户": [["客户名称", "手机", "区域", "负责销售", "首次接触"], ["华东机电", "13800000001", "杭州", "张三", None]]})
    cell = book["客户"]["E2"]
    cell.value, cell.data_type = "#N/A", "e"  # what an export leaves where a lookup failed
    book.save(src / "客户.xlsx")
    out = tmp_path / "out"
    run = _run("import", str(src), "-o", str(out), "--json", "--lang", "en", "--quiet")
    data = json.loads(run.stdout)
    errors = [i for i in data["issues"] if i["code"] == "import-error-cell"]
    assert len(errors) == 1 and errors[0]["severity"] == "error" and errors[0]["value"] == "#N/A" and errors[0]["row"] == 2
    assert run.returncode == 1  # an error cell is an error the rep corrects, though the row was carried
    ws = openpyxl.load_workbook(out / "customer_register.xlsx")["客户"]
    headers = [c.value for c in ws[1]]
    carried = ws.cell(2, headers.index("首次接触") + 1)
    assert carried.value == "#N/A" and carried.data_type == "e"  # the error it was, not text, not a formula


def test_a_column_proposed_from_its_values_alone_waits_for_the_rep(tmp_path):
    """A receivables list whose 到期日 (the payment due date) was proposed as the signing date only because its
    values are dates, with 采用 = 是: every command then read due dates as signing dates, unconfirmed."""
    rows = [["订单号", "客户名称", "金额", "负责销售", "到期日"]]
    rows += [[f"SO-{n:03d}", f"客户{n}", 1000 + n, "张三", date(2025, 8, n)] for n in range(1, 6)]
    _save(tmp_path / "应收.xlsx", {"应收": rows})
    out = _run("map", str(tmp_path), "--json")
    assert out.returncode == 0, out.stdout + out.stderr
    entries = {e["header"]: e for e in json.loads(out.stdout)["entries"]}
    assert entries["到期日"]["reason"].startswith("values:") and entries["到期日"]["use"] is False
    assert entries["订单号"]["use"] is True  # the named headers stay as proposed
    ws = openpyxl.load_workbook(tmp_path / "salesdesk_mapping.xlsx").worksheets[0]
    uses = {r[3]: r[7] for r in ws.iter_rows(min_row=2, values_only=True) if r[3]}
    assert uses["到期日"] == "否" and uses["订单号"] == "是"
    check = _run("check", str(tmp_path), "--json", "--explain")
    sheet = next(s for s in json.loads(check.stdout)["sheets"] if s["sheet"] == "应收")
    assert "signed_on" not in {c["key"] for c in sheet["columns"]}


def test_a_time_stamp_in_a_date_column_is_the_reps_date_not_greenwichs(tmp_path):
    """A CRM's 首次联系日期 2025-07-24T20:00:00Z is 04:00 on 25 July in Shanghai (the settings' zone): the date column
    read 24 July, a day early, while a date-time column beside it read the same stamp as the 25th."""
    rows = [["客户姓名", "客户手机号", "负责销售", "首次联系日期"],
            ["王先生", "13800138000", "张三", "2025-07-24T20:00:00Z"],
            ["女士", "13900139000", "张三", "2025-07-24T01:23:22.623Z"],
            ["李女士", "13700137000", "张三", "2025-07-24T23:30:00+08:00"]]
    _save(tmp_path / "线索.xlsx", {"线索": rows})
    customers = load([tmp_path]).tables.of("customers")[0]
    assert [r.first_contact for r in customers.rows] == [date(2025, 7, 25), date(2025, 7, 24), date(2025, 7, 24)]


def test_a_stacked_block_with_its_columns_in_another_order_is_not_read_under_the_first_blocks_columns(tmp_path):
    """The 华南区 block repeats the header as 负责销售 | 客户名称 | 城市 | 电话: its header row was read as a customer
    named 负责销售 and its rows with the first block's positions (customer 李四, owner 广州), one error in all."""
    rows = [["华东区"], ["客户名称", "电话", "负责销售", "城市"],
            ["甲公司", "13000000001", "张三", "上海"], ["乙公司", "13000000002", "张三", "杭州"], [],
            ["华南区"], ["负责销售", "客户名称", "城市", "电话"],
            ["李四", "丙公司", "广州", "13000000003"], ["李四", "丁公司", "深圳", "13000000004"],
            [], ["华北区"], ["客户名称", "电话", "负责销售", "城市"], ["戊公司", "13000000005", "王五", "北京"]]
    src = tmp_path / "src"
    _save(src / "分区客户.xlsx", {"客户": rows})
    loaded = load([src])
    customers = loaded.tables.of("customers")[0]
    assert [(r.name, r.owner_rep) for r in customers.rows] == [("甲公司", "张三"), ("乙公司", "张三"), ("戊公司", "王五")]
    said = [i for i in loaded.issues if i.code == "stacked-blocks-reordered"]
    assert [(i.row, str(i.severity.value if hasattr(i.severity, "value") else i.severity)) for i in said] == [(7, "error")]
    assert "第 9 行" in said[0].message_zh and "row 9" in said[0].message_en
    run = _run("import", str(src), "-o", str(tmp_path / "out"), "--json", "--quiet")
    skipped = {i["row"] for i in json.loads(run.stdout)["issues"] if i["code"] == "import-row-skipped"}
    assert {8, 9} <= skipped and run.returncode == 1


def test_map_on_a_checked_and_annotated_workbook_neither_crashes_nor_duplicates_the_status_column(tmp_path):
    """`salesdesk map salesdesk-demo` after the demo (its sheets carry salesdesk's 检查结果 column) stopped with a
    KeyError; the proposal also listed that column as the rep's to map, after which check --annotate added a second."""
    rows = [["客户姓名", "客户手机号", "负责销售", "首次联系日期"],
            ["王先生", "13800138000", "张三", date(2025, 7, 24)], ["李女士", "13900139000", "张三", "明天"]]
    book = _save(tmp_path / "线索.xlsx", {"线索": rows})
    assert _run("check", str(book), "--annotate").returncode == 1
    headers = [c.value for c in openpyxl.load_workbook(book).worksheets[0][1]]
    assert sum(1 for h in headers if h and "salesdesk" in str(h)) == 1
    out = _run("map", str(tmp_path), "--json")
    assert out.returncode == 0, out.stdout + out.stderr
    assert not [e for e in json.loads(out.stdout)["entries"] if "salesdesk" in e["header"]]
    _run("check", str(book), "--annotate")
    headers = [c.value for c in openpyxl.load_workbook(book).worksheets[0][1]]
    assert sum(1 for h in headers if h and "salesdesk" in str(h)) == 1


def test_a_crm_exports_totals_line_is_no_customer(tmp_path):
    """A CRM export ends with 合计 | | | | | 3: it was read as a customer with no name (three errors in check) and
    imported as a row of the new register, under a note saying salesdesk had supplied its id."""
    rows = [["客户列表导出"], ["导出时间：2025-07-24 10:00", "导出人：WPS_1234", "共 3 条"], [],
            ["序号", "客户名称", "联系人", "手机", "所属销售", "创建时间"],
            [1, "甲公司", "刘", "13000000001", "张三", "2025-07-24T01:00:00Z"],
            [2, "乙公司", "陈", "13000000002", "张三", "2025-07-25T01:00:00Z"],
            [3, "丙公司", "王", "13000000003", "李四", "2025-07-26T01:00:00Z"],
            ["合计", "", "", "", "", 3]]
    src = tmp_path / "src"
    _save(src / "export.xlsx", {"Sheet1": rows})
    loaded = load([src])
    assert [r.name for r in loaded.tables.of("customers")[0].rows] == ["甲公司", "乙公司", "丙公司"]
    assert [(i.row, i.code) for i in loaded.issues if str(i.severity.value if hasattr(i.severity, "value") else i.severity) == "error"] == []
    assert [(i.row, i.value) for i in loaded.issues if i.code == "totals-row"] == [(8, "合计")]
    run = _run("import", str(src), "-o", str(tmp_path / "out"), "--json", "--quiet")
    assert json.loads(run.stdout)["carried"] == {"customers": 3} and run.returncode == 0, run.stdout


def test_map_reason_lists_only_what_the_rep_must_supply(tmp_path):
    """A lead list lacking the customer id and the owner: the reason said "缺少：客户编号、负责销售", though salesdesk
    generates the id; it lists the owner only, and a list that has its owner gets no note and no highlighted cell."""
    _save(tmp_path / "线索.xlsx", {"线索": [["客户姓名", "手机", "所属区域"], ["甲公司", "13000000001", "华东"], ["乙公司", "13000000002", "华北"]]})
    _save(tmp_path / "leads.xlsx", {"Leads": [["Name", "Phone", "Company", "Owner"], ["Tom", "13000000004", "Acme", "Nancy"],
                                              ["Ann", "13000000005", "Beta", "Nancy"]]})
    run = _run("map", str(tmp_path), "--json")
    assert run.returncode == 0, run.stdout + run.stderr
    ws = openpyxl.load_workbook(tmp_path / "salesdesk_mapping.xlsx").active
    headers = [c.value for c in ws[1]]
    reason, owner = headers.index("依据") + 1, headers.index("补充负责销售") + 1
    rows = {(ws.cell(r, 1).value, ws.cell(r, 4).value): r for r in range(2, ws.max_row + 1)}
    notes = {key: ws.cell(r, reason).value for key, r in rows.items() if "缺少" in str(ws.cell(r, reason).value)}
    assert list(notes) == [("线索.xlsx", "客户姓名")], notes
    note = notes[("线索.xlsx", "客户姓名")]
    assert note.endswith("；缺少：负责销售。请在本表任一行的“补充负责销售”填写负责销售。"), note
    assert ws.cell(rows[("线索.xlsx", "客户姓名")], owner).fill.fgColor.rgb.endswith("FFF2CC")
    assert not any(ws.cell(r, owner).fill.fgColor.rgb.endswith("FFF2CC") for key, r in rows.items() if key[0] == "leads.xlsx")
