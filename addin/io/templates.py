"""Blank workbooks generated from the schema (new files, so openpyxl loses nothing).

Each sheet is an Excel table with a frozen header, the help text as header
notes, dropdowns for allowed values, number formats per type, computed
columns shaded and locked (sheet protection without a password; typed
columns stay editable), and the domain.md defaults prefilled.
"""

from __future__ import annotations

from copy import copy
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import cast

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ..core.computed import BOOL_TEXT
from ..core.tables import column_letter
from ..i18n import N_, translator
from ..schema import CATALOG
from ..schema.types import Column, ColumnType, SheetSpec, WorkbookSpec
from .fsguard import ensure_folder
from .generated import BulkBlock, TextCell, TextSheet, new_workbook
from .package import FileRefused
from .safe_write import SaveResult, refuse_unless_own_output, save_new_file

TEMPLATE_ROWS = 5000  # rows each table, dropdown and format reaches: ranges only, no cells, so no bloat
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
COMPUTED_FILL = PatternFill("solid", fgColor="E7E6E6")
HELP_AUTHOR = "salesdesk-help"  # not "salesdesk": annotation clean-up must never remove these
FIXED_TIMESTAMP = datetime(2026, 1, 1)  # deterministic files, so drift tests compare content
# Fonts named explicitly, so Excel, WPS and LibreOffice never fall back to a serif face:
# 等线 (DengXian) is Office's Chinese body font (Latin glyphs included); family 2 = sans
# (swiss) tells a reader without it to substitute a sans font (LibreOffice here: Noto Sans CJK).
FONT_NAMES = {"zh": "等线", "en": "Calibri"}
CHARSETS = {"zh": 134, "en": None}  # 134: GB2312, the Chinese script hint Excel writes for 等线


def body_font(lang: str, **style: object) -> Font:
    return Font(name=FONT_NAMES[lang], family=2, charset=CHARSETS[lang], size=style.pop("size", 11), **style)


def use_fonts(book: Workbook, lang: str) -> None:
    """The workbook's default font (every cell without a font of its own) is `body_font(lang)`."""
    book._fonts = IndexedList([body_font(lang)])  # font 0, what the Normal style and unstyled cells use


def _choice_list(column: Column, lang: str) -> list[str]:
    if column.type is ColumnType.BOOL:
        return list(BOOL_TEXT[lang])
    return [c.label(lang) for c in column.choices]


def _choice_prompt(column: Column, lang: str) -> str:
    """The meaning of short labels (A / B / C), shown when the cell is selected."""
    _ = translator(lang)
    return _("; ").join(_.labelled(c.label(lang), c.hint(lang)) for c in column.choices if c.hint(lang))


def _display(value: object, column: Column, lang: str) -> object:
    if value == "":
        return None  # a setting that starts empty (its prompt says what goes there)
    if column.type is ColumnType.CHOICE and isinstance(value, str):
        return column.choice_label(value, lang)
    return value


TYPE_NAMES = {
    ColumnType.TEXT: N_("text"), ColumnType.ID: N_("code"), ColumnType.INT: N_("whole number"), ColumnType.NUMBER: N_("number"),
    ColumnType.MONEY: N_("amount (CNY)"), ColumnType.PERCENT: N_("percent"), ColumnType.DATE: N_("date"), ColumnType.MONTH: N_("month"),
    ColumnType.DATETIME: N_("date and time"), ColumnType.CHOICE: N_("choose from the list"), ColumnType.BOOL: N_("yes or no"),
}


def _header_note(column: Column, lang: str) -> str:
    """The header's note, all in the workbook's language: "签约日期（日期，必填）" / "Signed on (date, required)"."""
    _ = translator(lang)
    flags = [_(TYPE_NAMES[column.type])]
    if column.required:
        flags.append(_("required"))
    if column.computed:
        flags.append(_("computed by salesdesk"))
    head = _("{header} ({flags})", header=column.header(lang), flags=_.clauses(flags))
    return f"{head}\n{column.help(lang)}".strip()


def _setting_prompts(ws: Worksheet, spec: SheetSpec, rows: list[dict[str, object]], lang: str) -> None:
    """Settings that start empty (company name, letterhead) prompt for their value when selected."""
    value_letter = column_letter(spec.columns.index(spec.column("value")))
    _ = translator(lang)
    for row_index, row in enumerate(rows, start=2):
        setting = spec.setting(str(row[spec.id_column or ""]))
        if setting and setting.default == "" and setting.help(lang):
            prompt = DataValidation(allow_blank=True, showInputMessage=True, promptTitle=_("Fill in"), prompt=setting.help(lang)[:255])
            prompt.add(f"{value_letter}{row_index}")
            ws.add_data_validation(prompt)


def _protect(ws: Worksheet) -> None:
    """Computed columns stay locked; reps may sort, filter, format and insert or delete rows.
    (In SheetProtection, False means "allowed".)"""
    protection = ws.protection
    protection.sheet = True
    protection.formatColumns = protection.formatCells = protection.formatRows = False
    protection.insertRows = protection.deleteRows = False
    protection.autoFilter = protection.sort = False


def _write_sheet(ws: Worksheet, spec: SheetSpec, lang: str, rows: list[dict[str, object]] | None = None) -> None:
    """`rows` (column key -> value) replace the schema's default rows, e.g. for the demo."""
    _ = translator(lang)
    ws.title = spec.title(lang)
    width = len(spec.columns)
    data = list(spec.defaults) if rows is None else rows
    last_row = len(data) + (50 if spec.key_value else TEMPLATE_ROWS)
    header_font = body_font(lang, bold=True, color="FFFFFF")
    for index, column in enumerate(spec.columns):
        letter = column_letter(index)
        header = ws.cell(row=1, column=index + 1, value=column.header(lang))
        header.font = header_font
        header.fill = HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="center")
        header.comment = Comment(_header_note(column, lang), HELP_AUTHOR, width=260, height=110)
        dims = ws.column_dimensions[letter]
        dims.width = column.width
        dims.number_format = column.number_format
        dims.protection = Protection(locked=column.computed)
        if column.computed:
            dims.fill = COMPUTED_FILL
        labels = _choice_list(column, lang)
        if labels and not column.computed:
            validation = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True)
            validation.error = _("Pick a value from the list")
            validation.showErrorMessage = True
            prompt = _choice_prompt(column, lang)
            if prompt:
                validation.promptTitle, validation.prompt, validation.showInputMessage = column.header(lang)[:32], prompt[:255], True
            validation.add(f"{letter}2:{letter}{last_row}")
            ws.add_data_validation(validation)
    if spec.key_value:
        _write_cells(ws, spec, data, lang)
        _setting_prompts(ws, spec, data, lang)
    else:
        _write_bulk(ws, spec, data, lang)
    table = Table(displayName=f"tbl_{spec.key}", ref=f"A1:{column_letter(width - 1)}{last_row}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    # Columns named here: left empty, openpyxl reads them from `ws[ref]`, creating every cell of the range.
    table.autoFilter = AutoFilter(ref=table.ref)
    table.tableColumns = [TableColumn(id=index + 1, name=column.header(lang)) for index, column in enumerate(spec.columns)]
    ws.add_table(table)
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 32
    _print_setup(ws, spec, lang)
    _protect(ws)


def _write_cells(ws: Worksheet, spec: SheetSpec, data: list[dict[str, object]], lang: str) -> None:
    """Rows as cells, one by one: the settings sheet, whose value cells take each setting's own format."""
    styles: list[StyleArray] = []  # each column's cell style, made once (per cell, openpyxl hashes it into its lists again)
    for row_index, row in enumerate(data, start=2):
        for index, column in enumerate(spec.columns):
            cell = ws.cell(row=row_index, column=index + 1, value=_display(row.get(column.key), column, lang))
            if index < len(styles):
                cell._style = copy(styles[index])
                continue
            cell.number_format = column.number_format
            cell.protection = Protection(locked=column.computed)
            styles.append(copy(cell._style))
        if spec.key_value:
            setting = spec.setting(str(row[spec.id_column or ""]))
            if setting:
                value_cell = ws.cell(row=row_index, column=spec.columns.index(spec.column("value")) + 1)
                value_cell.number_format = Column("v", "", "", setting.type).number_format


_TIME_TYPES = (datetime, date, time, timedelta)


def _write_bulk(ws: Worksheet, spec: SheetSpec, data: list[dict[str, object]], lang: str) -> None:
    """Rows as values the writer streams into the sheet XML (no Cell per value: a 200k-row import stays small).
    The styles and the workbook's lists of formats come out exactly as writing cell by cell made them: the first
    row's cells styled one by one, and a date value registers its format where that cell would have."""
    if not data:
        return
    columns = spec.columns
    styles: list[StyleArray] = []
    for index, column in enumerate(columns):
        cell = TextCell(ws, row=2, column=index + 1)  # never added to the sheet: it only styles
        cell.value = _display(data[0].get(column.key), column, lang)
        cell.number_format = column.number_format
        cell.protection = Protection(locked=column.computed)
        styles.append(copy(cell._style))
    registered: set[type] = set()
    keys = [column.key for column in columns]
    for row in data[1:]:
        for key in keys:
            value = row.get(key)
            if isinstance(value, _TIME_TYPES) and type(value) not in registered:
                registered.add(type(value))
                TextCell(ws, row=2, column=1).value = value  # a new cell's General format gives way to a date format

    def values(index: int) -> list[object]:
        row = data[index]
        return [_display(row.get(column.key), column, lang) for column in columns]

    def restyle(cell: Cell, offset: int) -> None:
        cell._style = copy(styles[offset])

    cast(TextSheet, ws).add_bulk(BulkBlock(2, len(data), 1, styles, values, restyle))


PAGE_WIDTH_CHARS = 150  # what A4 landscape holds at a readable scale, in Excel's column-width units


def _print_setup(ws: Worksheet, spec: SheetSpec, lang: str) -> None:
    """Printed as reps read it on screen: A4 landscape, the header row (and on a wide sheet, the id and
    name columns) on every page, as many pages across as keep the text readable."""
    _ = translator(lang)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    total = sum(column.width for column in spec.columns)
    ws.page_setup.fitToWidth = max(1, -(-int(total) // PAGE_WIDTH_CHARS))
    if ws.page_setup.fitToWidth > 1 and len(spec.columns) > 2:
        ws.print_title_cols = "A:B"
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.oddFooter.center.text = _("Page &P of &N")


def template_workbook(spec: WorkbookSpec, lang: str, data: dict[str, list[dict[str, object]]] | None = None) -> Workbook:
    book = new_workbook()  # cell text stays text and XML-illegal characters show visibly (import and demo fill it)
    use_fonts(book, lang)
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
