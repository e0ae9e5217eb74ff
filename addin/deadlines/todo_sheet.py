"""The to-do tab (今日待办 / Today) as one patch operation: rows of text, each linked to its row."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from pathlib import PurePath

from ..core.patch import CellValue, Link, Look, ReplaceGeneratedSheet
from ..i18n import N_, translator
from .rules import TodoItem

TODO_MARKER = "todo"
# The tab's name and headers follow the register's language: data, like the schema's headers.
TODO_SHEET = {"zh": "今日待办", "en": "Today"}
STATE_LABELS = {"breached": N_("overdue"), "at_risk": N_("at risk"), "today": N_("due today"), "upcoming": N_("next 7 days")}


def state_label(state: str, lang: str) -> str:
    return translator(lang)(STATE_LABELS[state])
HEADERS = {
    "zh": ("状态", "截止时间", "客户编号", "客户名称", "事项", "单据", "位置", "负责销售", "金额（未收）", "联系人", "电话"),
    "en": ("State", "Due", "Customer", "Customer name", "Action", "Record", "Where", "Owner rep", "Amount (open)", "Contact", "Phone"),
}
WIDTHS = (12, 18, 12, 26, 26, 22, 34, 12, 16, 12, 16)
DUE_FORMAT = "yyyy-mm-dd hh:mm"
AMOUNT_FORMAT = "¥#,##0.00"
# Colour by state: overdue red, at risk amber, due today bold; the header grey and bold.
LOOKS = {"breached": Look(fill="FFFFC7CE"), "at_risk": Look(fill="FFFFEB9C"), "today": Look(bold=True), "upcoming": None}
TITLE, HEADER = Look(bold=True), Look(bold=True, fill="FFD9D9D9", wrap=True)
# The tab is a morning list: every item due today, at risk or due this week, but of the overdue only the
# most recent this many (a book with 200k unpaid milestones would bury the rest and take a minute to write).
# The terminal, --json and .ics keep every item; a last row says how many more and where they are.
TAB_OVERDUE_LIMIT = 1000


def due_text(due: datetime) -> str:
    return due.strftime("%Y-%m-%d %H:%M")


def counts_text(items: list[TodoItem], lang: str) -> str:
    """How many per state, in the list's order: 2 due today, 1 at risk, 40 overdue, 9 next 7 days."""
    _ = translator(lang)
    found = [(state, sum(1 for i in items if i.state == state)) for state in ("today", "at_risk", "breached", "upcoming")]
    return _(", ").join(f"{n} {state_label(state, lang)}" for state, n in found if n)


def own_first(items: list[TodoItem], rep: str | None) -> list[TodoItem]:
    """The book's own rep's items first, each part in the list's order (issue 18: a rep's own book shows the rep's items first)."""
    if not rep:
        return items
    return [i for i in items if i.owner_rep == rep] + [i for i in items if i.owner_rep != rep]


def todo_op(register: str, items: list[TodoItem], as_of: datetime, lang: str, rep: str | None = None) -> ReplaceGeneratedSheet:
    """The to-do sheet for the customer register at `register` (a path); links to other workbooks are relative to it.

    Due today and at risk first, then overdue (latest first), then the next 7 days (deadlines.run.sort_todo),
    the register's own rep's items (`rep`) before the others'; due times are Excel date-times; each row
    coloured by its state; the owner rep, the amount still open (CNY), the contact and the phone beside each,
    and an autofilter on the headers (filter one rep's items)."""
    _ = translator(lang)
    items = own_first(items, rep)
    title = _(N_("Today (as of {time}) — {n}"), time=due_text(as_of), n=len(items))
    counts = counts_text(items, lang)
    rows: list[tuple[CellValue, ...]] = [(f"{title}: {counts}" if counts else title,), HEADERS[lang]]
    looks: list[Look | None] = [TITLE, HEADER]
    late = [i for i in items if i.state == "breached"]
    left_out = set(map(id, late[TAB_OVERDUE_LIMIT:]))  # sort_todo puts the latest first
    items = [i for i in items if id(i) not in left_out] if left_out else items
    links = []
    folder = os.path.dirname(os.path.abspath(register))
    zone = as_of.tzinfo
    states = {state: state_label(state, lang) for state in STATE_LABELS}  # looked up once, not per item (200k items)
    actions: dict[str, str] = {}
    targets: dict[str | None, str | None] = {}
    for item in items:
        if item.action not in actions:
            actions[item.action] = item.action_text(lang)
        if item.path not in targets:
            same = item.path is None or os.path.abspath(item.path) == os.path.abspath(register)
            targets[item.path] = None if same else PurePath(os.path.relpath(os.path.abspath(str(item.path)), folder)).as_posix()
        rows.append((
            states[item.state],
            item.due.astimezone(zone),
            item.customer_id or "",
            item.customer_name or "",
            actions[item.action],
            item.subject_text(lang),
            f"{item.file}:{item.sheet}!{item.row}",
            item.owner_rep or "",
            item.amount,
            item.contact or "",
            item.phone or "",
        ))
        looks.append(LOOKS[item.state])
        links.append(Link(len(rows), "G", item.sheet, f"A{item.row}", targets[item.path]))
    if left_out:
        listed_late = [n for n, i in enumerate(items) if i.state == "breached"]
        where = (listed_late[-1] + 1 if listed_late else 0) + 2  # after the last listed overdue item (before the week)
        rows.insert(where, (_(N_("… and {n} older overdue item(s): see the overdue and status columns of each sheet, or refresh --json"), n=len(left_out)),))
        looks.insert(where, LOOKS["breached"])
        links = [link if link.row <= where else replace(link, row=link.row + 1) for link in links]
    return ReplaceGeneratedSheet(register, TODO_SHEET[lang], TODO_MARKER, tuple(rows), tuple(links), WIDTHS, header_rows=2,
                                 looks=tuple(looks), formats=(None, DUE_FORMAT, None, None, None, None, None, None, AMOUNT_FORMAT), filter_row=2, landscape=True)
