"""The to-do tab (今日待办 / Today) as one patch operation: rows of text, each linked to its row."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import PurePath

from ..core.patch import Link, ReplaceGeneratedSheet
from .rules import TodoItem

TODO_MARKER = "todo"
TODO_SHEET = {"zh": "今日待办", "en": "Today"}
STATE_LABELS = {
    "zh": {"breached": "已逾期", "at_risk": "即将超时", "today": "今日到期", "upcoming": "7天内"},
    "en": {"breached": "overdue", "at_risk": "at risk", "today": "due today", "upcoming": "next 7 days"},
}
HEADERS = {
    "zh": ("状态", "截止时间", "客户编号", "客户名称", "事项", "单据", "位置"),
    "en": ("State", "Due", "Customer", "Customer name", "Action", "Record", "Where"),
}
WIDTHS = (10, 18, 12, 28, 24, 14, 30)


def due_text(due: datetime) -> str:
    return due.strftime("%Y-%m-%d %H:%M")


def todo_op(register: str, items: list[TodoItem], as_of: datetime, lang: str) -> ReplaceGeneratedSheet:
    """The to-do sheet for the customer register at `register` (a path); links to other workbooks are relative to it."""
    title = (f"今日待办（截至 {due_text(as_of)}）" if lang == "zh" else f"Today (as of {due_text(as_of)})") + f" — {len(items)}"
    rows: list[tuple[str, ...]] = [(title,), HEADERS[lang]]
    links = []
    folder = os.path.dirname(os.path.abspath(register))
    for item in items:
        rows.append((
            STATE_LABELS[lang][item.state],
            due_text(item.due),
            item.customer_id or "",
            item.customer_name or "",
            item.action_text(lang),
            item.subject,
            f"{item.file}:{item.sheet}!{item.row}",
        ))
        same = item.path is None or os.path.abspath(item.path) == os.path.abspath(register)
        target = None if same else PurePath(os.path.relpath(os.path.abspath(str(item.path)), folder)).as_posix()
        links.append(Link(len(rows), "G", item.sheet, f"A{item.row}", target))
    return ReplaceGeneratedSheet(register, TODO_SHEET[lang], TODO_MARKER, tuple(rows), tuple(links), WIDTHS, header_rows=2)
