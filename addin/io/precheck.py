"""What an .xlsx/.xlsm package declares and what its sheets span, checked before calamine reads it.

calamine materialises every sheet as a dense rectangle from A1 to the
farthest cell (32 bytes a cell in Rust, 8 more in Python) and reserves the
shared-strings table at its declared `uniqueCount`. A 1 kB file can ask for
500 GB this way, and a failed Rust allocation aborts the whole process. So:

- `package_map` reads the workbook's structure: each sheet's part and kind
  (worksheet, chart sheet, dialog sheet, macro sheet, by relationship and
  content type), the 1904 date system, the shared-strings part and whether
  its declared count is possible for its size.
- `scan_sheet` streams a worksheet part once (never whole in memory) and
  finds what calamine would span, the error cells and the formulas without a
  cached value (both of which calamine returns as blank), and whether the
  XML is UTF-8 (calamine returns nothing for UTF-16).

Column refs are found cheaply first (bytes.translate and substring search
give an upper bound); the exact regex scan only runs when that bound is
large, so the normal path stays close to one decompression of the part.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from defusedxml import ElementTree

CHUNK = 1 << 22
CALAMINE_SPAN_LIMIT = 32_000_000  # cells spanned; at 40 bytes each (calamine's 32, a Python list slot 8) ~1.3 GB
SPARSE_FLOOR = 1_000_000  # below this span density does not matter
SPARSE_RATIO = 8  # a span this many times the cells present is read by the streaming reader

_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


@dataclass(frozen=True)
class SheetPart:
    name: str
    part: str | None  # zip member name; None when the workbook points nowhere
    kind: str  # "worksheet", "chartsheet", "dialogsheet", "macrosheet", or "unknown"


@dataclass
class PackageMap:
    sheets: list[SheetPart]
    members: set[str]
    date1904: bool = False
    shared_strings: str | None = None
    shared_strings_declared: int = 0
    shared_strings_possible: bool = True  # False: the declared count cannot fit in the part (calamine would abort)


@dataclass
class SheetScan:
    cells: int = 0  # the cells present (taken as the whole span until the exact pass counts them)
    max_row: int = 0
    max_col: int = 0  # 1-based
    utf8: bool = True
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) 1-based -> "#N/A"
    uncached: list[tuple[int, int]] = field(default_factory=list)  # formulas without a cached value
    formulas: int = 0  # formula cells (read as their calculated values: import says so, issue 22 item 5)
    formula_cells: list[tuple[int, int]] = field(default_factory=list)  # the first few, (row, col) 1-based

    @property
    def span(self) -> int:
        return self.max_row * self.max_col

    def needs_streaming(self) -> bool:
        """calamine would allocate far more than the cells present (or cannot decode the part)."""
        if not self.utf8:
            return True
        return self.span > CALAMINE_SPAN_LIMIT or (self.span > SPARSE_FLOOR and self.span > SPARSE_RATIO * max(self.cells, 1))


def _kind(rel_type: str, content_type: str) -> str:
    text = (rel_type.rsplit("/", 1)[-1] + " " + content_type).lower()
    for kind in ("chartsheet", "dialogsheet", "macrosheet"):
        if kind in text:
            return kind
    return "worksheet" if "worksheet" in text else "unknown"


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _rels(archive: zipfile.ZipFile, part: str, members: set[str]) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target part) of one part."""
    path = PurePosixPath(part)
    rels_part = str(path.parent / "_rels" / (path.name + ".rels")) if part else "_rels/.rels"
    if rels_part.startswith("./"):
        rels_part = rels_part[2:]
    if rels_part not in members:
        return {}
    root = ElementTree.fromstring(archive.read(rels_part))
    return {
        rel.get("Id", ""): (rel.get("Type", ""), _resolve(part or "x", rel.get("Target", "")))
        for rel in root.iter(f"{_PKG_REL_NS}Relationship")
    }


_COUNT = re.compile(rb'uniqueCount="(\d+)"|\bcount="(\d+)"')
_SST_TAG = re.compile(rb"<(?:\w+:)?sst\b[^>]*>")


def package_map(archive: zipfile.ZipFile) -> PackageMap:
    members = set(archive.namelist())
    root_rels = _rels(archive, "", members)
    workbook = next((target for kind, target in root_rels.values() if kind.endswith("/officeDocument")), "xl/workbook.xml")
    if workbook not in members:
        workbook = "xl/workbook.xml"
    content_types: dict[str, str] = {}
    if "[Content_Types].xml" in members:
        for override in ElementTree.fromstring(archive.read("[Content_Types].xml")).iter(f"{_CT_NS}Override"):
            content_types[override.get("PartName", "").lstrip("/")] = override.get("ContentType", "")
    rels = _rels(archive, workbook, members)
    root = ElementTree.fromstring(archive.read(workbook))
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    sheets = []
    for sheet in root.iter(f"{ns}sheet"):
        # r:id in the transitional or the Strict namespace
        rel_id = next((value for key, value in sheet.attrib.items() if key.endswith("}id")), sheet.get("id", ""))
        rel_type, target = rels.get(rel_id, ("", ""))
        part = target if target in members else None
        sheets.append(SheetPart(sheet.get("name", ""), part, _kind(rel_type, content_types.get(target, ""))))
    pr = root.find(f"{ns}workbookPr")
    found = PackageMap(sheets=sheets, members=members, date1904=pr is not None and pr.get("date1904", "").lower() in ("1", "true"))
    found.shared_strings = next((t for kind, t in rels.values() if kind.endswith("/sharedStrings") and t in members), None)
    if found.shared_strings:
        info = archive.getinfo(found.shared_strings)
        with archive.open(info) as part_file:
            tag = _SST_TAG.search(part_file.read(4096))
        declared = max((int(a or b) for a, b in _COUNT.findall(tag[0])), default=0) if tag else 0
        found.shared_strings_declared = declared
        found.shared_strings_possible = declared <= info.file_size // 5 + 16  # `<si/>` is the smallest entry: 5 bytes
    return found


# ---- sheet scan ------------------------------------------------------------

_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS_TO_0 = bytes.maketrans(b"0123456789", b"0" * 10)
_SHAPE = bytes.maketrans(_LETTERS + b"0123456789", b"A" * 26 + b"0" * 10)
_ANY_REF = re.compile(rb'<(?:\w+:)?(c|row)\b[^>]*?\sr="([A-Z]{0,3})(\d{1,7})"')
_F = rb"(?:<(?:\w+:)?f\b[^>]*/>|<(?:\w+:)?f\b[^>]*>[^<]*</(?:\w+:)?f>)"
_ERROR = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([A-Z]{1,3})(\d{1,7})"[^>]*?\st="e"[^>/]*>' + _F + rb"?<(?:\w+:)?v>([^<]*)</")
_UNCACHED = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([A-Z]{1,3})(\d{1,7})"[^>/]*>' + _F + rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v></(?:\w+:)?v>)?</(?:\w+:)?c>")
_FORMULA_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([A-Z]{1,3})(\d{1,7})"[^>/]*>\s*<(?:\w+:)?f[\s>/]')
_UNCACHED_HINTS = (b"</f></c>", b"<v/>", b"<v />", b"<v></v>", b'"/></c>', b":f>")  # openpyxl writes `<v />`
_PREFIXED_CELL = re.compile(rb"<\w+:c[\s>]")


def column_number(letters: bytes | str) -> int:
    number = 0
    for char in letters if isinstance(letters, str) else letters.decode():
        number = number * 26 + ord(char) - 64
    return number


_ROW = re.compile(rb'<row r="(\d{1,7})"')


def scan_sheet(archive: zipfile.ZipFile, part: str) -> SheetScan:
    """A few substring probes per chunk for the common case; an exact regex pass when needed.

    The cheap pass bounds the refs by their shape: the most letters after
    ` r="` (26, 702 or 16384 columns) and the longest run of digits before a
    quote (rows to within a factor of ten). calamine is
    trusted when even that bound is small; otherwise the exact pass decides.
    """
    scan = SheetScan()
    with archive.open(part) as stream:
        head = stream.read(200)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or re.search(rb'encoding=["\'](?!utf-?8)', head, re.I):
            scan.utf8 = False
            return scan
    letters = digits = 1
    for data in _chunks(archive, part):
        shape = data.translate(_SHAPE)
        while letters < 3 and b' r="' + b"A" * (letters + 1) in shape:
            letters += 1
        while digits < 8 and b"0" * (digits + 1) + b'"' in shape:
            digits += 1
        if b't="e"' in data:
            for col_letters, row_digits, text in _ERROR.findall(data):
                scan.errors[(int(row_digits), column_number(col_letters))] = text.decode("utf-8", "replace")
        if b"<f" in data:
            found = _FORMULA_CELL.findall(data)
            scan.formulas += len(found)
            scan.formula_cells.extend((int(r), column_number(c)) for c, r in found[: max(0, 5 - len(scan.formula_cells))])
        if b"<f" in data and any(hint in data for hint in _UNCACHED_HINTS):
            scan.uncached.extend((int(r), column_number(c)) for c, r in _UNCACHED.findall(data))
    scan.max_row, scan.max_col = 10**digits - 1, (26, 702, 16384)[letters - 1]
    scan.cells = scan.span  # as dense as calamine assumes, until the exact pass counts them
    if scan.span > CALAMINE_SPAN_LIMIT:
        _exact_extent(archive, part, scan)  # the true extent decides
    return scan


def _exact_extent(archive: zipfile.ZipFile, part: str, scan: SheetScan) -> None:
    max_row = max_col = referenced = 0
    scan.cells = 0
    for data in _chunks(archive, part):
        scan.cells += data.count(b"<c ") + data.count(b"<c>") + (len(_PREFIXED_CELL.findall(data)) if b":c" in data else 0)
        letters: set[bytes] = set()
        for element, col_letters, row_digits in _ANY_REF.findall(data):
            if len(row_digits) >= len(str(max_row)):
                max_row = max(max_row, int(row_digits))
            if element == b"c":
                letters.add(col_letters)
                referenced += 1
        max_col = max([max_col, *map(column_number, letters)])
    # A cell without a ref takes the next column of its row: at most as far as there are such cells.
    scan.max_row = max(max_row, 1 if scan.cells else 0)
    scan.max_col = max(max_col, min(16384, scan.cells - referenced))


def _chunks(archive: zipfile.ZipFile, part: str):
    """The part in pieces that never split a tag (each ends before a '<').

    Linear in the part's size: a stretch without '<' (a text cell of many MB) is collected as a list of
    pieces and joined once, never re-copied chunk after chunk (issue 23, item 7)."""
    pending: list[bytes] = []  # read but not yet yielded: at most one '<', at the start of its first piece
    with archive.open(part) as stream:
        while chunk := stream.read(CHUNK):
            cut = chunk.rfind(b"<")
            if cut < 0 or (cut == 0 and not pending):
                pending.append(chunk)
                continue
            pending.append(chunk[:cut])
            yield b"".join(pending)
            pending = [chunk[cut:]]
    if pending:
        yield b"".join(pending)
