"""`salesdesk addin install | status`, with fake home folders for Windows and macOS;
on Linux (no Excel) both say so clearly."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from addin.cli import main
from addin.excel.install import ExcelUnavailable, applescript, install, places, status
from addin.excel.xlam.package import default_sources, xlam_bytes


@pytest.fixture
def interpreter(tmp_path) -> Path:
    exe = tmp_path / "venv" / "python.exe"
    exe.parent.mkdir()
    exe.write_text("")
    return exe


def test_windows_install_puts_the_addin_in_xlstart_and_points_xlwings_at_this_python(tmp_path, interpreter):
    home = tmp_path / "rep"
    env = {"APPDATA": str(home / "AppData" / "Roaming"), "LOCALAPPDATA": str(home / "AppData" / "Local"), "USERPROFILE": str(home)}
    conf = home / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir(parents=True)
    conf.write_text('"INTERPRETER_WIN","C:\\old\\python.exe"\n"ONEDRIVE_CONSUMER_WIN","D:\\OneDrive"\n', encoding="utf-8")

    lines = install("en", system="Windows", home=home, env=env, interpreter=interpreter)

    addin = home / "AppData" / "Roaming" / "Microsoft" / "Excel" / "XLSTART" / "salesdesk.xlam"
    assert addin.read_bytes() == xlam_bytes(default_sources("en"))
    assert conf.read_text(encoding="utf-8").splitlines() == [f'"INTERPRETER_WIN","{interpreter}"', '"ONEDRIVE_CONSUMER_WIN","D:\\OneDrive"']
    assert (home / "AppData" / "Local" / "salesdesk" / "excel.json").read_text() == '{"lang": "en"}'
    assert lines == [f"Add-in: {addin} (up to date)", f"xlwings INTERPRETER_WIN: {interpreter}"]
    install("en", system="Windows", home=home, env=env, interpreter=interpreter)
    assert [p.name for p in addin.parent.iterdir()] == ["salesdesk.xlam"]  # no backup: Excel would load it as a second add-in


def test_macos_status_says_what_is_missing_and_what_is_stale(tmp_path, interpreter):
    home = tmp_path / "rep"
    where = places("Darwin", home, {})
    assert "Startup.localized/Excel" in str(where.addin) and str(where.xlwings_conf).endswith("com.microsoft.Excel/Data/xlwings.conf")
    before = status("en", "Darwin", home, {}, interpreter)
    assert before[0].startswith("Add-in not installed") and before[1].endswith(f"(should be {interpreter})") and before[2].endswith("(missing)")
    install("en", "Darwin", home, {}, interpreter)
    assert (home / "Library/Application Scripts/com.microsoft.Excel" / applescript().name).read_bytes() == applescript().read_bytes()
    where.addin.write_bytes(b"an older build")
    after = status("en", "Darwin", home, {}, interpreter)
    assert after[0].endswith("(not this version: run salesdesk addin install again)")
    assert hashlib.sha256(where.addin.read_bytes()).hexdigest() != hashlib.sha256(xlam_bytes(default_sources("en"))).hexdigest()


def test_linux_has_no_excel_and_says_so():
    with pytest.raises(ExcelUnavailable) as refused:
        places("Linux", Path("/home/rep"), {})
    assert refused.value.system == "Linux" and "Linux" in refused.value.message("zh")


@pytest.mark.skipif(__import__("platform").system() in ("Windows", "Darwin"), reason="checks the Linux message; Excel may exist here")
@pytest.mark.parametrize("action", ["install", "status"])
def test_cli_install_and_status_on_linux_exit_1_with_the_reason(action, capsys):
    assert main(["addin", action, "--lang", "en"]) == 1
    assert "Excel is not available on this computer (Linux)" in capsys.readouterr().err


def test_build_never_replaces_an_addin_salesdesk_did_not_make(tmp_path):
    """Hostile trial: `addin build -o DIR` replaced a salesdesk.xlam that was not salesdesk's, without a backup."""
    foreign = tmp_path / "salesdesk.xlam"
    foreign.write_bytes(b"the rep's own add-in")
    assert main(["addin", "build", "-o", str(tmp_path)]) == 1
    assert foreign.read_bytes() == b"the rep's own add-in"
    foreign.unlink()
    assert main(["addin", "build", "-o", str(tmp_path)]) == 0 and main(["addin", "build", "-o", str(tmp_path)]) == 0  # its own: replaced
