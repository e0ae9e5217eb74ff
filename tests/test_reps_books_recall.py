"""Reps' own books, third round (issue 22): recall on lists the last round missed, precision kept.

First and last names in two columns, Russian headers, a lead list that has a source and a date but no
stage (no pipeline), and the corpus script's per-set figures. Every test builds a real workbook or CSV,
runs salesdesk on it and reads the result back."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import openpyxl
from conftest import run_cli, save_book

from addin.core.keys import join_names
from addin.core.recognise import Recognised, classify
from addin.io.load import load

ROOT = Path(__file__).resolve().parent.parent


_save, _run = save_book, run_cli


# A car dealer's customer export: first and last name apart, no phone, no owner, an id column of numbers.
SPLIT = [["customer_id", "first_name", "last_name", "age", "region", "address"],
         [1, "James", "Lee", 69, "Flower Mound", "1010 Elm St"],
         [2, "Susan", "Smith", 19, "Richardson", "5050 Oak St"],
         [3, "James", "Smith", 35, "Richardson", "5050 Oak St"],
         [4, "Susan", None, 41, "Plano", "1 Main St"]]


def test_first_and_last_name_columns_make_one_customer_name(tmp_path):
    path = _save(tmp_path / "customers.xlsx", {"Customers": SPLIT})
    found = classify(SPLIT)
    assert isinstance(found, Recognised) and found.spec.key == "customers"
    assert found.columns["name"] == 1 and found.columns["family_name"] == 2
    table = load([path]).tables.of("customers")[0]
    assert [r.name for r in table.rows] == ["James Lee", "Susan Smith", "James Smith", "Susan"]
    assert [r.region for r in table.rows][:2] == ["Flower Mound", "Richardson"]


def test_chinese_family_name_comes_first_and_ids_are_generated_from_the_whole_name(tmp_path):
    rows = [["姓", "名", "手机", "城市"], ["王", "小明", "13800000001", "杭州"], ["王", "小红", "13800000002", "杭州"], ["李", "小明", "13800000003", "宁波"]]
    path = _save(tmp_path / "线索.xlsx", {"线索": rows})
    loaded = load([path])
    table = loaded.tables.of("customers")[0]
    assert [r.name for r in table.rows] == ["王小明", "王小红", "李小明"]
    ids = [r.customer_id for r in table.rows]
    assert len(set(ids)) == 3 and all(re.fullmatch(r"C\d{4}", i) for i in ids)
    assert "duplicate-id" not in {i.code for i in loaded.issues}
    assert join_names("Ann", None) == "Ann" and join_names(None, "Lee") == "Lee" and join_names(None, None) is None


def test_import_carries_the_joined_name_into_the_register(tmp_path):
    src = tmp_path / "src"
    _save(src / "customers.xlsx", {"Customers": SPLIT})
    out = tmp_path / "out"
    run = _run("import", str(src), "-o", str(out), "--json", "--lang", "en", "--quiet")
    assert run.returncode in (0, 1), run.stderr
    ws = openpyxl.load_workbook(out / "customer_register.xlsx").worksheets[0]
    headers = [c.value for c in ws[1]]
    names = [ws.cell(r, headers.index("Customer name") + 1).value for r in range(2, 6)]
    assert names == ["James Lee", "Susan Smith", "James Smith", "Susan"]
    assert "duplicate-id" not in {i["code"] for i in json.loads(run.stdout)["issues"]}


def test_russian_customer_and_product_lists_are_recognised_by_their_columns():
    customers = [["Наименование", "ИНН", "Адрес"], ['ООО "Ромашка"', 5878963, "адрес 1"], ['ООО "Солнышко"', 7895688, "адрес 2"], ['ООО "Домик"', 8579541, "адрес 3"]]
    found = classify(customers)
    assert isinstance(found, Recognised) and found.spec.key == "customers"
    assert found.columns == {"name": 0, "tax_id": 1}
    products = [["Наименнование", "единица измерения", "артикл", "стоимость в руб."], ["Прокат 3м", "кг", 1789562, 70.0], ["Прокат 9г2с", "кг", 1789572, 80.0], ["Прокат 9г2см", "кг", 1789962, 85.0]]
    found = classify(products)
    assert isinstance(found, Recognised) and found.spec.key == "price_list"
    assert found.columns == {"name": 0, "unit": 1, "sku": 2, "list_price": 3}  # 'стоимость в руб.' with its unit set aside


def test_a_lead_list_without_stages_is_no_pipeline_and_is_never_written(tmp_path):
    # A lead, a source, a created date and a status: the pipeline's lead name, channel and created date match,
    # but a pipeline is its stages. Read as a pipeline, --annotate would write into a lead list.
    # (Its name column is "prospect" here: with "lead_name", a CRM's word for the lead's name, it is a customer list, below.)
    rows = [["lead_id", "prospect", "industry", "source", "created_date", "status", "lead_score"]]
    rows += [[f"L{n:04d}", f"Firm {n}", "Retail", "Email", f"2024-03-{n + 1:02d}", "Qualified", 70 + n] for n in range(6)]
    found = classify(rows)
    assert not (isinstance(found, Recognised) and found.spec.key == "opportunities")
    named = [["lead_id", "lead_name", *rows[0][2:]], *rows[1:]]
    found = classify(named)
    assert isinstance(found, Recognised) and found.spec.key == "customers" and found.columns["name"] == 1 and found.columns["customer_id"] == 0
    path = _save(tmp_path / "leads.xlsx", {"leads": rows})
    before = path.read_bytes()
    check = _run("check", str(path), "--annotate", "--json", "--quiet")
    issues = json.loads(check.stdout)["issues"]
    assert check.returncode == 1 and "nothing-recognised" in {i["code"] for i in issues}  # no clean pass
    near = next(i for i in issues if i["code"] == "sheet-near-miss")  # reported, with what it lacks
    assert near["sheet"] == "leads" and "Customer name" in near["message_en"]
    assert path.read_bytes() == before  # a guessed sheet is never written


def test_a_pipeline_with_its_stages_is_still_one():
    rows = [["Opportunity_id", "Sales_agent", "Product", "Account", "Deal_stage", "Engage_date", "Close_date", "Close_value"]]
    rows += [[f"X{n}", "Moses Frase", "GTX", "Cancity", "Won", f"2024-01-{n + 1:02d}", f"2024-02-{n + 1:02d}", 1000 + n] for n in range(5)]
    found = classify(rows)
    assert isinstance(found, Recognised) and found.spec.key == "opportunities" and "stage" in found.columns


def _corpus():
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "tools" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_corpus_script_reports_recall_and_precision_per_held_out_set(tmp_path, capsys):
    cache = tmp_path / "cache"
    (cache / "a+b").mkdir(parents=True)
    (cache / "a+b" / "leads.csv").write_text("客户姓名,客户手机号,所属区域\n女士,13800000001,杭州\n王先生,13800000002,宁波\n李女士,13800000003,杭州\n", encoding="utf-8")
    (cache / "a+b" / "notes.csv").write_text("随便,写写\n1,2\n3,4\n", encoding="utf-8")
    (cache / "kinds.txt").write_text("# set: fresh\na+b/leads.csv\tleads\tcustomers\tno\na+b/notes.csv\tnotes\tcustomers\tno\n", encoding="utf-8")
    corpus = _corpus()
    assert corpus.read_sets(cache / "kinds.txt")[("a+b/leads.csv", "leads")] == ("customers", False, "fresh")
    assert corpus.main(cache) == 0
    out = capsys.readouterr().out
    assert "held out, fresh set: 2; recognised directly: 1 (50%)" in out
    assert "precision, held out, fresh set, directly: 1 of 1 sheets read hold that kind (100%)" in out


def test_a_stacked_blocks_title_names_its_owner(tmp_path):
    # One rep's block after another, each under a title row naming the rep, and no owner column.
    rows = [["张三 负责"], ["客户名称", "手机", "区域"], ["华建三局", "13800000001", "杭州"], ["中铁一局", "13800000003", "杭州"],
            [], ["销售：李四"], ["客户名称", "手机", "区域"], ["中铁七局", "13800000002", "宁波"]]
    path = _save(tmp_path / "分块.xlsx", {"客户": rows})
    loaded = load([path])
    table = loaded.tables.of("customers")[0]
    assert [(r.name, r.owner_rep) for r in table.rows] == [("华建三局", "张三"), ("中铁一局", "张三"), ("中铁七局", "李四")]
    supplied = next(i for i in loaded.issues if i.code == "value-supplied" and i.column_key == "owner_rep")
    assert "张三 / 李四" in supplied.message_zh and "title row" in supplied.message_en
    assert "sheet-missing-columns" not in {i.code for i in loaded.issues}


def test_block_titles_that_name_no_person_leave_the_owner_to_the_rep(tmp_path):
    rows = [["华东区"], ["客户名称", "手机", "区域"], ["华建三局", "13800000001", "杭州"], [], ["2024 年"], ["客户名称", "手机", "区域"], ["中铁七局", "13800000002", "宁波"]]
    loaded = load([_save(tmp_path / "分块.xlsx", {"客户": rows})])
    assert {r.owner_rep for r in loaded.tables.of("customers")[0].rows} == {None}  # 2024 年 is no rep: nothing guessed
    assert "sheet-missing-columns" in {i.code for i in loaded.issues}


def _confirm(mapping: Path, columns: dict[str, str], owner: str) -> None:
    """The rep's edit of the proposal in Excel: kind, column and yes on each row, the owner on the first."""
    book = openpyxl.load_workbook(mapping)
    ws = book.worksheets[0]
    head = {c.value: c.column for c in ws[1]}
    for row in range(2, ws.max_row + 1):
        ws.cell(row, head["Kind"]).value = "customers"
        ws.cell(row, head["Column"]).value = columns[ws.cell(row, head["Header"]).value]
        ws.cell(row, head["Use"]).value = "yes"
    ws.cell(2, head["Owner to supply"]).value = owner
    book.save(mapping)


def test_check_reads_a_csv_through_the_confirmed_mapping_and_never_writes_it(tmp_path):
    csv = tmp_path / "leads.csv"
    csv.write_text("Kunde,Telefonnummer,Ort\nMüller GmbH,0301234567,Berlin\nSchmidt AG,0401234567,Hamburg\nWeber KG,0891234567,München\n", encoding="utf-8")
    before = csv.read_bytes()
    unmapped = _run("check", str(tmp_path), "--json", "--lang", "en", "--quiet")
    assert unmapped.returncode == 1 and "file-not-read" in {i["code"] for i in json.loads(unmapped.stdout)["issues"]}
    assert _run("map", str(tmp_path), "--lang", "en", "--quiet").returncode == 0
    _confirm(tmp_path / "salesdesk_mapping.xlsx", {"Kunde": "name", "Telefonnummer": "phone", "Ort": "region"}, "Anna")
    loaded = load([tmp_path])
    table = loaded.tables.of("customers")[0]
    assert [(r.name, r.phone, r.region, r.owner_rep) for r in table.rows][0] == ("Müller GmbH", "0301234567", "Berlin", "Anna")
    assert len(table.rows) == 3 and len({r.customer_id for r in table.rows}) == 3
    check = _run("check", str(tmp_path), "--annotate", "--json", "--lang", "en", "--quiet")
    codes = {i["code"] for i in json.loads(check.stdout)["issues"]}
    assert check.returncode == 0 and "file-not-read" not in codes and "not-annotated" in codes
    assert csv.read_bytes() == before  # text is read, never written
    supplied = [i for i in json.loads(check.stdout)["issues"] if i["code"] == "value-supplied"]
    assert any("Owner rep" in i["message_en"] and "Anna" in i["message_en"] for i in supplied)  # in the run's language


# A lead list pasted without headers (a CRM's 公海 export): company, contact, phone.
HEADERLESS = [["路星唐山轨道客车装备制造有限公司", "拱振起", "19990583000"], ["成都福乐淘电子商务有限公司", "龙燕", "13930380885"],
              ["杭州华建机电有限公司", "王芳", "13800000001"]]


def test_map_proposes_a_sheet_without_headers_by_column_letter_and_check_reads_it_once_confirmed(tmp_path):
    book = _save(tmp_path / "客户.xlsx", {"客户公海": HEADERLESS})
    before = book.read_bytes()
    assert classify(HEADERLESS) is None  # never read unaided
    run = _run("map", str(tmp_path), "--json", "--lang", "zh", "--quiet")
    entries = json.loads(run.stdout)["entries"]
    assert [(e["letter"], e["column"], e["use"], e["kind"]) for e in entries] == [
        ("A", "name", False, "customers"), ("B", "key_contact", False, "customers"), ("C", "phone", False, "customers")]
    assert entries[2]["sample"].startswith("19990583000 | 13930380885")
    mapping = tmp_path / "salesdesk_mapping.xlsx"
    ws = openpyxl.load_workbook(mapping).worksheets[0]
    head = [c.value for c in ws[1]]
    assert head[-1] == "列" and [ws.cell(r, len(head)).value for r in (2, 3, 4)] == ["A", "B", "C"]
    assert ws.cell(2, head.index("原表头") + 1).value is None
    # unedited: a guess, so nothing is read and check is no clean pass
    unedited = _run("check", str(tmp_path), "--json", "--quiet")
    assert unedited.returncode == 1 and "nothing-recognised" in {i["code"] for i in json.loads(unedited.stdout)["issues"]}
    book_ = openpyxl.load_workbook(mapping)
    ws = book_.worksheets[0]
    for row in range(2, ws.max_row + 1):
        ws.cell(row, head.index("采用") + 1).value = "是"
    ws.cell(2, head.index("补充负责销售") + 1).value = "小王"
    book_.save(mapping)
    table = load([tmp_path]).tables.of("customers")[0]
    assert [(r.name, r.key_contact, r.phone, r.owner_rep) for r in table.rows] == [
        ("路星唐山轨道客车装备制造有限公司", "拱振起", "19990583000", "小王"), ("成都福乐淘电子商务有限公司", "龙燕", "13930380885", "小王"),
        ("杭州华建机电有限公司", "王芳", "13800000001", "小王")]  # the first row is data, not a header
    assert [r.row for r in table.rows] == [1, 2, 3]
    check = _run("check", str(tmp_path), "--annotate", "--json", "--lang", "en", "--quiet")
    assert check.returncode == 0, check.stdout
    assert "not-annotated" in {i["code"] for i in json.loads(check.stdout)["issues"]}
    assert book.read_bytes() == before  # no header row to put a status column in: never written


def test_a_mapping_letter_that_is_no_column_is_reported_not_applied(tmp_path):
    from addin.schema.mapping import HEADER_MAP

    _save(tmp_path / "客户.xlsx", {"客户公海": HEADERLESS})
    mapping = [[c.zh for c in HEADER_MAP.columns]]
    for letter, key in (("A", "name"), ("C", "phone"), ("第三列", "email")):
        mapping.append(["客户.xlsx", "客户公海", "customers", None, key, "小王", "", "是", "", letter])
    _save(tmp_path / "salesdesk_mapping.xlsx", {HEADER_MAP.zh: mapping})
    loaded = load([tmp_path])
    assert [r.phone for r in loaded.tables.of("customers")[0].rows] == ["19990583000", "13930380885", "13800000001"]
    stale = [i for i in loaded.issues if i.code == "mapping-stale"]
    assert len(stale) == 1 and "第三列" in stale[0].message_zh and "不是列号" in stale[0].message_zh


def test_a_note_without_a_table_still_gets_no_proposal():
    from addin.mapping.propose import propose

    assert propose([["只是一段说明"], [None], ["第二段"]], "a.xlsx", "说明") == []


def test_with_a_person_and_a_company_header_the_company_is_the_customer(tmp_path):
    rows = [["Name", "Phone", "Company", "Owner", "Status", "Email", "City"],
            ["Ann Lee", "555 0101", "Contoso", "Bob", "New", "ann@contoso.com", "Austin"],
            ["Ben Wu", "555 0102", "Fabrikam", "Bob", "Closed Won", "ben@fabrikam.com", "Dallas"]]
    table = load([_save(tmp_path / "leads.xlsx", {"Leads": rows})]).tables.of("customers")[0]
    assert [(r.name, r.key_contact, r.owner_rep, r.status, r.region) for r in table.rows] == [
        ("Contoso", "Ann Lee", "Bob", "lead", "Austin"), ("Fabrikam", "Ben Wu", "Bob", "active", "Dallas")]
    alone = [["客户姓名", "客户手机号", "所属区域"], ["王先生", "13800000001", "杭州"], ["李女士", "13800000002", "宁波"]]
    found = classify(alone)
    assert isinstance(found, Recognised) and found.columns["name"] == 0 and "key_contact" not in found.columns  # a person's own lead list


def test_a_pipeline_export_whose_stage_header_is_unknown_is_a_near_miss_never_orders(tmp_path):
    # The pipeline's id, account, close date, amount, probability and created date match; its stage header does not.
    # Orders match fewer of them (account, close date as signing date, amount): reading it as orders is a false positive.
    rows = [["OpportunityId", "OpportunityName", "AccountId", "CloseDate", "Phase", "Amount", "Probability", "CreatedDate"]]
    rows += [[f"006{n}", f"Deal {n}", f"001{n}", f"2023-10-{n + 10}", "Proposal", 1000.0 * n, 60.0, f"2023-09-{n + 10} 15:15:00"] for n in range(1, 6)]
    found = classify(rows)
    assert not isinstance(found, Recognised) and found.spec.key == "opportunities" and "stage" in found.missing
    path = _save(tmp_path / "opportunities.xlsx", {"opportunities": rows})
    before = path.read_bytes()
    loaded = load([path])
    assert not loaded.tables.tables
    near = next(i for i in loaded.issues if i.code == "sheet-near-miss")
    assert "Stage" in near.message_en
    run = _run("map", str(path), "--json", "--lang", "en", "--quiet")
    assert not any(e["use"] and e["kind"] == "orders" for e in json.loads(run.stdout)["entries"])  # at most a guess
    assert path.read_bytes() == before
