"""Writing computed columns: values -> SetCell operations, in the rep's language.

Generic for every command that fills `=` columns: a missing computed column
is added to the right of the sheet with its header; choices are written as
their label, booleans as 是/否 (yes/no), numbers with the column's format.
Labels and headers follow the language the sheet was recognised in (its
layout's `lang`), never the language of the run's messages: a Chinese sheet
gets 销售总监 / 是 beside rows that say so, whatever `--lang` is.
"""

from __future__ import annotations

from ..i18n import LANGUAGES, N_, translator
from ..schema.types import Column, ColumnType
from .patch import HEADER_STYLE, CellValue, Patch, SetCell, SetColumn, SetWidth
from .tables import Table

# Written in the workbook's language (read back by core/values.py): per language, from the catalogue.
BOOL_TEXT = {lang: (translator(lang)(N_("yes")), translator(lang)(N_("no"))) for lang in LANGUAGES}


def display(column: Column, value: object, lang: str) -> CellValue:
    if value is None:
        return None
    if column.type is ColumnType.BOOL:
        return BOOL_TEXT[lang][0 if value else 1]
    if column.type is ColumnType.CHOICE:
        return column.choice_label(str(value), lang)
    return value  # type: ignore[return-value]


def computed_patch(table: Table, values_by_row: dict[int, dict[str, object]]) -> Patch:
    """A header SetCell per added column and a SetColumn per computed column, of the given rows (other rows untouched)."""
    rows = sorted(values_by_row)
    columns: dict[str, tuple[list[int], list[object]]] = {}
    for r in rows:
        for key, value in values_by_row[r].items():
            found = columns.get(key)
            if found is None:
                found = columns[key] = ([], [])
            found[0].append(r)
            found[1].append(value)
    return computed_columns(table, columns)


def computed_columns(table: Table, columns: dict[str, tuple[list[int], list[object]]]) -> Patch:
    """The same patch as `computed_patch`, from the values stored by column: key -> (rows ascending, values).

    Refresh's engine keeps its results by column (deadlines/run.py), so no dict per row is made to write them."""
    patch = Patch()
    lang = table.layout.lang
    if table.path is None:
        return patch
    path, layout = str(table.path), table.layout
    order = [c.key for c in table.spec.columns]
    keys = sorted((k for k, (rows, _) in columns.items() if rows), key=order.index)
    letters = {}
    for key in keys:
        column = table.spec.column(key)
        if not column.computed:
            raise ValueError(f"{table.spec.key}.{key} is typed by the rep; salesdesk never writes it")
        letter, is_new = layout.letter_or_new(key)
        letters[key] = (letter, column)
        if is_new:
            header = column.header(lang)
            patch.add(SetCell(path, table.sheet, layout.header_row, letter, header, style=HEADER_STYLE))
            patch.add(SetWidth(path, table.sheet, letter, header_width(header)))
    for key in keys:
        letter, column = letters[key]
        present, values = columns[key]
        cells: tuple[CellValue, ...]
        if column.type is ColumnType.CHOICE:  # labels looked up once per column, not per cell
            labels = {c.key: column.choice_label(c.key, lang) for c in column.choices}
            cells = tuple(None if v is None else labels.get(str(v), str(v)) for v in values)
        elif column.type is ColumnType.BOOL:
            yes, no = BOOL_TEXT[lang]
            cells = tuple(None if v is None else (yes if v else no) for v in values)
        else:
            cells = tuple(values)  # type: ignore[arg-type]
        patch.add(SetColumn(path, table.sheet, letter, tuple(present), cells, column.number_format))
    return patch


def header_width(header: str, least: int = 10, most: int = 40) -> float:
    """A column width (characters) that shows a header: CJK characters count twice."""
    shown = sum(2 if ord(ch) > 0x2E7F else 1 for ch in header) + 2
    return float(max(least, min(most, shown)))
