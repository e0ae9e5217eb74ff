"""Recognising a sheet by its headers: either language, any order, any position.

A grid is the list of rows a reader returns. The header row is searched in
the first rows (title rows above it are allowed); a sheet spec matches when
its required columns are all present. Extra columns are simply not mapped,
so they stay untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..schema import all_sheets
from ..schema.dsl import STATUS_COLUMN
from ..schema.types import SheetSpec
from .values import header_token

HEADER_SEARCH_ROWS = 15


@dataclass(frozen=True)
class Recognised:
    spec: SheetSpec
    header_index: int  # 0-based row index in the grid
    columns: dict[str, int]  # column key -> 0-based column index
    missing_required: tuple[str, ...]
    lang: str = "zh"  # the language its headers were written in: what salesdesk writes into it follows it


@cache
def _zh_tokens(spec: SheetSpec) -> frozenset[str]:
    return frozenset(header_token(c.zh) for c in (*spec.columns, STATUS_COLUMN))


def _language(spec: SheetSpec, row: list[object], found: dict[str, int]) -> str:
    """zh unless most matched headers are the English labels (or keys)."""
    zh_tokens = _zh_tokens(spec)
    zh = sum(1 for i in found.values() if header_token(row[i]) in zh_tokens or _bare(row[i]) in zh_tokens)
    return "zh" if zh * 2 >= len(found) else "en"


@cache
def _tokens(spec: SheetSpec) -> dict[str, str]:
    tokens: dict[str, str] = {}
    for column in (*spec.columns, STATUS_COLUMN):
        for label in (column.key, column.zh, column.en):
            tokens[header_token(label)] = column.key
    return tokens


def _match(spec: SheetSpec, cells: list[tuple[int, str, str]]) -> dict[str, int]:
    tokens = _tokens(spec)
    found: dict[str, int] = {}
    for index, token, bare in cells:
        key = tokens.get(token) or tokens.get(bare)
        if key and key not in found:
            found[key] = index
    return found


_UNIT = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")


def _bare(cell: object) -> str:
    """The header without a bracketed unit or note: 合同金额(元) -> 合同金额, Qty [pcs] -> qty."""
    return header_token(_UNIT.sub("", str(cell)))


def recognise(grid: list[list[object]], specs: tuple[SheetSpec, ...] | None = None) -> Recognised | None:
    """The best matching sheet spec for a grid, or None when it is not one of ours.

    A candidate has all of the spec's required columns and at least two of
    its columns; or, when a third of the required ones or fewer are missing,
    at least three (so a sheet that lost a column is reported, not ignored).
    The best candidate has all required columns, then the most matches, then
    the highest share.
    """
    specs = specs or all_sheets()
    best: tuple[tuple, Recognised] | None = None
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        cells = [(i, header_token(c), _bare(c)) for i, c in enumerate(row) if c is not None and c != ""]
        if len(cells) < 2:
            continue
        for spec in specs:
            found = _match(spec, cells)
            schema_hits = sum(1 for k in found if k != STATUS_COLUMN.key)
            missing = tuple(k for k in spec.required_keys if k not in found)
            if schema_hits < 2 or (missing and (schema_hits < 3 or len(missing) > len(spec.required_keys) // 3)):
                continue
            score = (not missing, schema_hits, schema_hits / len(spec.columns))
            if best is None or score > best[0]:
                best = (score, Recognised(spec, index, found, missing, _language(spec, row, found)))
    return best[1] if best else None
