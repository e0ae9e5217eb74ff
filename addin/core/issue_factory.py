"""Making issues that point at a table's cells, with messages in both languages."""

from __future__ import annotations

from functools import lru_cache

from ..i18n import Translator, both_with
from ..schema.types import Column, SheetSpec
from .issues import CODES, Issue
from .tables import SheetLayout, Table


def _shown(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # readers return every number as a float: show 9, not 9.0
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(_: Translator, code: str, column: Column | None, shown: str | None, detail: str) -> str:
    title = _(CODES[code].title_en)
    text = _("{column}: {title}", column=column.header(_.lang), title=title) if column else title
    if shown is not None:
        text += _(" '{value}'", value=shown)
    if detail:
        text += _(" ({detail})", detail=detail)
    return text


@lru_cache(maxsize=8192)
def _messages(spec: SheetSpec, key: str | None, code: str, shown: str | None, detail: tuple[str, ...]) -> tuple[str, str]:
    """(zh, en) of one cell issue's message: worded once per distinct message of a run (a book of 100k
    quotes says "expired" 100k times with a few hundred dates); specs are singletons hashed by identity."""
    column = next((c for c in spec.columns if c.key == key), None) if key else None
    details = dict(zip(("zh", "en"), detail))
    return both_with(lambda _: _message(_, code, column, shown, details.get(_.lang, "")))


def cell_issue(
    file: str,
    sheet: str,
    spec: SheetSpec,
    layout: SheetLayout,
    row: int | None,
    key: str | None,
    code: str,
    detail: tuple[str, str] = ("", ""),
    value: object = None,
) -> Issue:
    shown = _shown(value)
    zh, en = _messages(spec, key, code, shown, tuple(detail))
    return Issue(
        file=file,
        sheet=sheet,
        row=row,
        column=layout.letter(key) if key else None,
        code=code,
        message_zh=zh,
        message_en=en,
        column_key=key,
        value=shown,
    )


def issue_at(table: Table, row: int | None, key: str | None, code: str, detail: tuple[str, str] = ("", ""), value: object = None) -> Issue:
    return cell_issue(table.file, table.sheet, table.spec, table.layout, row, key, code, detail, value)
