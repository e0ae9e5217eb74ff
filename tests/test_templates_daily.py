"""Templates made for daily use: no sample company, rows reps can add, named fonts, short labels."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl

from addin.core.parsers import parser_for
from addin.schema.customers import CUSTOMERS
from addin.schema.dsl import TIERS

COMMITTED = Path(__file__).resolve().parent.parent / "workbook_templates"


def test_settings_start_empty_with_a_prompt():
    ws = openpyxl.load_workbook(COMMITTED / "settings.xlsx")["设置"]
    values = {r[0].value: r[2] for r in ws.iter_rows(min_row=2)}
    assert {"company_name", "company_address", "company_phone", "company_tax_id", "company_bank", "company_bank_account"} <= set(values)
    assert values["company_name"].value is None
    prompts = {str(dv.sqref): dv.prompt for dv in ws.data_validations.dataValidation if dv.showInputMessage}
    assert "报价单" in prompts[values["company_name"].coordinate]


def test_reps_may_sort_filter_insert_and_delete_rows_beyond_row_200():
    ws = openpyxl.load_workbook(COMMITTED / "customer_register.xlsx")["客户"]
    p = ws.protection
    assert p.sheet and not p.password
    assert (p.insertRows, p.deleteRows, p.sort, p.autoFilter) == (False, False, False, False)  # False: allowed
    assert ws.tables["tbl_customers"].ref.endswith("5000")
    assert all(str(dv.sqref).endswith("5000") for dv in ws.data_validations.dataValidation)
    # ranges, not cells (per-cell styles would be megabytes); 25 kB since the register holds referrals and trade-show leads too (issue 24)
    assert (COMMITTED / "customer_register.xlsx").stat().st_size < 25_000


def test_fonts_are_named_and_sans():
    book = openpyxl.load_workbook(COMMITTED / "customer_register.xlsx")
    header = book["客户"]["A1"]
    assert header.font.name == "等线" and header.font.family == 2
    english = openpyxl.load_workbook(COMMITTED / "en" / "customer_register.xlsx")["Customers"]["A1"]
    assert english.font.name == "Calibri"


def test_tiers_show_short_labels_with_their_meaning_in_the_dropdown():
    ws = openpyxl.load_workbook(COMMITTED / "customer_register.xlsx")["客户"]
    letter = next(c.column_letter for c in ws[1] if c.value == "客户分层")
    tier = next(dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith(f"{letter}2"))
    assert tier.formula1 == '"A,B,C"' and "潜力型" in tier.prompt
    # what existing workbooks hold is still read as the tier
    parse = parser_for(CUSTOMERS.column("tier"), ZoneInfo("Asia/Shanghai"))
    assert [parse(label).value for label in ("B 潜力型", "B potential", "B", "b")] == ["B"] * 4
    assert [c.zh for c in TIERS] == ["A", "B", "C"]


def test_cooperation_years_show_as_an_integer():
    ws = openpyxl.load_workbook(COMMITTED / "quote_calculator.xlsx")["报价单"]
    letter = next(c.column_letter for c in ws[1] if c.value == "合作年限")
    assert ws.column_dimensions[letter].number_format == "0"
