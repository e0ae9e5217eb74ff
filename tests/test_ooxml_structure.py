"""The surgical writer on packages as every producer writes them: structure, prefixes, drawings, styles, refusals.

Each variant is generated (tests/ooxml_variants.py), annotated, and then
judged by the structural rules of addin/io/ooxml/validate.py and by
independent readers: openpyxl (notes, highlights, values), python-calamine
(values) and LibreOffice where it is installed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import ooxml_variants as v
import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from addin.commands.check import run_check
from addin.io.ooxml.structure import WORKSHEET_ORDER, WORKSHEET_REPEATABLE, out_of_order, scan
from addin.io.ooxml.validate import problems
from addin.io.package import FileRefused, inspect


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def seen_by_openpyxl(path: Path) -> tuple[set[str], set[str], list[tuple]]:
    """(cells with a salesdesk note, highlighted ranges, typed values) as openpyxl reads them."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    notes = {c.coordinate for row in ws.iter_rows() for c in row if c.comment is not None and c.comment.author == "salesdesk"}
    highlighted = {str(r) for cf in ws.conditional_formatting for r in cf.sqref.ranges for rule in cf.rules if rule.type == "expression"}
    values = [tuple(c.value for c in row[: len(v.ORDERS)]) for row in ws.iter_rows()]
    return notes, highlighted, values


def calamine_values(path: Path) -> list[list[object]]:
    book = CalamineWorkbook.from_path(str(path))
    return [row[: len(v.ORDERS)] for row in book.get_sheet_by_index(0).to_python(skip_empty_area=False)]


def annotate_and_judge(path: Path) -> dict[str, bytes]:
    """Annotates twice; asserts validity, what the readers see, unchanged values and a no-op second run."""
    before = parts(path)
    original = path.with_name(path.stem + "-original.zip")
    original.write_bytes(path.read_bytes())
    values, grid = seen_by_openpyxl(path)[2], calamine_values(path)
    result = run_check([path], annotate=True, lang="en")
    assert result.applied is not None and result.applied.refused == [], [r.en for r in result.applied.refused]
    after = parts(path)
    changed = {n for n in after if before.get(n) != after[n]}
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(original) as o:
        assert problems(z, changed) - problems(o, changed & set(before)) == set()
    notes, highlighted, new_values = seen_by_openpyxl(path)
    assert notes == v.EXPECTED_NOTES
    assert highlighted == {"H2", "D3", "E3"}
    assert new_values == values
    assert calamine_values(path) == grid
    second = run_check([path], annotate=True, lang="en")
    assert second.applied is not None and [w.backup for w in second.applied.written] == [None]
    assert parts(path) == after
    return after


def test_data_bar_rule_keeps_its_extlst_and_ours_go_to_the_root(tmp_path):
    path = v.data_bar(v.orders_book(tmp_path / "bar.xlsx"))
    after = annotate_and_judge(path)
    sheet = after[v.SHEET]
    root = scan(sheet)
    assert out_of_order(root, WORKSHEET_ORDER, WORKSHEET_REPEATABLE) == []
    names = [c.local for c in root.children]
    assert names.count("conditionalFormatting") == 2 and names[-1] == "extLst"
    assert v.DATA_BAR in sheet and v.X14_DATA_BAR in sheet  # the user's rule and the x14 list, byte for byte
    assert names.index("legacyDrawing") < names.index("extLst")


@pytest.mark.parametrize("variant", [v.x_prefixed_styles, v.x_prefixed_sheet, v.elementtree_written, v.elementtree_sheet_rels, v.overrides_only])
def test_any_prefix_and_content_types_by_override(tmp_path, variant):
    path = variant(v.orders_book(tmp_path / "book.xlsx"))
    after = annotate_and_judge(path)
    if variant is v.x_prefixed_styles:
        assert scan(after["xl/styles.xml"]).prefix == b"x:"
        assert b"<dxf>" not in after["xl/styles.xml"] and b"<x:dxf>" in after["xl/styles.xml"]
    if variant is v.x_prefixed_sheet:
        assert b"<x:legacyDrawing " in after[v.SHEET] and b"<x:conditionalFormatting " in after[v.SHEET]
    if variant is v.overrides_only:
        assert b"<Default " not in after["[Content_Types].xml"] or b'Extension="rels"' in after["[Content_Types].xml"]


def test_notes_go_to_the_legacy_drawing_never_the_header_footer_vml(tmp_path):
    path = v.header_picture(v.orders_book(tmp_path / "hf.xlsx"))
    hf = parts(path)["xl/drawings/vmlDrawingHF1.vml"]
    after = annotate_and_judge(path)
    assert after["xl/drawings/vmlDrawingHF1.vml"] == hf
    root = scan(after[v.SHEET])
    assert [c.local for c in root.children if c.local.startswith("legacyDrawing")] == ["legacyDrawing", "legacyDrawingHF"]


def test_with_a_user_note_and_a_header_picture_listed_first_the_notes_vml_is_used(tmp_path):
    path = v.header_picture_listed_first(v.orders_book(tmp_path / "hf2.xlsx", user_note=True))
    before = parts(path)
    after = annotate_and_judge(path)
    assert after["xl/drawings/vmlDrawingHF1.vml"] == before["xl/drawings/vmlDrawingHF1.vml"]
    notes_vml = next(n for n in before if n.endswith(".vml") and "HF" not in n)
    assert after[notes_vml].count(b'ObjectType="Note"') == 1 + len(v.EXPECTED_NOTES)
    assert openpyxl.load_workbook(path).worksheets[0]["A2"].comment.author == "张伟"


@pytest.mark.parametrize("variant", [v.minimal_styles, v.numfmts_only_styles, v.no_styles_part])
def test_stylesheets_of_every_size_get_a_complete_minimal_structure(tmp_path, variant):
    path = variant(v.orders_book(tmp_path / "styles.xlsx"))
    after = annotate_and_judge(path)
    styles = scan(after["xl/styles.xml"])
    assert [c.local for c in styles.children if c.local in ("fonts", "fills", "borders", "cellXfs", "dxfs")] == ["fonts", "fills", "borders", "cellXfs", "dxfs"]


def test_excel4_macro_sheets_are_read_around_and_left_alone(tmp_path):
    path = v.macro_sheet(v.orders_book(tmp_path / "macro.xlsm"))
    macro = parts(path)["xl/macrosheets/sheet1.xml"]
    result = run_check([path], annotate=True, lang="en")
    assert not [i.code for i in result.issues if i.code.startswith("file-")]
    assert {(i.row, i.column) for i in result.issues} >= {(2, "H"), (3, "D"), (3, "E")} or len(result.issues) >= 3
    assert parts(path)["xl/macrosheets/sheet1.xml"] == macro
    assert seen_by_openpyxl(path)[0] == v.EXPECTED_NOTES


@pytest.mark.parametrize(
    "variant, code",
    [
        (v.bad_crc, "file-corrupt"),
        (v.dtd_late, "file-hostile"),
        (v.duplicate_member, "file-ambiguous-parts"),
        (v.case_mismatch, "file-ambiguous-parts"),
    ],
)
def test_packages_refused_on_read_with_the_reason(tmp_path, variant, code):
    path = variant(v.orders_book(tmp_path / "bad.xlsx"))
    before = path.read_bytes()
    with pytest.raises(FileRefused) as refused:
        inspect(path)
    assert refused.value.code == code
    result = run_check([path], annotate=True)
    assert [i.code for i in result.issues] == [code]
    assert path.read_bytes() == before and list(tmp_path.glob("*.bak-*")) == []


def test_a_sheet_the_writer_cannot_parse_is_refused_untouched(tmp_path):
    path = v.undeclared_prefix(v.orders_book(tmp_path / "refused.xlsx"))
    before = path.read_bytes()
    result = run_check([path], annotate=True)
    assert [i.code for i in result.issues if i.code.startswith("file-")] == ["file-unsupported"]
    assert path.read_bytes() == before and list(tmp_path.glob("*.bak-*")) == []


def test_a_password_protected_sheet_is_annotated_with_a_warning_saying_so(tmp_path):
    path = v.protected(v.orders_book(tmp_path / "protected.xlsx"))
    result = run_check([path], annotate=True)
    assert [(i.code, i.severity.value) for i in result.issues if i.code.startswith("file-")] == [("file-sheet-protected", "warning")]
    assert seen_by_openpyxl(path)[0] == v.EXPECTED_NOTES
    assert b'<sheetProtection password="CC3D"' in parts(path)[v.SHEET]  # the protection itself is kept


def test_protection_without_a_password_gets_no_warning(tmp_path):
    path = v.rewrite(v.orders_book(tmp_path / "locked.xlsx"), {v.SHEET: lambda x: x.replace(b"</sheetData>", b'</sheetData><sheetProtection sheet="1"/>', 1)})
    result = run_check([path], annotate=True)
    assert [i.code for i in result.issues if i.code.startswith("file-")] == []
    assert seen_by_openpyxl(path)[0] == v.EXPECTED_NOTES


def test_cli_json_reports_a_corrupt_file_without_a_traceback(tmp_path):
    path = v.bad_crc(v.orders_book(tmp_path / "crc.xlsx"))
    out = subprocess.run([sys.executable, "-m", "addin.cli", "check", str(path), "--annotate", "--json"], capture_output=True, text=True, check=False)
    assert "Traceback" not in out.stderr
    assert [i["code"] for i in json.loads(out.stdout)["issues"]] == ["file-corrupt"]


def _write(path: Path, changes: dict[str, bytes]) -> FileRefused:
    from addin.io.safe_write import safe_edit

    def edit(package):
        for name, data in changes.items():
            package.write(name, data)
        return []

    with pytest.raises(FileRefused) as refused:
        safe_edit(path, edit)
    return refused.value


def test_a_well_formed_but_invalid_result_is_refused_and_never_written(tmp_path):
    path = v.orders_book(tmp_path / "book.xlsx")
    sheet = parts(path)[v.SHEET]
    before = path.read_bytes()
    out_of_schema_order = sheet.replace(b"<sheetData>", b'<pageMargins left="1" right="1" top="1" bottom="1" header="0" footer="0"/><sheetData>', 1)
    dangling = sheet.replace(b"</worksheet>", b'<legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId99"/></worksheet>')
    for broken in ({v.SHEET: out_of_schema_order}, {v.SHEET: dangling}, {"xl/media/orphan.emf": b"\x01\x00"}):
        assert _write(path, broken).code == "file-write-invalid"
        assert path.read_bytes() == before
    assert list(tmp_path.glob("*.bak-*")) == []


def test_libreoffice_sees_the_notes_and_highlights_of_every_kind(tmp_path, soffice):
    made = []
    for number, variant in enumerate([v.data_bar, v.x_prefixed_styles, v.elementtree_written, v.header_picture, v.minimal_styles, v.overrides_only]):
        path = variant(v.orders_book(tmp_path / f"k{number}.xlsx"))
        run_check([path], annotate=True)
        made.append(path)
    out = tmp_path / "lo"
    with __import__("tempfile").TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to", "xlsx", "--outdir", str(out), *map(str, made)],
                       capture_output=True, timeout=300, check=False)
    for path in made:
        converted = out / path.name
        assert converted.exists(), f"LibreOffice could not open {path.name}"
        notes, highlighted, _ = seen_by_openpyxl(converted)
        assert {n for n in notes} | {n for n in _all_notes(converted)} >= v.EXPECTED_NOTES, path.name
        assert highlighted, path.name


def _all_notes(path: Path) -> set[str]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    return {c.coordinate for row in ws.iter_rows() for c in row if c.comment is not None and "salesdesk" in c.comment.text}
