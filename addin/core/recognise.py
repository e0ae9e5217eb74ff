"""Recognising a sheet by its headers: either language, any order, any position.

A grid is the list of rows a reader returns. The header row is searched in
the first rows (title rows above it are allowed); a sheet spec matches when
its required columns are all present. Extra columns are simply not mapped,
so they stay untouched.

Headers match a column by its key, its Chinese or English header, or one of
its aliases (addin/schema/aliases.py), in that order, ignoring case, width,
spaces and a bracketed unit. Every match is recorded (`Match`), so `check
--explain` and `check --json` can say which header matched which column and
why. A sheet that looks like a kind but lacks too many required columns is a
`NearMiss`: reported, never dropped without a word.

Precision (issue 22, item 1): a header row is the row most like a header
(two or more cells, mostly text that is no number or date, distinct) with
rows below it; a value inside data is never a header. A sheet is a kind
when its header row carries the kind's identifying columns (schema:
SheetSpec.identifying; an order's id with its customer or amount, a visit's
customer and date, a pipeline's stage with a deal, customer or amount, a
customer's name or id with a phone or e-mail), or most of its required
columns, even when other required columns are absent: then it is read and reported with one missing-column
finding per absent column, and its confidence is "partial": never written.
It is read and written ("full") when nothing required is missing and: at
least three of its columns matched (all of a smaller kind's) and a third of
the row's headers (or two of the template's own headers and half the row's,
or the kind's identifying columns, a name and a phone, and a quarter),
and the values below fitting the matched columns' types. Anything less is a guess: a `NearMiss` (`guess=True`),
reported with the columns matched and never read or written until a
confirmed mapping says so. Side tables (separated by a blank column) are
separate regions: each is judged on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..schema import all_sheets
from ..schema.dsl import STATUS_COLUMN
from ..schema.types import Column, SheetSpec
from .values import header_token

HEADER_SEARCH_ROWS = 15
KEYED_BY_NAME = ("customer_id", "sku")  # ids salesdesk supplies from the row's name (core/keys.py)
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Match:
    """How one header cell matched a column: `by` is key, header_zh, header_en or alias."""

    key: str
    column: int  # 0-based column index
    header: str  # the cell's text as written
    by: str
    unit_ignored: bool = False  # matched once a bracketed unit or note was set aside: 金额(元)


@dataclass(frozen=True)
class Recognised:
    spec: SheetSpec
    header_index: int  # 0-based row index in the grid
    columns: dict[str, int]  # column key -> 0-based column index
    missing_required: tuple[str, ...]
    lang: str = "zh"  # the language its headers were written in: what salesdesk writes into it follows it
    matches: tuple[Match, ...] = ()
    to_supply: tuple[str, ...] = ()  # required columns the sheet lacks that salesdesk supplies (core/keys.py)
    # full: by its headers alone, nothing required missing; mapping: confirmed in the header mapping; partial: by the
    # kind's identifying columns (or most of its required ones) with a required column absent: read and reported,
    # one missing-column finding per absent column, never written (issue 22, item 1)
    confidence: str = "full"


@dataclass(frozen=True)
class NearMiss:
    """A sheet that looks like `spec` (several columns matched) but lacks too many required columns."""

    spec: SheetSpec
    header_index: int
    matches: tuple[Match, ...]
    missing: tuple[str, ...] = field(default=())
    guess: bool = False  # every required column is there, but too little matched to read it unconfirmed


@cache
def _tokens(spec: SheetSpec) -> dict[str, tuple[str, str, bool]]:
    """token -> (column key, how, Chinese?); own headers first, aliases never override them."""
    tokens: dict[str, tuple[str, str, bool]] = {}
    columns: tuple[Column, ...] = (*spec.columns, STATUS_COLUMN)
    for column in columns:
        for label, how, zh in ((column.zh, "header_zh", True), (column.en, "header_en", False), (column.key, "key", False)):
            tokens.setdefault(header_token(label), (column.key, how, zh))
    for column in columns:
        for alias in column.aliases:
            tokens.setdefault(header_token(alias), (column.key, "alias", bool(_CJK.search(alias))))
    return tokens


_UNIT = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")


def _bare(cell: object) -> str:
    """The header without a bracketed unit or note: 合同金额(元) -> 合同金额, Qty [pcs] -> qty."""
    return header_token(_UNIT.sub("", str(cell)))


def _match(spec: SheetSpec, cells: list[tuple[int, str, str, str]], mapped: dict[str, str] | None = None) -> tuple[dict[str, int], list[Match], int]:
    """Columns found, how, and how many of the matched headers are Chinese.

    `mapped`: header token -> column key from a confirmed mapping, before anything else ("" = not read)."""
    tokens = _tokens(spec)
    if mapped:
        # a key the kind has no column for (salesdesk's own status column of an annotated sheet) keeps its own reading
        own = {c.key: c for c in spec.columns}
        tokens = {**tokens, **{t: (k, "mapping", bool(_CJK.search(t))) for t, k in mapped.items() if k in own}}
        ignored = {t for t, k in mapped.items() if not k} - {header_token(STATUS_COLUMN.zh), header_token(STATUS_COLUMN.en)}
        cells = [c for c in cells if c[2] not in ignored]
    found: dict[str, int] = {}
    matches: list[Match] = []
    zh = 0
    for index, text, token, bare in cells:
        hit, unit = tokens.get(token), False
        if hit is None and bare != token:
            hit, unit = tokens.get(bare), True
        if hit and hit[0] not in found:
            found[hit[0]] = index
            matches.append(Match(hit[0], index, text, hit[1], unit))
            zh += hit[2]
    return found, matches, zh


# A lead list's person and company headers: with both, the company is the customer and the person its contact
# (a distributor sells to firms); a split person name then stays with the contact, never joined into the firm's name.
_PERSON = frozenset(header_token(h) for h in ("Name", "Full Name", "First Name", "Given Name", "姓名", "客户姓名", "名", "Имя", "ФИО"))
_FIRM = frozenset(header_token(h) for h in ("Company", "Company Name", "Organization", "Organisation", "Account", "Account Name", "公司",
                                            "公司名称", "企业名称", "单位名称", "客户单位", "Компания", "Организация"))


def _company_is_the_customer(spec: SheetSpec, cells: list[tuple[int, str, str, str]], found: dict[str, int],
                             matches: list[Match]) -> tuple[dict[str, int], list[Match]]:
    """Name → key contact and Company → customer name, when a sheet of a kind with both columns has both headers."""
    if "name" not in found or "key_contact" in found or not any(c.key == "key_contact" for c in spec.columns):
        return found, matches
    person = next((m for m in matches if m.key == "name" and header_token(m.header) in _PERSON), None)
    firm = next(((i, text) for i, text, token, _bare in cells if token in _FIRM and i != found["name"]), None)
    if person is None or firm is None:
        return found, matches
    kept = [m for m in matches if m.key not in ("name", "family_name")]
    swapped = [*kept, Match("name", firm[0], firm[1], "alias"), Match("key_contact", person.column, person.header, "alias")]
    return {m.key: m.column for m in swapped}, swapped


def people_at_accounts(spec: SheetSpec, cells: list[tuple[int, str, str, str]]) -> bool:
    """A list with its own row id and a second customer id column (ContactId and AccountId): people at customers
    (a CRM's contacts), not a customer list; never read as one unconfirmed (issue 22, item 1)."""
    if spec.id_column != "customer_id" or not any(c.key == "key_contact" for c in spec.columns):
        return False
    ids = {header_token(a) for a in spec.column("customer_id").aliases} | {header_token(spec.column("customer_id").en), "customerid"}
    return sum(1 for _i, _text, token, bare in cells if token in ids or bare in ids) >= 2


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _header_candidates(grid: list[list[object]]) -> list[tuple[int, list[object]]]:
    """Each of the first rows as a header row, and each pair of rows as one header spanning two rows
    (a merged group header above, 联系方式 over 电话 | 邮箱; a header merged down, 客户名称 over a
    blank): the lower cell where it has one, else the upper. The pair's index is its lower row."""
    rows = grid[:HEADER_SEARCH_ROWS]
    found: list[tuple[int, list[object]]] = []
    for index, row in enumerate(rows):
        found.append((index, row))
        if index + 1 < len(rows) and sum(not _blank(c) for c in row) >= 1:
            lower = rows[index + 1]
            if any(not _blank(c) for c in lower) and any(_blank(lower[i] if i < len(lower) else None) for i, c in enumerate(row) if not _blank(c)):
                width = max(len(row), len(lower))
                found.append((index + 1, [lower[i] if i < len(lower) and not _blank(lower[i]) else (row[i] if i < len(row) else None) for i in range(width)]))
    return found


_NOT_TEXT = re.compile(r"[\d\s,.:/\-+%¥$€£()年月日时分秒]+|#\w+[!?/]?\w*|true|false", re.IGNORECASE)
SAMPLE_ROWS = 30


def _is_text(cell: object) -> bool:
    """A cell a header could hold: text that is no number, date, amount or error value."""
    return isinstance(cell, str) and bool(cell.strip()) and not _NOT_TEXT.fullmatch(cell.strip())


def header_like(row: list[object]) -> bool:
    """Mostly text (no numbers, dates or amounts), two or more cells, their words distinct: a header, not data."""
    cells = [c for c in row if not _blank(c)]
    if len(cells) < 2:
        return False
    texts = [header_token(c) for c in cells if _is_text(c)]
    return len(texts) >= 0.75 * len(cells) and len(set(texts)) >= 0.8 * len(texts)


def spans(row: list[object], body: list[list[object]]) -> list[tuple[int, int]]:
    """The regions side by side in a header row: [start, end) column ranges split at a column blank in
    the header and in the rows below (a side table beside the main one)."""
    filled = [i for i, c in enumerate(row) if not _blank(c)]
    if not filled:
        return []
    found: list[tuple[int, int]] = []
    start = previous = filled[0]
    for i in filled[1:]:
        gap = range(previous + 1, i)
        if gap and all(all(_blank(r[g] if g < len(r) else None) for r in body) for g in gap):
            found.append((start, previous + 1))
            start = i
        previous = i
    found.append((start, previous + 1))
    return found


def fits_values(spec: SheetSpec, found: dict[str, int], body: list[list[object]]) -> bool:
    """The values below fit the matched columns: of the typed columns (dates, amounts, numbers) that hold
    values, no more fail than fit (a date column of names is no date column)."""
    from datetime import timezone

    from .parsers import parser_for

    fit = unfit = 0
    for key, index in found.items():
        if key == STATUS_COLUMN.key:
            continue
        column = spec.column(key)
        if column.type.value not in ("date", "datetime", "money", "number", "int", "percent"):
            continue
        values = [r[index] for r in body if index < len(r) and not _blank(r[index])]
        if len(values) < 3:
            continue
        parse = parser_for(column, timezone.utc)
        good = sum(1 for v in values if parse(v).value is not None)
        fit, unfit = (fit + 1, unfit) if good * 2 >= len(values) else (fit, unfit + 1)
    return unfit <= fit


def identified(spec: SheetSpec, found: dict[str, int] | set[str]) -> bool:
    """The kind's identifying columns are all there (schema: SheetSpec.identifying), e.g. a name and a phone."""
    return bool(spec.identifying) and all(any(k in found for k in group) for group in spec.identifying)


def _judge(grid: list[list[object]], specs: tuple[SheetSpec, ...] | None, mapped: dict[str, str] | None = None, near_min: int = 2) -> tuple[Recognised | None, NearMiss | None]:
    specs = specs or all_sheets()
    best: tuple[tuple, Recognised] | None = None
    near: tuple[tuple, NearMiss] | None = None
    named: tuple[int, Recognised] | None = None  # the best candidate carrying its kind's identifying columns, some required one absent
    for index, row in _header_candidates(grid):
        if not header_like(row) and not mapped:
            continue  # a value inside data is never a header
        body = grid[index + 1 : index + 1 + SAMPLE_ROWS]
        for start, end in spans(row, body) if not mapped else [(0, len(row))]:
            cells = [(i, str(c), header_token(c), _bare(c)) for i, c in enumerate(row[start:end], start) if c is not None and c != ""]
            if len(cells) < 2:
                continue
            for spec in specs:
                found, matches, zh = _match(spec, cells, mapped)
                if not mapped:
                    found, matches = _company_is_the_customer(spec, cells, found, matches)
                schema_hits = sum(1 for k in found if k != STATUS_COLUMN.key)
                if schema_hits < 2:
                    continue
                absent = tuple(k for k in spec.required_keys if k not in found)
                to_supply = tuple(k for k in absent if k in spec.suppliable and (k not in KEYED_BY_NAME or "name" in found))
                missing = tuple(k for k in absent if k not in to_supply)
                readable = [c for c in spec.columns if not c.computed]
                own = sum(1 for m in matches if m.by.startswith("header") or m.by == "key")  # the template's own words
                confident = bool(mapped) or (
                    ((schema_hits >= min(3, len(readable)) and (schema_hits >= 5 or schema_hits * 3 >= len(cells)))
                     or (own >= 2 and schema_hits * 2 >= len(cells))
                     or (identified(spec, found) and schema_hits * 4 >= len(cells)))
                    and fits_values(spec, found, body)
                    and not people_at_accounts(spec, cells)
                )
                # a kind's identifying column is never missing from a sheet read as it (a pipeline without stages is none)
                # (a list without its name column is its kind only with the whole identifying set: an id and a phone or e-mail)
                unidentified = any(k in missing for group in spec.identifying for k in group) and not identified(spec, found)
                # identifying is not required (issue 22, item 1): a sheet carrying the kind's identifying columns is the kind
                # even when other required columns are absent; each absent one is a missing-column finding, the sheet is
                # read and reported, never written (confidence "partial")
                lacking = bool(missing) and (schema_hits < 3 or len(missing) > len(spec.required_keys) // 3 or unidentified)
                by_identity = lacking and not mapped and identified(spec, found) and schema_hits >= 3
                if lacking and not by_identity or not confident:
                    if schema_hits >= near_min and len(missing) < len(spec.required_keys):
                        near_score = (schema_hits, -len(missing))
                        if near is None or near_score > near[0]:
                            near = (near_score, NearMiss(spec, index, tuple(matches), missing, guess=not missing))
                    continue
                score = (not missing, schema_hits - len(to_supply) / 2, schema_hits / len(spec.columns))
                if missing and identified(spec, found) and (named is None or schema_hits > named[0]):
                    named = (schema_hits, Recognised(spec, index, found, missing, "zh" if zh * 2 >= len(found) else "en", tuple(matches), to_supply,
                                                     "mapping" if mapped else "partial"))
                if best is None or score > best[0]:
                    lang = "zh" if zh * 2 >= len(found) else "en"
                    how = "mapping" if mapped else "partial" if missing else "full"
                    best = (score, Recognised(spec, index, found, missing, lang, tuple(matches), to_supply, how))
    if best and named and not best[1].missing_required and named[1].spec.key != best[1].spec.key and named[0] > len(best[1].columns):
        # A kind whose identifying columns are there and that names more of the headers (an order list by id, customer and
        # amount, without its dates) wins over one that matches a few headers fully (a name and a note): read, not written.
        best = ((), named[1])
    if best and near and not mapped and near[1].spec.key != best[1].spec.key and not near[1].guess and near[0][0] > len(best[1].columns):
        # Another kind explains more of the headers but lacks a column it cannot be read without (a pipeline whose stage
        # header is not known): the sheet is a near miss of that kind, never read as the lesser one (issue 22, item 1).
        return None, near[1]
    return (best[1] if best else None), (near[1] if near else None)


def recognise(grid: list[list[object]], specs: tuple[SheetSpec, ...] | None = None) -> Recognised | None:
    """The best matching sheet spec for a grid, or None when it is not one of ours.

    A candidate has all of the spec's required columns (or salesdesk can
    supply them) and at least two of its columns; or, when a third of the
    required ones or fewer are missing, at least three (so a sheet that lost a
    column is reported, not ignored). The best candidate has all required
    columns, then the most matches, then the highest share.
    """
    return _judge(grid, specs)[0]


def classify(grid: list[list[object]], specs: tuple[SheetSpec, ...] | None = None, near_min: int = 2) -> Recognised | NearMiss | None:
    """`recognise`, or else the kind the sheet nearly is (`near_min` or more columns matched;
    `salesdesk map` asks with two, as it goes on to look at the values)."""
    found, near = _judge(grid, specs, near_min=near_min)
    return found or near


def recognise_mapped(grid: list[list[object]], spec: SheetSpec, entries: list[tuple[str, str]]) -> tuple[Recognised | NearMiss | None, list[str]]:
    """A sheet read through a confirmed mapping: (header, column key or "" for not read) entries.

    The header row is the one among the first rows holding most of the
    mapped headers (order does not matter); entries whose header is not in
    it are returned as stale, never applied.
    """
    mapped = {header_token(h): k for h, k in entries}
    rows = [{header_token(c) for c in row if c is not None and c != ""} for row in grid[:HEADER_SEARCH_ROWS]]
    best = max(range(len(rows)), key=lambda i: len(rows[i] & mapped.keys()), default=None)
    present = rows[best] if best is not None else set()
    stale = [h for h, _k in entries if header_token(h) not in present]
    live = {t: k for t, k in mapped.items() if t in present}
    found, near = _judge(grid, (spec,), live)
    return (found or near), stale


_LETTERS = re.compile(r"^[A-Z]{1,3}$")


def letter_index(letter: str) -> int:
    """A column letter as Excel writes it, 0-based: A -> 0, Z -> 25, AA -> 26."""
    index = 0
    for ch in letter.strip().upper():
        index = index * 26 + ord(ch) - ord("A") + 1
    return index - 1


def column_letter(index: int) -> str:
    """A 0-based column index as Excel's letter: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def recognise_by_letters(grid: list[list[object]], spec: SheetSpec, letters: list[tuple[str, str]]) -> tuple[Recognised | None, list[str]]:
    """A sheet without a header row read through a confirmed mapping by column letter: (letter, column key or "")
    entries. Every row is data (`header_index` -1); required columns salesdesk supplies are supplied, the others
    reported missing. Returns the reading (None when no entry names a column) and the letters that are none (stale)."""
    own = {c.key for c in spec.columns}
    columns: dict[str, int] = {}
    matches: list[Match] = []
    stale: list[str] = []
    for letter, key in letters:
        text = letter.strip().upper()
        if not _LETTERS.match(text):
            stale.append(letter)
            continue
        if key in own and key not in columns:
            columns[key] = letter_index(text)
            matches.append(Match(key, columns[key], text, "mapping"))
    if not columns:
        return None, stale
    absent = tuple(k for k in spec.required_keys if k not in columns)
    to_supply = tuple(k for k in absent if k in spec.suppliable and (k not in KEYED_BY_NAME or "name" in columns))
    missing = tuple(k for k in absent if k not in to_supply)
    cjk = any(_CJK.search(str(c)) for row in grid[:SAMPLE_ROWS] for c in row if isinstance(c, str))
    return Recognised(spec, -1, columns, missing, "zh" if cjk else "en", tuple(matches), to_supply, "mapping"), stale
