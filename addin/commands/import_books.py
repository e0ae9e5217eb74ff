"""`salesdesk import SRC... -o DIR`: move a rep's own books into salesdesk's workbooks (issue 10, item 6).

The sources are read like every command reads them (synonyms, a confirmed
mapping in salesdesk_mapping.xlsx, keys and owners supplied) and are never
written. Each of salesdesk's workbooks that receives rows is a new file in
DIR made from its template (addin/io/templates.py) and written through the
guard (save_new_file, kind "import"): re-running replaces salesdesk's own
unedited import, never a file the rep edited (`file-not-ours`; --force keeps
a backup first). What could not be carried over is reported row by row.
"""

from __future__ import annotations

import argparse
import sys
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import cast

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.workbook import Workbook

from ..core.issues import Issue, has_errors
from ..core.settings import zone_of
from ..i18n import translator
from ..io.fsguard import ensure_folder
from ..io.generated import MISSING, BulkBlock, TextCell, TextSheet
from ..io.load import Loaded, load
from ..io.package import FileRefused
from ..io.progress import Progress, progress_bar
from ..io.safe_write import SaveResult, save_new_file
from ..io.templates import body_font, template_workbook
from ..mapping.carry import NOT_CARRIED, Carried, carry_table, formulas_issue, skipped_sheet_issue
from ..schema import CATALOG
from ..schema.catalog import sheet_spec
from .check import refused_issue
from .report import issue_line, issues_json, print_json, sort_key, summary_line

# What a load finds that says what was or was not read; value findings belong to `check` on the result.
READING_CODES = frozenset({
    "sheet-near-miss", "nothing-recognised", "mapping-stale", "value-supplied", "sheet-unreadable", "sheet-cells-cut",
    "filtered-copy", "date-order-inferred", "folder-no-workbook", "file-not-read", "sheet-missing-columns", "stacked-blocks",
    "stacked-blocks-reordered", "owner-machine-account",
})
_TIME_TYPES = (datetime, date, time, timedelta)
REPORT_FILE = "salesdesk_import_report.xlsx"  # the run's report, beside the imported workbooks (issue 22, item 5)
EXTRA_FILL = PatternFill("solid", fgColor="FFF2CC")  # the rep's own columns, kept beside salesdesk's


@dataclass
class ImportResult:
    loaded: Loaded
    carried: dict[str, Carried] = field(default_factory=dict)
    saved: list[SaveResult] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)  # the kinds whose workbook could not be written
    report: SaveResult | None = None

    @property
    def counts(self) -> dict[str, int]:
        """Rows carried over, per kind, into a workbook that was written (a refused one carries nothing)."""
        return {kind: len(c.rows) for kind, c in self.carried.items() if kind not in self.refused}


def _add_extras(book: Workbook, carried: Carried) -> None:
    """The rep's unmapped columns, headers as written, to the right of salesdesk's (editable, never formulas).
    Their values are streamed at save like the template's rows; styles and the workbook's lists come out as
    making each cell would have (a date value's format first, then the editable protection and the font)."""
    ws = book[carried.spec.title(carried.lang)]
    first = len(carried.spec.columns) + 1
    headers = list(carried.extra_headers)
    rows = carried.extras
    notes = carried.import_notes(carried.lang)
    if notes:  # one note column, in the workbook's language, beside salesdesk's columns and before the rep's own
        headers.insert(0, notes[0])
        rows = [{notes[0]: text, **extras} if text else extras for text, extras in zip(notes[1], carried.extras)]
    font = Font(name=body_font(carried.lang).name)

    def restyle(cell: Cell, _offset: int = 0) -> None:
        cell.protection = Protection(locked=False)
        cell.font = font

    styles: list[StyleArray] = []
    for offset, header in enumerate(headers):
        cell = ws.cell(row=1, column=first + offset, value=header)
        cell.font, cell.fill = body_font(carried.lang, bold=True), EXTRA_FILL
        ws.column_dimensions[cell.column_letter].width = max(10, min(40, len(header) * 2 + 4))
        ws.column_dimensions[cell.column_letter].protection = Protection(locked=False)
        styled, dated = False, set()
        for extras in rows:
            if header not in extras:
                continue
            value = extras[header]
            if not styled or (isinstance(value, _TIME_TYPES) and type(value) not in dated):
                probe = TextCell(ws, row=2, column=first + offset)  # never added to the sheet: it registers what the cell would
                probe.value = value
                if isinstance(value, _TIME_TYPES):
                    dated.add(type(value))
                restyle(probe)
                styled = True
        probe = TextCell(ws, row=2, column=first + offset)
        if styled:
            restyle(probe)  # registered above: the column's cells without a date format
        styles.append(copy(probe._style))  # a column without any value has no cell to style
    if not headers or not rows:
        return

    def values(index: int) -> list[object]:
        extras = rows[index]
        return [extras.get(header, MISSING) for header in headers]

    cast(TextSheet, ws).add_bulk(BulkBlock(2, len(rows), first, styles, values, restyle, dense=False))


def run_import(paths: list[Path], out: Path, force: bool = False, progress: Progress | None = None) -> ImportResult:
    raw: dict[tuple[Path, str], list[list[object]]] = {}
    loaded = load(paths, progress, raw=raw, read_csv=True)
    result = ImportResult(loaded)
    issues = result.issues
    issues.extend(refused_issue(r) for r in loaded.refused)
    issues.extend(i for i in loaded.issues if i.code in READING_CODES)
    zone = zone_of(loaded.settings)
    read: set[tuple[Path | None, str]] = set()
    for table in loaded.tables.tables:
        read.add((table.path, table.sheet))
        if table.spec.key_value or table.spec.key in NOT_CARRIED or table.path is None:
            continue
        into = result.carried.setdefault(table.spec.key, Carried(table.spec))
        issues.extend(carry_table(table, raw.get((table.path, table.sheet), []), zone, into))
        count, cells = loaded.formulas.get((table.path, table.sheet), (0, ()))
        if count:
            issues.append(formulas_issue(table, count, cells))
    # A row carried with no id (or no owner) in a column the sheet has: the new workbook holds a record nothing can
    # refer to, so it is listed here (and the run is no clean pass), not left for a later check to find.
    keyed = {k for t in loaded.tables.tables for k in (t.spec.id_column, *t.spec.suppliable) if k}
    issues.extend(i for i in loaded.issues if i.code == "required-missing" and i.column_key in keyed)
    near = {(i.file, i.sheet) for i in issues if i.code in ("sheet-near-miss", "sheet-unreadable", "filtered-copy")}
    names = {t.path: t.file for t in loaded.tables.tables}
    for (path, sheet), rows in raw.items():
        name = names.get(path) or path.name
        if (path, sheet) not in read and (name, sheet) not in near and any(any(c not in (None, "") for c in r) for r in rows):
            issues.append(skipped_sheet_issue(name, sheet))
    for spec in CATALOG:
        mine = [result.carried[s.key] for s in spec.sheets if s.key in result.carried]
        if not mine:
            continue
        langs = [lang for c in mine for lang in c.langs]
        lang = max(("zh", "en"), key=langs.count)
        for c in mine:
            c.langs = [lang]  # one workbook, one language
        book = template_workbook(spec, lang, {c.spec.key: c.rows for c in mine})
        for c in mine:
            _add_extras(book, c)
        book.properties.title = f"{spec.title(lang)} (import)"
        try:
            result.saved.append(save_new_file(book, out / spec.file_name, kind="import", force=force))
        except FileRefused as exc:
            issues.append(refused_issue(exc))
            result.refused.update(c.spec.key for c in mine)
    if result.saved:
        try:
            result.report = save_new_file(report_book(result, lang_of(result)), out / REPORT_FILE, kind="import-report", force=force)
        except FileRefused as exc:
            issues.append(refused_issue(exc))
    return result


def lang_of(result: ImportResult) -> str:
    langs = [lang for c in result.carried.values() for lang in c.langs]
    return max(("zh", "en"), key=langs.count) if langs else "zh"


def report_book(result: ImportResult, lang: str) -> Workbook:
    """The run report: what was carried per kind, then every finding (file, sheet, row, column, code, message) as text."""
    _ = translator(lang)
    book = Workbook()
    ws = book.active
    ws.title = _("Import report")
    bold = body_font(lang, bold=True)
    ws.append([_("Kind"), _("Rows carried over")])
    for cell in ws[1]:
        cell.font = bold
    for kind, rows in result.counts.items():
        ws.append([sheet_spec(kind).title(lang), rows])
    ws.append([])
    # Each appended row's cells are the ones just made: `ws[ws.max_row]` scans every cell of the sheet per row
    # (quadratic: minutes for a 200k-row CSV with a finding per row).
    header = [_("File"), _("Sheet"), _("Row"), _("Column"), _("Code"), _("Message")]
    ws.append(header)
    for cell in _last_row(ws, len(header)):
        cell.font = bold
    for issue in sorted(result.issues, key=sort_key):
        ws.append([issue.file, issue.sheet, issue.row, issue.column, issue.code, issue.message(lang)])
        for cell in _last_row(ws, len(header)):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text from the books stays text, never a formula
    for letter, width in zip("ABCDEF", (28, 16, 8, 8, 26, 90)):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_col=6, max_col=6):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    ws.page_setup.orientation = "landscape"  # one page wide when printed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    book.properties.creator = "salesdesk"
    return book


def _last_row(ws, width: int) -> list:
    """The cells of the row `ws.append` just wrote (its first `width` columns), without scanning the sheet."""
    row = ws._current_row  # openpyxl's own count of appended rows (what the next append follows)
    return [ws.cell(row=row, column=column) for column in range(1, width + 1)]


def _import_surveys(args: argparse.Namespace, surveys: list[Path], books: list[Path]) -> int:
    """Filled survey forms given: their answers appended to the feedback log among the other paths (issue 24)."""
    from .survey_import import run_survey_import

    _ = translator(args.lang)
    result = run_survey_import(surveys, books)
    failed = has_errors(result.issues) or not result.appended
    if args.json:
        print_json({"written": result.written, "appended": result.appended, "issues": issues_json(result.issues, args.lang)})
        return 1 if failed else 0
    for issue in sorted(result.issues, key=sort_key):
        print(issue_line(issue, args.lang))
    for name, rows in result.appended.items():
        print(_("Survey {name}: {rows} row(s) appended to the feedback log", name=name, rows=rows))
    for path in result.written:
        print(_("Written: {path}", path=path))
    print(summary_line(result.issues, args.lang))
    return 1 if failed else 0


def run_import_cli(args: argparse.Namespace) -> int:
    from .survey_import import is_survey

    _ = translator(args.lang)
    surveys = [Path(p) for p in args.paths if is_survey(Path(p))]
    if surveys:
        return _import_surveys(args, surveys, [Path(p) for p in args.paths if not is_survey(Path(p))])
    if not args.out:
        print(_("Name the folder for the new workbooks with -o DIR."), file=sys.stderr)
        return 2
    out = Path(args.out)
    sources = [Path(p).resolve() for p in args.paths]
    there = out.resolve()
    if any(there == s or there.is_relative_to(s) or s.is_relative_to(there) for s in sources if s.is_dir() or s.parent == there):
        # the next import would read its own output as a source (rows carried twice)
        print(_("The output folder {out} overlaps the sources; choose a folder outside them.", out=out), file=sys.stderr)
        return 2
    ensure_folder(out)  # a file in the way is a refusal (exit 1), raised to the CLI
    with progress_bar(enabled=not args.quiet) as advance:
        result = run_import([Path(p) for p in args.paths], out, force=args.force, progress=advance)
    failed = has_errors(result.issues) or not result.saved
    if args.json:
        print_json({"written": [str(s.path) for s in result.saved], "carried": result.counts, "issues": issues_json(result.issues, args.lang),
                    "report": str(result.report.path) if result.report else None})
        return 1 if failed else 0
    for issue in sorted(result.issues, key=sort_key):
        print(issue_line(issue, args.lang))
    for kind, rows in result.counts.items():
        print(_("Carried over {rows} row(s) of {kind}", rows=rows, kind=sheet_spec(kind).title(args.lang)))
    for saved in result.saved:
        print(_("Written: {path}", path=saved.path) if saved.written else _("Unchanged: {path}", path=saved.path))
    if result.report:
        print(_("Report of this import: {path}", path=result.report.path))
    if not result.saved and not result.refused:
        print(_("Nothing imported: no sheet of the sources is one of salesdesk's kinds"))
    print(summary_line(result.issues, args.lang))
    return 1 if failed else 0
