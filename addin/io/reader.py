"""Reading workbooks into grids: python-calamine (fast, typed, no entity expansion) where it is safe.

Every sheet is read or reported. An .xlsx/.xlsm package is checked first
(`precheck`): sheets that are not worksheets (charts, dialogs, macros) are
skipped by their declared kind; a worksheet whose span calamine would
materialise beyond the cells present, or whose XML is not UTF-8, or any
sheet of a workbook whose shared-strings table declares an impossible size,
is read by the streaming reader instead; error cells and formulas without a
cached value (blank to calamine) are put back as `CellMark`s. A sheet that
cannot be read at all becomes an `Unread` with its reason.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from sys import intern
from typing import Any, Callable

from python_calamine import CalamineWorkbook

from ..core.values import CellMark
from ..i18n import N_, both
from .causes import because, causes
from .fsguard import admit_for_reading
from .package import FileRefused, inspect, macro_free_copy
from .precheck import PackageMap, SheetScan, package_map, scan_sheet
from .stream_reader import SheetUnreadable, read_shared_strings, stream_sheet

OOXML_SUFFIXES = (".xlsx", ".xlsm")
WORKBOOK_SUFFIXES = (*OOXML_SUFFIXES, ".xls", ".ods")  # what calamine reads
# Files that look like a workbook but are not read: listed with the reason, never skipped silently.
NOT_READ = {
    ".csv": both("CSV text is not read; save it as .xlsx in Excel."),
    ".tsv": both("Tab-separated text is not read; save it as .xlsx."),
    ".xlsb": both("Binary .xlsb workbooks are not supported; save as .xlsx in Excel."),
    ".et": both("WPS .et spreadsheets are not read; save as .xlsx in WPS."),
    ".ett": both("WPS .ett templates are not read; save as .xlsx."),
    ".numbers": both("Numbers files are not read; export to Excel (.xlsx) from Numbers."),
    ".xltx": both("Templates (.xltx) are not read; save as .xlsx."),
    ".xltm": both("Templates (.xltm) are not read; save as .xlsm."),
    ".xlt": both("Templates (.xlt) are not read; save as .xlsx."),
    ".ots": both("Templates (.ots) are not read; save as .ods or .xlsx."),
    ".fods": both("Flat ODS (.fods) is not read; save as .ods or .xlsx."),
}
DATA_KINDS = ("worksheet", "unknown")


@dataclass
class Grid:
    file: Path
    sheet: str
    rows: list[list[object]]  # rows[0] is Excel row 1; column 0 is A
    date1904: bool = False  # serial numbers count from 1904-01-01 (the workbook's date system)
    width: int | None = None  # the true width when rows were cut to fit the memory budget
    cut_cells: int = 0  # cells beyond the kept width (streamed sparse sheets only)
    formulas: int = 0  # formula cells, read as their calculated values
    formula_cells: tuple[tuple[int, int], ...] = ()  # the first few formula cells, (row, col) 1-based


@dataclass
class Unread:
    """A sheet (or a whole file, sheet "") that was not read, and why."""

    file: Path
    sheet: str
    zh: str
    en: str


@dataclass
class BookRead:
    grids: list[Grid] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)


def refuse_unless_readable(path: Path) -> None:
    """Only regular, readable files of a kind salesdesk reads are opened: a named pipe or a
    device would block or never end (the one check of the write guard, fsguard.admit_for_reading)."""
    admit_for_reading(path)
    suffix = path.suffix.lower()
    if suffix in NOT_READ:
        zh, en = NOT_READ[suffix]
        raise FileRefused(path, "file-not-read", zh, en)
    if suffix not in WORKBOOK_SUFFIXES:
        raise FileRefused(path, "file-not-read", *both("Not a workbook salesdesk reads (.xlsx/.xlsm/.xls/.ods); not read."))


def read_book(path: Path) -> BookRead:
    """Every sheet of a workbook as a grid anchored at A1, or its reason for being unread; FileRefused for the file."""
    refuse_unless_readable(path)
    if path.suffix.lower() in OOXML_SUFFIXES:
        inspect(path)
        return _read_ooxml(path)
    return _read_other(path)


def read_grids(path: Path) -> list[Grid]:
    return read_book(path).grids


def _open_calamine(path: Path) -> CalamineWorkbook:
    try:
        # Excel 4.0 macro sheets make calamine refuse the package: it reads a copy listing the other sheets.
        macro_free = macro_free_copy(path) if path.suffix.lower() in OOXML_SUFFIXES else None
        return CalamineWorkbook.from_filelike(macro_free) if macro_free else CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types per format problem (PasswordError, XmlError, ...)
        if type(exc).__name__ == "PasswordError":
            raise FileRefused(path, "file-encrypted", *both("The file is encrypted; remove the password and save it again.")) from exc
        raise FileRefused(path, "file-corrupt", *because(N_("The workbook cannot be read: {cause}."), exc)) from exc


def _open_calamine_or_none(path: Path) -> CalamineWorkbook | None:
    """calamine for the package, or None (every sheet then streamed) when it cannot open it, e.g. a
    shared-strings part in UTF-16: the sheets are still read, or reported one by one."""
    try:
        return _open_calamine(path)
    except FileRefused:
        return None


def _calamine_rows(book: CalamineWorkbook, name: str) -> list[list[object]]:
    """The sheet's cells from A1, as `to_python(skip_empty_area=False)` gives them, read row by row so that equal
    texts share one object (sys.intern) while the rows are made: a rep's name, a region, a customer id repeated
    on a million rows is kept once, and the read's peak (calamine's cells and Python's at once) is that much lower."""
    try:
        sheet = book.get_sheet_by_name(name)
        start = sheet.start
        if start is None:  # no cell at all
            return sheet.to_python(skip_empty_area=False)  # type: ignore[return-value]  # calamine's cell union is a subset of object
        pad: list[object] = [""] * start[1]  # iter_rows starts at the first used column (rows from the first)
        share = _sharing()
        return [share(pad + row if pad else row) for row in sheet.iter_rows()]
    except Exception as exc:  # calamine's errors per sheet problem (XmlError, CalamineError, WorksheetNotFound)
        raise SheetUnreadable(*causes(exc)) from exc


SHARED_LIMIT = 1 << 16  # distinct numbers and dates remembered per sheet and type


def _sharing() -> Callable[[list[Any]], list[Any]]:
    """row -> the row with equal cells as one object: texts interned; non-zero floats, dates and date-times (one memo per
    type, so 1 and 1.0 and True never meet; zeros apart, as 0.0 and -0.0 are equal) up to SHARED_LIMIT distinct each.
    Equal values of these types are interchangeable: what is read is the same, held once."""
    floats: dict[float, float] = {}
    days: dict[date, date] = {}
    stamps: dict[datetime, datetime] = {}

    def keep(memo: dict[Any, Any], value: Any) -> Any:
        if len(memo) < SHARED_LIMIT:
            memo[value] = value
        return value

    float_get, day_get, stamp_get = floats.get, days.get, stamps.get

    def share(row: list[Any]) -> list[Any]:
        return [intern(v) if (kind := type(v)) is str
                else (float_get(v) or keep(floats, v)) if kind is float and v
                else (stamp_get(v) or keep(stamps, v)) if kind is datetime and not v.fold
                else (day_get(v) or keep(days, v)) if kind is date
                else v for v in row]

    return share


def _read_other(path: Path) -> BookRead:
    """.xls and .ods: calamine alone (no package to pre-check); chart and dialog sheets skipped by kind."""
    book = _open_calamine(path)
    result = BookRead()
    for meta in book.sheets_metadata:
        if "WorkSheet" not in str(meta.typ):
            continue
        try:
            result.grids.append(Grid(file=path, sheet=meta.name, rows=_calamine_rows(book, meta.name)))
        except SheetUnreadable as exc:
            result.unread.append(Unread(path, meta.name, exc.zh, exc.en))
    return result


def _read_ooxml(path: Path) -> BookRead:
    result = BookRead()
    with zipfile.ZipFile(path) as archive:
        try:
            found = package_map(archive)
        except (SyntaxError, ValueError, KeyError, zipfile.BadZipFile) as exc:  # ParseError is a SyntaxError
            raise FileRefused(path, "file-corrupt", *because(N_("The workbook's structure cannot be read: {cause}."), exc)) from exc
        book = _open_calamine_or_none(path) if found.shared_strings_possible else None
        strings: list[str] | None = None
        for sheet in found.sheets:
            if sheet.kind not in DATA_KINDS:
                continue  # chart, dialog and macro sheets hold no cells to check
            try:
                if sheet.part is None:
                    raise SheetUnreadable(*both("the sheet's part is missing from the package"))
                scan = scan_sheet(archive, sheet.part)
                if book is None or scan.needs_streaming():
                    if strings is None:
                        strings = _strings(archive, found)
                    streamed = stream_sheet(archive, sheet.part, strings if found.shared_strings else None)
                    grid = Grid(path, sheet.name, streamed.rows, found.date1904, streamed.width, streamed.cut_cells)
                else:
                    grid = Grid(path, sheet.name, _calamine_rows(book, sheet.name), found.date1904)
                    _mark(grid.rows, scan)
            except SheetUnreadable as exc:
                result.unread.append(Unread(path, sheet.name, exc.zh, exc.en))
            except (zipfile.BadZipFile, OSError, EOFError) as exc:  # the part itself is damaged (bad CRC, cut off)
                result.unread.append(Unread(path, sheet.name, *causes(exc)))
            else:
                grid.formulas, grid.formula_cells = scan.formulas, tuple(scan.formula_cells)
                result.grids.append(grid)
    return result


def _strings(archive: zipfile.ZipFile, found: PackageMap) -> list[str]:
    if not found.shared_strings:
        return []
    return read_shared_strings(archive, found.shared_strings)


def _mark(rows: list[list[object]], scan: SheetScan) -> None:
    """Error cells and uncalculated formulas, blank to calamine, become CellMarks in place."""
    marks = [(position, CellMark("cell-error-value", text)) for position, text in scan.errors.items()]
    marks += [(position, CellMark("formula-no-value")) for position in scan.uncached]
    for (row, col), mark in marks:
        if row <= len(rows) and col <= len(rows[row - 1]) and rows[row - 1][col - 1] in ("", None):
            rows[row - 1][col - 1] = mark


def is_backup_or_temp(path: Path) -> bool:
    name = path.name
    return name.startswith(("~$", ".~", ".salesdesk-tmp")) or ".bak-" in name or ".salesdesk-check." in name


# salesdesk's own outputs in a folder are known by their marker (docProps/custom.xml), never by the
# folder's name: a rep's own folder called 报价单 or quotes is read like any other (issue 10, item 7).
OUTPUT_KINDS = ("quote-sheet", "sidecar", "summary", "compare-sheet", "import-report")  # the manager summary and comparisons too: no rep's data
FORM_KIND_PREFIX = "form-"  # every document `salesdesk forms` writes (form-contract, form-survey, ...)


def _skipped_folder(folder: Path, root: Path) -> bool:
    parts = folder.relative_to(root).parts
    return any(part.startswith(".") or part == "__pycache__" for part in parts)


def is_own_output(path: Path) -> bool:
    """One of salesdesk's outputs (its marker says so): skipped when a folder or a file's siblings are read."""
    from .generated import output_kind

    if path.suffix.lower() not in OOXML_SUFFIXES:
        return False
    kind = output_kind(path) or ""
    return kind in OUTPUT_KINDS or kind.startswith(FORM_KIND_PREFIX)


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given; folders expanded to their workbooks and to the files that look like one
    (listed as not read), subfolders included (a team lead's folder of reps' folders), without
    backups, lock files or salesdesk's outputs. Each file once, however often it is named
    (a folder and a file in it, a link and its target): a row is never its own duplicate."""
    found: list[Path] = []
    wanted = (*WORKBOOK_SUFFIXES, *NOT_READ)
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                # a pipe, a device or a folder named like a workbook is listed (and refused unopened), never skipped
                if p.suffix.lower() in wanted and not is_backup_or_temp(p) and not _skipped_folder(p.parent, path)
                and not (p.is_file() and is_own_output(p))
            )
        else:
            found.append(path)
    seen: set[Path] = set()
    unique = []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique
