"""Column-wise conversion with a fast path for the values readers usually return.

python-calamine hands back typed cells (float, date, datetime, str). Most
cells are already what the column wants, so each column type has a list
comprehension that accepts those in place (no function call per cell) and
marks the rest; only marked cells go through the tolerant parser of
`values.py` (text typed into a date column, `¥1,200`, full-width digits...).
Same results as parsing every cell, a fraction of the time.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from decimal import Decimal
from itertools import repeat
from operator import is_
from typing import Callable

from ..schema.types import Column, ColumnType
from .parsers import parser_for
from .values import Parsed

SLOW = object()  # "not a common case": use the tolerant parser
ListConverter = Callable[[list[object]], list[object]]


def _blank_or_slow(v: object) -> object:
    return None if v is None or v == "" else SLOW


_BIG = 1e12  # the bound of values.MAX_MAGNITUDE: NaN, inf and larger go to the tolerant parser


MEMO_LIMIT = 1 << 16  # distinct values remembered per column: a column of all-different values costs no more than this


def _memo(make: Callable[[object], object]) -> tuple[Callable[[object], object], Callable[[object], object]]:
    """(get, miss) of a per-column memo: `get(v) or miss(v)` is `make(v)`, made once per distinct v (up to MEMO_LIMIT) so
    equal cells share one immutable value (Decimal, aware datetime): the same results, less memory and time on a long
    sheet. Only for keys whose equal values give equal results, and results that are never falsy."""
    memo: dict[object, object] = {}

    def miss(value: object) -> object:
        made = make(value)
        if len(memo) < MEMO_LIMIT:
            memo[value] = made
        return made

    return memo.get, miss


def _converter(column: Column, zone: tzinfo) -> ListConverter:
    kind = column.type
    if kind is ColumnType.DATE:
        return lambda vs: [v if type(v) is date else v.date() if type(v) is datetime else _blank_or_slow(v) for v in vs]
    if kind is ColumnType.MONTH:
        return lambda vs: [v.replace(day=1) if type(v) is date else v.date().replace(day=1) if type(v) is datetime else _blank_or_slow(v) for v in vs]
    if kind is ColumnType.DATETIME:
        # combine(day, time, zone) is the same aware value as replace(tzinfo=zone), five times faster
        combine = datetime.combine
        # (a time off the whole second, 09:29:59.9997 from a serial cut short, goes to the parser, which rounds it)
        def datetimes(vs: list[object]) -> list[object]:
            # one aware value per distinct naive one (a million stamps of a few thousand moments share them); fold and
            # tzinfo set keep their own way (equal keys that would not give the same value)
            get, miss = _memo(lambda v: combine(v, v.time(), zone))  # type: ignore[arg-type,attr-defined]  # datetimes only
            return [(get(v) or miss(v)) if type(v) is datetime and not v.microsecond and v.tzinfo is None and not v.fold
                    else combine(v, v.time(), zone) if type(v) is datetime and not v.microsecond else _blank_or_slow(v) for v in vs]

        return datetimes
    if kind in (ColumnType.MONEY, ColumnType.NUMBER):
        # repr() is the shortest string that round-trips: 1200.1 stays 1200.1.
        def amounts(vs: list[object]) -> list[object]:
            get, miss = _memo(lambda v: Decimal(repr(v)))  # zeros apart: 0.0 and -0.0 are equal keys of different reprs
            return [(get(v) or miss(v)) if type(v) is float and v and -_BIG < v < _BIG
                    else Decimal(repr(v)) if type(v) is float and -_BIG < v < _BIG else _blank_or_slow(v) for v in vs]

        return amounts
    if kind is ColumnType.INT:
        return lambda vs: [int(v) if type(v) is float and -_BIG < v < _BIG and v.is_integer() else _blank_or_slow(v) for v in vs]
    if kind is ColumnType.PERCENT:
        def shares(vs: list[object]) -> list[object]:
            get, miss = _memo(lambda v: Decimal(repr(v)))
            return [(get(v) or miss(v)) if type(v) is float and 0.0 < v <= 1.0
                    else Decimal(repr(v)) if type(v) is float and 0.0 <= v <= 1.0 else _blank_or_slow(v) for v in vs]

        return shares
    if kind is ColumnType.ID:
        # str.strip() returns the same object when there is nothing to strip,
        # and NFKC leaves plain ASCII unchanged.
        def ids(vs: list[object]) -> list[object]:
            get, miss = _memo(lambda v: v)  # equal texts share one object: a customer id on 1M order rows is kept once
            return [(get(v) or miss(v)) if type(v) is str and v and v.isascii() and v.strip() is v else _blank_or_slow(v) for v in vs]

        return ids
    if kind is ColumnType.TEXT:
        def texts(vs: list[object]) -> list[object]:
            get, miss = _memo(lambda v: v)
            return [(get(v) or miss(v)) if type(v) is str and v and v.strip() is v else _blank_or_slow(v) for v in vs]

        return texts
    if kind is ColumnType.CHOICE:
        exact = {label: c.key for c in column.choices for label in c.labels()}
        return lambda vs: [exact.get(v, SLOW) if type(v) is str and v else _blank_or_slow(v) for v in vs]
    if kind is ColumnType.BOOL:
        return lambda vs: [v if type(v) is bool else _blank_or_slow(v) for v in vs]
    return lambda vs: [_blank_or_slow(v) for v in vs]


def convert_column(values: list[object], column: Column, zone: tzinfo, date1904: bool = False) -> tuple[list[object], list[tuple[int, Parsed]]]:
    """Typed values (None for blank or rejected) and the (position, Parsed) of every problem.

    Error cells and uncalculated formulas (`CellMark`) are never common: the
    tolerant parser turns them into their codes.
    """
    out = _converter(column, zone)(values)
    problems: list[tuple[int, Parsed]] = []
    if any(map(is_, out, repeat(SLOW))):  # C-level scan: no Python frame per cell
        parse = parser_for(column, zone, date1904)
        for index, value in enumerate(out):
            if value is SLOW:
                parsed = parse(values[index])
                if parsed.code:
                    problems.append((index, parsed))
                out[index] = parsed.value
    return out, problems
