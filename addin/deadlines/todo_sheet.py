"""The to-do tab (今日待办 / Today) as one patch operation: rows of text, each linked to its row."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import PurePath

from ..core.patch import Link, ReplaceGeneratedSheet
from ..i18n import N_, translator
from .rules import TodoItem

TODO_MARKER = "todo"
# The tab's name and headers follow the register's language: data, like the schema's headers.
TODO_SHEET = {"zh": "今日待办", "en": "Today"}
STATE_LABELS = {"breached": N_("overdue"), "at_risk": N_("at risk"), "today": N_("due today"), "upcoming": N_("next 7 days")}


def state_label(state: str, lang: str) -> str:
    return translator(lang)(STATE_LABELS[state])
HEADERS = {
    "zh": ("状态", "截止时间", "客户编号", "客户名称", "事项", "单据", "位置"),
    "en": ("State", "Due", "Customer", "Customer name", "Action", "Record", "Where"),
}
WIDTHS = (10, 18, 12, 28, 24, 14, 30)


def due_text(due: datetime) -> str:
    return due.strftime("%Y-%m-%d %H:%M")


def todo_op(register: str, items: list[TodoItem], as_of: datetime, lang: str) -> ReplaceGeneratedSheet:
    """The to-do sheet for the customer register at `register` (a path); links to other workbooks are relative to it."""
    title = translator(lang)(N_("Today (as of {time}) — {n}"), time=due_text(as_of), n=len(items))
    rows: list[tuple[str, ...]] = [(title,), HEADERS[lang]]
    links = []
    folder = os.path.dirname(os.path.abspath(register))
    for item in items:
        rows.append((
            state_label(item.state, lang),
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
