"""`salesdesk map PATH...`: propose a header mapping for the rep's own sheets and write it for the rep to correct.

The mapping goes to salesdesk_mapping.xlsx beside the books (a new file
salesdesk owns, through the write guard): the rep's books are never
changed, so `map` is safe on any book, and the rep edits the proposal in
Excel. Every command then reads it like any other sheet (by its headers)
and applies it. A mapping file the rep has edited is not overwritten
(`file-not-ours`): delete it, or give another --out, to propose afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..io.fsguard import refusal
from ..io.generated import new_workbook
from ..io.ooxml.generated_sheet import generated_sheet_names
from ..io.package import FileRefused
from ..io.reader import OOXML_SUFFIXES, expand_paths, read_book
from ..io.safe_write import SaveResult, save_new_file
from ..mapping.propose import Entry, propose
from ..schema.mapping import HEADER_MAP

MAPPING_FILE = "salesdesk_mapping.xlsx"


@dataclass
class MapResult:
    entries: list[Entry] = field(default_factory=list)
    refused: list[FileRefused] = field(default_factory=list)
    saved: SaveResult | None = None
    target: Path | None = None


def mapping_rows(entries: list[Entry]) -> list[list[object]]:
    return [[e.workbook, e.sheet, e.kind, e.header, e.column, None, e.reason] for e in entries]


def run_map(paths: list[Path], out: Path | None = None, lang: str = "zh", force: bool = False) -> MapResult:
    result = MapResult()
    for path in expand_paths(paths):
        if path.name == MAPPING_FILE:
            continue
        try:
            book = read_book(path)
            owned = generated_sheet_names(path) if path.suffix.lower() in OOXML_SUFFIXES else set()
        except FileRefused as exc:
            result.refused.append(exc)
            continue
        except OSError as exc:
            result.refused.append(refusal(path, "file-unreadable", exc.strerror or str(exc)))
            continue
        for grid in book.grids:
            if grid.sheet in owned:
                continue
            entries = propose(grid.rows, path.name, grid.sheet)
            if entries and entries[0].kind != HEADER_MAP.key:
                result.entries.extend(entries)
    first = paths[0] if paths else Path(".")
    target = out or ((first if first.is_dir() else first.parent) / MAPPING_FILE)
    result.target = target
    if not result.entries:
        return result
    book = new_workbook()
    ws = book.active
    ws.title = HEADER_MAP.title(lang)
    ws.append([c.header(lang) for c in HEADER_MAP.columns])
    for row in mapping_rows(result.entries):
        ws.append(row)
    for index, column in enumerate(HEADER_MAP.columns):
        ws.column_dimensions[chr(65 + index)].width = column.width
    ws.freeze_panes = "A2"
    book.properties.creator = "salesdesk"
    try:
        result.saved = save_new_file(book, target, kind="mapping", force=force)
    except FileRefused as exc:
        result.refused.append(exc)
    return result
