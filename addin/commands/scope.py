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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from ..core.issues import Issue, Severity, file_issue
from ..i18n import both
from ..io.load import Loaded, display_name
from ..io.reader import WORKBOOK_SUFFIXES, is_backup_or_temp, is_own_output
from .shell import command_line


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


def file_paths(loaded: Loaded) -> dict[str, Path]:
    """Each read file's name in issues -> its path, for a hint the user can type (`check_command`)."""
    return {t.file: t.path for t in loaded.tables.tables if t.path is not None}


def check_command(file: str, paths: Mapping[str, Path] | None = None) -> str:
    """`salesdesk check <file>` as it works typed where the user ran salesdesk (commands/shell.py): the file's path
    relative to there when `paths` knows it, else its name as issues give it."""
    path = (paths or {}).get(file)
    return command_line("check", path if path is not None else file)


def elsewhere_summary(issues: list[Issue], command: str, paths: Mapping[str, Path] | None = None) -> list[Issue]:
    """One warning per workbook: how many findings lie outside this command, and where to see them."""
    counts: dict[str, Counter[Severity]] = {}
    for issue in issues:
        counts.setdefault(issue.file or "", Counter())[issue.severity] += 1
    summary = []
    for file, count in sorted(counts.items()):
        errors, warnings = count[Severity.ERROR], count[Severity.WARNING]
        run = check_command(file, paths)
        if command == "check":
            text = both("read for reference only: {errors} error(s), {warnings} warning(s); run {run} to see them", errors=errors, warnings=warnings, run=run)
        else:
            text = both("outside {command}: {errors} error(s), {warnings} warning(s); run {run} to see them",
                        command=command, errors=errors, warnings=warnings, run=run)
        summary.append(file_issue(file, "findings-elsewhere", *text))
    return summary


def split(issues: list[Issue], own: Callable[[Issue], bool], command: str, paths: Mapping[str, Path] | None = None) -> list[Issue]:
    """The command's own findings, then one summary warning per workbook for the rest; `paths` (`file_paths`) makes
    each warning's `salesdesk check` hint name the file as the user can type it."""
    mine = [i for i in issues if own(i)]
    others = [i for i in issues if not own(i)]
    return mine + elsewhere_summary(others, command, paths)


# ---- one order's rows: what `forms --order X` reads and validates in a large book (issue 23, item 5) ------------------
# The kinds a document for one order draws rows from, and the columns that tie a row to that order (or its quote).
# Every other sheet (customers, price list, settings, policies, clauses, calendar) is read whole: small, and the
# document rests on it as a whole (a customer's name, a holiday).
SCOPED_KINDS: dict[str, tuple[str, ...]] = {
    "orders": ("order_id", "quote_id"),
    "order_lines": ("order_id",),
    "payments": ("order_id",),
    "requirements": ("order_id", "quote_id"),
    "stage_messages": ("order_id",),
    "quotes": ("quote_id", "order_id"),
    "quote_lines": ("quote_id",),
    "tickets": ("order_id",),
}
# Below this many rows in those sheets together the whole book is read and checked as before (the same result as
# ever, findings elsewhere counted); above it, the rows of other orders are not typed or checked (and said so).
SCOPE_MIN_ROWS = 20_000


def _id(value: object) -> object:
    """A cell typed as an id, as build types it (core/values.py parse_id); plain ASCII text without the NFKC pass
    (ASCII is NFKC-stable), which is every id cell of a large book."""
    if value is None:
        return None
    if type(value) is str and value.isascii():
        return value.strip() or None
    from ..core.values import parse_id

    return parse_id(value).value


@dataclass
class OrderScope:
    """The rows one order's document rests on: the order (by its id) or the quote, and what links to them.

    `apply(grids)` (load's `scope` hook) returns the grids with every other row of SCOPED_KINDS left empty (row
    numbers kept, so every finding names the cell it always named), when those sheets hold SCOPE_MIN_ROWS rows or
    more and no header mapping is among them; `counts` then says per (file, sheet) how many rows were kept of how
    many, for `notes`."""

    order_id: str | None = None
    quote_id: str | None = None
    min_rows: int | None = None  # SCOPE_MIN_ROWS unless given
    counts: dict[tuple[Path, str], tuple[int, int]] = field(default_factory=dict)  # (file, sheet) -> (rows kept, rows)

    def apply(self, grids: list) -> list:
        from ..core.recognise import Recognised, classify

        found = [(g, classify(g.rows)) for g in grids]
        if any(isinstance(f, Recognised) and f.spec.key == "header_map" for _g, f in found):
            return grids  # a confirmed mapping may read a sheet's columns otherwise than its headers say: read whole
        scoped = [(g, f) for g, f in found if isinstance(f, Recognised) and f.spec.key in SCOPED_KINDS]
        if not (self.order_id or self.quote_id) or sum(len(g.rows) - f.header_index - 1 for g, f in scoped) < (self.min_rows or SCOPE_MIN_ROWS):
            return grids
        wanted: dict[str, set[object]] = {"order_id": {i for i in (self.order_id,) if i}, "quote_id": {i for i in (self.quote_id,) if i}}
        # Each scoped sheet's link columns typed as ids (as build types them), and where each id stands.
        typed: dict[int, dict[str, list[object]]] = {}
        where: dict[tuple[int, str], dict[object, list[int]]] = {}
        for grid, judged in scoped:
            columns = typed[id(grid)] = {}
            for key in SCOPED_KINDS[judged.spec.key]:
                index = judged.columns.get(key)
                if index is None:
                    continue
                values = columns[key] = [_id(row[index]) if index < len(row) else None for row in grid.rows[judged.header_index + 1:]]
                spots = where[(id(grid), key)] = {}
                for position, value in enumerate(values):
                    if value is not None:
                        spots.setdefault(value, []).append(position)
        keep: dict[int, set[int]] = {id(g): set() for g, _f in scoped}
        done: dict[str, set[object]] = {"order_id": set(), "quote_id": set()}
        while any(wanted[k] - done[k] for k in wanted):  # an order's quote, that quote's other orders, their requirements
            fresh = {k: wanted[k] - done[k] for k in wanted}
            for k in fresh:
                done[k] |= fresh[k]
            for grid, _judged in scoped:
                columns = typed[id(grid)]
                for key in columns:
                    spots = where[(id(grid), key)]
                    for value in fresh.get(key, ()):
                        for position in spots.get(value, ()):
                            if position in keep[id(grid)]:
                                continue
                            keep[id(grid)].add(position)
                            for link in ("order_id", "quote_id"):
                                if link in columns and columns[link][position] is not None:
                                    wanted[link].add(columns[link][position])
        for grid, judged in scoped:
            start, kept = judged.header_index + 1, keep[id(grid)]
            columns = typed[id(grid)]
            for position in sorted(kept):  # a row whose ids are blank continues the row above it (its lines, read filled down)
                following = position + 1
                while following < len(grid.rows) - start and following not in kept and any(grid.rows[start + following]) \
                        and all(columns[key][following] is None for key in columns):
                    kept.add(following)
                    following += 1
            self.counts[(grid.file, grid.sheet)] = (len(kept), len(grid.rows) - start)
            last = start + max(kept, default=-1) + 1  # the rows below the last kept one are left out altogether
            grid.rows = grid.rows[:start] + [row if p in kept else [] for p, row in enumerate(grid.rows[start:last])]
        return grids

    def notes(self, name_of: Callable[[Path], str], command: str = "forms") -> list[Issue]:
        """One warning per sheet read in part: how many of its rows this document rests on, and that the rest went unchecked."""
        notes = []
        for (path, sheet), (kept, rows) in sorted(self.counts.items(), key=lambda item: (str(item[0][0]), item[0][1])):
            if rows <= kept:
                continue
            file = name_of(path)
            zh, en = both("{command} read {kept} of {rows} rows here (those the document rests on); the other rows were not checked: "
                          "run {run} to see their findings", command=command, kept=kept, rows=rows, run=command_line("check", path))
            notes.append(Issue(file=file, sheet=sheet, row=None, column=None, code="rows-not-checked", message_zh=zh, message_en=en))
        return notes
