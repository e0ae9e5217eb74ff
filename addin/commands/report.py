"""Plain-text and JSON renderings of issues, shared by every command."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from ..core.issues import CODES, Issue, Severity, severity_label
from ..i18n import translator
from ..io.package import FileRefused


def files_read(files: list[Path], refused: list[FileRefused]) -> int:
    """How many of the files named were there to be read: a missing path is told as missing, not counted as read."""
    missing = {r.path for r in refused if r.code == "file-missing"}
    return sum(1 for f in files if str(f) not in missing)


def sort_key(issue: Issue) -> tuple:
    return (issue.file, issue.sheet, issue.row or 0, issue.column or "", issue.code)


def issue_line(issue: Issue, lang: str) -> str:
    return f"{issue.location()}: {severity_label(issue.severity, lang)} [{issue.code}] {issue.message(lang)}"


def summary_line(issues: list[Issue], lang: str) -> str:
    counts = Counter(i.severity for i in issues)
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    _ = translator(lang)
    return _("{errors} error(s), {warnings} warning(s).", errors=format(errors, ","), warnings=format(warnings, ",")) if issues else _("No issues found.")


def counts_by_code(issues: list[Issue], lang: str) -> list[str]:
    """One line per code, most frequent first: the overview a team lead reads first."""
    counts = Counter(i.code for i in issues)
    return [f"  {count:>6,}  {code}  {CODES[code].title(lang)}" for code, count in counts.most_common()]


def issues_json(issues: list[Issue], lang: str) -> list[dict[str, object]]:
    return [i.to_json(lang) for i in sorted(issues, key=sort_key)]


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
