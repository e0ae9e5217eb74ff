"""Write outcomes are never claimed (issue 18, item 10): every writing command, on a full disk and into a
read-only folder, through the CLI as a rep runs it.

A refused target is an issue naming the rep's file (never the temp file or a backup), exit 1; nothing
is printed as written, tidied or annotated that was not written and verified; the rep's files stay
byte-identical and nothing half-written is left behind. The disk is filled by making the guard's one
`open_new` fail with ENOSPC (after `room` bytes); a read-only folder is its permission bits (the guard
honours them even for root, which the tests run as).
"""

from __future__ import annotations

import errno
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import workbook_of
from forms_data import books
from hostile_cases import run_cli

from addin.io import fsguard

CUSTOMERS = {"客户": [["客户编号", "客户名称", "负责销售", "首次接触"], ["C1", "甲公司", "张伟", "2026年3月5日"], ["C2", "乙公司", "张伟", "2026-03-05"]]}


def rep_folder(root: Path) -> Path:
    folder = root / "rep"
    folder.mkdir()
    for name, sheets in books().items():
        workbook_of(sheets).save(folder / name)
    workbook_of(CUSTOMERS).save(folder / "customers.xlsx")
    return folder


# command -> (argv for the rep's folder, the user's files it writes: names the refusal must use)
COMMANDS = {
    "check --annotate": (lambda f: ["check", str(f), "--annotate"], {"customers.xlsx", "quote_calculator.xlsx"}),
    "check --sidecar": (lambda f: ["check", str(f), "--sidecar"], {"customers.salesdesk-check.xlsx", "quote_calculator.salesdesk-check.xlsx"}),
    "tidy": (lambda f: ["tidy", str(f / "customers.xlsx")], {"customers.xlsx"}),
    "quote": (lambda f: ["quote", str(f), "--as-of", "2026-03-06"], {"quote_calculator.xlsx", "报价单-Q-1.xlsx"}),
    "refresh": (lambda f: ["refresh", str(f), "--as-of", "2026-03-06T09:00", "--ics", str(f / "rep.ics")], {"rep.ics", "customers.xlsx", "order_progress.xlsx"}),
    "forms": (lambda f: ["forms", "contract", str(f), "--quote", "Q-1", "--as-of", "2026-03-06T09:00"], {"销售合同-Q-1.xlsx"}),
    "import": (lambda f: ["import", str(f / "customers.xlsx"), "-o", str(f / "新工作簿")], {"customer_register.xlsx"}),
    "summary -o": (lambda f: ["summary", str(f), "-o", str(f / "汇总.xlsx"), "--as-of", "2026-03-06T09:00"], {"汇总.xlsx"}),
    "templates": (lambda f: ["templates", str(f / "模板")], {"customer_register.xlsx", "settings.xlsx"}),
}
CLAIMS = ("Written:", "Annotated:", "Updated:", "cells tidied", "cell tidied", "Summary written", "Document:", "Customer quote sheets:", "Findings written to",
          "Calendar file:", "Carried over", "Report of this import")
REFUSED = {"file-disk-full", "folder-read-only", "file-read-only"}


class FullDisk(io.BytesIO):
    """The disk fills up after `room` bytes of a new file (what reached the disk stays, as a real partial write leaves it)."""

    def __init__(self, path: Path, room: int) -> None:
        super().__init__()
        self.path, self.room = path, room
        path.write_bytes(b"")

    def write(self, data) -> int:
        if self.tell() + len(data) > self.room:
            self.path.write_bytes(self.getvalue())
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(data)

    def fileno(self) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_nothing_claimed(text: str, exit_code: int, codes: set[str], named: set[str]) -> None:
    assert exit_code == 1, text
    assert codes & REFUSED, text
    for claim in CLAIMS:
        assert claim not in text, (claim, text)
    assert ".salesdesk-tmp-" not in text and ".bak-" not in text, text  # the rep's file is named, never ours
    assert any(name in text for name in named), text


@pytest.mark.parametrize("room", [0, 3000])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_full_disk_is_an_issue_naming_the_reps_file_and_nothing_is_claimed(tmp_path, monkeypatch, command, room):
    folder = rep_folder(tmp_path)
    before = files_of(folder)
    monkeypatch.setattr(fsguard, "open_new", lambda path: FullDisk(path, room))
    argv, named = COMMANDS[command]
    result = run_cli(*argv(folder), "--lang", "en")
    assert_nothing_claimed(result.text, result.exit, result.codes, named)
    assert "file-disk-full" in result.codes
    assert files_of(folder) == before  # nothing replaced, nothing half-written left (temp files, backups, outputs)


@pytest.mark.parametrize("command", [c for c in COMMANDS if c not in ("import", "templates")])
def test_a_read_only_folder_is_an_issue_naming_the_reps_file_and_nothing_is_claimed(tmp_path, command):
    folder = rep_folder(tmp_path)
    for sub in ("报价单", "单据"):  # the output folders exist already (a second run): read-only too
        (folder / sub).mkdir()
    for path in [*folder.rglob("*"), folder]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    before = files_of(folder)
    argv, named = COMMANDS[command]
    try:
        result = run_cli(*argv(folder), "--lang", "en")
    finally:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert_nothing_claimed(result.text, result.exit, result.codes, named)
    assert files_of(folder) == before


@pytest.mark.parametrize("command", ["import", "templates"])
def test_a_read_only_output_folder_refuses_import_and_templates(tmp_path, command):
    folder = rep_folder(tmp_path)
    target = folder / ("新工作簿" if command == "import" else "模板")
    target.mkdir()
    target.chmod(0o555)
    try:
        argv, named = COMMANDS[command]
        result = run_cli(*argv(folder), "--lang", "en")
    finally:
        target.chmod(0o755)
    assert_nothing_claimed(result.text, result.exit, result.codes, named)
    assert list(target.iterdir()) == []


def test_tidy_json_says_which_changes_were_written(tmp_path, monkeypatch):
    folder = rep_folder(tmp_path)
    monkeypatch.setattr(fsguard, "open_new", lambda path: FullDisk(path, 0))
    result = run_cli("tidy", str(folder / "customers.xlsx"), "--json", "--lang", "en")
    data = json.loads(result.text[: result.text.rindex("}") + 1])
    assert result.exit == 1 and [(c["column"], c["row"], c["written"]) for c in data["changes"]] == [("D", 2, False), ("D", 3, False)]
    monkeypatch.undo()
    result = run_cli("tidy", str(folder / "customers.xlsx"), "--json", "--lang", "en")
    assert [(c["column"], c["row"], c["written"]) for c in json.loads(result.text)["changes"]] == [("D", 2, True), ("D", 3, True)]


def test_summary_json_says_the_output_was_not_written(tmp_path):
    folder = rep_folder(tmp_path)
    out = tmp_path / "只读"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = run_cli("summary", str(folder), "-o", str(out / "汇总.xlsx"), "--json", "--as-of", "2026-03-06T09:00")
    finally:
        out.chmod(0o755)
    data = json.loads(result.text[: result.text.rindex("}") + 1])
    assert result.exit == 1 and data["written"] is None
    assert [(i["code"], Path(i["file"]).name) for i in data["refused"]] == [("folder-read-only", "汇总.xlsx")]
    shutil.rmtree(out)


def test_a_write_that_does_not_read_back_is_refused_and_never_claimed(tmp_path, monkeypatch):
    """Verification of new files: bytes that differ from what was written (a failing disk) are a refusal."""
    folder = rep_folder(tmp_path)
    real = fsguard.open_new

    class Garbling(io.BufferedWriter):
        def write(self, data) -> int:
            return super().write(bytes(len(data)))  # zeros reach the disk

    monkeypatch.setattr(fsguard, "open_new", lambda path: Garbling(io.FileIO(path, "xb")) if path.suffix == ".xlsx" else real(path))
    result = run_cli("summary", str(folder), "-o", str(folder / "汇总.xlsx"), "--as-of", "2026-03-06T09:00", "--lang", "en")
    assert result.exit == 1 and "write-verify-failed" in result.codes and "Summary written" not in result.text
    assert not (folder / "汇总.xlsx").exists()


def test_the_team_summary_button_never_claims_a_summary_it_could_not_write(tmp_path, monkeypatch):
    from xlwings_fake import from_file

    from addin.excel import feedback
    from addin.excel.ribbon import run

    monkeypatch.setattr(feedback, "log_path", lambda: tmp_path / "log" / "salesdesk.log")
    folder = rep_folder(tmp_path)
    book = folder / "order_progress.xlsx"
    excel = from_file(book)
    folder.chmod(0o555)
    try:
        message = run("salesdesk_team_summary", book=excel.book(str(book)), lang="en")
    finally:
        folder.chmod(0o755)
    assert "Summary written" not in message and "not written" in message and "salesdesk-summary.xlsx" in message and "read-only" in message
    assert not (folder / "salesdesk-summary.xlsx").exists()
    for handler in list(feedback._logger.handlers):
        feedback._logger.removeHandler(handler)
        handler.close()
