"""Making issues that point at a table's cells, with messages in both languages."""

from __future__ import annotations

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
    column = next((c for c in spec.columns if c.key == key), None) if key else None
    shown = _shown(value)
    details = dict(zip(("zh", "en"), detail))
    zh, en = both_with(lambda _: _message(_, code, column, shown, details.get(_.lang, "")))
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
