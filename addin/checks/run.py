"""Running every rule; a rule that crashes becomes an `internal-error` issue, never a crash."""

from __future__ import annotations

from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.tables import Tables
from ..i18n import both
from .cross_rules import CROSS_RULES, CrossRule
from .row_rules import ROW_RULES, ROW_SUSPECTS, RowRule


def run_checks(
    tables: Tables,
    row_rules: dict[str, tuple[RowRule, ...]] = ROW_RULES,
    cross_rules: tuple[CrossRule, ...] = CROSS_RULES,
) -> list[Issue]:
    issues: list[Issue] = []
    for table in tables.tables:
        rules = row_rules.get(table.spec.key, ())
        if not rules:
            continue
        for row in _rows_to_check(table, rules):
            for rule in rules:
                try:
                    issues.extend(rule(table, row))
                except Exception as exc:  # a broken rule must not hide every other finding
                    issues.append(issue_at(table, row.row, None, "internal-error", _crash(rule.__name__, exc)))
    for cross in cross_rules:
        try:
            issues.extend(cross(tables))
        except Exception as exc:  # one cross rule's crash leaves every other rule's findings
            zh, en = _crash(cross.__name__, exc)
            issues.append(Issue("", "", None, None, "internal-error", zh, en))
    return issues


def _rows_to_check(table, rules: tuple[RowRule, ...]) -> list:
    """Every row, or only the rows where one of the rules may find something when each rule can say which
    (row_rules.ROW_SUSPECTS): the same findings in the same order, without a rule call per row of a clean sheet."""
    if not all(rule in ROW_SUSPECTS for rule in rules):
        return table.rows
    positions: set[int] = set()
    for rule in rules:
        try:
            found = ROW_SUSPECTS[rule](table)
        except Exception:  # noqa: BLE001  # the rule itself, run on every row, reports what went wrong
            found = None
        if found is None:
            return table.rows
        positions |= found
    return [table.rows[p] for p in sorted(positions)]


def _crash(rule: str, exc: Exception) -> tuple[str, str]:
    """What a crashed rule says, in words in both languages: the rule and the kind of failure, not the English trace."""
    return both("the check {rule} could not run here ({kind})", rule=rule, kind=type(exc).__name__)
