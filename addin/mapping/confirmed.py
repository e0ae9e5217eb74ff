"""Reading a confirmed header mapping (the header_map sheet) and applying it to a grid.

Entries are grouped by workbook file name and sheet name; the column may be
written as its key or as its Chinese or English header. Unknown kinds or
columns, and entries whose header is gone, are issues: never silently applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.issues import Issue
from ..core.recognise import NearMiss, Recognised, recognise_by_letters, recognise_mapped
from ..core.tables import Tables
from ..core.values import header_token
from ..i18n import N_, translator
from ..schema import all_sheets
from ..schema.types import SheetSpec


@dataclass
class SheetMapping:
    spec: SheetSpec
    entries: list[tuple[str, str]] = field(default_factory=list)  # (header, column key or "")
    letters: list[tuple[str, str]] = field(default_factory=list)  # (column letter, column key): a sheet without headers
    owner: str | None = None
    where: tuple[str, str, int] = ("", "", 0)  # the mapping's own file, sheet and first row


def _issue(where: tuple[str, str, int], message: str, **fields: object) -> Issue:
    zh, en = (translator(lang)(message, **fields) for lang in ("zh", "en"))
    return Issue(file=where[0], sheet=where[1], row=where[2] or None, column=None, code="mapping-stale", message_zh=zh, message_en=en)


_BRACKETED_KEY = re.compile(r"\[([a-z0-9_]+)\]\s*$")


def _column_key(spec: SheetSpec, text: str) -> str | None:
    """A column named by its key, its Chinese or English header, or as the dropdown writes it: 客户名称 [name]."""
    bracketed = _BRACKETED_KEY.search(str(text))
    if bracketed and any(c.key == bracketed[1] for c in spec.columns):
        return bracketed[1]
    token = header_token(text)
    return next((c.key for c in spec.columns if token in {header_token(c.key), header_token(c.zh), header_token(c.en)}), None)


def read_mappings(tables: Tables) -> tuple[dict[tuple[str, str], SheetMapping], list[Issue]]:
    specs = {s.key: s for s in all_sheets()}
    mappings: dict[tuple[str, str], SheetMapping] = {}
    issues: list[Issue] = []
    for table, row in tables.rows("header_map"):
        where = (table.file, table.sheet, row.row)
        letter = str(getattr(row, "map_letter", None) or "").strip()
        if not (row.map_workbook and row.map_sheet and (row.map_header or letter) and row.map_kind):
            continue  # required-missing already says so; no kind: the sheet is not read
        if getattr(row, "map_use", None) is False:
            continue  # a guess the rep has not confirmed
        bracketed = _BRACKETED_KEY.search(str(row.map_kind))
        spec = specs.get(bracketed[1] if bracketed else str(row.map_kind).strip()) or next((s for s in specs.values() if header_token(row.map_kind) in {header_token(s.zh), header_token(s.en)}), None)
        if spec is None:
            issues.append(_issue(where, N_("Mapping: unknown sheet kind {kind}"), kind=row.map_kind))
            continue
        key = ""
        if row.map_column:
            found = _column_key(spec, str(row.map_column))
            if found is None:
                issues.append(_issue(where, N_("Mapping: {kind} has no column {column}"), kind=spec.key, column=row.map_column))
                continue
            key = found
        mapping = mappings.setdefault((str(row.map_workbook).strip().casefold(), str(row.map_sheet).strip()), SheetMapping(spec, where=where))
        if row.map_header:
            mapping.entries.append((str(row.map_header), key))
        else:  # no header: the column by its letter (a sheet without a header row)
            mapping.letters.append((letter, key))
        mapping.owner = mapping.owner or (str(row.map_owner).strip() if row.map_owner else None)
    return mappings, issues


def apply_mapping(grid: list[list[object]], mapping: SheetMapping, file: str, sheet: str) -> tuple[Recognised | NearMiss | None, list[Issue]]:
    if not mapping.entries and mapping.letters:  # a sheet without headers, mapped column by column
        by_letter, bad = recognise_by_letters(grid, mapping.spec, mapping.letters)
        return by_letter, [_issue(mapping.where, N_("Mapping for {file} / {sheet}: column {letter} is no column letter; entry not applied"),
                              file=file, sheet=sheet, letter=h) for h in bad]
    found, stale = recognise_mapped(grid, mapping.spec, mapping.entries)
    issues = [_issue(mapping.where, N_("Mapping for {file} / {sheet}: header {header} is not in the sheet; entry not applied"), file=file, sheet=sheet, header=h) for h in stale]
    return found, issues
