"""The one way salesdesk writes a file: every command's writes go through here.

Editing a user's workbook (`safe_edit`):
1. admit it: a regular file (a named pipe would hang), readable, not
   read-only, in a writable folder, not open in Excel; a symlink is written
   through to its target; a .xlsb, encrypted, corrupt or hostile file refused;
2. edit the package surgically in memory (only the parts that must change);
3. write a temp file in the same folder, re-open it and compare it part by
   part with the original (`verify`);
4. keep a backup (numbered in creation order, the newest N kept), give the
   temp file the original's mode, owner and group, re-check that the
   original did not change since it was read, then replace it atomically.
   An interrupted run leaves the original intact; its temp file is removed
   by the next run.

Writing a generated workbook (`save_new_file`: quote sheets, sidecars,
templates, demo workbooks, later outputs): text stays text, XML-illegal
characters are replaced, and the file carries salesdesk's marker. An
existing target is replaced only when it is salesdesk's unedited output;
anything else is refused (with `force`, replaced after a backup). Content
that did not change is not written again.

Every refusal is a FileRefused with a code; an OSError never escapes.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterator, cast

from ..i18n import N_, both, both_with
from .causes import because
from .fsguard import (
    Fingerprint,
    admit_folder,
    admit_for_reading,
    admit_for_replacing,
    carry_over,
    clean_stale_temps,
    fingerprint,
    make_backup,
    prune_backups,
    real_target,
    refusal,
    refuse_if_changed,
    replace,
    temp_path,
    write_new,
)
from .ooxml.package import Package
from .ooxml.validate import new_problems
from .ooxml.xmltext import Unsupported
from .package import FileRefused, inspect, refuse_if_open

if TYPE_CHECKING:
    from .generated import Marker


def _generated() -> ModuleType:
    """io/generated.py (openpyxl behind it) when a generated workbook is written or its marker read:
    never on the paths that only edit a workbook or write nothing (a ribbon click in Excel)."""
    from . import generated

    return generated

if TYPE_CHECKING:
    from openpyxl import Workbook

DEFAULT_BACKUPS_KEPT = 5


@dataclass
class WriteResult:
    path: Path
    backup: Path | None
    changed_parts: list[str] = field(default_factory=list)
    details: list[object] = field(default_factory=list)


@dataclass(frozen=True)
class SaveResult:
    path: Path
    written: bool  # False: the file already held exactly this content
    backup: Path | None = None


def verify(original: Path, written: Path, changed: set[str]) -> None:
    """Refuses (FileRefused "file-write-invalid") a written package that lost or altered anything it
    should not have, or whose edited parts are not valid: well-formed, worksheet and stylesheet
    children in schema order, every r:id resolving to a part that exists, every part with a
    content type, every style index in range (addin/io/ooxml/validate.py)."""
    with zipfile.ZipFile(original) as before, zipfile.ZipFile(written) as after:
        found: list[str] = []
        names_after = set(after.namelist())
        for name in before.namelist():
            if name not in names_after:
                found.append(f"part {name} was lost")
            elif name not in changed and (before.getinfo(name).CRC != after.getinfo(name).CRC or before.read(name) != after.read(name)):
                found.append(f"part {name} changed although it was not edited")
        introduced, unreadable = new_problems(before, after, changed)
        found.extend(introduced)
    if unreadable and not found:
        raise FileRefused(
            original,
            "file-unsupported",
            *both_with(lambda _: _("The file has a part salesdesk cannot parse, so nothing was changed ({parts}). Use --sidecar to write a separate file.",
                                   parts=_("; ").join(unreadable[:3]))),
        )
    if found:
        raise FileRefused(
            original,
            "file-write-invalid",
            *both_with(lambda _: _("salesdesk's edit did not pass the structural check, so the file was left unchanged ({problems}). Use --sidecar to write a separate file.",
                                   problems=_("; ").join(found[:3]))),
        )


def _own_output(package: Package) -> bool:
    """Whether the package is salesdesk's unedited output (its marker matches its content)."""
    if not package.exists(_generated().CUSTOM):
        return False
    stored = _generated().marker_digest(package.read(_generated().CUSTOM))
    return stored is not None and stored == _generated().content_digest((n, package.read(n)) for n in package.names())


def _refresh_marker(package: Package) -> None:
    """salesdesk's own output stays recognisable after salesdesk edits it (e.g. the demo, annotated)."""
    custom = package.read(_generated().CUSTOM)
    old = _generated().marker_digest(custom)
    new = _generated().content_digest((n, package.read(n)) for n in package.names())
    if old and old != new:
        package.write(_generated().CUSTOM, custom.replace(old.encode(), new.encode()))


def safe_edit(path: Path, edit: Callable[[Package], list[object]], backups_kept: int = DEFAULT_BACKUPS_KEPT, now: datetime | None = None) -> WriteResult:
    """Applies `edit` to the package at `path` with every safeguard; raises FileRefused."""
    refuse_if_open(path)
    target = real_target(path)
    if target != path:
        refuse_if_open(target)
    st = admit_for_replacing(target)
    inspect(target)
    clean_stale_temps(target.parent)
    before = fingerprint(target)
    temp = temp_path(target.parent, target.suffix)
    try:
        with _package(target, before) as package:
            ours = _own_output(package)
            try:
                details = edit(package)
            except Unsupported as exc:
                raise FileRefused(
                    path,
                    "file-unsupported",
                    *both("The file has content salesdesk cannot edit without loss yet ({exc}); nothing was changed. Use --sidecar to write a separate file.", exc=exc),
                ) from exc
            changed = {name for name, data in package.changed.items() if package.original(name) != data}
            if not changed:
                return WriteResult(path, None, [], details)
            if ours:
                _refresh_marker(package)
                changed.add(_generated().CUSTOM)
            # zipfile writes to an open file as well as to a path; the handle is the guarded one.
            write_new(temp, lambda handle: package.save(cast(Path, handle)))
        refuse_if_changed(target, before)  # a newer save meanwhile: verifying against it would only confuse
        _verified(target, temp, changed)
        backup = make_backup(target, st, now)
        _replace_or_drop_backup(temp, target, st, before, backup)
        prune_backups(target, backups_kept)
        return WriteResult(path, backup, sorted(changed), details)
    finally:
        temp.unlink(missing_ok=True)


@contextmanager
def _package(target: Path, before: Fingerprint) -> Iterator[Package]:
    """The package opened for editing; a part that cannot be read is a refusal, not a traceback."""
    try:
        with Package(target) as package:
            yield package
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        if fingerprint(target) != before:
            raise refusal(target, "file-changed-during-run") from exc
        raise FileRefused(target, "file-corrupt", *because(N_("The file is corrupt: {cause}."), exc)) from exc


def _verified(original: Path, written: Path, changed: set[str]) -> None:
    try:
        verify(original, written, changed)
    except (RuntimeError, zipfile.BadZipFile) as exc:
        raise FileRefused(
            original,
            "write-verify-failed",
            *both("The written file failed verification ({exc}); the original is untouched.", exc=exc),
        ) from exc


def _replace_or_drop_backup(temp: Path, target: Path, st: os.stat_result | None, before: Fingerprint | None, backup: Path | None) -> None:
    """Carries mode and owner over and replaces; when that is refused, the backup just made goes too."""
    try:
        if st is not None:
            carry_over(st, temp)
        replace(temp, target, before)
    except FileRefused:
        if backup is not None:
            backup.unlink(missing_ok=True)
        raise


def _write_and_replace(
    path: Path, target: Path, write: Callable[[BinaryIO], None], st: os.stat_result | None, before: Fingerprint | None, backup: Path | None, backups_kept: int
) -> SaveResult:
    """The common end of every new-file write: a complete temp file beside the target, then the replace."""
    clean_stale_temps(target.parent)
    temp = temp_path(target.parent, target.suffix)
    try:
        write_new(temp, write)
        _replace_or_drop_backup(temp, target, st, before, backup)
    finally:
        temp.unlink(missing_ok=True)
    if backup is not None:
        prune_backups(target, backups_kept)
    return SaveResult(path, True, backup)


def _marker_of(target: Path) -> Marker | None:
    try:
        inspect(target)
    except FileRefused:
        return None  # corrupt, hostile, not a workbook: certainly not salesdesk's unedited output
    return _generated().read_marker(target)


def _replaceable(marker: Marker | None, kind: str) -> bool:
    """salesdesk's unedited output of the same kind: a demo workbook full of data is no blank template."""
    return marker is not None and marker.matches and marker.kind == kind


def refuse_unless_own_output(path: Path, kind: str) -> None:
    """Raises FileRefused when `path` exists and is not salesdesk's unedited output of this `kind`."""
    target = real_target(path)
    if target.is_dir():
        raise refusal(path, "output-is-folder")
    if target.exists():
        admit_for_reading(target)
        if not _replaceable(_marker_of(target), kind):
            raise refusal(path, "file-not-ours")


def save_new_file(book: "Workbook", path: Path, kind: str = "output", backups_kept: int = DEFAULT_BACKUPS_KEPT, force: bool = False) -> SaveResult:
    """Writes a workbook salesdesk generated. Raises FileRefused when `path` holds anything but
    salesdesk's own unedited output (with `force`: after a backup)."""
    refuse_if_open(path)
    target = real_target(path)
    rendered = _generated().render(book, kind, path.name)
    st, before, backup = None, None, None
    if target.is_dir():
        raise refusal(path, "output-is-folder")
    if path.is_symlink() and not target.exists():
        raise refusal(path, "file-not-regular")  # a dangling link: never create a file wherever it points
    if target.exists():
        admit_for_reading(target)
        before = fingerprint(target)
        marker = _marker_of(target)
        if _replaceable(marker, kind):
            assert marker is not None
            if marker.name and marker.name != _generated().clean_text(path.name):
                raise refusal(path, "output-name-clash")
            if marker.digest == rendered.digest:
                return SaveResult(path, False, None)
        elif not force:
            raise refusal(path, "file-not-ours")
        st = admit_for_replacing(target)
        if not _replaceable(marker, kind):
            backup = make_backup(target, st)
    else:
        admit_folder(target.parent)
    return _write_and_replace(path, target, rendered.write, st, before, backup, backups_kept)


def save_new_bytes(
    data: bytes, path: Path, backups_kept: int = DEFAULT_BACKUPS_KEPT, owned: Callable[[bytes], bool] | None = None, force: bool = False
) -> SaveResult:
    """Writes a file built in memory (the Excel add-in, its configuration, calendar files) through
    the same guard: a regular target only, unchanged content not rewritten, a backup of what was
    there (when `backups_kept` > 0), mode and owner carried over, atomic replace. With `owned`, an
    existing file it does not recognise as salesdesk's is refused (`force`: replaced after a
    backup). Raises FileRefused."""
    refuse_if_open(path)
    target = real_target(path)
    if target.is_dir():
        raise refusal(path, "output-is-folder")
    st, before, backup = None, None, None
    if target.exists():
        admit_for_reading(target)
        existing = target.read_bytes()
        if existing == data:
            return SaveResult(path, False, None)
        if owned is not None and not owned(existing) and not force:
            raise refusal(path, "file-not-ours")
        st = admit_for_replacing(target)
        before = fingerprint(target)
        if backups_kept > 0:
            backup = make_backup(target, st)
    else:
        admit_folder(target.parent)
    return _write_and_replace(path, target, lambda handle: None if handle.write(data) else None, st, before, backup, backups_kept)
