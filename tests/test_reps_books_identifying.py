"""Reps' own books, fourth round (issue 22): a sheet is a kind by its identifying columns, not by every column
salesdesk requires. A deal export without a created date, an activity log without a rep, an order list without
its dates are read and reported, each absent required column one finding that says where to supply it, never a
flood of per-row findings, and never written into. A CRM's contacts at accounts stay no customer list. Every test
builds a real workbook, runs salesdesk on it and reads the result back."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

from conftest import run_cli, save_book

from addin.core.recognise import NearMiss, Recognised, classify
from addin.core.stamps import iso_moment
from addin.io.load import load
from addin.mapping.propose import propose, recognised_with

_save, _run = save_book, run_cli


# A deal export: its id, the lead it is for, its size, its stage and close date; no created date, no owner.
DEALS = [["deal_id", "lead_id", "deal_size", "stage", "close_date"]]
DEALS += [[f"D{n:04d}", f"L{n:04d}", str(10000 + 500 * n), ("Closed Won", "Negotiation", "Proposal")[n % 3], f"2024-06-{n + 1:02d}"] for n in range(9)]
# An activity log: whom, what, when; no rep.
ACTIVITIES = [["activity_id", "lead_id", "activity_type", "activity_date"]]
ACTIVITIES += [[f"A{n:04d}", f"L{n:04d}", ("Call", "Email", "Meeting")[n % 3], f"2024-07-{n + 1:02d}"] for n in range(9)]
# Orders by id, customer and amount; no signing date, no planned arrival.
ORDERS = [["订单号", "客户名称", "订单金额", "备注"]]
ORDERS += [[f"SO-{n:03d}", f"客户{n}", 1000 + n, "加急"] for n in range(8)]


def test_a_sheet_with_its_identifying_columns_is_its_kind_even_without_other_required_columns():
    for rows, kind, absent in ((DEALS, "opportunities", {"created_on"}), (ACTIVITIES, "visits", {"rep"}),
                               (ORDERS, "orders", {"signed_on", "planned_arrival"})):
        found = classify(rows)
        assert isinstance(found, Recognised) and found.spec.key == kind, (kind, found)
        assert set(found.missing_required) == absent and found.confidence == "partial"
    deal = classify(DEALS)
    assert deal.columns == {"opportunity_id": 0, "customer_id": 1, "expected_amount": 2, "stage": 3, "expected_close": 4}
    # the same columns without the identifying one stay a near miss: a pipeline is its stages
    without_stage = [[c for i, c in enumerate(r) if i != 3] for r in DEALS]
    assert not (isinstance(found := classify(without_stage), Recognised) and found.spec.key == "opportunities")


def test_a_missing_column_is_one_finding_that_says_where_to_supply_it_and_the_rows_are_read(tmp_path):
    path = _save(tmp_path / "crm.xlsx", {"deals": DEALS, "activities": ACTIVITIES, "orders": ORDERS})
    loaded = load([path])
    deals = loaded.tables.of("opportunities")[0]
    assert len(deals.rows) == 9 and deals.rows[0].opportunity_id == "D0000" and deals.rows[0].stage == "won"
    assert deals.rows[1].expected_amount == 10500 and deals.rows[1].expected_close == date(2024, 6, 2)
    visits = loaded.tables.of("visits")[0]
    assert [v.visit_date for v in visits.rows][:2] == [date(2024, 7, 1), date(2024, 7, 2)] and visits.rows[0].kind == "call"
    orders = loaded.tables.of("orders")[0]
    assert [o.order_id for o in orders.rows][:2] == ["SO-000", "SO-001"] and orders.rows[1].contract_amount == 1001
    codes = [(i.sheet, i.code, i.column) for i in loaded.issues]
    assert not [c for c in codes if c[1] == "required-missing"]  # never a finding per row for a column the sheet lacks
    missing = [i for i in loaded.issues if i.code == "sheet-missing-columns"]
    created = next(i for i in missing if i.sheet == "deals" and "Created on" in i.message_en)
    assert "salesdesk_mapping.xlsx" in created.message_en and "创建日期" in created.message_zh and "salesdesk_mapping.xlsx" in created.message_zh
    rep = next(i for i in missing if i.sheet == "activities" and "Rep" in i.message_en)
    assert "salesdesk map" in rep.message_en
    assert {i.sheet for i in missing if "Planned arrival" in i.message_en or "Signed on" in i.message_en} == {"orders"}
    assert sum(1 for i in missing if i.sheet == "orders" and "Signed on" in i.message_en) == 1


def test_a_sheet_lacking_required_columns_is_reported_but_never_written(tmp_path):
    path = _save(tmp_path / "crm.xlsx", {"deals": DEALS, "activities": ACTIVITIES})
    before = path.read_bytes()
    check = _run("check", str(path), "--annotate", "--json", "--quiet", "--lang", "en")
    issues = json.loads(check.stdout)["issues"]
    assert check.returncode == 1  # its missing columns are errors: never a clean pass
    assert path.read_bytes() == before  # no status column, no note in a sheet read without full confidence
    told = {i["sheet"] for i in issues if i["code"] == "not-annotated"}
    assert told == {"deals", "activities"}
    assert any(i["code"] == "sheet-missing-columns" and i["sheet"] == "deals" for i in issues)


def test_an_unedited_map_proposal_reads_the_sheet_as_the_kind():
    for rows, kind in ((DEALS, "opportunities"), (ACTIVITIES, "visits"), (ORDERS, "orders")):
        read = recognised_with(rows, propose(rows, "crm.xlsx", "sheet"))
        assert isinstance(read, Recognised) and read.spec.key == kind


def test_contacts_at_accounts_are_no_customer_list():
    # A CRM's contacts: people (first and last name, title) at accounts, each with its own id and its account's id.
    rows = [["ContactId", "FirstName", "LastName", "Email", "Phone", "AccountId", "Title", "CreatedDate"]]
    rows += [[f"003A{n}", f"Frank{n}", "Miller", f"f{n}@example.com", f"555-678-90{n:02d}", f"001A{n % 3}", "HR Manager",
              f"2023-09-{n + 1:02d} 15:05:10.000000 UTC"] for n in range(6)]
    found = classify(rows)
    assert not isinstance(found, Recognised)
    assert isinstance(found, NearMiss) and found.spec.key == "customers" and found.guess
    assert recognised_with(rows, propose(rows, "contacts.csv", "contacts")) is None  # the rep confirms it, or not
    # a contact list with its own id and no account column is one
    own = [[c for i, c in enumerate(r) if i != 5] for r in rows]
    assert isinstance(found := classify(own), Recognised) and found.spec.key == "customers"


def test_warehouse_time_stamps_with_utc_read_as_instants():
    assert iso_moment("2023-09-06 15:23:12.000000 UTC") == datetime(2023, 9, 6, 15, 23, 12, tzinfo=timezone.utc)
    assert iso_moment("2025-07-24 09:23 GMT") == datetime(2025, 7, 24, 9, 23, tzinfo=timezone.utc)
    assert iso_moment("2025-07-24T01:23:22.623Z") is not None and iso_moment("2025-07-24 09:23 UTC+8") is None


def test_a_contact_list_by_id_and_email_is_customers_read_but_its_missing_name_said(tmp_path):
    # A CRM's contacts with their own id and e-mail but no name column: a customer list (an id and a way to reach),
    # its name one missing-column finding, the rows read, nothing written.
    rows = [["contact_id", "email", "industry", "created_at", "owner"]]
    rows += [[f"C{n:04d}", f"user{n}@company.com", "Retail", f"2024-01-{n + 1:02d}", "Diana"] for n in range(6)]
    found = classify(rows)
    assert isinstance(found, Recognised) and found.spec.key == "customers" and found.missing_required == ("name",)
    assert found.confidence == "partial"
    path = _save(tmp_path / "contacts.xlsx", {"contacts": rows})
    before = path.read_bytes()
    loaded = load([path])
    table = loaded.tables.of("customers")[0]
    assert [r.customer_id for r in table.rows][:2] == ["C0000", "C0001"] and table.rows[0].email == "user0@company.com"
    assert [i.code for i in loaded.issues if i.sheet == "contacts"] == ["sheet-missing-columns"]
    check = _run("check", str(path), "--annotate", "--json", "--quiet")
    assert check.returncode == 1 and path.read_bytes() == before
    # an id and nothing to reach it by is no customer list
    bare = [[r[0], r[2], r[3]] for r in rows]
    assert not (isinstance(found := classify(bare), Recognised) and found.spec.key == "customers")
