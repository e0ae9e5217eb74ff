"""A ribbon click on Windows starts Python afresh: what it imports is most of what the rep waits for.

The probe (tests/click_probe.py) runs one click as the add-in launches it (addin/excel/click.py:
frame libraries kept out for buttons that need none, xlwings imported, then ribbon.run) on a
2,000-row customer register, in a fresh process under `python -X importtime`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).resolve().parent / "click_probe.py"
HEAVY = ("openpyxl", "pandas", "polars")


def _click(tmp_path: Path, button: str, *extra: str) -> tuple[dict, list[str]]:
    done = subprocess.run([sys.executable, "-X", "importtime", str(PROBE), button, str(tmp_path), "2000", *extra],
                          capture_output=True, text=True, timeout=300, check=True)
    imported = [line.split("|")[2].strip() for line in done.stderr.splitlines() if line.startswith("import time:") and line.count("|") == 2]
    return json.loads(done.stdout.strip().splitlines()[-1]), imported


@pytest.fixture(scope="module")
def lean(tmp_path_factory) -> tuple[dict, list[str]]:
    return _click(tmp_path_factory.mktemp("click"), "salesdesk_check")


def test_the_check_buttons_process_imports_no_openpyxl_pandas_or_polars(lean):
    result, modules = lean
    assert result["imported"] == []  # none of openpyxl, pandas, polars, numpy, xlsxwriter, oletools, olefile is loaded
    assert "xlwings" in modules and "addin.commands.check" in modules  # the click did import what it needs
    loaded = [m for m in modules if m.split(".")[0] in HEAVY and "." in m]  # a submodule: the package really loaded
    assert loaded == [] and "openpyxl" not in modules
    assert not [m for m in modules if m.split(".")[0] == "babel"]  # the catalogue is read without Babel (a tenth of the start-up)


def test_the_lean_click_finds_what_the_full_one_finds(lean, tmp_path):
    """The same register, the same findings, with xlwings as RunPython would import it (pandas, polars and numpy in)."""
    result, _modules = lean
    full, modules = _click(tmp_path, "salesdesk_check", "--frames")
    assert "pandas.core.frame" in modules  # xlwings imports the frame libraries when it can
    assert result["message"] == full["message"] and result["notes"] == full["notes"]
    assert result["message"].startswith("检查完成：2 个错误")  # the duplicate customer id and the impossible date
    assert result["alerts"] == [result["message"]] and result["notes"] >= 2


def test_only_buttons_that_need_no_frames_keep_them_out():
    from addin.commands.registry import BUTTONS, DOCUMENTS
    from addin.excel.click import LEAN_BUTTONS

    ids = {b.id for b in (*BUTTONS, *DOCUMENTS)}
    assert LEAN_BUTTONS <= ids and "salesdesk_my_summary" not in LEAN_BUTTONS and "salesdesk_team_summary" not in LEAN_BUTTONS


def test_keeping_frames_out_never_hides_one_already_imported(monkeypatch):
    import addin.excel.click as click

    monkeypatch.setitem(sys.modules, "pandas", sys.modules.get("pandas") or object())
    before = {m: sys.modules.get(m) for m in click.FRAME_LIBRARIES}
    click.keep_out_frame_libraries()
    assert {m: sys.modules.get(m) for m in click.FRAME_LIBRARIES} == before


def test_the_ribbons_attribute_quoting_is_saxutils_without_its_imports():
    from xml.sax.saxutils import quoteattr as reference

    from addin.excel.ribbon import quoteattr

    for text in ['检查并批注', 'a "quoted" b', "it's", "both \" and '", "x<y>&z", "line\nbreak\ttab\r"]:
        assert quoteattr(text) == reference(text)


@pytest.mark.parametrize("button", ["salesdesk_refresh", "salesdesk_quote", "salesdesk_doc_acceptance"])
def test_other_lean_buttons_run_without_frames_and_say_what_the_full_click_says(tmp_path, button):
    """Every button but the summaries keeps pandas, polars and numpy out; the message is the one the full click gives."""
    from addin.excel.click import FRAME_BUTTONS, LEAN_BUTTONS

    assert button in LEAN_BUTTONS and not FRAME_BUTTONS & LEAN_BUTTONS
    (tmp_path / "lean").mkdir()
    (tmp_path / "full").mkdir()
    lean, modules = _click(tmp_path / "lean", button)
    full, _modules = _click(tmp_path / "full", button, "--frames")
    assert lean["imported"] in ([], ["openpyxl"]) and not [m for m in modules if m.split(".")[0] in ("pandas", "polars", "numpy") and "." in m]
    assert lean["message"] == full["message"] and "内部错误" not in lean["message"] and lean["alerts"] == full["alerts"]


def test_every_button_is_lean_or_a_summary():
    from addin.commands.registry import BUTTONS, DOCUMENTS
    from addin.excel.click import FRAME_BUTTONS, LEAN_BUTTONS

    assert {b.id for b in (*BUTTONS, *DOCUMENTS)} == LEAN_BUTTONS | FRAME_BUTTONS
