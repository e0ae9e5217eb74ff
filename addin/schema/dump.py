"""The schema as plain data: `salesdesk schema --json` and the docs."""

from __future__ import annotations

from typing import Any

from .catalog import CATALOG
from .types import Column, SheetSpec


def _column(c: Column) -> dict[str, Any]:
    return {
        "key": c.key,
        "header_zh": c.zh,
        "header_en": c.en,
        "type": c.type.value,
        "required": c.required,
        "computed": c.computed,
        "choices": [{"key": ch.key, "zh": ch.zh, "en": ch.en} for ch in c.choices],
        "min": c.min_value,
        "max": c.max_value,
        "number_format": c.number_format,
        "help_zh": c.help_zh,
        "help_en": c.help_en,
    }


def _sheet(s: SheetSpec) -> dict[str, Any]:
    return {
        "key": s.key,
        "title_zh": s.zh,
        "title_en": s.en,
        "id_column": s.id_column,
        "key_value": s.key_value,
        "help_zh": s.help_zh,
        "help_en": s.help_en,
        "columns": [_column(c) for c in s.columns],
    }


def schema_dict() -> dict[str, Any]:
    return {
        "workbooks": [
            {"key": wb.key, "title_zh": wb.zh, "title_en": wb.en, "file_name": wb.file_name, "sheets": [_sheet(s) for s in wb.sheets]}
            for wb in CATALOG
        ]
    }
