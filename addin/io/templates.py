"""Blank workbooks generated from the schema (new files, so openpyxl loses nothing).

Each sheet is an Excel table with a frozen header, the help text as header
notes, dropdowns for allowed values, number formats per type, computed
columns shaded and locked (sheet protection without a password; typed
columns stay editable), and the domain.md defaults prefilled.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ..core.computed import BOOL_TEXT
from ..core.tables import column_letter
from ..schema import CATALOG
from ..schema.types import Column, ColumnType, SheetSpec, WorkbookSpec
from .fsguard import ensure_folder
from .package import FileRefused
from .safe_write import SaveResult, refuse_unless_own_output, save_new_file

TEMPLATE_ROWS = 200  # rows pre-sized in each table, typed cells unlocked
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
COMPUTED_FILL = PatternFill("solid", fgColor="E7E6E6")
HELP_AUTHOR = "salesdesk-help"  # not "salesdesk": annotation clean-up must never remove these
FIXED_TIMESTAMP = datetime(2026, 1, 1)  # deterministic files, so drift tests compare content



def _choice_list(column: Column, lang: str) -> list[str]:
    if column.type is ColumnType.BOOL:
        return list(BOOL_TEXT[lang])
    return [c.zh if lang == "zh" else c.en for c in column.choices]


def _display(value: object, column: Column, lang: str) -> object:
    if column.type is ColumnType.CHOICE and isinstance(value, str):
        return column.choice_label(value, lang)
    return value


def _write_sheet(ws: Worksheet, spec: SheetSpec, lang: str, rows: list[dict[str, object]] | None = None) -> None:
    """`rows` (column key -> value) replace the schema's default rows, e.g. for the demo."""
    ws.title = spec.title(lang)
    width = len(spec.columns)
    data = list(spec.defaults) if rows is None else rows
    last_row = len(data) + (50 if spec.defaults else TEMPLATE_ROWS)
    for index, column in enumerate(spec.columns):
        letter = column_letter(index)
        header = ws.cell(row=1, column=index + 1, value=column.header(lang))
        header.font = Font(bold=True, color="FFFFFF")
        header.fill = HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="center")
        help_text = "\n".join(t for t in (column.help_zh, column.help_en) if t)
        note = f"{column.zh} / {column.en} ({column.type.value}{', 必填 required' if column.required else ''}{', 自动计算 computed' if column.computed else ''})"
        header.comment = Comment(f"{note}\n{help_text}".strip(), HELP_AUTHOR, width=260, height=110)
        dims = ws.column_dimensions[letter]
        dims.width = column.width
        dims.number_format = column.number_format
        dims.protection = Protection(locked=column.computed)
        if column.computed:
            dims.fill = COMPUTED_FILL
        labels = _choice_list(column, lang)
        if labels and not column.computed:
            validation = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True)
            validation.error = "请从下拉列表中选择 / Pick a value from the list"
            validation.showErrorMessage = True
            validation.add(f"{letter}2:{letter}{last_row}")
            ws.add_data_validation(validation)
    for row_index, row in enumerate(data, start=2):
        for index, column in enumerate(spec.columns):
            cell = ws.cell(row=row_index, column=index + 1, value=_display(row.get(column.key), column, lang))
            cell.number_format = column.number_format
            cell.protection = Protection(locked=column.computed)
        if spec.key_value:
            setting = spec.setting(str(row[spec.id_column or ""]))
            if setting:
                value_cell = ws.cell(row=row_index, column=spec.columns.index(spec.column("value")) + 1)
                value_cell.number_format = Column("v", "", "", setting.type).number_format
    table = Table(displayName=f"tbl_{spec.key}", ref=f"A1:{column_letter(width - 1)}{last_row}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 30
    # Locked computed columns; everything a rep needs stays allowed.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatCells = False
    ws.protection.autoFilter = False
    ws.protection.sort = False


def template_workbook(spec: WorkbookSpec, lang: str, data: dict[str, list[dict[str, object]]] | None = None) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    for sheet in spec.sheets:
        _write_sheet(book.create_sheet(), sheet, lang, (data or {}).get(sheet.key))
    book.properties.creator = "salesdesk"
    book.properties.title = spec.title(lang)
    book.properties.created = FIXED_TIMESTAMP
    book.properties.modified = FIXED_TIMESTAMP
    return book


def save_templates(folder: Path, lang: str = "zh", force: bool = False) -> tuple[list[SaveResult], list[FileRefused]]:
    """Every template through the guard: a filled workbook of the same name is refused (with
    `force`: replaced after a backup); an unchanged template is not written again."""
    ensure_folder(folder)
    saved, refused = [], []
    for spec in CATALOG:
        try:
            if not force:
                refuse_unless_own_output(folder / spec.file_name, "template")  # before building it: a refusal costs nothing
            saved.append(save_new_file(template_workbook(spec, lang), folder / spec.file_name, kind="template", force=force))
        except FileRefused as exc:
            refused.append(exc)
    return saved, refused


def write_templates(folder: Path, lang: str = "zh", force: bool = False) -> list[Path]:
    """The templates' paths; raises the first FileRefused."""
    saved, refused = save_templates(folder, lang, force)
    if refused:
        raise refused[0]
    return [s.path for s in saved]
