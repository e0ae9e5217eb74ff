"""Templates are generated from the schema; the committed ones must not drift."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import convert

from addin.commands.check import run_check
from addin.io.templates import write_templates
from addin.schema import CATALOG

COMMITTED = Path(__file__).resolve().parent.parent / "workbook_templates"


def _parts(path: Path) -> dict[str, bytes]:
    # docProps/core.xml only carries the save time, which openpyxl always stamps.
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


@pytest.mark.parametrize("lang, folder", [("zh", COMMITTED), ("en", COMMITTED / "en")])
def test_committed_templates_match_the_schema(tmp_path, lang, folder):
    fresh = write_templates(tmp_path / lang, lang)
    for path in fresh:
        committed = folder / path.name
        assert committed.exists(), f"{committed} missing: run `salesdesk templates workbook_templates`"
        assert _parts(committed) == _parts(path), f"{committed.name} drifted from the schema: regenerate with `salesdesk templates`"


@pytest.mark.parametrize("folder", [COMMITTED, COMMITTED / "en"])
def test_templates_check_clean_and_every_sheet_is_recognised(folder):
    result = run_check([folder / wb.file_name for wb in CATALOG])
    assert result.issues == []
    assert sorted(t.spec.key for t in result.loaded.tables.tables) == sorted(s.key for wb in CATALOG for s in wb.sheets)


def test_template_features():
    book = openpyxl.load_workbook(COMMITTED / "customer_register.xlsx")
    ws = book["客户"]
    assert ws.freeze_panes == "A2"
    assert "tbl_customers" in ws.tables
    assert ws.protection.sheet and not ws.protection.password
    headers = {c.value: c for c in ws[1]}
    assert "1-5" in headers["需求强度"].comment.text
    dropdowns = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert dropdowns["F"] == '"老客转介绍,线下,线上,其他"'
    assert ws.column_dimensions["V"].fill.fgColor.rgb.endswith("E7E6E6")  # computed tier_suggested (after tax_id) is shaded
    assert ws.column_dimensions["V"].protection.locked and not ws.column_dimensions["A"].protection.locked
    policy = openpyxl.load_workbook(COMMITTED / "quote_calculator.xlsx")["批量折扣"]
    assert [(r[0].value, r[1].value) for r in policy.iter_rows(min_row=2, max_row=4)] == [(10, 0.03), (50, 0.05), (100, 0.08)]
    settings = openpyxl.load_workbook(COMMITTED / "settings.xlsx")["设置"]
    values = {r[0].value: r[2].value for r in settings.iter_rows(min_row=2)}
    assert values["timezone"] == "Asia/Shanghai" and values["sla_solution_hours"] == 48


@pytest.mark.parametrize("name", [wb.file_name for wb in CATALOG])
def test_libreoffice_opens_every_template(soffice, tmp_path, name):
    convert(soffice, COMMITTED / name, "pdf", tmp_path)
