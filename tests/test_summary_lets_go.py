"""The summary keeps only the deadline results its tabs read (issue 23: memory): the same figures as with the
engine's whole result, and a caller's own result is never changed."""

from __future__ import annotations

from datetime import date, datetime

from team_data import write_team

from addin.commands.check import collect_issues
from addin.commands.summary import consolidate
from addin.deadlines.run import compute_deadlines
from addin.summary.run import DEADLINE_SHEETS, compute_summary


def test_the_tabs_are_the_same_with_the_engines_whole_result(tmp_path):
    loaded = consolidate([write_team(tmp_path)])
    at, month = datetime.fromisoformat("2026-11-29T09:00:00+08:00"), date(2026, 10, 1)  # to-do items are due by then
    issues = collect_issues(loaded)
    whole = compute_deadlines(loaded.tables, loaded.settings, at)
    todo, kinds = list(whole.todo), set(whole.rows)
    assert todo and kinds - set(DEADLINE_SHEETS)  # the engine makes more than the tabs read
    given = compute_summary(loaded.tables, loaded.settings, at, month, 3, issues, deadlines=whole)
    own = compute_summary(loaded.tables, loaded.settings, at, month, 3, issues)
    assert own.sections == given.sections
    assert sum(len(rows) for rows in own.sections.values()) > 20
    assert [(i.code, i.file, i.sheet, i.row) for i in own.issues] == [(i.code, i.file, i.sheet, i.row) for i in given.issues]
    assert whole.todo == todo and set(whole.rows) == kinds  # the caller's result is untouched
