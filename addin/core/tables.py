"""Tables: typed rows of one recognised sheet, each knowing where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Optional

from pydantic import BaseModel, ConfigDict, create_model

from ..schema.types import ColumnType, SheetSpec

if TYPE_CHECKING:
    import pandas as pd

PY_TYPES: dict[ColumnType, Any] = {
    ColumnType.TEXT: str,
    ColumnType.ID: str,
    ColumnType.INT: int,
    ColumnType.NUMBER: Decimal,
    ColumnType.MONEY: Decimal,
    ColumnType.PERCENT: Decimal,
    ColumnType.DATE: date,
    ColumnType.MONTH: date,
    ColumnType.DATETIME: datetime,
    ColumnType.CHOICE: str,
    ColumnType.BOOL: bool,
}


class RowModel(BaseModel):
    """Base of the generated row models: every row knows its Excel row."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    row: int

    if TYPE_CHECKING:
        # Fields are generated from the schema at run time; to a type checker
        # every column attribute is Any (None when the cell is blank).
        def __getattr__(self, name: str) -> Any: ...


@cache
def row_model(spec: SheetSpec) -> type[RowModel]:
    """The pydantic model of one sheet's rows, generated from the schema."""
    fields: dict[str, Any] = {c.key: (Optional[PY_TYPES[c.type]], None) for c in spec.columns}
    if spec.key_value:
        fields["value"] = (Any, None)  # typed per setting, see core/settings.py
    return create_model(f"{spec.key.title().replace('_', '')}Row", __base__=RowModel, **fields)


MAX_COLUMNS = 16384  # A..XFD


def column_letter(index: int) -> str:
    """0-based column index to Excel letters: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """Excel letters to a 0-based index: A -> 0."""
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index - 1


@dataclass
class SheetLayout:
    """Where a sheet's columns are, and where new ones go (to the right of everything)."""

    header_row: int  # 1-based Excel row of the header
    columns: dict[str, int]  # column key -> 0-based index
    width: int  # number of columns used in the sheet
    lang: str = "zh"  # language of its headers (core/recognise.py): labels written into it follow it
    # how it was recognised (core/recognise.py Recognised.confidence): a "partial" sheet lacks required columns,
    # so it is read and reported but never written
    confidence: str = "full"
    _added: dict[str, int] = field(default_factory=dict)

    def letter(self, key: str) -> str | None:
        index = self.columns.get(key, self._added.get(key))
        return None if index is None else column_letter(index)

    def has_room(self) -> bool:
        """Whether a new column still fits: Excel's last column is XFD (16,384)."""
        return self.width + len(self._added) < MAX_COLUMNS

    def letter_or_new(self, key: str) -> tuple[str, bool]:
        """The column of `key`; allocates the next free column when it is missing."""
        existing = self.letter(key)
        if existing:
            return existing, False
        index = self.width + len(self._added)
        self._added[key] = index
        return column_letter(index), True


@dataclass
class Table:
    spec: SheetSpec
    file: str
    sheet: str  # the sheet's name in its workbook
    layout: SheetLayout
    rows: list[RowModel]
    path: Path | None = None  # the file it was read from, when it came from one

    def __iter__(self) -> Iterator[RowModel]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class Tables:
    """Every recognised table of a run, by sheet key (several files may hold the same sheet)."""

    tables: list[Table] = field(default_factory=list)

    def of(self, key: str) -> list[Table]:
        return [t for t in self.tables if t.spec.key == key]

    def rows(self, key: str) -> Iterator[tuple[Table, RowModel]]:
        for table in self.of(key):
            for row in table.rows:
                yield table, row

    def add(self, table: Table) -> None:
        self.tables.append(table)

    def frame(self, key: str) -> "pd.DataFrame":
        """Every row of one sheet kind as a DataFrame, for scripts and summaries.

        Columns are the schema keys, values stay typed (Decimal, aware
        datetime), and `file`, `sheet`, `row` say where each row came from.
        """
        import pandas as pd  # imported on use: the check path never needs it

        spec_columns = [c.key for c in next((t.spec.columns for t in self.of(key)), ())]
        records = [{"file": t.file, "sheet": t.sheet, **row.__dict__} for t, row in self.rows(key)]
        return pd.DataFrame.from_records(records, columns=["file", "sheet", "row", *spec_columns])


@cache
def _empty_row(model: type[RowModel]) -> dict[str, object]:
    return dict.fromkeys(model.model_fields, None)


def build_row(model: type[RowModel], excel_row: int, keys: list[str], values: tuple[object, ...], fields_set: set[str]) -> RowModel:
    """A row model from values the parsers already validated.

    Equivalent to `model.model_construct(row=..., **values)` (pydantic's
    documented way to skip re-validation) for a model whose fields all
    default to None, without its per-field default lookup, which costs more
    than the parsing itself on a 100k-row sheet.
    """
    data = _empty_row(model).copy()
    data.update(zip(keys, values))
    data["row"] = excel_row
    row = model.__new__(model)
    object.__setattr__(row, "__dict__", data)
    object.__setattr__(row, "__pydantic_fields_set__", fields_set)  # shared: rows are frozen
    object.__setattr__(row, "__pydantic_extra__", None)
    object.__setattr__(row, "__pydantic_private__", None)
    return row
