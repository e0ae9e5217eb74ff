"""The playbook's computed cells, to-do items and findings for one run of the deadline engine.

Called once by compute_deadlines (addin/deadlines/run.py); returns plain rows so the engine wraps them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.issues import Issue
from ..core.tables import RowModel, Table, Tables
from ..deadlines.rules import Rules, TodoItem
from .complaints import cause_issues
from .leads import lead_values
from .referrals import referrals
from .stage_messages import StageMessage, stage_message_values

Rows = list[tuple[Table, RowModel, dict[str, object]]]


@dataclass
class PlaybookRun:
    rows: dict[str, Rows] = field(default_factory=dict)  # sheet key -> (table, row, computed cells)
    todo: list[TodoItem] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    stage_messages: list[StageMessage] = field(default_factory=list)


def playbook_run(tables: Tables, settings: Any, rules: Rules, customers: dict[str, str]) -> PlaybookRun:
    run = PlaybookRun()
    run.rows["referrals"] = [(r.table, r.row, r.values) for r in referrals(tables, settings)]
    run.rows["trade_show_leads"], items = lead_values(tables, settings, rules, customers)
    run.todo += items
    run.stage_messages, run.rows["stage_messages"], items = stage_message_values(tables, settings, rules, customers)
    run.todo += items
    run.issues += cause_issues(tables)
    return run
