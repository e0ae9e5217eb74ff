"""Columnar frames of the typed tables, generated from the schema (polars): the summary computes on columns.

One frame per sheet kind, every file's rows stacked; columns are the schema keys, typed from the schema:
text, id and choice -> String (trimmed, "" for blank, the same as summary.common.text), int -> Int64,
money / number / percent -> Decimal with the scale the values need (exact: never float), date and
month -> Date, date-time -> Datetime in the run's local wall time (what `.date()` of the aware value
gives), yes/no -> Boolean. `file`, `sheet` and `row` say where each row came from, and `seq` keeps the
rows' order across files (the row path's "first one wins" rules depend on it).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Iterable

import polars as pl

from ..core.tables import Tables
from ..schema import sheet_spec
from ..schema.types import ColumnType, SheetSpec

TEXTUAL = (ColumnType.TEXT, ColumnType.ID, ColumnType.CHOICE)
DECIMAL = (ColumnType.MONEY, ColumnType.NUMBER, ColumnType.PERCENT)
MAX_SCALE = 12  # more decimal places than this are not money: the frame keeps 12 (the row path's sums differ beyond it)


def _scale(values: Iterable[Any]) -> int:
    """The decimal places every value needs (at least 2): a Decimal column is exact, never rounded."""
    places = 2
    for v in values:
        if v is not None:
            exponent = v.as_tuple().exponent
            if isinstance(exponent, int) and -exponent > places:
                places = min(-exponent, MAX_SCALE)
    return places


def _text(values: list[Any]) -> list[str]:
    return ["" if v is None else v if type(v) is str and v.strip() is v else str(v).strip() for v in values]


def _wall(values: list[Any]) -> list[Any]:
    return [v.replace(tzinfo=None) if isinstance(v, datetime) else None for v in values]


def _series(name: str, kind: ColumnType, values: list[Any]) -> pl.Series:
    if kind in TEXTUAL:
        return pl.Series(name, _text(values), dtype=pl.String)
    if kind is ColumnType.INT:
        return pl.Series(name, values, dtype=pl.Int64)
    if kind in DECIMAL:
        exact = [v if v is None or isinstance(v, Decimal) else Decimal(str(v)) for v in values]
        return pl.Series(name, exact, dtype=pl.Decimal(38, _scale(exact)))
    if kind in (ColumnType.DATE, ColumnType.MONTH):
        return pl.Series(name, values, dtype=pl.Date)
    if kind is ColumnType.DATETIME:
        return pl.Series(name, _wall(values), dtype=pl.Datetime("us"))
    if kind is ColumnType.BOOL:
        return pl.Series(name, values, dtype=pl.Boolean)
    return pl.Series(name, _text(values), dtype=pl.String)


def _spec(tables: Tables, key: str) -> SheetSpec:
    found = tables.of(key)
    return found[0].spec if found else sheet_spec(key)


def frame(tables: Tables, key: str, columns: Iterable[str] | None = None) -> pl.DataFrame:
    """Every row of one sheet kind as a typed frame (only `columns`, when given, plus file, sheet, row, seq)."""
    spec = _spec(tables, key)
    wanted = [c for c in spec.columns if columns is None or c.key in set(columns)]
    rows = [(t, r) for t, r in tables.rows(key)]
    data = [
        pl.Series("file", [t.file for t, _ in rows], dtype=pl.String),
        pl.Series("sheet", [t.sheet for t, _ in rows], dtype=pl.String),
        pl.Series("row", [r.row for _, r in rows], dtype=pl.Int64),
        pl.Series("seq", range(len(rows)), dtype=pl.Int64),
    ]
    data += [_series(c.key, c.type, [r.__dict__.get(c.key) for _, r in rows]) for c in wanted]
    return pl.DataFrame(data)


def month(column: str) -> pl.Expr:
    """The first day of the month of a date column."""
    return pl.col(column).dt.truncate("1mo")
