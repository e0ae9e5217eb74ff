"""The catalogue of workbooks, and lookups over it."""

from __future__ import annotations

from functools import cache

from .customers import CUSTOMER_REGISTER
from .feedback import FEEDBACK_LOG
from .mapping import HEADER_MAP
from .orders import ORDER_PROGRESS
from .quotes import QUOTE_CALCULATOR
from .settings import SETTINGS_WORKBOOK
from .types import SheetSpec, WorkbookSpec

CATALOG: tuple[WorkbookSpec, ...] = (CUSTOMER_REGISTER, ORDER_PROGRESS, QUOTE_CALCULATOR, FEEDBACK_LOG, SETTINGS_WORKBOOK)


# Sheets recognised in any workbook that belong to no template: the header mapping
# `salesdesk map` writes (salesdesk_mapping.xlsx; a rep may paste it into the settings workbook).
LOOSE_SHEETS: tuple[SheetSpec, ...] = (HEADER_MAP,)


def all_sheets() -> tuple[SheetSpec, ...]:
    return (*(sheet for wb in CATALOG for sheet in wb.sheets), *LOOSE_SHEETS)


@cache
def _by_key() -> dict[str, SheetSpec]:
    return {s.key: s for s in all_sheets()}


def sheet_spec(key: str) -> SheetSpec:
    return _by_key()[key]


def workbook_of(sheet_key: str) -> WorkbookSpec:
    for wb in CATALOG:
        if any(s.key == sheet_key for s in wb.sheets):
            return wb
    raise KeyError(sheet_key)
