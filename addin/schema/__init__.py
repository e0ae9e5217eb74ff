"""The single schema: every workbook, sheet and column salesdesk knows."""

from .catalog import CATALOG, all_sheets, sheet_spec, workbook_of
from .types import Choice, Column, ColumnType, SheetSpec, WorkbookSpec

__all__ = ["CATALOG", "Choice", "Column", "ColumnType", "SheetSpec", "WorkbookSpec", "all_sheets", "sheet_spec", "workbook_of"]
