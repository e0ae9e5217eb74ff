"""What a command reads, and which findings are its own.

A command given a file also reads the rep's other workbooks in the same
folder (siblings, not subfolders), so references resolve as they would for
the whole folder: the customer register for a quote, the quotes an order
came from. Those siblings are context only: their findings are not this
command's. Findings outside a command's job are summarised once per
workbook as a `findings-elsewhere` warning pointing at `salesdesk check`,
so every command's result (and exit code) is its own.

Exit codes, the same for every command: 0 clean; 1 errors in this command's
job, an input it could not read, or (quote) a customer document left a
draft; 2 wrong usage.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..core.issues import Issue, Severity, file_issue
from ..i18n import both
from ..io.load import Loaded, display_name
from ..io.reader import WORKBOOK_SUFFIXES, is_backup_or_temp, is_own_output


@dataclass(frozen=True)
class Inputs:
    """The paths a command was given, and the sibling workbooks read for context only."""

    given: list[Path]
    context: list[Path]

    @property
    def all(self) -> list[Path]:
        return [*self.given, *self.context]


def with_siblings(paths: list[Path]) -> Inputs:
    """The given paths, plus the workbooks beside each given file that were not given themselves."""
    named = {p.resolve() for p in paths if not p.is_dir()}
    folders = [p.resolve() for p in paths if p.is_dir()]
    context: list[Path] = []
    seen = set(named)
    for path in paths:
        if path.is_dir() or not path.is_file():
            continue
        for sibling in sorted(path.parent.iterdir()):
            resolved = sibling.resolve()
            if (
                resolved in seen
                or not sibling.is_file()
                or sibling.suffix.lower() not in WORKBOOK_SUFFIXES
                or is_backup_or_temp(sibling)
                or is_own_output(sibling)  # the manager summary, quote sheets, documents: outputs, not data
                or any(folder in resolved.parents for folder in folders)
            ):
                continue
            seen.add(resolved)
            context.append(sibling)
    return Inputs(list(paths), context)


def context_files(loaded: Loaded, inputs: Inputs) -> set[str]:
    """The names issues carry for the context-only files (display names and full paths)."""
    names = {display_name(p, inputs.all) for p in inputs.context}
    return names | {str(p) for p in inputs.context}


def elsewhere_summary(issues: list[Issue], command: str) -> list[Issue]:
    """One warning per workbook: how many findings lie outside this command, and where to see them."""
    counts: dict[str, Counter[Severity]] = {}
    for issue in issues:
        counts.setdefault(issue.file or "", Counter())[issue.severity] += 1
    summary = []
    for file, count in sorted(counts.items()):
        errors, warnings = count[Severity.ERROR], count[Severity.WARNING]
        if command == "check":
            text = both("read for reference only: {errors} error(s), {warnings} warning(s); run salesdesk check {file} to see them", errors=errors, warnings=warnings, file=file)
        else:
            text = both("outside {command}: {errors} error(s), {warnings} warning(s); run salesdesk check {file} to see them",
                        command=command, errors=errors, warnings=warnings, file=file)
        summary.append(file_issue(file, "findings-elsewhere", *text))
    return summary


def split(issues: list[Issue], own: Callable[[Issue], bool], command: str) -> list[Issue]:
    """The command's own findings, then one summary warning per workbook for the rest."""
    mine = [i for i in issues if own(i)]
    others = [i for i in issues if not own(i)]
    return mine + elsewhere_summary(others, command)
