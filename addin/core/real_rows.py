"""Rows the way real books hold them (issue 10, item 5): continuation rows and filtered copies.

- An invoice spanning several rows writes its id on the first row only. On
  a lines sheet (order lines, quote lines) a row with a blank id after a row
  with one is a further line of that order: it inherits the id. On an orders
  sheet, a row with neither an id nor a customer after a row with an id is a
  further line of the order above (its product columns are not salesdesk's):
  it is not an order of its own, so no missing-id error. Each sheet that
  has such rows gets one warning (`continuation-rows`).
- A second sheet with the same headers as another and a subset of its rows
  (a filtered copy, kept for printing or a manager) is read once: the copy
  is one `filtered-copy` warning, not hundreds of duplicate ids.
Pure: rows in, rows out.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Sequence, TypeVar

LINE_IDS = {"order_lines": "order_id", "quote_lines": "quote_id"}
HEAD_IDS = {"orders": ("order_id", "customer_id")}

Body = list[tuple[int, list[object]]]  # (Excel row, raw cells)
G = TypeVar("G")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(raw: list[object], index: int) -> object:
    return raw[index] if index < len(raw) else None


def fold_continuations(kind: str, columns: dict[str, int], body: Body) -> tuple[Body, int]:
    """The body with continuation rows folded in, and how many rows were continuations."""
    if kind in LINE_IDS and LINE_IDS[kind] in columns:
        index = columns[LINE_IDS[kind]]
        last: object = None
        folded = 0
        for _row, raw in body:
            value = _cell(raw, index)
            if not _blank(value):
                last = value
            elif last is not None:
                raw.extend([None] * (index + 1 - len(raw)))
                raw[index] = last
                folded += 1
        return body, folded
    if kind in HEAD_IDS and all(k in columns for k in HEAD_IDS[kind]):
        id_index, ref_index = (columns[k] for k in HEAD_IDS[kind])
        kept: Body = []
        seen = False
        for row, raw in body:
            if seen and _blank(_cell(raw, id_index)) and _blank(_cell(raw, ref_index)):
                continue
            seen = seen or not _blank(_cell(raw, id_index))
            kept.append((row, raw))
        return kept, len(body) - len(kept)
    return body, 0


def _row_key(raw: Sequence[object]) -> tuple[str, ...]:
    cells = ["" if _blank(c) else str(c).strip() for c in raw]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


Keys = dict[int, tuple[tuple[str, ...], list[tuple[str, ...]]]]  # id(rows) -> (header key, non-blank row keys)


def _keys(rows: Sequence[Sequence[object]], header_index: int, cache: Keys | None) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """A sheet's header and row keys (every cell as typed), computed once per run when `cache` is shared."""
    if cache is not None and id(rows) in cache:
        return cache[id(rows)]
    body = [b for b in (_row_key(r) for r in rows[header_index + 1 :]) if b]
    found = (_row_key(rows[header_index]) if header_index < len(rows) else (), body)
    if cache is not None:
        cache[id(rows)] = found
    return found


def _header_key(rows: Sequence[Sequence[object]], header_index: int) -> tuple[str, ...]:
    return _row_key(rows[header_index]) if header_index < len(rows) else ()


def _bodies(sheets: Sequence[tuple[G, object, int, Sequence[Sequence[object]]]], cache: Keys | None):
    """(handle, group, header index, rows, row keys) per sheet. A sheet alone in its group with its header row can be
    no copy and have none: its rows are never keyed (empty keys), so one sheet of a kind costs nothing here."""
    groups = Counter((kind, _header_key(rows, header_index)) for _handle, kind, header_index, rows in sheets)
    for handle, kind, header_index, rows in sheets:
        alone = groups[(kind, _header_key(rows, header_index))] < 2
        yield handle, kind, header_index, rows, [] if alone else _keys(rows, header_index, cache)[1]


def filtered_copies(sheets: Sequence[tuple[G, object, int, Sequence[Sequence[object]]]], cache: Keys | None = None) -> list[tuple[G, G]]:
    """(copy, original) pairs among `sheets` = (handle, group, header index, rows): same group (one
    workbook's sheets of one kind: a rep's folder may well hold the same list twice as two files), same
    header row, every data row of the copy found in the original, which has at least as many.
    The first sheet of a pair in workbook order is the original. `cache`: row keys shared between passes."""
    keyed = []
    for handle, kind, header_index, rows, body in _bodies(sheets, cache):
        keyed.append((handle, kind, _header_key(rows, header_index), body))
    pairs: list[tuple[G, G]] = []
    copies: set[int] = set()
    for i, (original, kind, header, body) in enumerate(keyed):
        if i in copies or not body:
            continue
        have = set(body)
        for j in range(i + 1, len(keyed)):
            handle, other_kind, other_header, other_body = keyed[j]
            if j in copies or other_kind != kind or other_header != header or not other_body or len(other_body) > len(body):
                continue
            if all(b in have for b in other_body):
                pairs.append((handle, original))
                copies.add(j)
    return pairs


COPY_SUBSET_ROWS = 20  # a sheet holding part of another's rows is a copy from this many rows (domain.md "Copies")


def copies_anywhere(sheets: Sequence[tuple[G, object, int, Sequence[Sequence[object]]]], newer: Callable[[G], float],
                    least: int = COPY_SUBSET_ROWS, cache: Keys | None = None) -> list[tuple[G, G]]:
    """(copy, original) pairs among sheets of one kind wherever they lie (domain.md "Team identity and
    consistency", Copies): same header row, and rows (every cell, as typed) equal to the original's, or a
    subset of them of at least `least` rows. `sheets` = (handle, kind, header index, rows); `newer(handle)`:
    the file's modification time. Of equal sheets the newest file is the original; of a subset, the
    sheet holding more rows. A copy of a copy is reported against the one original."""
    keyed = []
    for handle, kind, header_index, rows, listed in _bodies(sheets, cache):
        keyed.append((handle, kind, _header_key(rows, header_index), set(listed)))
    order = sorted(range(len(keyed)), key=lambda i: (-len(keyed[i][3]), -newer(keyed[i][0])))
    pairs: list[tuple[G, G]] = []
    copies: set[int] = set()
    for at, i in enumerate(order):
        original, kind, header, body = keyed[i]
        if i in copies or not body:
            continue
        for j in order[at + 1 :]:
            handle, other_kind, other_header, other_body = keyed[j]
            if j in copies or other_kind != kind or other_header != header or not other_body:
                continue
            if other_body == body or (len(other_body) >= least and other_body <= body):
                pairs.append((handle, original))
                copies.add(j)
    return pairs
