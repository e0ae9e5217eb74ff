"""`salesdesk addin install | status`, with fake home folders for Windows and macOS;
on Linux (no Excel) both say so clearly."""

from __future__ import annotations

import hashlib
from pathlib import Path
from unittest.mock import PropertyMock

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

    lines = install("en", system="Windows", home=home, env=env, interpreter=interpreter, codepage="cp1252", startup=lambda: None)

    addin = home / "AppData" / "Roaming" / "Microsoft" / "Excel" / "XLSTART" / "salesdesk.xlam"
    assert addin.read_bytes() == xlam_bytes(default_sources("en"))
    assert conf.read_text(encoding="utf-8").splitlines() == [f'"INTERPRETER_WIN","{interpreter}"', '"ONEDRIVE_CONSUMER_WIN","D:\\OneDrive"']
    assert (home / "AppData" / "Local" / "salesdesk" / "excel.json").read_text() == '{"lang": "en"}'
    assert lines == [f"Add-in: {addin} (up to date)", f"xlwings INTERPRETER_WIN: {interpreter}",
                     "xlwings ONEDRIVE_CONSUMER_WIN: D:\\OneDrive (folder not found)"]  # status also checks xlwings' OneDrive folders
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


# ---- a Chinese rep's Windows PC (issue 21): code page 936, a user folder named 张三 ----------------
def _windows_home(tmp_path: Path, user: str = "张三") -> tuple[Path, dict[str, str]]:
    home = tmp_path / "Users" / user
    env = {"APPDATA": str(home / "AppData" / "Roaming"), "LOCALAPPDATA": str(home / "AppData" / "Local"), "USERPROFILE": str(home)}
    return home, env


def _no_excel():
    return None


def test_install_writes_xlwings_conf_in_the_pcs_code_page_and_merges_an_existing_cp936_conf(tmp_path):
    home, env = _windows_home(tmp_path)
    exe = home / "salesdesk" / ".venv" / "Scripts" / "pythonw.exe"
    exe.parent.mkdir(parents=True)
    exe.write_text("")
    conf = home / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir(parents=True)
    # what a rep who used xlwings before has: xlwings' own writer, code page 936, a Chinese path in another key
    conf.write_bytes('"INTERPRETER_WIN","D:\\旧的\\python.exe"\r\n"PYTHONPATH","D:\\我的脚本"\r\n"SHOW CONSOLE","False"\r\n'.encode("cp936"))

    lines = install("zh", system="Windows", home=home, env=env, interpreter=exe, codepage="cp936", startup=_no_excel)

    data = conf.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # not UTF-8: xlwings' VBA would garble 张三
    assert data.decode("cp936").split("\r\n") == [f'"INTERPRETER_WIN","{exe}"', '"PYTHONPATH","D:\\我的脚本"', '"SHOW CONSOLE","False"', ""]
    assert "张三" in data.decode("cp936")
    assert lines[1] == f"xlwings INTERPRETER_WIN: {exe}"  # read back in cp936, as the VBA reads it: no "(should be ...)"
    backups = [p for p in conf.parent.iterdir() if p.name != "xlwings.conf"]
    assert len(backups) == 1 and backups[0].read_bytes().decode("cp936").startswith('"INTERPRETER_WIN","D:\\旧的')


def test_a_utf8_conf_from_an_earlier_install_is_read_and_rewritten_in_the_code_page(tmp_path):
    home, env = _windows_home(tmp_path)
    exe = home / "py" / "pythonw.exe"
    exe.parent.mkdir(parents=True)
    exe.write_text("")
    conf = home / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir(parents=True)
    conf.write_text(f'"INTERPRETER_WIN","{exe}"\n"CONDA ENV","基础"\n', encoding="utf-8")

    before = status("en", "Windows", home, env, exe, codepage="cp936", startup=_no_excel)
    assert before[1].startswith("xlwings INTERPRETER_WIN: ") and before[1].endswith(f"(should be {exe})")  # garbled as the VBA reads it
    install("en", "Windows", home, env, exe, codepage="cp936", startup=_no_excel)
    assert conf.read_bytes().decode("cp936").splitlines() == [f'"INTERPRETER_WIN","{exe}"', '"CONDA ENV","基础"']
    assert status("en", "Windows", home, env, exe, codepage="cp936", startup=_no_excel)[1] == f"xlwings INTERPRETER_WIN: {exe}"


def test_a_path_the_code_page_cannot_hold_is_refused_with_a_folder_that_works_and_nothing_is_written(tmp_path, capsys):
    home, env = _windows_home(tmp_path)  # 张三 on a Western PC (code page 1252)
    exe = home / "venv" / "pythonw.exe"
    exe.parent.mkdir(parents=True)
    exe.write_text("")
    from addin.excel.conf import ConfRefused

    with pytest.raises(ConfRefused) as refused:
        install("zh", "Windows", home, env, exe, codepage="cp1252", startup=_no_excel)
    message = refused.value.message("zh")
    assert "cp1252" in message and "张" in message and "C:\\salesdesk" in message and "install.bat" in message
    assert "C:\\salesdesk" in refused.value.message("en") and "code page" in refused.value.message("en")
    assert not (home / ".xlwings").exists() and not (home / "AppData").exists()  # refused before anything was written


def test_a_conf_in_no_encoding_salesdesk_can_tell_is_left_alone_with_a_message_not_a_traceback(tmp_path, monkeypatch, capsys):
    home, env = _windows_home(tmp_path, "rep")
    conf = home / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir(parents=True)
    conf.write_bytes(b'"INTERPRETER_WIN","\x81\xff"\r\n')  # neither UTF-8 nor cp936
    import addin.excel.install as inst

    monkeypatch.setattr(inst.platform, "system", lambda: "Windows")
    monkeypatch.setattr(inst.Path, "home", classmethod(lambda cls: home))
    monkeypatch.setattr(inst.os, "environ", env)
    monkeypatch.setattr(inst.xlconf, "ansi_codepage", lambda system: "cp936")
    monkeypatch.setattr(inst, "excel_startup_path", _no_excel)
    assert main(["addin", "install", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "neither UTF-8 nor in this PC's code page (cp936)" in err and "Traceback" not in err
    assert conf.read_bytes() == b'"INTERPRETER_WIN","\x81\xff"\r\n'


def test_onedrive_folders_found_on_the_pc_are_written_for_xlwings_and_a_users_own_setting_is_kept(tmp_path):
    home, env = _windows_home(tmp_path)
    exe = home / "py" / "pythonw.exe"
    exe.parent.mkdir(parents=True)
    exe.write_text("")
    env |= {"OneDriveConsumer": str(home / "OneDrive"), "OneDriveCommercial": str(home / "OneDrive - 华东分销")}
    (home / "OneDrive").mkdir()
    conf = home / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir(parents=True)
    conf.write_bytes('"ONEDRIVE_CONSUMER_WIN","E:\\我的云盘"\r\n'.encode("cp936"))

    lines = install("en", "Windows", home, env, exe, codepage="cp936", startup=_no_excel)

    values = dict(line[1:-1].split('","') for line in conf.read_bytes().decode("cp936").splitlines())
    assert values == {"ONEDRIVE_CONSUMER_WIN": "E:\\我的云盘", "INTERPRETER_WIN": str(exe),
                      "ONEDRIVE_COMMERCIAL_WIN": str(home / "OneDrive - 华东分销"), "SHAREPOINT_WIN": str(home / "华东分销")}
    assert "xlwings ONEDRIVE_CONSUMER_WIN: E:\\我的云盘 (folder not found)" in lines


def test_the_startup_folder_excel_reports_is_where_the_addin_goes_and_status_says_so(tmp_path, interpreter):
    home, env = _windows_home(tmp_path)
    excel_says = tmp_path / "D盘" / "XLSTART"
    lines = install("en", "Windows", home, env, interpreter, codepage="cp936", startup=lambda: excel_says)
    assert (excel_says / "salesdesk.xlam").exists() and not (home / "AppData" / "Roaming" / "Microsoft").exists()
    assert lines[:2] == [f"Add-in: {excel_says / 'salesdesk.xlam'} (up to date)", f"Excel loads add-ins from: {excel_says} (asked of Excel)"]


def test_macos_status_names_both_permission_prompts(tmp_path, interpreter):
    lines = status("zh", "Darwin", tmp_path / "rep", {}, interpreter, startup=_no_excel)
    assert any("自动化" in line for line in lines) and any("文件和文件夹" in line for line in lines)


@pytest.mark.parametrize("fullname", [
    "https://d.docs.live.net/4f2a/销售/客户档案.xlsx",  # what Excel reports for a OneDrive workbook xlwings could not map
    xlwings_error := "Couldn't find the local OneDrive folder. Please configure the ONEDRIVE_CONSUMER_WIN setting",
])
def test_a_onedrive_workbook_without_a_local_folder_gets_a_clear_message_not_an_internal_error(fullname, tmp_path, monkeypatch):
    import xlwings

    from addin.excel import feedback
    from addin.excel.ribbon import run
    from tests.xlwings_fake import FakeExcel

    monkeypatch.setattr(feedback, "log_path", lambda: tmp_path / "salesdesk.log")
    excel = FakeExcel()
    book = excel.book("C:/x/客户档案.xlsx")
    if fullname == xlwings_error:
        type(book).fullname = PropertyMock(side_effect=xlwings.XlwingsError(fullname))
    else:
        type(book).fullname = PropertyMock(return_value=fullname)
    message = run("salesdesk_check", book=book, lang="zh")
    assert message.startswith("此工作簿保存在 OneDrive 或 SharePoint") and fullname in message and "salesdesk addin install" in message
    assert excel.alerts == [(message, {"title": "销售助手 salesdesk", "mode": "info"})]
    assert run("salesdesk_check", book=book, lang="en").startswith("This workbook is saved in OneDrive or SharePoint")


def test_keep_python_asks_xlwings_for_its_com_server_and_status_says_what_it_means(tmp_path, interpreter):
    home, env = _windows_home(tmp_path)
    lines = install("en", "Windows", home, env, interpreter, codepage="cp936", startup=_no_excel, keep_python=True)
    conf = (home / ".xlwings" / "xlwings.conf").read_bytes().decode("cp936").splitlines()
    assert conf == [f'"INTERPRETER_WIN","{interpreter}"', '"USE UDF SERVER","True"']
    assert "xlwings USE UDF SERVER: True (one Python kept between clicks; restart Excel after updating salesdesk)" in lines
    install("en", "Windows", home, env, interpreter, codepage="cp936", startup=_no_excel)  # a later install keeps the rep's choice
    assert '"USE UDF SERVER","True"' in (home / ".xlwings" / "xlwings.conf").read_bytes().decode("cp936")


def test_a_onedrive_folder_the_code_page_cannot_hold_is_left_to_xlwings_own_search_not_a_refusal(tmp_path):
    home, env = _windows_home(tmp_path, "rep")
    exe = home / "py" / "pythonw.exe"
    exe.parent.mkdir(parents=True)
    exe.write_text("")
    env |= {"OneDriveCommercial": str(home / "OneDrive - 华东分销")}
    install("en", "Windows", home, env, exe, codepage="cp1252", startup=_no_excel)
    assert (home / ".xlwings" / "xlwings.conf").read_bytes().decode("cp1252").splitlines() == [f'"INTERPRETER_WIN","{exe}"']
