"""Books as reps keep them (issue 10): aliases, explanations, near misses, supplied keys and owners."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import real_books as rb
from conftest import workbook_of

from addin.core.keys import normalise_name
from addin.core.recognise import NearMiss, classify, recognise
from addin.core.values import header_token
from addin.io.load import load
from addin.schema import all_sheets
from addin.schema.dsl import STATUS_COLUMN
from addin.schema.dump import schema_dict


def _save(path: Path, sheets: dict[str, list[list[object]]], author: str | None = None) -> Path:
    book = workbook_of(sheets)
    if author:
        book.properties.lastModifiedBy = author
    book.save(path)
    return path


def _codes(issues) -> list[str]:
    return [i.code for i in issues]


def test_no_alias_repeats_another_columns_header_in_its_sheet():
    for spec in all_sheets():
        own = {header_token(label): c.key for c in (*spec.columns, STATUS_COLUMN) for label in (c.key, c.zh, c.en)}
        for column in spec.columns:
            for alias in column.aliases:
                assert own.get(header_token(alias), column.key) == column.key, (spec.key, column.key, alias)


def test_schema_json_carries_aliases():
    customers = next(s for wb in schema_dict()["workbooks"] for s in wb["sheets"] if s["key"] == "customers")
    name = next(c for c in customers["columns"] if c["key"] == "name")
    assert "Account Name" in name["aliases"] and "门店名称" in name["aliases"]


def test_english_crm_export_recognised_with_each_match_explained():
    found = recognise(rb.EN_ACCOUNTS)
    assert found is not None and found.spec.key == "customers" and not found.missing_required and found.lang == "en"
    by = {m.key: (m.header, m.by) for m in found.matches}
    assert by["name"] == ("Account Name", "alias") and by["owner_rep"] == ("Account Owner", "alias")
    assert by["industry"] == ("Industry", "header_en")


def test_company_suffixes_width_and_case_ignored_in_names():
    assert normalise_name("华东机电有限公司") == normalise_name("华东机电") == normalise_name(" 华东 机电 ")
    assert normalise_name("苏州精工股份有限公司") == normalise_name("苏州精工有限公司")
    assert normalise_name("ＡＣＭＥ Trading Co., Ltd.") == normalise_name("acme trading")
    assert normalise_name("Contoso GmbH") == normalise_name("CONTOSO Inc.")
    assert normalise_name("有限公司") != ""


def test_customer_list_without_ids_or_owner_gets_generated_ids_owner_asked_for(tmp_path):
    # issue 22 changed the key (generated in the C0001 pattern from each row's content, never the name)
    # and the owner (never the workbook's last author: salesdesk asks where to supply it)
    path = _save(tmp_path / "客户.xlsx", {"客户": rb.CN_CUSTOMERS, "订单": rb.CN_ORDERS}, author="陈静")
    before = path.read_bytes()
    loaded = load([path])
    customers = loaded.tables.of("customers")[0]
    ids = [r.customer_id for r in customers.rows]
    assert len(set(ids)) == 3 and all(re.fullmatch(r"C\d{4}", i) for i in ids)
    assert [r.customer_id for r in load([path]).tables.of("customers")[0].rows] == ids  # stable across runs
    assert {r.owner_rep for r in customers.rows} == {None}
    assert any(i.code == "sheet-missing-columns" and "补充负责销售" in i.message_zh for i in loaded.issues if i.sheet == "客户")
    orders = loaded.tables.of("orders")[0]
    # Orders name their customer: resolved to the customer's generated id; the order id comes from sheet and row.
    assert [r.customer_id for r in orders.rows] == ids[:2]
    assert [r.order_id for r in orders.rows] == ["订单!3", "订单!4"]
    supplied = [i for i in loaded.issues if i.code == "value-supplied"]
    assert {(i.sheet, i.severity.value) for i in supplied} == {("客户", "warning"), ("订单", "warning")}
    assert "陈静" not in " ".join(i.message_zh for i in supplied)
    assert path.read_bytes() == before  # shown as supplied, never written


def test_check_resolves_names_and_ids_stable_across_runs(tmp_path):
    path = _save(tmp_path / "book.xlsx", {"客户": rb.CN_CUSTOMERS, "订单": rb.CN_ORDERS}, author="陈静")
    runs = [subprocess.run([sys.executable, "-m", "addin.cli", "check", str(path), "--json", "--explain", "--lang", "en"], capture_output=True, text=True) for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout
    data = json.loads(runs[0].stdout)
    codes = [i["code"] for i in data["issues"]]
    assert "unknown-reference" not in codes
    # the owner is asked for, never taken from the workbook's author (issue 22); the orders name theirs
    assert [(i["sheet"], i["code"]) for i in data["issues"] if i["code"] == "sheet-missing-columns"] == [("客户", "sheet-missing-columns")]
    sheets = {s["sheet"]: s for s in data["sheets"]}
    assert sheets["客户"]["kind"] == "customers" and sorted(sheets["客户"]["supplied"]) == ["customer_id", "owner_rep"]
    assert {"header": "手机号码", "key": "phone", "by": "alias"}.items() <= sheets["客户"]["columns"][2].items()
    assert sheets["订单"]["header_row"] == 2  # a title row above the headers


def test_near_miss_named_with_matched_and_missing_columns(tmp_path):
    found = classify(rb.CN_COMPLAINTS)
    assert isinstance(found, NearMiss) and found.spec.key == "tickets"
    assert "customer_id" in found.missing
    path = _save(tmp_path / "投诉.xlsx", {"投诉登记": rb.CN_COMPLAINTS})
    out = subprocess.run([sys.executable, "-m", "addin.cli", "check", str(path), "--json", "--lang", "en"], capture_output=True, text=True)
    assert out.returncode == 1
    issues = json.loads(out.stdout)["issues"]
    near = [i for i in issues if i["code"] == "sheet-near-miss"]
    assert len(near) == 1 and near[0]["sheet"] == "投诉登记" and "Customer ID" in near[0]["message"]


def test_a_run_that_recognised_nothing_is_never_clean(tmp_path):
    path = _save(tmp_path / "web.xlsx", {"Stats": rb.UNRELATED})
    out = subprocess.run([sys.executable, "-m", "addin.cli", "check", str(path), "--json"], capture_output=True, text=True)
    assert out.returncode == 1
    assert [i["code"] for i in json.loads(out.stdout)["issues"]] == ["nothing-recognised"]
    text = subprocess.run([sys.executable, "-m", "addin.cli", "check", str(path), "--lang", "en"], capture_output=True, text=True)
    assert text.returncode == 1 and "nothing-recognised" in text.stdout


def test_map_proposes_from_values_rep_corrects_and_commands_use_it(tmp_path):
    from datetime import date

    rows = [["Ref", "Client", "When", "Qty", "Sum", "Sales Person"],
            ["SO-1001", "Northwind", date(2024, 1, 13), 3, 1200, "Nancy"],
            ["SO-1002", "Contoso", date(2024, 2, 1), 1, 800, "Andrew"]]
    book = _save(tmp_path / "sales.xlsx", {"Sales": rows})
    before = book.read_bytes()
    out = subprocess.run([sys.executable, "-m", "addin.cli", "map", str(tmp_path), "--json"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    proposal = json.loads(out.stdout)
    by_header = {e["header"]: (e["column"], e["reason"]) for e in proposal["entries"]}
    assert by_header["Client"] == ("customer_id", "alias") and by_header["Sum"][0] == ""
    assert by_header["Ref"] == ("order_id", "values:id") and by_header["When"] == ("signed_on", "values:date")
    mapping = tmp_path / "salesdesk_mapping.xlsx"
    assert proposal["mapping"] == str(mapping) and book.read_bytes() == before

    # The rep corrects the proposal in Excel: Sum is the amount, Seller the owner; and reorders the book's columns.
    wb = openpyxl.load_workbook(mapping)
    ws = wb.active
    for row in ws.iter_rows(min_row=2):
        if row[3].value is None:
            continue  # the dropdowns' lists, in hidden columns further down
        assert row[7].value == "否"  # a guess (the amount was not found): read only once the rep confirms it (issue 22)
        row[7].value = "是"
        if row[3].value == "Sum":
            row[4].value = "合同金额"  # a column may be named by its header too
        if row[3].value == "Qty":
            row[4].value = ""
    ws.append(["sales.xlsx", "Sales", "orders", "Gone column", "tracking_no", None, None])
    wb.save(mapping)
    _save(book, {"Sales": [[r[i] for i in (5, 4, 3, 2, 1, 0)] for r in rows]})
    check = subprocess.run([sys.executable, "-m", "addin.cli", "check", str(tmp_path), "--json", "--explain"], capture_output=True, text=True)
    data = json.loads(check.stdout)
    sales = next(s for s in data["sheets"] if s["sheet"] == "Sales")
    assert sales["kind"] == "orders" and sales["recognised"]
    assert {c["header"]: c["key"] for c in sales["columns"]}["Sum"] == "contract_amount"
    assert all(c["by"] == "mapping" for c in sales["columns"])
    codes = [i["code"] for i in data["issues"]]
    assert codes.count("mapping-stale") == 1  # the entry whose header is gone is reported, not applied
    # The edited mapping is the rep's: map does not overwrite it.
    again = subprocess.run([sys.executable, "-m", "addin.cli", "map", str(tmp_path), "--json"], capture_output=True, text=True)
    assert again.returncode == 1 and json.loads(again.stdout)["refused"][0]["code"] == "file-not-ours"


def _built(grid):
    from zoneinfo import ZoneInfo

    from addin.core.build import build_table

    found = recognise(grid)
    assert found is not None
    return build_table(found, grid, "book.xlsx", "s", ZoneInfo("Asia/Shanghai"))


def test_ambiguous_dates_read_in_the_order_the_column_shows_with_one_warning():
    from datetime import date

    rows = [["Invoice No.", "Customer", "Invoice Date", "Amount", "Due Date", "Sales Rep"]]
    rows += [[f"I{n}", "A", f"{13 + n}/01/2023", 5, "01/02/2023", "x"] for n in range(5)]
    rows += [["I9", "B", "01/12/2023", 5, "02/03/2023", "x"]]
    table, issues = _built(rows)
    assert table.rows[-1].signed_on == date(2023, 12, 1)
    codes = _codes(issues)
    assert codes.count("date-order-inferred") == 1 and "date-ambiguous" in codes  # Due Date has no clear value: nothing guessed
    mixed = [rows[0], ["I1", "A", "13/01/2023", 5, "", "x"], ["I2", "A", "01/13/2023", 5, "", "x"], ["I3", "A", "01/12/2023", 5, "", "x"]]
    assert "date-order-inferred" not in _codes(_built(mixed)[1])


def test_a_blank_quantity_on_an_order_form_is_a_product_not_ordered():
    rows = [["订单号", "型号", "订货", "单价"], ["SO-1", "X-100", 3, 10], ["SO-1", "X-200", None, 12], ["SO-1", "X-300", " ", 9]]
    table, issues = _built(rows)
    assert [r.sku for r in table.rows] == ["X-100"] and "required-missing" not in _codes(issues)


def test_a_reps_folder_named_like_an_output_folder_is_read(tmp_path):
    # Two reps' lists (by the settings' reps for their folders; issue 22: never by the workbooks' last authors):
    # the same rows kept by one rep in two folders would be a copy, read once.
    from addin.schema.settings import REP_FOLDERS

    _save(tmp_path / "settings.xlsx", {REP_FOLDERS.zh: [[c.zh for c in REP_FOLDERS.columns], ["报价单", "陈静"], ["quotes", "王五"]]})
    for folder, author in (("报价单", "陈静"), ("quotes", "王五")):
        (tmp_path / folder).mkdir()
        _save(tmp_path / folder / "客户.xlsx", {"客户": rb.CN_CUSTOMERS}, author=author)
    loaded = load([tmp_path])
    assert len(loaded.tables.of("customers")) == 2


def test_salesdesk_quote_sheets_are_skipped_by_their_marker_not_their_folder(tmp_path):
    from addin.io.generated import new_workbook
    from addin.io.reader import expand_paths
    from addin.io.safe_write import save_new_file

    (tmp_path / "mine").mkdir()
    book = new_workbook()
    book.active.append(["x", "y"])
    save_new_file(book, tmp_path / "mine" / "Q-1.xlsx", kind="quote-sheet")
    rep = _save(tmp_path / "mine" / "客户.xlsx", {"客户": rb.CN_CUSTOMERS})
    assert expand_paths([tmp_path]) == [rep]
