"""Proposing a header mapping for a sheet: from synonyms (the schema's aliases), then from the values.

Pure and deterministic: a grid in, one entry per header out, each with the
reason it was proposed. A required column no header names is looked for by
the shape of the values below the headers (dates, amounts, ids): proposed
only when exactly one unmatched column has that shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from ..core.recognise import NearMiss, Recognised, classify, recognise_mapped
from ..schema.types import Column, ColumnType, SheetSpec

SAMPLE_ROWS = 60
_DATE_TEXT = re.compile(r"^\s*\d{1,4}[-/.年]\d{1,2}[-/.月]\d{1,4}日?(\s+\d{1,2}:\d{2}(:\d{2})?)?\s*$")
_ID_TEXT = re.compile(r"^[A-Za-z]{0,6}[-_/#]?\d{2,}[-_/]?[A-Za-z0-9]*$")


@dataclass(frozen=True)
class Entry:
    workbook: str
    sheet: str
    kind: str
    header: str
    column: str  # a column key, or "" when the header is not read
    reason: str  # alias | header | key | values:date | values:number | values:id | unmatched


def _shape(values: list[object]) -> str | None:
    present = [v for v in values if v is not None and v != ""]
    if len(present) < 2:
        return None
    share = lambda test: sum(1 for v in present if test(v)) / len(present)  # noqa: E731
    if share(lambda v: isinstance(v, (date, datetime)) or (isinstance(v, str) and bool(_DATE_TEXT.match(v)))) >= 0.8:
        return "date"
    if share(lambda v: isinstance(v, str) and bool(_ID_TEXT.match(v.strip()))) >= 0.8 and len(set(map(str, present))) == len(present):
        return "id"
    if share(lambda v: isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)) >= 0.8:
        return "number"
    return None


_FITS = {
    "date": (ColumnType.DATE, ColumnType.DATETIME),
    "number": (ColumnType.MONEY, ColumnType.NUMBER, ColumnType.INT),
    "id": (ColumnType.ID,),
}


def _by_values(spec: SheetSpec, missing: tuple[str, ...], grid: list[list[object]], header_index: int, free: list[int]) -> dict[str, int]:
    body = grid[header_index + 1 : header_index + 1 + SAMPLE_ROWS]
    shapes = {i: _shape([row[i] if i < len(row) else None for row in body]) for i in free}
    proposed: dict[str, int] = {}
    for key in missing:
        column: Column = spec.column(key)
        fits = [i for i, shape in shapes.items() if shape and column.type in _FITS[shape] and i not in proposed.values()]
        if len(fits) == 1:
            proposed[key] = fits[0]
    return proposed


def _candidate(grid: list[list[object]], spec: SheetSpec) -> tuple[tuple, Recognised | NearMiss, dict[int, str]] | None:
    found = classify(grid, (spec,), near_min=2)
    if found is None:
        return None
    header = grid[found.header_index]
    matched = {m.column for m in found.matches}
    keys = {m.key for m in found.matches}
    missing = tuple(k for k in spec.required_keys if k not in keys)  # suppliable ones too: a real column beats a supplied one
    free = [i for i, c in enumerate(header) if c is not None and c != "" and i not in matched]
    guessed = {i: key for key, i in _by_values(spec, missing, grid, found.header_index, free).items()}
    entries = [(str(header[m.column]), m.key) for m in found.matches] + [(str(header[i]), k) for i, k in guessed.items()]
    judged, _stale = recognise_mapped(grid, spec, entries)
    score = (isinstance(judged, Recognised), len(found.matches), len(entries), -len(spec.columns))  # named headers before guesses
    return score, found, guessed


def propose(grid: list[list[object]], workbook: str, sheet: str) -> list[Entry]:
    """Entries for a sheet that looks like one of salesdesk's kinds; [] for any other sheet.

    Each kind with two or more headers matched is tried with its value-shape
    guesses; the kind read best that way (recognised, then most columns) wins."""
    from ..schema import all_sheets

    tried = [c for spec in all_sheets() if (c := _candidate(grid, spec))]
    if not tried:
        return []
    _score, found, guessed = max(tried, key=lambda c: c[0])
    spec = found.spec
    header = grid[found.header_index]
    by_index = {m.column: m for m in found.matches if m.key in {c.key for c in spec.columns}}
    body = grid[found.header_index + 1 : found.header_index + 1 + SAMPLE_ROWS]
    entries: list[Entry] = []
    for i, cell in enumerate(header):
        if cell is None or cell == "":
            continue
        text = str(cell).strip()
        if i in by_index:
            how = by_index[i].by
            entries.append(Entry(workbook, sheet, spec.key, text, by_index[i].key, "header" if how.startswith("header") else how))
        elif i in guessed:
            entries.append(Entry(workbook, sheet, spec.key, text, guessed[i], f"values:{_shape([row[i] if i < len(row) else None for row in body])}"))
        else:
            entries.append(Entry(workbook, sheet, spec.key, text, "", "unmatched"))
    return entries


def recognised_with(grid: list[list[object]], entries: list[Entry]) -> Recognised | NearMiss | None:
    """How the sheet reads with these entries accepted as they are (the corpus script's measure)."""
    if not entries:
        return None
    from ..schema import sheet_spec

    return recognise_mapped(grid, sheet_spec(entries[0].kind), [(e.header, e.column) for e in entries])[0]
