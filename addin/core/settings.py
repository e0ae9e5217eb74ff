"""Typed settings from key/value sheets, falling back to the schema's defaults.

The declarative table is the `Setting` tuples in the schema (name, type,
default, help); this module turns a sheet's rows into a frozen pydantic
object of them, and every unreadable value into an issue.
"""

from __future__ import annotations

from datetime import tzinfo
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, create_model

from ..schema.settings import GENERAL_SETTINGS, SETTINGS
from ..schema.types import Column, SheetSpec
from .issue_factory import issue_at
from .issues import Issue
from .parsers import parser_for
from .tables import PY_TYPES, Tables

UTC = ZoneInfo("UTC")


@cache
def settings_model(spec: SheetSpec) -> type[BaseModel]:
    fields: dict[str, Any] = {s.key: (PY_TYPES[s.type], s.default) for s in spec.settings}
    return create_model(f"{spec.key.title()}Values", __config__=ConfigDict(frozen=True), **fields)


def read_key_values(tables: Tables, spec: SheetSpec) -> tuple[BaseModel, list[Issue]]:
    values: dict[str, object] = {}
    issues: list[Issue] = []
    for table, row in tables.rows(spec.key):
        key_column = spec.id_column or ""
        key = getattr(row, key_column, None)
        setting = spec.setting(key) if key else None
        if setting is None:
            issues.append(issue_at(table, row.row, key_column, "setting-unknown", value=key))
            continue
        column = Column(key="value", zh=setting.zh, en=setting.en, type=setting.type)
        parsed = parser_for(column, UTC)(getattr(row, "value", None))
        if parsed.code and parsed.code != "percent-points":
            issues.append(issue_at(table, row.row, "value", parsed.code, (setting.zh, setting.en), getattr(row, "value", None)))
        elif parsed.value is not None:
            values[setting.key] = parsed.value
    return settings_model(spec)(**values), issues


def read_settings(tables: Tables) -> tuple[BaseModel, list[Issue]]:
    return read_key_values(tables, SETTINGS)


def zone_of(settings: BaseModel) -> tzinfo:
    try:
        return ZoneInfo(str(getattr(settings, "timezone", "")))  # fields are generated from the schema
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(str(next(s.default for s in GENERAL_SETTINGS if s.key == "timezone")))
