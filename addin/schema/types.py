"""Building blocks of the schema: columns, sheets and workbooks.

Every other part of salesdesk (templates, reading, validation, dropdowns,
docs, the JSON dump) is derived from instances of these classes; nothing
restates a column anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from ..i18n import pick


class ColumnType(str, Enum):
    TEXT = "text"
    ID = "id"  # text, trimmed, compared case-sensitively; never a number format
    INT = "int"
    NUMBER = "number"
    MONEY = "money"  # CNY, Decimal, 2 places
    PERCENT = "percent"  # a fraction: 15% and 0.15 are both 0.15
    DATE = "date"
    MONTH = "month"  # a calendar month, kept as its first day
    DATETIME = "datetime"  # timezone-aware in the configured zone
    CHOICE = "choice"
    BOOL = "bool"


# Excel number formats per type: one place, used by templates and writers.
NUMBER_FORMATS: dict[ColumnType, str] = {
    ColumnType.TEXT: "@",
    ColumnType.ID: "@",
    ColumnType.INT: "0",
    ColumnType.NUMBER: "#,##0.00",
    ColumnType.MONEY: "¥#,##0.00",
    ColumnType.PERCENT: "0.00%",
    ColumnType.DATE: "yyyy-mm-dd",
    ColumnType.MONTH: "yyyy-mm",
    ColumnType.DATETIME: "yyyy-mm-dd hh:mm",
    ColumnType.CHOICE: "@",
    ColumnType.BOOL: "General",
}


@dataclass(frozen=True)
class Choice:
    """An allowed value: a stable key plus the labels people type or pick."""

    key: str
    zh: str
    en: str
    # What a short label means (shown in the dropdown's input message, not in every cell).
    hint_zh: str = ""
    hint_en: str = ""
    # Longer forms still accepted when typed (workbooks written before the labels were shortened).
    aliases: tuple[str, ...] = ()

    def labels(self) -> tuple[str, ...]:
        return (self.key, self.zh, self.en, *self.aliases)

    def label(self, lang: str) -> str:
        return pick((self.zh, self.en), lang)

    def hint(self, lang: str) -> str:
        return pick((self.hint_zh, self.hint_en), lang)


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    type: ColumnType = ColumnType.TEXT
    required: bool = False
    computed: bool = False
    choices: tuple[Choice, ...] = ()
    min_value: float | None = None
    max_value: float | None = None
    help_zh: str = ""
    help_en: str = ""
    width: int = 14
    # The sheet whose id this column refers to (checked when that sheet is loaded).
    ref: str | None = None
    # Other headers people write for this column (Chinese, English, ...): matched
    # like the column's own headers, after them (core/recognise.py says which matched).
    aliases: tuple[str, ...] = ()

    @property
    def number_format(self) -> str:
        return NUMBER_FORMATS[self.type]

    def header(self, lang: str) -> str:
        return pick((self.zh, self.en), lang)

    def help(self, lang: str) -> str:
        return pick((self.help_zh, self.help_en), lang)

    def choice_label(self, key: str, lang: str) -> str:
        for choice in self.choices:
            if choice.key == key:
                return pick((choice.zh, choice.en), lang)
        return key


@dataclass(frozen=True)
class Setting:
    """One named value of a key/value sheet (settings, policy scalars)."""

    key: str
    zh: str
    en: str
    type: ColumnType
    default: object
    help_zh: str = ""
    help_en: str = ""

    def help(self, lang: str) -> str:
        return pick((self.help_zh, self.help_en), lang)


# eq=False: specs are singletons compared and hashed by identity (their
# default rows hold dicts, which cannot be hashed).
@dataclass(frozen=True, eq=False)
class SheetSpec:
    key: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    help_zh: str = ""
    help_en: str = ""
    # The column whose value identifies a row (duplicate check, references).
    id_column: str | None = None
    # Key/value sheets (settings, policy scalars): one typed setting per row.
    settings: tuple[Setting, ...] = ()
    # Rows shipped in the template (defaults from domain.md), as column-key dicts.
    defaults: tuple[dict[str, object], ...] = field(default=())
    # Required columns salesdesk can supply when a rep's own book lacks them
    # (an id from the name or the row, the owner from the workbook): core/keys.py.
    suppliable: tuple[str, ...] = ()
    # Columns that identify the kind when present together (issue 22): one of each group matched makes a
    # sheet the kind with fewer columns matched (a lead list: a name and a phone or e-mail). core/recognise.py.
    identifying: tuple[tuple[str, ...], ...] = ()

    def title(self, lang: str) -> str:
        return pick((self.zh, self.en), lang)

    @property
    def key_value(self) -> bool:
        return bool(self.settings)

    def setting(self, key: str) -> Setting | None:
        return next((s for s in self.settings if s.key == key), None)

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(f"{self.key} has no column {key!r}")

    @property
    def typed_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.computed)

    @property
    def computed_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.computed)

    @property
    def required_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns if c.required)


@dataclass(frozen=True, eq=False)
class WorkbookSpec:
    key: str
    zh: str
    en: str
    file_name: str
    sheets: tuple[SheetSpec, ...]

    def title(self, lang: str) -> str:
        return pick((self.zh, self.en), lang)
