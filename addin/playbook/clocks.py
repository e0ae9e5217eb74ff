"""The playbook's computed cells, to-do items and findings for one run of the deadline engine.

Called once by compute_deadlines (addin/deadlines/run.py); returns plain rows so the engine wraps them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.tables import RowModel, Table, Tables
from ..deadlines.rules import Contact, Rules, TodoItem
from ..i18n import both_with
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
    stage_messages: Sequence[StageMessage] = field(default_factory=list)


def playbook_run(tables: Tables, settings: Any, rules: Rules, customers: dict[str, Any]) -> PlaybookRun:
    run = PlaybookRun()
    parts: dict[str, Callable[[], None]] = {
        "referrals": lambda: run.rows.__setitem__("referrals", [(r.table, r.row, r.values) for r in referrals(tables, settings)]),
        "trade_show_leads": lambda: _leads(run, tables, settings, rules, customers),
        "stage_messages": lambda: _stages(run, tables, settings, rules, customers),
        "tickets": lambda: run.issues.extend(cause_issues(tables)),
    }
    for key, part in parts.items():
        try:
            part()
        except Exception as exc:  # a broken rule must not hide every other deadline (as deadlines/run.py guards its rules)
            run.issues.extend(issue_at(t, None, None, "internal-error", _crash(t, exc)) for t in tables.of(key))
    return run


def _leads(run: PlaybookRun, tables: Tables, settings: Any, rules: Rules, customers: dict[str, Contact]) -> None:
    run.rows["trade_show_leads"], items = lead_values(tables, settings, rules, customers)
    run.todo += items


def _stages(run: PlaybookRun, tables: Tables, settings: Any, rules: Rules, customers: dict[str, Contact]) -> None:
    run.stage_messages, run.rows["stage_messages"], items = stage_message_values(tables, settings, rules, customers)
    run.todo += items


def _crash(table: Table, exc: Exception) -> tuple[str, str]:
    """A crashed part in words in both languages, as deadlines/run.py says it: the sheet and the kind of failure, never the English trace."""
    kind = type(exc).__name__

    def say(_: Any) -> str:
        return str(_("the deadlines of this {sheet} sheet could not be computed ({kind})", sheet=table.spec.title(_.lang), kind=kind))

    return both_with(say)
