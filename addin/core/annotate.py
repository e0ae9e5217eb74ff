"""Turning issues into an annotation patch: notes, highlights and a status column.

Previous salesdesk annotations are cleared first (ClearAnnotations), so a
re-run never piles up. Only the status column and notes/highlights are
written: no value the user typed is ever changed.
"""

from __future__ import annotations

from collections import defaultdict

from ..i18n import both, translator
from ..schema.dsl import STATUS_COLUMN
from .issues import Issue, Severity, severity_label
from .patch import HEADER_STYLE, ClearAnnotations, Highlight, Patch, SetCell, SetNote, SetWidth
from .tables import Table, Tables

# Notes and highlights per sheet: beyond this Excel slows to a crawl, and a
# sheet with thousands of findings needs fixing at its source, not cell by
# cell. Every row still gets its status text, and the report lists everything.
MAX_MARKED_CELLS = 5000
STATUS_WIDTH = 48.0  # characters: a finding or two per row, wrapped in the cell beyond that



def status_text(issues: list[Issue], lang: str) -> str:
    errors = sum(1 for i in issues if i.severity is Severity.ERROR)
    warnings = len(issues) - errors
    _ = translator(lang)
    counts = [_("{n} error(s)", n=errors) if errors else "", _("{n} warning(s)", n=warnings) if warnings else ""]
    head = _(", ").join(p for p in counts if p)
    return _("{counts}: {messages}", counts=head, messages=_("; ").join(i.message(lang) for i in issues))


def annotation_patch(tables: Tables, issues: list[Issue]) -> Patch:
    patch = Patch()
    by_sheet: dict[tuple[str, str], list[Issue]] = defaultdict(list)
    for issue in issues:
        by_sheet[(issue.file, issue.sheet)].append(issue)
    for table in tables.tables:
        if table.path is None:
            continue
        patch.extend(_table_patch(table, by_sheet.get((table.file, table.sheet), []), table.layout.lang))  # notes and status: the sheet's language
    return patch


def _row_issues(table: Table, issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.row is not None and i.row > table.layout.header_row]


def _no_room_for_status(table: Table, issues: list[Issue]) -> bool:
    layout = table.layout
    return bool(_row_issues(table, issues)) and layout.letter(STATUS_COLUMN.key) is None and not layout.has_room()


def status_column_issues(tables: Tables, issues: list[Issue]) -> list[Issue]:
    """A warning per sheet whose status column would lie past XFD, Excel's last column."""
    found = []
    for table in tables.tables:
        mine = [i for i in issues if (i.file, i.sheet) == (table.file, table.sheet)]
        if table.path is not None and _no_room_for_status(table, mine):
            found.append(Issue(
                table.file, table.sheet, None, None, "status-column-no-room",
                *both("The sheet uses Excel's last column (XFD): no room for the status column; the findings are in the notes and the report."),
            ))
    return found


def _table_patch(table: Table, issues: list[Issue], lang: str) -> Patch:
    patch = Patch()
    path = str(table.path)
    layout = table.layout
    patch.add(ClearAnnotations(path, table.sheet, layout.header_row, layout.letter(STATUS_COLUMN.key)))
    row_issues = _row_issues(table, issues)
    if not row_issues:
        return patch
    status_letter: str | None = None
    if not _no_room_for_status(table, issues):  # never past XFD: then no status column (see status_column_issues)
        status_letter, is_new = layout.letter_or_new(STATUS_COLUMN.key)
        if is_new:
            # A header: the sheet's language, styled like the header row (wrapped), the column wide enough to read.
            patch.add(SetCell(path, table.sheet, layout.header_row, status_letter, STATUS_COLUMN.header(layout.lang), style=HEADER_STYLE))
            patch.add(SetWidth(path, table.sheet, status_letter, STATUS_WIDTH))
    per_row: dict[int, list[Issue]] = defaultdict(list)
    per_cell: dict[tuple[int, str], list[Issue]] = defaultdict(list)
    for issue in row_issues:
        per_row[issue.row].append(issue)  # type: ignore[index]
        if issue.column:
            per_cell[(issue.row, issue.column)].append(issue)  # type: ignore[index]
    for row, found in sorted(per_row.items()):
        if status_letter:
            patch.add(SetCell(path, table.sheet, row, status_letter, status_text(found, lang)))
    for (row, column), found in sorted(per_cell.items())[:MAX_MARKED_CELLS]:
        worst = Severity.ERROR if any(i.severity is Severity.ERROR for i in found) else Severity.WARNING
        patch.add(Highlight(path, table.sheet, row, column, worst.value))
        text = "\n".join(f"[{severity_label(i.severity, lang)}] {i.message(lang)} ({i.code})" for i in found)
        patch.add(SetNote(path, table.sheet, row, column, text))
    return patch
