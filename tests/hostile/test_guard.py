"""The guard kind by kind: ownership, names, backups, temp files, file-system metadata and refusals, text."""

from __future__ import annotations

import errno
import io
import os
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hostile_cases import QUOTE_IDS, assert_reopens_without_user_formulas, hostile_calculator, orders_book, run_cli

from addin.io import fsguard
from addin.io.generated import Formula, new_workbook, read_marker
from addin.io.names import MAX_NAME_BYTES, output_name, safe_stem
from addin.io.package import FileRefused
from addin.io.safe_write import safe_edit, save_new_file

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _touch_app_xml(package, pad: int = 1):
    package.write("docProps/app.xml", package.read("docProps/app.xml") + b" " * pad)
    return []


# ---- 1. ownership ----------------------------------------------------------------
def test_templates_refuse_a_reps_filled_workbook_and_force_keeps_a_backup(tmp_path):
    filled = orders_book(tmp_path / "order_progress.xlsx")
    before = filled.read_bytes()
    refused = run_cli("templates", str(tmp_path))
    assert refused.exit == 1 and "file-not-ours" in refused.codes
    assert filled.read_bytes() == before
    forced = run_cli("templates", str(tmp_path), "--force")
    assert forced.exit == 0
    backups = [p for p in tmp_path.iterdir() if p.name.startswith("order_progress.bak-")]
    assert [b.read_bytes() for b in backups] == [before]
    assert read_marker(filled).matches


def test_an_unchanged_output_is_not_written_again(tmp_path):
    calc = hostile_calculator(tmp_path / "quote_calculator.xlsx")
    assert run_cli("quote", str(tmp_path), "--quiet").exit in (0, 1)
    sheets = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (tmp_path / "报价单").iterdir()}
    assert len(sheets) == 2
    calc_before = calc.read_bytes()
    assert run_cli("quote", str(tmp_path), "--quiet").exit in (0, 1)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (tmp_path / "报价单").iterdir()} == sheets  # no backups either
    assert calc.read_bytes() == calc_before  # the computed columns did not change: nothing written


def test_an_edited_sidecar_is_the_reps_file(tmp_path):
    book = orders_book(tmp_path / "orders.xlsx")
    assert run_cli("check", str(book), "--sidecar", "--quiet").exit == 1
    sidecar = tmp_path / "orders.salesdesk-check.xlsx"
    assert read_marker(sidecar).matches
    edited = openpyxl.load_workbook(sidecar)
    edited.active["F2"] = "已联系客户"
    edited.save(sidecar)
    before = sidecar.read_bytes()
    again = run_cli("check", str(book), "--sidecar", "--json")
    assert "file-not-ours" in again.codes and sidecar.read_bytes() == before


def test_same_name_in_another_case_is_a_clash_not_an_overwrite(tmp_path):
    first = tmp_path / "Quote-Q-1.xlsx"
    save_new_file(new_workbook(), first)
    # On a case-insensitive file system Quote-q-1.xlsx is the same file; simulate it with a link.
    (tmp_path / "Quote-q-1.xlsx").symlink_to(first)
    with pytest.raises(FileRefused) as refused:
        save_new_file(new_workbook(), tmp_path / "Quote-q-1.xlsx")
    assert refused.value.code == "output-name-clash"


def test_demo_refuses_a_reps_folder_and_force_backs_up_exactly_their_bytes(tmp_path, demo_run):
    reps = orders_book(tmp_path / "order_progress.xlsx")
    before = reps.read_bytes()
    refused = run_cli("demo", str(tmp_path))
    assert refused.exit == 1 and "file-not-ours" in refused.codes and reps.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["order_progress.xlsx"]  # refused before writing anything

    folder, _, rep_bytes = demo_run  # the session's demo, run with --force over a rep's workbooks
    progress, other = folder / "order_progress.xlsx", folder / "my_own.xlsx"
    backups = sorted((p for p in folder.iterdir() if p.name.startswith("order_progress.bak-")), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    assert backups[0].read_bytes() == rep_bytes[progress]  # the first backup: the rep's workbook, not demo data
    assert other.read_bytes() == rep_bytes[other]  # a workbook the demo did not make is not annotated
    assert_reopens_without_user_formulas(folder / "quote_calculator.xlsx")


# ---- 2. names ----------------------------------------------------------------------
def test_distinct_ids_never_share_a_file_name_and_names_are_bounded():
    names = [output_name("报价单-", q, ".xlsx") for q in QUOTE_IDS + ["Q-1", "q-1", "Q_1~0123456789", "..", "", "nul.txt", "COM1"]]
    assert len(set(names)) == len(names)
    for name in names:
        assert len(name.encode()) <= MAX_NAME_BYTES
        assert not any(c in name for c in '\\/:*?"<>|')
    assert safe_stem("Q-001") == "Q-001"  # an ordinary id stays readable
    for reserved in ("CON", "nul", "Com1", "LPT9", "aux.txt", "CON "):
        assert safe_stem(reserved).lower() != reserved.lower().strip()
        assert "~" in safe_stem(reserved)


def test_every_quote_id_gets_its_own_sheet(tmp_path):
    hostile_calculator(tmp_path / "quote_calculator.xlsx", QUOTE_IDS)
    result = run_cli("quote", str(tmp_path), "--quiet")
    assert result.exit in (0, 1)
    sheets = list((tmp_path / "报价单").iterdir())
    assert len(sheets) == len(QUOTE_IDS)
    assert max(len(p.name.encode()) for p in sheets) <= MAX_NAME_BYTES


# ---- 3. backups and temp files --------------------------------------------------------
def test_backups_keep_the_newest_by_creation_order_and_never_reuse_a_name(tmp_path):
    book = orders_book(tmp_path / "Book[1].xlsx")
    decoy = tmp_path / "Book1.bak-20200101-000000-1.xlsx"
    decoy.write_bytes(b"not ours")
    seen = []
    for pad in range(1, 8):  # all within one second: names must still differ and the newest stay
        result = safe_edit(book, lambda p, pad=pad: _touch_app_xml(p, pad), backups_kept=3, now=datetime(2026, 3, 5, 10, 0, 0))
        seen.append(result.backup.name)
    assert len(set(seen)) == len(seen)
    kept = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("Book[1].bak-"))
    assert sorted(kept) == sorted(seen[-3:])
    assert decoy.read_bytes() == b"not ours"


class FullDisk(io.BytesIO):
    def __init__(self, path: Path, room: int) -> None:
        super().__init__()
        self.path, self.room = path, room
        path.write_bytes(b"")  # the file exists, as a real partial write would leave it

    def write(self, data) -> int:
        if self.tell() + len(data) > self.room:
            self.path.write_bytes(self.getvalue())  # what reached the disk before it filled up
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(data)

    def fileno(self) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("room", [0, 2000])
def test_disk_full_is_a_message_and_leaves_no_truncated_file(tmp_path, monkeypatch, room):
    book = orders_book(tmp_path / "orders.xlsx")
    before = book.read_bytes()
    monkeypatch.setattr(fsguard, "open_new", lambda path: FullDisk(path, room))
    for argv in (["check", str(book), "--annotate", "--json"], ["check", str(book), "--sidecar", "--json"]):
        result = run_cli(*argv)
        assert result.exit == 1 and "file-disk-full" in result.codes
    assert book.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["orders.xlsx"]  # no truncated backup, temp or sidecar


def test_a_backup_that_does_not_fit_is_deleted_and_nothing_replaced(tmp_path, monkeypatch):
    book = orders_book(tmp_path / "orders.xlsx")
    before = book.read_bytes()
    real_open = fsguard.open_new
    monkeypatch.setattr(fsguard, "open_new", lambda path: FullDisk(path, 3000) if ".bak-" in path.name else real_open(path))
    result = run_cli("check", str(book), "--annotate", "--json")
    assert result.exit == 1 and "file-disk-full" in result.codes
    assert book.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["orders.xlsx"]


def test_an_interrupted_runs_temp_file_is_removed_by_the_next_run(tmp_path):
    book = orders_book(tmp_path / "orders.xlsx")
    dead = tmp_path / ".salesdesk-tmp-999999999-orders.xlsx"  # no such process
    dead.write_bytes(b"PK" + b"\0" * 5000)
    mine = tmp_path / f".salesdesk-tmp-{os.getpid()}-x.xlsx"  # a live run's: left alone
    mine.write_bytes(b"PK")
    assert run_cli("check", str(book), "--annotate", "--quiet").exit == 1
    assert not dead.exists() and mine.exists()


# ---- 4. what the file system knew ------------------------------------------------------
@pytest.mark.skipif(not ROOT, reason="changing a file's owner needs root")
def test_the_replaced_file_keeps_mode_owner_and_group(tmp_path):
    book = orders_book(tmp_path / "orders.xlsx")
    os.chown(book, 4242, 4343)
    book.chmod(0o600)
    assert run_cli("check", str(book), "--annotate", "--quiet").exit == 1
    st = book.stat()
    assert (st.st_mode & 0o777, st.st_uid, st.st_gid) == (0o600, 4242, 4343)
    backup = next(p for p in tmp_path.iterdir() if ".bak-" in p.name)
    assert (backup.stat().st_mode & 0o777, backup.stat().st_uid) == (0o600, 4242)  # the backup is as private


def test_a_file_saved_during_the_run_is_not_replaced(tmp_path):
    book = orders_book(tmp_path / "orders.xlsx")

    def edit(package):
        _touch_app_xml(package)
        newer = openpyxl.load_workbook(book)  # a colleague saves a newer version meanwhile (as Excel does: a new file)
        newer.active["A9"] = "newer"
        newer.save(tmp_path / "newer.tmp")
        os.replace(tmp_path / "newer.tmp", book)
        return []

    with pytest.raises(FileRefused) as refused:
        safe_edit(book, edit)
    assert refused.value.code == "file-changed-during-run"
    assert openpyxl.load_workbook(book).active["A9"].value == "newer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["orders.xlsx"]


# ---- 5. text ---------------------------------------------------------------------------
def test_generated_workbooks_take_any_text_as_text(tmp_path):
    book = new_workbook()
    ws = book.active
    texts = ["=1+1", "@SUM(1)", "#N/A", "a\x1bb", "x\ufffey", "lone\ud800", "bell\x07"]
    ws.append(texts)
    ws["A3"] = "=HYPERLINK(\"http://x\")"
    ws["B3"] = Formula("=SUM(1,2)")  # the only way to write a formula
    plain = openpyxl.Workbook()  # built without new_workbook: saving still makes typed text text
    plain.active["A1"] = "=cmd|' /C calc'!A0"
    save_new_file(book, tmp_path / "a.xlsx")
    save_new_file(plain, tmp_path / "b.xlsx")
    values = [c.value for c in openpyxl.load_workbook(tmp_path / "a.xlsx").active[1]]
    assert values == ["=1+1", "@SUM(1)", "#N/A", "a\u241bb", "x\ufffdy", "lone\ufffd", "bell\u2407"]
    reread = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    assert reread["A3"].data_type == "s" and reread["B3"].data_type == "f"
    assert_reopens_without_user_formulas(tmp_path / "b.xlsx")


def test_terminal_output_escapes_control_characters(tmp_path):
    book = orders_book(tmp_path / "orders.xlsx")
    result = run_cli("check", str(book))
    assert "\x1b" not in result.text and "\\u001b[2J" in result.text


def test_a_file_name_holding_control_characters_gets_its_sidecar_and_is_printed_escaped(tmp_path):
    if os.name == "nt":
        pytest.skip("Windows file names cannot hold control characters")
    odd = orders_book(tmp_path / "orders.xlsx").rename(tmp_path / "\x1b[2J[1].xlsx")
    result = run_cli("check", str(tmp_path), "--sidecar")
    assert result.exit == 1 and "\x1b" not in result.text
    sidecars = [p for p in tmp_path.iterdir() if ".salesdesk-check." in p.name]
    assert len(sidecars) == 1 and odd.exists()
    assert_reopens_without_user_formulas(sidecars[0])


# ---- 7. refusals of the file system ------------------------------------------------------
def test_a_named_pipe_or_device_is_refused_without_hanging(tmp_path):
    pipe = tmp_path / "pipe.xlsx"
    os.mkfifo(pipe)
    good = orders_book(tmp_path / "good" / "orders.xlsx")
    for path in (pipe, Path(os.devnull)):
        result = run_cli("check", str(path), str(good), "--json")
        assert result.exit == 1 and "file-not-regular" in result.codes and "date-ambiguous" in result.codes


def test_out_naming_a_file_and_a_sidecar_path_that_is_a_folder(tmp_path):
    calc = hostile_calculator(tmp_path / "quote_calculator.xlsx")
    not_a_folder = tmp_path / "out.txt"
    not_a_folder.write_text("x")
    result = run_cli("quote", str(calc), "--out", str(not_a_folder))
    assert result.exit == 1 and "output-not-folder" in result.codes
    result = run_cli("quote", str(calc), "--out", str(not_a_folder / "below"), "--json")
    assert result.exit == 1 and "output-not-folder" in result.codes
    book = orders_book(tmp_path / "orders.xlsx")
    (tmp_path / "orders.salesdesk-check.xlsx").mkdir()
    result = run_cli("check", str(book), "--sidecar", "--json")
    assert result.exit == 1 and "output-is-folder" in result.codes


def test_refusals_have_codes_with_both_languages():
    from addin.core.issues import CODES

    for code in fsguard.MESSAGES:
        assert code in CODES and CODES[code].title_zh and CODES[code].title_en


def test_output_marker_survives_only_unedited_content(tmp_path):
    path = tmp_path / "x.xlsx"
    save_new_file(new_workbook(), path, kind="sidecar")
    marker = read_marker(path)
    assert marker and marker.matches and marker.kind == "sidecar"
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(tmp_path / "y.xlsx", "w") as out:
        for info in z.infolist():
            data = z.read(info)
            out.writestr(info, data.replace(b"</sheetData>", b"</sheetData>") if "sheet" not in info.filename else data + b" ")
    assert not read_marker(tmp_path / "y.xlsx").matches


def test_malformed_custom_properties_are_not_salesdesks_marker(tmp_path):
    source = orders_book(tmp_path / "source.xlsx")
    book = tmp_path / "order_progress.xlsx"
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(book, "w") as out:
        for info in z.infolist():
            out.writestr(info, z.read(info))
        out.writestr("docProps/custom.xml", b'<Properties><property name="salesdesk.sha256"><vt:lpwstr>00')
    before = book.read_bytes()
    assert read_marker(book) is None
    result = run_cli("templates", str(tmp_path))
    assert result.exit == 1 and "file-not-ours" in result.codes and book.read_bytes() == before
