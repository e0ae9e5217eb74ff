"""Proposing a header mapping for a sheet: from synonyms (the schema's aliases), then from the values.

Pure and deterministic: a grid in, one entry per header out, each with the
reason it was proposed. A required column no header names is looked for by
the shape of the values below the headers (dates, amounts, ids): proposed
only when exactly one unmatched column has that shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from ..core.recognise import (
    HEADER_SEARCH_ROWS,
    NearMiss,
    Recognised,
    _bare,
    classify,
    column_letter,
    fits_values,
    header_like,
    identified,
    people_at_accounts,
    recognise_mapped,
    spans,
)
from ..core.values import header_token
from ..schema.dsl import STATUS_COLUMN
from ..schema.types import Column, ColumnType, SheetSpec

SAMPLE_ROWS = 60
_DATE_TEXT = re.compile(r"^\s*\d{1,4}[-/.年]\d{1,2}[-/.月]\d{1,4}日?(\s+\d{1,2}:\d{2}(:\d{2})?)?\s*$")
_ID_TEXT = re.compile(r"^[A-Za-z]{0,6}[-_/#]?\d{2,}[-_/]?[A-Za-z0-9]*$")


@dataclass(frozen=True)
class Entry:
    workbook: str
    sheet: str
    kind: str  # the most likely kind, even when unsure ("" when no header of the region matches any kind)
    header: str
    column: str  # a column key, or "" when the header is not read
    reason: str  # alias | header | key | values:date | values:number | values:id | unmatched
    use: bool = True  # False: a guess, written for the rep to confirm; not applied until the rep says yes
    sample: str = ""  # the first values under the header (the mapping's preview)
    header_row: int = 0  # 1-based row of the region's header
    missing: tuple[str, ...] = ()  # required columns the region lacks (the rep supplies a value or maps one)
    letter: str = ""  # the header's column in the rep's sheet (A, B ...): a sheet without headers is mapped by it


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


def _sample(grid: list[list[object]], header_index: int, column: int, count: int = 3) -> str:
    values = [row[column] for row in grid[header_index + 1 :] if column < len(row) and row[column] not in (None, "")][:count]
    return " | ".join(str(v)[:30] for v in values)


def _region_entries(grid: list[list[object]], workbook: str, sheet: str, fallback_header: int) -> list[Entry]:
    """Entries for one region (its columns only): the kind read best with names and value-shape guesses;
    with no kind matched, every header unmatched and the kind left to the rep."""
    from ..schema import all_sheets

    tried = [c for spec in all_sheets() if spec.key != "header_map" and (c := _candidate(grid, spec))]
    if not tried:  # no kind with two headers: the kind of the one header that matches, as a guess, else none
        header = grid[fallback_header]
        kind, hits = _one_header_kind(header)
        return [Entry(workbook, sheet, kind, str(c).strip(), hits[i][0] if i in hits else "", hits[i][1] if i in hits else "unmatched", False,
                      _sample(grid, fallback_header, i), fallback_header + 1)
                for i, c in enumerate(header) if c not in (None, "")]
    score, found, guessed = max(tried, key=lambda c: c[0])
    spec = found.spec
    header = grid[found.header_index]
    by_index = {m.column: m for m in found.matches if m.key in {c.key for c in spec.columns}}
    body = grid[found.header_index + 1 : found.header_index + 1 + SAMPLE_ROWS]
    named = len(by_index)
    # Used unedited only when the proposal reads as the kind and rests on named headers, not on value shapes alone.
    judged = recognised_with(grid, [Entry(workbook, sheet, spec.key, str(header[i]), k, "") for i, k in
                                    [*((m.column, m.key) for m in found.matches), *guessed.items()]])
    # an unedited proposal reads a region salesdesk did not recognise alone only when nothing required is missing
    fits = isinstance(judged, Recognised) and (isinstance(found, Recognised) or not judged.missing_required) and fits_values(spec, judged.columns, grid[judged.header_index + 1 : judged.header_index + 1 + SAMPLE_ROWS])
    identity = isinstance(found, Recognised) or not spec.identifying or identified(spec, {m.key for m in found.matches})
    # another kind naming more of the headers (a pipeline whose stage header is unknown) makes this one a guess
    rival = max((len(c[1].matches) for c in tried if c[1].spec.key != spec.key), default=0)
    use = rival <= len(found.matches) and bool(score[0]) and fits and identity and (isinstance(found, Recognised) or named >= 3 or (named >= 2 and (len(guessed) >= 1 or len([c for c in header if c not in (None, "")]) <= 4)))
    cells = [(i, str(c), header_token(c), _bare(c)) for i, c in enumerate(header) if c not in (None, "")]
    use = use and not people_at_accounts(spec, cells)  # a CRM's contacts at accounts: the rep says whether it is a customer list
    keys = {m.key for m in found.matches} | set(guessed.values())
    missing = tuple(k for k in spec.required_keys if k not in keys and k not in spec.suppliable)
    supply = tuple(k for k in spec.required_keys if k not in keys and k in spec.suppliable)
    entries: list[Entry] = []
    status = {m.column for m in found.matches if m.key == STATUS_COLUMN.key}  # salesdesk's own column: never the rep's to map
    for i, cell in enumerate(header):
        if cell is None or cell == "" or i in status:
            continue
        text = str(cell).strip()
        if i in by_index:
            how = by_index[i].by
            reason = "header" if how.startswith("header") else how
            entries.append(Entry(workbook, sheet, spec.key, text, by_index[i].key, reason, use, _sample(grid, found.header_index, i), found.header_index + 1, missing + supply))
        elif i in guessed:  # from the values' shape alone (any date column could be the signing date): the rep confirms it
            entries.append(Entry(workbook, sheet, spec.key, text, guessed[i], f"values:{_shape([row[i] if i < len(row) else None for row in body])}", False,
                                 _sample(grid, found.header_index, i), found.header_index + 1, missing + supply))
        else:
            entries.append(Entry(workbook, sheet, spec.key, text, "", "unmatched", use, _sample(grid, found.header_index, i), found.header_index + 1, missing + supply))
    return entries


def _one_header_kind(header: list[object]) -> tuple[str, dict[int, tuple[str, str]]]:
    """The kind with the most headers matched (one at least) among the data kinds, and those matches."""
    from ..core.recognise import _bare, _match
    from ..core.values import header_token
    from ..schema import all_sheets

    cells = [(i, str(c), header_token(c), _bare(c)) for i, c in enumerate(header) if c not in (None, "")]
    best: tuple[int, str, dict[int, tuple[str, str]]] = (0, "", {})
    for spec in all_sheets():
        if spec.key_value or spec.key in ("header_map", "rep_folders"):
            continue
        _found, matches, _zh = _match(spec, cells)
        hits = {m.column: (m.key, "header" if m.by.startswith("header") else m.by) for m in matches if m.key in {c.key for c in spec.columns}}
        if len(hits) > best[0]:
            best = (len(hits), spec.key, hits)
    return best[1], best[2]


def _header_row(grid: list[list[object]]) -> int | None:
    """The row a region's headers are in: the recogniser's, else the first header-like row with data below."""
    found = classify(grid, near_min=1)
    if found is not None:
        return found.header_index
    rows = grid[:HEADER_SEARCH_ROWS]
    return next((i for i, row in enumerate(rows) if header_like(row) and any(any(c not in (None, "") for c in r) for r in grid[i + 1 : i + 6])), None)


def propose(grid: list[list[object]], workbook: str, sheet: str) -> list[Entry]:
    """Entries for every tabular region of a sheet (side tables split at blank columns), one per header.

    Each region gets the kind read best with its synonyms and value-shape
    guesses (recognised, then most columns), even when unsure: then `use` is
    False (a guess the rep confirms). A sheet with no header row but a table
    (two or more columns filled in two or more rows) is proposed column by
    column from its values, by letter (`headerless_entries`); a note gives []."""
    index = _header_row(grid)
    if index is None:
        return headerless_entries(grid, workbook, sheet)
    body = grid[index + 1 : index + 1 + SAMPLE_ROWS]
    entries: list[Entry] = []
    for start, end in spans(grid[index], body):
        if end - start < 2:
            continue
        region = [row[start:end] for row in grid]
        if not any(any(c not in (None, "") for c in row) for row in region[index + 1 :]):
            continue  # a header with nothing below it is no table
        entries.extend(replace(e, letter=_letter(region[index], e.header, start)) for e in _region_entries(region, workbook, sheet, index))
    return entries


def _letter(header: list[object], text: str, start: int) -> str:
    """The column letter of a header in the rep's sheet (the region starts at column `start`, 0-based)."""
    at = next((i for i, c in enumerate(header) if c not in (None, "") and str(c).strip() == text), None)
    return column_letter(start + at) if at is not None else ""


def recognised_with(grid: list[list[object]], entries: list[Entry]) -> Recognised | NearMiss | None:
    """How the sheet reads with these entries accepted as they are (the corpus script's measure)."""
    entries = [e for e in entries if e.use and e.kind]
    if not entries:
        return None
    from ..schema import sheet_spec

    best = None
    for kind in dict.fromkeys(e.kind for e in entries):  # each region on its own; the best read wins
        found = recognise_mapped(grid, sheet_spec(kind), [(e.header, e.column) for e in entries if e.kind == kind])[0]
        if isinstance(found, Recognised) and (best is None or len(found.columns) > len(best.columns)):
            best = found
    return best


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d\s()\-.]{7,20}$")
_COMPANY = re.compile(r"公司|集团|厂|店|中心|商行|经营部|合作社|研究院|医院|学校|\b(?:ltd|limited|inc|llc|gmbh|co|corp|plc|ag|pvt|ооо|ао|ип)\b", re.IGNORECASE)
_PERSON_ZH = re.compile(r"^[\u3400-\u9fff]{2,4}$")


def _value_column(values: list[object]) -> str | None:
    """The customers column a header-less column's values look like: email, phone, name (companies) or
    key_contact (people's names), when four in five of its values do; else None."""
    present = [str(v).strip() for v in values if v not in (None, "") and str(v).strip()]
    if len(present) < 2:
        return None
    share = lambda pattern: sum(1 for v in present if pattern.search(v)) / len(present)  # noqa: E731
    digits = [v for v in present if _PHONE.match(v) and 7 <= sum(ch.isdigit() for ch in v.removesuffix(".0")) <= 15]
    if share(_EMAIL) >= 0.8:
        return "email"
    if len(digits) >= 0.8 * len(present):
        return "phone"
    if share(_COMPANY) >= 0.8:
        return "name"
    if share(_PERSON_ZH) >= 0.8:
        return "key_contact"
    return None


def _shown(value: object) -> str:
    """A preview value as the rep sees it: 13930380885, not 13930380885.0."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def headerless_entries(grid: list[list[object]], workbook: str, sheet: str) -> list[Entry]:
    """Entries for a sheet with no header row (a lead list pasted without headers: company, contact, phone),
    one per filled column, named by letter: the customers column its values look like, always a guess
    (`use` False) the rep confirms; [] when no two rows fill two columns (a note, a title)."""
    rows = [r for r in grid if sum(1 for c in r if c not in (None, "") and str(c).strip()) >= 2]
    if len(rows) < 2:
        return []
    width = max(len(r) for r in rows)
    filled = [i for i in range(width) if any(i < len(r) and r[i] not in (None, "") for r in rows)]
    guessed = {i: _value_column([r[i] if i < len(r) else None for r in rows[:SAMPLE_ROWS]]) for i in filled}
    if "key_contact" in guessed.values() and "name" not in guessed.values():  # people's names and no company: the lead's own name
        guessed = {i: ("name" if k == "key_contact" else k) for i, k in guessed.items()}
    keys = {k for k in guessed.values() if k}
    kind = "customers" if "name" in keys and keys & {"phone", "email"} else ""
    from ..schema import sheet_spec

    spec = sheet_spec("customers")
    missing = tuple(k for k in spec.required_keys if k not in keys) if kind else ()
    entries = []
    for i in filled:
        key = guessed[i] if kind else ""
        sample = " | ".join(_shown(r[i])[:30] for r in rows[:3] if i < len(r) and r[i] not in (None, ""))
        entries.append(Entry(workbook, sheet, kind, "", key or "", f"values:{key}" if key else "unmatched", False, sample, 0, missing, column_letter(i)))
    return entries
