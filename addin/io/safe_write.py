"""The one way salesdesk writes a user's workbook.

1. refuse a file Excel holds open, a .xlsb, an encrypted, corrupt or hostile file;
2. edit the package surgically in memory (only the parts that must change);
3. write a temp file in the same folder, re-open it and compare it part by
   part with the original: every untouched part byte-identical, every edited
   XML part well-formed;
4. keep a timestamped backup (a bounded number of them), then replace the
   original atomically. An interrupted run leaves the original intact.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .ooxml.package import Package
from .ooxml.validate import new_problems, well_formed
from .ooxml.xmltext import Unsupported
from .package import FileRefused, inspect, refuse_if_open

if TYPE_CHECKING:
    from openpyxl import Workbook

DEFAULT_BACKUPS_KEPT = 5


@dataclass
class WriteResult:
    path: Path
    backup: Path | None
    changed_parts: list[str] = field(default_factory=list)
    details: list[object] = field(default_factory=list)


def backup_name(path: Path, moment: datetime) -> Path:
    """name.bak-YYYYmmdd-HHMMSS.xlsx; never overwrites an earlier backup of the same second."""
    candidate = path.with_name(f"{path.stem}.bak-{moment:%Y%m%d-%H%M%S}{path.suffix}")
    number = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.bak-{moment:%Y%m%d-%H%M%S}-{number}{path.suffix}")
        number += 1
    return candidate


def prune_backups(path: Path, keep: int) -> None:
    backups = sorted(path.parent.glob(f"{path.stem}.bak-*{path.suffix}"))
    for old in backups[: max(len(backups) - keep, 0)]:
        old.unlink(missing_ok=True)


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
            "文件中有 salesdesk 无法解析的部件，未做任何修改（" + "；".join(unreadable[:3]) + "）。可改用 --sidecar 输出到单独的文件。",
            "The file has a part salesdesk cannot parse, so nothing was changed (" + "; ".join(unreadable[:3]) + "). Use --sidecar to write a separate file.",
        )
    if found:
        raise FileRefused(
            original,
            "file-write-invalid",
            "salesdesk 的修改结果未通过结构校验，原文件未做任何修改（" + "；".join(found[:3]) + "）。可改用 --sidecar 输出到单独的文件。",
            "salesdesk's edit did not pass the structural check, so the file was left unchanged (" + "; ".join(found[:3]) + "). Use --sidecar to write a separate file.",
        )


def check_well_formed(name: str, data: bytes) -> None:
    reason = well_formed(data)
    if reason is not None:
        raise RuntimeError(f"edited part {name} is not well-formed: {reason}")


def safe_edit(path: Path, edit: Callable[[Package], list[object]], backups_kept: int = DEFAULT_BACKUPS_KEPT, now: datetime | None = None) -> WriteResult:
    """Applies `edit` to the package at `path` with every safeguard; raises FileRefused."""
    refuse_if_open(path)
    inspect(path)
    temp = path.with_name(f".salesdesk-tmp-{os.getpid()}-{path.name}")
    try:
        with Package(path) as package:
            try:
                details = edit(package)
            except Unsupported as exc:
                raise FileRefused(
                    path,
                    "file-unsupported",
                    f"该文件含有 salesdesk 暂不能无损修改的内容（{exc}），未做任何修改。可改用 --sidecar 输出到单独的文件。",
                    f"The file has content salesdesk cannot edit without loss yet ({exc}); nothing was changed. Use --sidecar to write a separate file.",
                ) from exc
            changed = {name for name, data in package.changed.items() if package.original(name) != data}
            if not changed:
                return WriteResult(path, None, [], details)
            package.save(temp)
        verify(path, temp, changed)
        moment = now or datetime.now()
        backup = backup_name(path, moment)
        shutil.copy2(path, backup)
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, path)
        prune_backups(path, backups_kept)
        return WriteResult(path, backup, sorted(changed), details)
    finally:
        temp.unlink(missing_ok=True)


def save_new_file(book: "Workbook", path: Path, backups_kept: int = DEFAULT_BACKUPS_KEPT) -> None:
    """Files salesdesk generates (quote sheets, sidecars) may have been edited by a rep
    since: the same safeguards apply (open in Excel refused, backup, atomic replace)."""
    refuse_if_open(path)
    temp = path.with_name(f".salesdesk-tmp-{os.getpid()}-{path.name}")
    try:
        book.save(temp)
        if path.exists():
            shutil.copy2(path, backup_name(path, datetime.now()))
        os.replace(temp, path)
        prune_backups(path, backups_kept)
    finally:
        temp.unlink(missing_ok=True)
