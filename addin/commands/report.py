"""Plain-text and JSON renderings of issues, shared by every command."""

from __future__ import annotations

from collections import Counter

from ..core.issues import CODES, SEVERITY_LABELS, Issue, Severity


def sort_key(issue: Issue) -> tuple:
    return (issue.file, issue.sheet, issue.row or 0, issue.column or "", issue.code)


def issue_line(issue: Issue, lang: str) -> str:
    return f"{issue.location()}: {SEVERITY_LABELS[lang][issue.severity]} [{issue.code}] {issue.message(lang)}"


def summary_line(issues: list[Issue], lang: str) -> str:
    counts = Counter(i.severity for i in issues)
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    if lang == "zh":
        return f"共 {errors:,} 个错误，{warnings:,} 个提示。" if issues else "没有发现问题。"
    return f"{errors:,} error(s), {warnings:,} warning(s)." if issues else "No issues found."


def counts_by_code(issues: list[Issue], lang: str) -> list[str]:
    """One line per code, most frequent first: the overview a team lead reads first."""
    counts = Counter(i.code for i in issues)
    title = (lambda code: CODES[code].title_zh) if lang == "zh" else (lambda code: CODES[code].title_en)
    return [f"  {count:>6,}  {code}  {title(code)}" for code, count in counts.most_common()]


def issues_json(issues: list[Issue], lang: str) -> list[dict[str, object]]:
    return [i.to_json(lang) for i in sorted(issues, key=sort_key)]
