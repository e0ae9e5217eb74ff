"""What the file system must agree to before salesdesk replaces a file.

Used only by safe_write.py (the one way salesdesk writes): admission of a
path (a regular file, readable, writable, in a writable folder), the
fingerprint re-checked just before the atomic replace, temp files (and the
clean-up of an interrupted run's), backups (numbered in creation order,
matched literally, never truncated), the owner and mode a replaced file
keeps, and every OSError turned into a FileRefused with a code.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import shutil
import stat
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from ..i18n import N_, both
from .names import MAX_NAME_BYTES, bounded_name
from .package import FileRefused

TEMP_PREFIX = ".salesdesk-tmp-"
_TEMP = re.compile(r"^\.salesdesk-tmp-(\d+)-")
STALE_TEMP_SECONDS = 3600
_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
_READ_BITS = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH

# Every refusal of the file system, in one place: code -> msgid; {name} is the file, {detail} the OS's words.
MESSAGES: dict[str, str] = {
    "file-disk-full": N_("The disk is full: {name} could not be written; the original is untouched. Free some space and run again."),
    "file-permission": N_("No permission to write {name} ({detail}); the original is untouched."),
    "file-write-failed": N_("Writing {name} failed ({detail}); the original is untouched."),
    "file-read-only": N_("{name} is read-only; salesdesk leaves it alone. Clear the read-only flag first if it should be written."),
    "folder-read-only": N_("The folder {name} is read-only; nothing can be written there."),
    "file-unreadable": N_("{name} cannot be read ({detail}); skipped, the other files were processed."),
    "file-not-regular": N_("{name} is not a regular file (a folder, pipe or device); skipped."),
    "file-changed-during-run": N_("{name} changed while salesdesk was working (a newer save by Excel or a colleague); nothing was replaced. Run again."),
    "file-owner-not-kept": N_("The owner of {name} could not be kept ({detail}); nothing was replaced."),
    "file-not-ours": N_("{name} exists and is not salesdesk's unedited output; not replaced. Rename or move it and run again (templates and demo take --force: backup first, then replace)."),
    "output-name-clash": N_("{name} already holds another output (names differing only in case or form); not replaced."),
    "output-is-folder": N_("The output path {name} is a folder; nothing written."),
    "output-not-folder": N_("The output location {name} is not a folder; nothing written."),
    "output-folder-missing": N_("The output folder {name} does not exist; nothing written."),
}
# Refusals whose message already says nothing was written: a wrapper naming the user's file does not say it again.
SAYS_NOTHING_WRITTEN = frozenset({"output-is-folder", "output-not-folder", "output-folder-missing"})


def refusal(path: Path | str, code: str, detail: str = "") -> FileRefused:
    name = Path(path).name or str(path)
    return FileRefused(path, code, *both(MESSAGES[code], name=name, detail=detail))


def os_refusal(path: Path | str, exc: OSError) -> FileRefused:
    detail = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
        return refusal(path, "file-disk-full", detail)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return refusal(path, "file-permission", detail)
    if exc.errno == errno.EISDIR:
        return refusal(path, "output-is-folder", detail)
    if exc.errno == errno.ENOTDIR:
        return refusal(path, "output-not-folder", detail)
    return refusal(path, "file-write-failed", detail)


@contextmanager
def fs_errors(path: Path) -> Iterator[None]:
    """An OSError inside becomes a FileRefused about `path`."""
    try:
        yield
    except OSError as exc:
        raise os_refusal(path, exc) from exc


# ---- admission ---------------------------------------------------------------
def admit_for_reading(path: Path) -> os.stat_result:
    """A regular, readable file, checked before anything opens it (a named pipe would hang)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise FileRefused(path, "file-missing", *both("File not found.")) from None
    except OSError as exc:
        raise refusal(path, "file-unreadable", exc.strerror or str(exc)) from exc
    if not stat.S_ISREG(st.st_mode):
        raise refusal(path, "file-not-regular")
    # Permission bits are honoured even where the process could ignore them (root).
    if not st.st_mode & _READ_BITS or not os.access(path, os.R_OK):
        raise refusal(path, "file-unreadable", "permission denied")
    return st


FOLDER_READ_ONLY_FOR = N_("The folder {folder} is read-only: {name} could not be written there.")


def admit_folder(folder: Path, target: Path | None = None) -> None:
    """A folder salesdesk may create files in; a refusal names `target` (the user's file to be written) when given."""
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        # named in full: which part of the path is missing is the user's to see
        raise FileRefused(folder, "output-folder-missing", *both(MESSAGES["output-folder-missing"], name=str(folder))) from None
    except OSError as exc:
        raise os_refusal(folder, exc) from exc
    if not stat.S_ISDIR(st.st_mode):
        raise refusal(folder, "output-not-folder")
    if os.name != "nt" and (not st.st_mode & _WRITE_BITS or not os.access(folder, os.W_OK | os.X_OK)):
        if target is not None:
            raise FileRefused(target, "folder-read-only", *both(FOLDER_READ_ONLY_FOR, folder=folder.name or str(folder), name=target.name))
        raise refusal(folder, "folder-read-only")


def ensure_folder(folder: Path) -> None:
    """Creates `folder` (and its parents) for outputs; a file in the way is a refusal, not a traceback."""
    if folder.exists() and not folder.is_dir():
        raise refusal(folder, "output-not-folder")
    with fs_errors(folder):
        folder.mkdir(parents=True, exist_ok=True)


def admit_for_replacing(target: Path) -> os.stat_result:
    """An existing file salesdesk may replace: regular, readable, not read-only, in a writable folder."""
    st = admit_for_reading(target)
    if not st.st_mode & _WRITE_BITS or not os.access(target, os.W_OK):
        raise refusal(target, "file-read-only")
    admit_folder(target.parent, target)
    return st


def real_target(path: Path) -> Path:
    """A symlink is written through: the file replaced is its target, and the link stays a link."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


# ---- fingerprints ------------------------------------------------------------
@dataclass(frozen=True)
class Fingerprint:
    size: int
    mtime_ns: int
    sha256: str


def fingerprint(path: Path) -> Fingerprint:
    with fs_errors(path):
        st = os.stat(path)
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return Fingerprint(st.st_size, st.st_mtime_ns, digest.hexdigest())


def refuse_if_changed(path: Path, before: Fingerprint) -> None:
    if fingerprint(path) != before:
        raise refusal(path, "file-changed-during-run")


# ---- temp files --------------------------------------------------------------
def temp_path(folder: Path, suffix: str) -> Path:
    return folder / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}{suffix}"


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process on Windows: judge by age only
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_temps(folder: Path) -> list[Path]:
    """Removes temp files an interrupted run (killed, power cut) left in `folder`."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed  # the write that follows reports what is wrong with the folder
    for entry in entries:
        match = _TEMP.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        pid = int(match.group(1))
        old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS
        if pid != os.getpid() and (old or not _alive(pid)):
            Path(entry.path).unlink(missing_ok=True)
            removed.append(Path(entry.path))
    return removed


def open_new(path: Path) -> BinaryIO:
    """The one place a new file is opened for writing (exclusive: never an existing name)."""
    return path.open("xb")


def write_new(path: Path, write: Callable[[BinaryIO], None], about: Path | None = None) -> None:
    """Writes a new file completely, or leaves nothing behind (a half-written file is deleted).
    A refusal names `about` (the user's file the temp file or backup is for), else `path`."""
    try:
        with fs_errors(about or path):
            with open_new(path) as handle:
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


# ---- backups -----------------------------------------------------------------
def _backup_parts(path: Path) -> tuple[str, str]:
    stem = bounded_name(path.stem, "", MAX_NAME_BYTES - len(path.suffix.encode()) - 30)
    return f"{stem}.bak-", path.suffix


def own_backups(path: Path) -> list[tuple[int, str, Path]]:
    """This file's backups only, matched literally (a name like Book[1].xlsx is no pattern), oldest first."""
    prefix, suffix = _backup_parts(path)
    pattern = re.compile(re.escape(prefix) + r"(\d{8}-\d{6})(?:-(\d+))?" + re.escape(suffix) + "$")
    found = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return []
    for entry in entries:
        match = pattern.match(entry.name)
        if match and entry.is_file(follow_symlinks=False):
            found.append((int(match.group(2) or 0), match.group(1), Path(entry.path)))
    return sorted(found)


def make_backup(path: Path, st: os.stat_result, moment: datetime | None = None) -> Path:
    """A copy of `path` under a name never used before, numbered in creation order, with its mode and owner."""
    prefix, suffix = _backup_parts(path)
    number = max((n for n, _, _ in own_backups(path)), default=0) + 1
    stamp = f"{moment or datetime.now():%Y%m%d-%H%M%S}"
    while True:
        backup = path.with_name(f"{prefix}{stamp}-{number}{suffix}")
        if not backup.exists():
            break
        number += 1

    def copy(handle: BinaryIO) -> None:
        with path.open("rb") as source:
            shutil.copyfileobj(source, handle, 1 << 20)

    write_new(backup, copy, about=path)
    try:
        carry_over(st, backup, about=path)
    except FileRefused:
        backup.unlink(missing_ok=True)
        raise
    return backup


def prune_backups(path: Path, keep: int) -> None:
    backups = own_backups(path)
    for _, _, old in backups[: max(len(backups) - max(keep, 1), 0)]:
        old.unlink(missing_ok=True)


# ---- replacing -----------------------------------------------------------------
def carry_over(st: os.stat_result, written: Path, about: Path | None = None) -> None:
    """The replaced file's mode, owner and group go to the file that replaces it; a refusal names `about`."""
    with fs_errors(about or written):
        os.chmod(written, stat.S_IMODE(st.st_mode))
        now = os.stat(written)
    if hasattr(os, "chown") and (now.st_uid, now.st_gid) != (st.st_uid, st.st_gid):
        try:
            os.chown(written, st.st_uid, st.st_gid)
        except PermissionError as exc:
            raise refusal(about or written, "file-owner-not-kept", exc.strerror or str(exc)) from exc


def replace(temp: Path, target: Path, before: Fingerprint | None) -> None:
    """Re-checks the target (unchanged since read), then replaces it atomically and makes it durable."""
    if before is not None:
        refuse_if_changed(target, before)
    with fs_errors(target):
        os.replace(temp, target)
    if os.name != "nt":
        try:
            folder = os.open(target.parent, os.O_RDONLY)
        except OSError:
            return  # the replace itself is done; only durability of the folder entry is not forced
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
