"""The schema is the contract of ../shared/workbooks.md: keys may be added, never renamed."""

import json
import subprocess
import sys

from addin.schema import CATALOG, all_sheets
from addin.schema.dump import schema_dict

# Column keys straight from workbooks.md (the contract users' scripts rely on).
CONTRACT = {
    "customers": "customer_id name industry region owner_rep channel channel_detail first_contact cooperation_since demand_score capacity_score tier key_contact phone email contact_birthday company_anniversary preferences status notes tier_suggested tier_mismatch last_order_date dormant revisit_due next_care",
    "visits": "visit_date customer_id rep kind outcome next_step follow_up_due",
    "orders": "order_id customer_id quote_id owner_rep signed_on contract_amount planned_arrival planned_install shipped_at tracking_no tracking_sent_at arrived_at installed_at accepted_at penalty_rate_per_day penalty_cap response_hours stage notice_due tracking_due acceptance_due acceptance_status days_late penalty_amount next_action next_due overdue",
    "order_lines": "order_id sku qty unit_price",
    "payments": "order_id milestone share due_in_working_days paid_on paid_amount amount due_on status",
    "quotes": "quote_id customer_id owner_rep quote_date prepay_share valid_until tier cooperation_years total_list total_excl_vat vat total_incl_vat effective_discount approval blocked gifts value_package",
    "quote_lines": "quote_id sku qty negotiated_discount list_price volume_discount prepay_discount loyalty_discount net_unit_price line_total effective_discount approval blocked explanation next_tier_hint",
    "price_list": "sku name category unit list_price floor_price cost",
    "tickets": "ticket_id customer_id order_id received_at kind category description first_response_at solution resolved_at plan_at carried_out_at follow_up_at customer_notified_at satisfaction handler response_due resolution_due plan_due carry_out_due follow_up_due route_to sla_status overdue_by",
}
REQUIRED = {
    "customers": {"customer_id", "name", "owner_rep"},
    "orders": {"order_id", "customer_id", "owner_rep", "signed_on", "contract_amount", "planned_arrival"},
    "payments": {"order_id", "milestone", "share", "due_in_working_days"},
    "tickets": {"ticket_id", "customer_id", "received_at", "kind"},
}


def test_every_contract_key_is_in_the_schema():
    sheets = {s.key: s for s in all_sheets()}
    for sheet, keys in CONTRACT.items():
        have = [c.key for c in sheets[sheet].columns]
        missing = [k for k in keys.split() if k not in have]
        assert missing == [], f"{sheet} lost {missing}"


def test_required_and_computed_flags_follow_the_dictionary():
    sheets = {s.key: s for s in all_sheets()}
    for sheet, keys in REQUIRED.items():
        assert set(sheets[sheet].required_keys) == keys
    assert {c.key for c in sheets["orders"].computed_columns} >= {"stage", "acceptance_due", "overdue"}


def test_headers_are_unique_within_a_sheet_in_both_languages():
    for sheet in all_sheets():
        for attr in ("key", "zh", "en"):
            values = [getattr(c, attr) for c in sheet.columns]
            assert len(values) == len(set(values)), (sheet.key, attr)


def test_sheet_keys_are_unique_and_workbooks_have_files():
    keys = [s.key for s in all_sheets()]
    assert len(keys) == len(set(keys))
    assert [wb.file_name for wb in CATALOG] == ["customer_register.xlsx", "order_progress.xlsx", "quote_calculator.xlsx", "feedback_log.xlsx", "settings.xlsx"]


def test_schema_json_shape_from_the_cli():
    out = subprocess.run([sys.executable, "-m", "addin.cli", "schema", "--json"], capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    assert data == schema_dict()
    wb = data["workbooks"][0]
    assert {"key", "title_zh", "title_en", "sheets"} <= wb.keys()
    column = wb["sheets"][0]["columns"][0]
    assert {"key", "header_zh", "header_en", "type", "required", "computed", "choices"} <= column.keys()
    channel = next(c for c in wb["sheets"][0]["columns"] if c["key"] == "channel")
    assert {"key": "referral", "zh": "老客转介绍", "en": "referral"} in channel["choices"]


def test_committed_docs_are_generated_from_the_schema():
    from pathlib import Path

    from addin.schema.dump import schema_markdown

    committed = Path(__file__).resolve().parent.parent / "docs" / "schema.md"
    assert committed.read_text(encoding="utf-8") == schema_markdown(), "regenerate: salesdesk schema --markdown > docs/schema.md"


def test_every_setting_is_documented_and_typed():
    for sheet in all_sheets():
        for setting in sheet.settings:
            assert setting.zh and setting.en, setting.key
            assert setting.default is not None, setting.key
