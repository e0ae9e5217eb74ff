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
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Callable, Iterable

import polars as pl

from ..core.tables import RowModel, Table, Tables
from ..schema import sheet_spec
from ..schema.types import ColumnType, SheetSpec
from .common import MONEY_PLACES

TEXTUAL = (ColumnType.TEXT, ColumnType.ID, ColumnType.CHOICE)
DECIMAL = (ColumnType.MONEY, ColumnType.NUMBER, ColumnType.PERCENT)
MAX_SCALE = MONEY_PLACES  # more decimal places than this are not money: the frame keeps 12, as the row path counts (common.amount)


def _decimals(name: str, values: list[Any]) -> pl.Series:
    """Exact Decimals with the decimal places every value needs (at least 2, at most MAX_SCALE, rounded
    half-up beyond it: 1E-40 is 0.00...0 in the frame, never a panic of polars' 38-digit decimals). Parsed
    from their text by polars (one C-level str() per value; handing polars the Decimal objects costs six
    times more). A value of 38 integer digits or more does not fit a frame: it is left out (None), as
    an amount no check admits (domain.md "Plausible values")."""
    texts = pl.Series(name, [None if v is None else str(v) for v in values], dtype=pl.String)
    longest = texts.str.len_chars().max()
    if texts.str.contains("[eEn]").any() or (isinstance(longest, int) and longest > 30):  # 1E+3, NaN, very long: polars parses short plain notation only
        return _decimals_exact(name, values)
    places = texts.str.extract(r"\.(\d+)$").str.len_chars().max()
    if isinstance(places, int) and places > MAX_SCALE:  # rounded half-up, as the row path counts (common.amount)
        return _decimals_exact(name, values)
    scale = min(MAX_SCALE, max(2, int(places) if isinstance(places, int) else 2))
    return texts.str.to_decimal(scale=scale).alias(name)


def _decimals_exact(name: str, values: list[Any]) -> pl.Series:
    exact = [None if v is None else v if isinstance(v, Decimal) else Decimal(str(v)) for v in values]
    exact = [v if v is None or (v.is_finite() and v.adjusted() < 37) else None for v in exact]
    places = max([2, *(-int(v.as_tuple().exponent) for v in exact if v is not None)])
    digits = max([1, *(v.adjusted() + 1 for v in exact if v is not None and v)])
    scale = max(0, min(MAX_SCALE, places, 37 - digits))
    step = Decimal(1).scaleb(-scale)
    with localcontext() as wide:
        wide.prec = 40
        fitted = [None if v is None else v.quantize(step, ROUND_HALF_UP) for v in exact]
    return pl.Series(name, fitted, dtype=pl.Decimal(38, scale))


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
        return _decimals(name, values)
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


Derive = Callable[[Table, RowModel], str]


class Frames:
    """A run's frames, each sheet kind built once (with every column asked for up front), shared by every tab.
    `derived`: per sheet kind, String columns computed from each (table, row) (a customer's key, the folder)."""

    def __init__(self, tables: Tables, columns: dict[str, tuple[str, ...]], derived: dict[str, dict[str, Derive]] | None = None) -> None:
        self.tables, self.columns, self.derived = tables, columns, derived or {}
        self._built: dict[str, pl.DataFrame] = {}

    def __call__(self, key: str) -> pl.DataFrame:
        if key not in self._built:
            df = frame(self.tables, key, self.columns.get(key))
            extra = self.derived.get(key, {})
            if extra:
                rows = list(self.tables.rows(key))
                df = df.with_columns([pl.Series(name, [f(t, r) for t, r in rows], dtype=pl.String) for name, f in extra.items()])
            self._built[key] = df
        return self._built[key]


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
