"""`salesdesk map PATH...`: propose a header mapping for the rep's own sheets and write it for the rep to correct.

The mapping goes to salesdesk_mapping.xlsx beside the books (a new file
salesdesk owns, through the write guard): the rep's books are never
changed, so `map` is safe on any book, and the rep edits the proposal in
Excel. Every command then reads it like any other sheet (by its headers)
and applies it. A mapping file the rep has edited is not overwritten
(`file-not-ours`): delete it, or give another --out, to propose afresh.

Every tabular region of every sheet and CSV file gets a proposal (issue 22,
item 2): the most likely kind and column per header with the reason; a
guess is written with 采用 = 否 (Use = no) so an unedited mapping never
reads a sheet salesdesk was unsure of. Dropdowns offer every kind and column
by title (key in brackets), listed on a hidden sheet salesdesk marks as its
own (so it is never read as data); 样例 previews each column's first values; a sheet
lacking its owner says to type it in 补充负责销售 (Owner to supply).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from ..core.computed import BOOL_TEXT
from ..i18n import N_, translator
from ..io.csv_grid import read_csv_grid
from ..io.fsguard import refusal
from ..io.generated import new_workbook
from ..io.ooxml.generated_sheet import defined_name, generated_sheet_names, quote_sheet
from ..io.package import FileRefused
from ..io.reader import OOXML_SUFFIXES, expand_paths, read_book
from ..io.safe_write import SaveResult, save_new_file
from ..mapping.propose import Entry, propose
from ..schema import all_sheets
from ..schema.catalog import sheet_spec
from ..schema.mapping import HEADER_MAP

MAPPING_FILE = "salesdesk_mapping.xlsx"
OWNER_KEY = "owner_rep"  # the one supplied column the rep types (in the mapping's owner column); ids salesdesk makes
LISTS_MARKER = "mapping_lists"  # the dropdowns' hidden sheet: salesdesk's own, never read as data


@dataclass
class MapResult:
    entries: list[Entry] = field(default_factory=list)
    refused: list[FileRefused] = field(default_factory=list)
    saved: SaveResult | None = None
    target: Path | None = None


MAP_REASONS = {  # why `map` proposed a column, as a rep reads it (the CLI prints the same words)
    "header": N_("same header"), "alias": N_("a synonym"), "key": N_("its key"), "unmatched": N_("not matched: type the column's key, or leave it empty"),
    "values:date": N_("its values look like dates"), "values:number": N_("its values look like amounts"), "values:id": N_("its values look like ids"),
    "values:name": N_("no header: its values look like company names"), "values:phone": N_("no header: its values look like phone numbers"),
    "values:email": N_("no header: its values look like e-mail addresses"), "values:key_contact": N_("no header: its values look like people's names"),
}


def titled(title: str, key: str) -> str:
    """How the mapping names a kind or a column: its title in the workbook's language, its key in brackets (read back by either)."""
    return f"{title} [{key}]" if key else ""


def reason_text(entry: Entry, lang: str) -> str:
    """The reason in words, a guess marked, and what a missing required column needs."""
    _ = translator(lang)
    text = _(MAP_REASONS.get(entry.reason, entry.reason))
    if not entry.use:
        text = _("guess, confirm: {reason}", reason=text)
    return text


def mapping_rows(entries: list[Entry], lang: str = "zh") -> list[list[object]]:
    """One row per entry, in HEADER_MAP's column order: kinds and columns titled as the dropdowns list them."""
    yes, no = BOOL_TEXT[lang]
    rows: list[list[object]] = []
    for e in entries:
        spec = sheet_spec(e.kind) if e.kind else None
        values = {
            "map_workbook": e.workbook, "map_sheet": e.sheet, "map_kind": titled(spec.title(lang), spec.key) if spec else "",
            "map_header": e.header, "map_column": titled(spec.column(e.column).header(lang), e.column) if spec and e.column else "",
            "map_owner": None, "map_reason": reason_text(e, lang), "map_use": yes if e.use else no, "map_sample": e.sample,
            "map_letter": e.letter,
        }
        rows.append([values.get(c.key) for c in HEADER_MAP.columns])
    return rows


def _supply_notes(entries: list[Entry], lang: str) -> dict[tuple[str, str], tuple[str, bool]]:
    """Per sheet, what it lacks that the rep must supply, and where: the owner in the mapping's own column, the
    others by mapping a header. Ids (and a price list's item codes) salesdesk supplies itself are not listed
    (core/keys.py), so a sheet lacking only those gets no note. Per (workbook, sheet): (note, the owner is needed)."""
    _ = translator(lang)
    notes: dict[tuple[str, str], tuple[str, bool]] = {}
    for e in entries:
        if not e.kind or (e.workbook, e.sheet) in notes:
            continue
        spec = sheet_spec(e.kind)
        needed = [k for k in e.missing if k not in spec.suppliable or k == OWNER_KEY]
        if not needed:
            continue
        others = [spec.column(k).header(lang) for k in needed if k != OWNER_KEY]
        parts = [_("Missing: {columns}.", columns=_.join(spec.column(k).header(lang) for k in needed))]
        if OWNER_KEY in needed:
            parts.append(_("Type the owner in \"{owner}\" on any row of this sheet.", owner=HEADER_MAP.column("map_owner").header(lang)))
        if others:
            parts.append(_("Map a header to {columns}.", columns=_.join(others)))
        notes[(e.workbook, e.sheet)] = _.sentences(parts), OWNER_KEY in needed
    return notes


def _grids(path: Path) -> list[tuple[str, list[list[object]]]]:
    if path.suffix.lower() == ".csv":
        grid = read_csv_grid(path)  # the CSV files import reads are mapped too (issue 22, item 2)
        return [(grid.sheet, grid.rows)]
    owned = generated_sheet_names(path) if path.suffix.lower() in OOXML_SUFFIXES else set()
    return [(g.sheet, g.rows) for g in read_book(path).grids if g.sheet not in owned]


def _write(entries: list[Entry], target: Path, lang: str, force: bool) -> SaveResult:
    """The mapping workbook: one sheet, dropdowns for kind, column and use, a preview of each column's values,
    the lists the dropdowns draw on in hidden columns to the right (no second sheet to be read as data)."""
    book = new_workbook()
    ws = book.active
    ws.title = HEADER_MAP.title(lang)
    headers = [c.header(lang) for c in HEADER_MAP.columns]
    ws.append(headers)
    notes = _supply_notes(entries, lang)
    owner_column = [c.key for c in HEADER_MAP.columns].index("map_owner") + 1
    reason_column = [c.key for c in HEADER_MAP.columns].index("map_reason") + 1
    seen: set[tuple[str, str]] = set()
    for entry, row in zip(entries, mapping_rows(entries, lang)):
        ws.append(row)
        for cell in ws[ws.max_row]:
            cell.data_type = "s" if isinstance(cell.value, str) else cell.data_type  # the rep's header text stays text
        where = (entry.workbook, entry.sheet)
        if where in notes and where not in seen:
            seen.add(where)
            note, owner_needed = notes[where]
            ws.cell(ws.max_row, reason_column).value = f"{ws.cell(ws.max_row, reason_column).value}{'；' if lang == 'zh' else '; '}{note}"
            if owner_needed:
                ws.cell(ws.max_row, owner_column).fill = PatternFill("solid", fgColor="FFF2CC")
    for index, column in enumerate(HEADER_MAP.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    last = max(ws.max_row, 2)
    # Lists for the dropdowns on a hidden sheet salesdesk marks as its own (never read as data): every kind, and every
    # column of every kind, titled in the workbook's language with the key in brackets.
    lists = book.create_sheet(_list_title(lang, "sheet"))
    lists.sheet_state = "hidden"
    book.defined_names[defined_name(LISTS_MARKER)] = DefinedName(defined_name(LISTS_MARKER), attr_text=f"{quote_sheet(lists.title)}!$A$1", hidden=True)
    kinds = [titled(spec.title(lang), spec.key) for spec in all_sheets() if spec.key != HEADER_MAP.key and not spec.key_value]
    columns = list(dict.fromkeys(titled(c.header(lang), c.key) for spec in all_sheets() if spec.key != HEADER_MAP.key and not spec.key_value
                                 for c in spec.columns if not c.computed))
    for offset, (title, values) in enumerate(((_list_title(lang, "kinds"), kinds), (_list_title(lang, "columns"), columns))):
        letter = get_column_letter(offset + 1)
        lists.cell(1, offset + 1, title)
        for at_row, value in enumerate(values, start=2):
            lists.cell(at_row, offset + 1, value)
        target_key = ("map_kind", "map_column")[offset]
        at = get_column_letter([c.key for c in HEADER_MAP.columns].index(target_key) + 1)
        validation = DataValidation(type="list", formula1=f"{quote_sheet(lists.title)}!${letter}$2:${letter}${len(values) + 1}",
                                    allow_blank=True, showErrorMessage=False)
        validation.add(f"{at}2:{at}{last + 200}")
        ws.add_data_validation(validation)
    yes, no = BOOL_TEXT[lang]
    use_at = get_column_letter([c.key for c in HEADER_MAP.columns].index("map_use") + 1)
    validation = DataValidation(type="list", formula1=f'"{yes},{no}"', allow_blank=True)
    validation.add(f"{use_at}2:{use_at}{last + 200}")
    ws.add_data_validation(validation)
    for cell in ws[1][: len(HEADER_MAP.columns)]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    ws.page_setup.orientation = "landscape"  # one page wide when printed: the rep checks it on paper too
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_area = f"A1:{get_column_letter(len(HEADER_MAP.columns))}{max(ws.max_row, 1)}"
    ws.freeze_panes = "A2"
    if entries:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADER_MAP.columns))}{ws.max_row}"
    book.properties.creator = "salesdesk"
    return save_new_file(book, target, kind="mapping", force=force)


def _list_title(lang: str, which: str) -> str:
    _ = translator(lang)
    return {"kinds": _("Kinds to pick"), "columns": _("Columns to pick"), "sheet": _("Dropdown lists")}[which]


def run_map(paths: list[Path], out: Path | None = None, lang: str = "zh", force: bool = False) -> MapResult:
    """Proposals for every tabular region of every sheet and CSV file under `paths`, written to the mapping workbook.

    Returns the entries (one per header), files refused, and the save result; nothing is written when no
    sheet holds a table. Raises nothing for a bad file: it is in `refused`."""
    result = MapResult()
    for path in expand_paths(paths):
        if path.name == MAPPING_FILE:
            continue
        if path.suffix.lower() not in (*OOXML_SUFFIXES, ".xls", ".ods", ".csv"):
            continue
        try:
            grids = _grids(path)
        except FileRefused as exc:
            result.refused.append(exc)
            continue
        except OSError as exc:
            result.refused.append(refusal(path, "file-unreadable", exc.strerror or str(exc)))
            continue
        for sheet, rows in grids:
            if rows and sheet.strip() and _is_mapping(rows):
                continue  # salesdesk's own mapping, pasted into a book: never data
            result.entries.extend(propose(rows, path.name, sheet))
    first = paths[0] if paths else Path(".")
    target = out or ((first if first.is_dir() else first.parent) / MAPPING_FILE)
    result.target = target
    if not result.entries:
        return result
    try:
        result.saved = _write(result.entries, target, lang, force)
    except FileRefused as exc:
        result.refused.append(exc)
    return result


def _is_mapping(rows: list[list[object]]) -> bool:
    from ..core.recognise import recognise

    found = recognise(rows)
    return found is not None and (found.spec.key == HEADER_MAP.key or bool(found.spec.key_value))
