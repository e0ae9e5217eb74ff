"""`summary --into`: native charts grafted into the rep's tab (io/ooxml/charts.py) of a workbook with threaded
comments, x14 formats and VBA: every other part byte-identical, twice == once, LibreOffice renders the charts."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime

import pytest
from conftest import convert, soffice_path
from rich_workbook import build_rich_workbook
from summary_data import AS_OF, write_team

from addin.commands.summary import run_summary
from addin.commands.summary_into import MARKER, rep_tab_rows
from addin.core.patch import Patch
from addin.io.apply_patch import apply_patch
from addin.io.ooxml.charts import ChartedSheet
from addin.io.rep_charts import rep_charts

STRUCTURAL = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "docProps/app.xml"}


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    team = write_team(tmp_path_factory.mktemp("team"))
    return run_summary([team], None, datetime.fromisoformat(AS_OF), date(2026, 10, 1), 6, "zh").summary


def _op(path, summary) -> ChartedSheet:
    rows = rep_tab_rows(summary, "张伟", "zh")
    widths = tuple(14 for _ in range(max(len(r) for r in rows)))
    return ChartedSheet(str(path), "我的汇总", MARKER, tuple(rows), (), widths, scratch=rep_charts(summary.rep_view("张伟"), "zh", len(widths) + 1, widths))


def test_charts_grafted_into_the_rich_workbook_every_other_part_identical_twice_is_once(tmp_path, summary):
    path = build_rich_workbook(tmp_path / "rich.xlsm")
    before = _parts(path)
    assert apply_patch(Patch([_op(path, summary)])).refused == []
    after = _parts(path)
    assert {n for n in before if before[n] != after[n]} <= STRUCTURAL
    new = set(after) - set(before)
    charts = sorted(n for n in new if n.startswith("xl/charts/chart"))
    assert len(charts) == 4 and "xl/drawings/drawing2.xml" in new  # the rep's own drawing1.xml (a shape) kept as it was
    sheet = next(n for n in new if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
    assert b'<drawing r:id="rIdSalesdeskDrawing"/>' in after[sheet]
    assert b"../drawings/drawing2.xml" in after[sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"]
    drawing_rels = after["xl/drawings/_rels/drawing2.xml.rels"].decode()
    assert all(f"../charts/{c.rsplit('/', 1)[1]}" in drawing_rels for c in charts)
    types = after["[Content_Types].xml"].decode()
    assert all(f'PartName="/{c}"' in types for c in charts) and 'PartName="/xl/drawings/drawing2.xml"' in types
    revenue = after[charts[0]].decode()
    assert "<c:numLit>" in revenue and "<c:f>" not in revenue and "<c:v>100000</c:v>" in revenue  # 张伟's October revenue, literal

    assert apply_patch(Patch([_op(path, summary)])).refused == []
    assert _parts(path) == after  # twice == once: same parts, same bytes

    soffice = soffice_path()
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed")
    pdf = convert(soffice, path, "pdf", tmp_path / "pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout if shutil.which("pdftotext") else ""
    assert not text or "时限达标率" in text  # the clocks chart's title is drawn
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")], check=True)
        assert list(tmp_path.glob("page*.png"))


def test_no_charts_when_there_is_nothing_to_plot(summary):
    from addin.summary.run import Summary

    empty = Summary(summary.as_of, summary.month, summary.months, {})
    assert rep_charts(empty, "en", 3, (14, 14)) == b""
