"""Workbooks salesdesk generates: text stays text, and every output carries its marker.

- `new_workbook()` gives a workbook whose cells take any text: a value typed
  by a user (`=HYPERLINK(...)`, `@SUM(1)`, `#N/A`) is stored as text, never
  as a formula or an error, and characters XML cannot hold are replaced
  visibly instead of raising openpyxl's IllegalCharacterError. A deliberate
  formula is written as `Formula("=SUM(A2:A9)")`.
- `sanitise(book)` runs on every generated workbook just before it is saved
  (also one built with a plain `Workbook()`): the same rules for cells,
  notes, links, sheet names and document properties.
- The marker: three custom document properties (kind, intended file name,
  a SHA-256 of the content without the save time). A file whose marker
  matches its content is salesdesk's unedited output and may be replaced;
  anything else is the rep's.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty

from .text_book import (  # noqa: F401  (the names other modules import from here)
    ERROR_LITERALS,
    MAX_CELL_TEXT,
    MISSING,
    BulkBlock,
    BulkExcelWriter,
    ExcelError,
    Formula,
    TextCell,
    TextSheet,
    TextWorkbook,
    clean_text,
    new_workbook,
    sanitise,
)

CORE = "docProps/core.xml"
CUSTOM = "docProps/custom.xml"
KIND, NAME, DIGEST = "salesdesk.kind", "salesdesk.name", "salesdesk.sha256"
PLACEHOLDER = "0" * 64
_TIMES = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")




# ---- the marker --------------------------------------------------------------
def content_digest(members: Iterable[tuple[str, bytes]]) -> str:
    """SHA-256 of the parts, without the marker itself and without the save times."""
    digest = hashlib.sha256()
    for name, data in sorted(members):
        if name == CUSTOM:
            continue
        if name == CORE:
            data = _TIMES.sub(b"", data)
        digest.update(name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _hash_part(digest: Any, name: str, data: bytes | Path) -> None:
    """One part into content_digest's stream: its name, its size, its bytes (a file's read in chunks)."""
    if isinstance(data, bytes):
        if name == CORE:
            data = _TIMES.sub(b"", data)
        digest.update(name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
        return
    digest.update(name.encode() + b"\0" + data.stat().st_size.to_bytes(8, "big"))
    with data.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)


class _StampingZip(zipfile.ZipFile):
    """The package written once, straight to a file: the marker part is held back to the end, when the digest of
    every other part (content_digest, the same bytes in the same order) is known. Parts openpyxl writes from its
    own temporary files (the sheets) are kept as hard links until then, never read into memory."""

    def __init__(self, handle: Any, keep: Path) -> None:
        super().__init__(handle, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._keep = keep
        self._parts: dict[str, bytes | Path] = {}
        self._custom: tuple[Any, bytes] | None = None
        self.digest = ""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        data = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        if name == CUSTOM and self._custom is None and self.fp is not None:
            self._custom = (zinfo_or_arcname, data)
            return
        self._parts[name] = data
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None) -> None:
        name = str(arcname if arcname is not None else filename)
        kept = self._keep / f"part-{len(self._parts)}"
        try:
            os.link(filename, kept)
        except OSError:
            shutil.copyfile(filename, kept)  # another file system: a copy, still on disk
        self._parts[name] = kept
        super().write(filename, arcname, compress_type, compresslevel)

    def close(self) -> None:
        if self.fp is not None and self._custom is not None:
            digest = hashlib.sha256()
            for name in sorted(self._parts):
                _hash_part(digest, name, self._parts[name])
            self.digest = digest.hexdigest()
            info, data = self._custom
            self._custom = None
            self._parts[CUSTOM] = data
            super().writestr(info, data.replace(PLACEHOLDER.encode(), self.digest.encode()))
        super().close()


@dataclass(frozen=True)
class Rendered:
    package: Any  # an anonymous temporary file holding the stamped package
    digest: str

    def write(self, handle: Any) -> None:
        self.package.seek(0)
        shutil.copyfileobj(self.package, handle, 1 << 20)


def render(book: Workbook, kind: str, name: str) -> Rendered:
    """The workbook's package in a temporary file (never whole in memory), sanitised and stamped with its marker."""
    sanitise(book)
    props = book.custom_doc_props
    for key in (KIND, NAME, DIGEST):
        if key in props.names:
            del props[key]
    props.append(StringProperty(name=KIND, value=kind))
    props.append(StringProperty(name=NAME, value=clean_text(name)))
    props.append(StringProperty(name=DIGEST, value=PLACEHOLDER))
    package = tempfile.TemporaryFile(prefix="salesdesk-")
    with tempfile.TemporaryDirectory(prefix="salesdesk-") as keep:
        archive = _StampingZip(package, Path(keep))
        book.properties.modified = datetime.now(tz=timezone.utc).replace(tzinfo=None)  # what openpyxl's save_workbook stamps
        BulkExcelWriter(book, archive).save()
    return Rendered(package, archive.digest)


@dataclass(frozen=True)
class Marker:
    kind: str
    name: str
    digest: str
    matches: bool  # the content is still what salesdesk wrote


def read_marker(path: Path) -> Marker | None:
    """The marker of a salesdesk output, or None for any other file (the caller has inspected it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            if CUSTOM not in archive.namelist():
                return None
            props = marker_properties(archive.read(CUSTOM))
            if DIGEST not in props:
                return None
            actual = content_digest((info.filename, archive.read(info)) for info in archive.infolist())
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, KeyError):
        return None  # a package that cannot be read whole is certainly not salesdesk's unedited output
    return Marker(props.get(KIND, ""), props.get(NAME, ""), props[DIGEST], actual == props[DIGEST])


def output_kind(path: Path) -> str | None:
    """The kind salesdesk marked an output with (quote-sheet, sidecar, ...), reading only its marker part."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = next((i for i in archive.infolist() if i.filename == CUSTOM), None)
            if info is None or info.file_size > 1_000_000:
                return None
            return marker_properties(archive.read(info)).get(KIND)
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        return None  # not a package salesdesk wrote: read (or refused) like any other file


def marker_digest(custom_xml: bytes) -> str | None:
    return marker_properties(custom_xml).get(DIGEST)


def marker_properties(xml: bytes) -> dict[str, str]:
    """salesdesk's custom properties; none when the part is unreadable (then the file is not salesdesk's)."""
    found: dict[str, str] = {}
    try:
        root = SafeET.fromstring(xml)
    except (SafeET.ParseError, DefusedXmlException):
        return found
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == "property" and element.get("name", "").startswith("salesdesk."):
            found[element.get("name", "")] = "".join(element.itertext()).strip()
    return found
