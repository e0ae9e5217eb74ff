"""Pre-flight checks of an Excel package before anything reads or writes it.

Refuses, with a message a rep understands: binary .xlsb, encrypted files
(an OLE container, not a zip), corrupt packages, zip bombs and XML with a
DOCTYPE anywhere in a part (entity expansion), members that fail their CRC,
and packages that name a part ambiguously (two members of one name, a
relationship target that matches a member only when case is ignored). Reading never expands entities; writing never
runs on a refused file.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..i18n import N_, both, pick
from .causes import because

OLE_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_MEMBERS = 20_000
MAX_TOTAL_UNCOMPRESSED = 4 * 1024**3
MAX_RATIO = 200  # compressed XML is typically 5-20x; bombs are 1000x+
RATIO_FLOOR = 50 * 1024**2  # small parts may compress well; only big ones are judged


class FileRefused(Exception):
    """A file salesdesk will not read or write, with a reason in zh and en."""

    def __init__(self, path: Path | str, code: str, zh: str, en: str) -> None:
        super().__init__(f"{path}: {en}")
        self.path = str(path)
        self.code = code
        self.zh = zh
        self.en = en

    def message(self, lang: str) -> str:
        return pick((self.zh, self.en), lang)


def lock_file(path: Path) -> Path:
    """Excel's owner file for an open workbook: `~$` plus the name, beside it."""
    return path.with_name("~$" + path.name)


def refuse_if_open(path: Path) -> None:
    lock = lock_file(path)
    # Excel drops the first two characters of long names in the owner file name.
    alt = path.with_name("~$" + path.name[2:]) if len(path.name) > 2 else lock
    if lock.exists() or alt.exists():
        raise FileRefused(
            path,
            "file-open-in-excel",
            *both("The file is open in Excel ({name} exists); close it and run again.", name=lock.name),
        )


@dataclass(frozen=True)
class PackageInfo:
    path: Path
    members: tuple[str, ...]
    has_vba: bool


_INSPECTED: dict[tuple[str, int, int], PackageInfo] = {}


def inspect(path: Path) -> PackageInfo:
    """Validates a workbook package, or raises FileRefused.

    Every member is read to its end once; a file inspected before and unchanged
    since (same size and modification time) is not read again (check, then annotate)."""
    try:
        stat = path.stat()
    except OSError:
        stat = None
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns) if stat else None
    if key is not None and key in _INSPECTED:
        return _INSPECTED[key]
    info = _inspect(path)
    if key is not None:
        if len(_INSPECTED) > 256:
            _INSPECTED.clear()
        _INSPECTED[key] = info
    return info


def _inspect(path: Path) -> PackageInfo:
    if not path.exists():
        raise FileRefused(path, "file-missing", *both("File not found."))
    suffix = path.suffix.lower()
    if suffix == ".xlsb":
        raise FileRefused(path, "file-xlsb", *both("Binary .xlsb workbooks are not supported; save as .xlsx in Excel."))
    with path.open("rb") as handle:
        head = handle.read(4)
    if head == OLE_MAGIC:
        raise FileRefused(
            path,
            "file-encrypted",
            *both("The file is encrypted (or an old .xls); remove the password and save as .xlsx in Excel."),
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileRefused(path, "file-corrupt", *because(N_("The file is corrupt or not an Excel workbook: {cause}."), exc)) from exc
    with archive:
        infos = archive.infolist()
        _refuse_bombs(path, infos)
        names = tuple(i.filename for i in infos)
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise FileRefused(path, "file-corrupt", *both("The file is corrupt: the workbook structure is missing."))
        _refuse_ambiguous_names(path, names)
        for info in infos:
            _read_through(path, archive, info)
        _refuse_case_mismatches(path, archive, names)
    return PackageInfo(path=path, members=names, has_vba="xl/vbaProject.bin" in names)


CHUNK = 1 << 20
_DTD_MARKS = (b"<!DOCTYPE", b"<!ENTITY")


def _read_through(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Reads a member to its end in bounded chunks: its CRC is checked, and an XML part is
    searched for a DTD anywhere (a mark split between two chunks is found too)."""
    xml = info.filename.endswith((".xml", ".rels", ".vml"))
    carry = b""
    try:
        with archive.open(info) as part:
            while chunk := part.read(CHUNK):
                if xml:
                    window = carry + chunk
                    if any(mark in window for mark in _DTD_MARKS):
                        _refuse_doctype(path, info.filename, window)
                    carry = window[-16:]
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise FileRefused(
            path,
            "file-corrupt",
            *because(N_("The file is corrupt: {filename} cannot be read in full ({cause}). Open and repair it in Excel, then save."), exc, filename=info.filename),
        ) from exc


def _ambiguous(path: Path, zh: str, en: str) -> FileRefused:
    tail_zh, tail_en = both("Different programs would read different content; refused.")
    return FileRefused(path, "file-ambiguous-parts", zh + tail_zh, f"{en} {tail_en}")


def _refuse_ambiguous_names(path: Path, names: tuple[str, ...]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise _ambiguous(path, *both("The package holds two members named {name}.", name=name))
        seen.add(name)


def _refuse_case_mismatches(path: Path, archive: zipfile.ZipFile, names: tuple[str, ...]) -> None:
    """A relationship whose target differs from the real member name only in case resolves in
    Excel (case-insensitive) but not in most other readers."""
    from .ooxml.package import Package  # the rels reader; imported here to keep pre-flight import-light
    from .ooxml.xmltext import Unsupported

    exact = set(names)
    folded = {n.lower(): n for n in names}
    for name in names:
        if not name.endswith(".rels"):
            continue
        folder = posixpath.dirname(posixpath.dirname(name))
        source = posixpath.join(folder, posixpath.basename(name)[: -len(".rels")])
        try:
            rels = Package.parse_rels(archive.read(name))
        except Unsupported:
            continue  # an unreadable rels part is the writer's refusal, with its reason
        for _, _, target in rels:
            resolved = Package.resolve(source, target)
            if resolved not in exact and resolved.lower() in folded:
                real = folded[resolved.lower()]
                raise _ambiguous(path, *both("{name} points to {resolved}, but the member is named {real} (the case differs).", name=name, resolved=resolved, real=real))


def _refuse_bombs(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    total = sum(i.file_size for i in infos)
    suspicious = [i for i in infos if i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1)]
    if len(infos) > MAX_MEMBERS or total > MAX_TOTAL_UNCOMPRESSED or suspicious:
        raise FileRefused(
            path,
            "file-hostile",
            *both("The package looks hostile (a zip bomb: far too large when unpacked); refused."),
        )


def _refuse_doctype(path: Path, part: str, data: bytes) -> None:
    # OOXML parts never declare a DTD; one that does is an entity-expansion attack.
    if any(mark in data for mark in _DTD_MARKS):
        raise FileRefused(
            path,
            "file-hostile",
            *both("{part} declares a DTD or entities (entity-expansion attack); refused.", part=part),
        )


MACRO_SHEET_TYPES = (
    "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet",
    "http://schemas.microsoft.com/office/2006/relationships/xlIntlMacrosheet",
)


def macro_free_copy(path: Path) -> io.BytesIO | None:
    """For a workbook with Excel 4.0 macro sheets (which calamine does not read): an in-memory
    copy whose workbook lists only its other sheets, for reading; None for any other workbook.
    The file itself is never changed, and the writer leaves macro sheets alone."""
    from .ooxml.package import Package
    from .ooxml.structure import scan, splice
    from .ooxml.xmltext import Unsupported

    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if not any(n.startswith("xl/macrosheets/") for n in names) or "xl/_rels/workbook.xml.rels" not in names:
            return None
        try:
            macro_ids = {rid for rid, kind, _ in Package.parse_rels(archive.read("xl/_rels/workbook.xml.rels")) if kind in MACRO_SHEET_TYPES}
            workbook = archive.read("xl/workbook.xml")
            root = scan(workbook)
        except Unsupported:
            return None
        edits = []
        for sheets in root.named("sheets"):
            for m in re.finditer(rb"<" + re.escape(root.q("sheet")) + rb"\b[^>]*>", workbook[sheets.tag_end : sheets.end]):
                rid = re.search(rb""":id\s*=\s*["']([^"']*)["']""", m.group(0))
                if rid and rid.group(1).decode() in macro_ids:
                    edits.append((sheets.tag_end + m.start(), sheets.tag_end + m.end(), b""))
        copy = io.BytesIO()
        with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
            for info in archive.infolist():
                data = splice(workbook, edits) if info.filename == "xl/workbook.xml" else archive.read(info)
                out.writestr(info.filename, data)
    copy.seek(0)
    return copy
