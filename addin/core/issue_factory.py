"""Making issues that point at a table's cells, with messages in both languages."""

from __future__ import annotations

from ..schema.types import SheetSpec
from .issues import CODES, Issue
from .tables import SheetLayout, Table


def _shown(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # readers return every number as a float: show 9, not 9.0
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


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
    info = CODES[code]
    column = next((c for c in spec.columns if c.key == key), None) if key else None
    # Chinese messages use full-width punctuation, as Chinese users write them.
    zh = f"{column.zh}：{info.title_zh}" if column else info.title_zh
    en = f"{column.en}: {info.title_en}" if column else info.title_en
    shown = _shown(value)
    if shown is not None:
        zh += f"「{shown}」"
        en += f" '{shown}'"
    if detail[0]:
        zh += f"（{detail[0]}）"
    if detail[1]:
        en += f" ({detail[1]})"
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
