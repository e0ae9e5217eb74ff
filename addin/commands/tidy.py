"""`salesdesk tidy PATH`: typed text that is unambiguously a date, an amount or
a percentage becomes a real date or number, in the column's number format.

The one command that changes what a rep typed, and only when asked. Each
changed cell keeps the text as typed in a note of its own (author
`salesdesk-tidy`, "原文：…" / "typed as: …"), which `check --annotate` never
removes. Ambiguous or unreadable text is left alone and reported; with
`annotate` those cells also get salesdesk's note and highlight (replacing
salesdesk's earlier notes and highlights on that sheet, as `check --annotate`
does; tidy's own notes stay). Writing goes
through the safe writer (apply_patch: surgical edit, verification, backup);
`dry_run` reports what would change and writes nothing. Tidying twice is
tidying once: a changed cell is no longer text, so the second run finds
nothing and writes nothing.

Only the files given are tidied; workbooks beside them are read for the
settings (time zone, backups kept) and never written.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from functools import partial
from pathlib import Path
from typing import Callable

from pydantic import BaseModel

from ..core.build import build_table
from ..core.issues import Issue, Severity, has_errors
from ..core.patch import ClearAnnotations, Highlight, Patch, SetCell, SetNote
from ..core.recognise import Recognised, recognise
from ..core.settings import read_settings, zone_of
from ..core.tables import Tables
from ..core.tidy import TidyChange, tidy_grid
from ..domain.plausible import bounds_from_settings, judge
from ..i18n import translator
from ..io.apply_patch import ApplyReport, apply_patch
from ..io.load import Progress, display_name
from ..io.ooxml.generated_sheet import generated_sheet_names
from ..io.package import FileRefused
from ..io.reader import OOXML_SUFFIXES, Grid, expand_paths, read_book
from .check import refused_issue
from .report import issue_line, issues_json, sort_key
from .scope import with_siblings


@dataclass(frozen=True)
class Tidied:
    """One changed cell, where it is."""

    file: str
    path: Path
    sheet: str
    change: TidyChange
    lang: str  # the sheet's header language: its note is written in it


@dataclass
class TidyResult:
    changes: list[Tidied] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    applied: ApplyReport | None = None
    dry_run: bool = False

    def written(self, item: Tidied) -> bool:
        """Whether the change is in a file that was written and verified (never claimed otherwise)."""
        return not self.dry_run and self.applied is not None and any(w.path == item.path and w.changed_parts for w in self.applied.written)

    @property
    def not_written(self) -> list[Tidied]:
        return [] if self.dry_run else [t for t in self.changes if not self.written(t)]


def note_text(original: str, lang: str) -> str:
    """The note a tidied cell keeps: what the rep typed, in the sheet's language."""
    _ = translator(lang)
    return _("typed as: {text}", text=original)


def tidy_patch(changes: list[Tidied], ambiguous: list[tuple[Path, Issue, str]]) -> Patch:
    """SetCell with the column's format plus a tidy note per change; with `ambiguous`, a finding note and highlight each."""
    patch = Patch()
    for item in changes:
        c = item.change
        patch.add(SetCell(str(item.path), item.sheet, c.row, c.column, c.value, c.number_format))
        patch.add(SetNote(str(item.path), item.sheet, c.row, c.column, note_text(c.original, item.lang), kind="tidy"))
    cleared: set[tuple[str, str]] = set()
    for path, issue, lang in ambiguous:
        if issue.row is None or issue.column is None:
            continue
        if (str(path), issue.sheet) not in cleared:  # re-runs replace salesdesk's earlier marks, as check --annotate does
            cleared.add((str(path), issue.sheet))
            patch.add(ClearAnnotations(str(path), issue.sheet, 1, None))
        _ = translator(lang)
        patch.add(SetNote(str(path), issue.sheet, issue.row, issue.column, _("left as typed by tidy: {reason} ({code})", reason=issue.message(lang), code=issue.code)))
        patch.add(Highlight(str(path), issue.sheet, issue.row, issue.column, Severity.WARNING.value))
    return patch


def _settings(grids: list[tuple[Recognised, Grid]], name_of: Callable[[Path], str]) -> tuple[BaseModel, tzinfo]:
    """The settings (time zone, backups kept) from the settings sheets read; their findings are check's job."""
    default_zone = zone_of(read_settings(Tables())[0])
    tables = Tables()
    for found, grid in grids:
        if found.spec.key_value:
            tables.add(build_table(found, grid.rows, name_of(grid.file), grid.sheet, default_zone, grid.date1904, grid.width)[0])
    settings = read_settings(tables)[0]
    return settings, zone_of(settings)


def run_tidy(paths: list[Path], annotate: bool = False, dry_run: bool = False, progress: Progress | None = None) -> TidyResult:
    inputs = with_siblings(paths)
    given = {p.resolve() for p in expand_paths(inputs.given)}
    result = TidyResult(dry_run=dry_run)
    recognised: list[tuple[Recognised, Grid]] = []
    files = expand_paths(inputs.all)
    for number, path in enumerate(files, 1):
        if progress:
            progress(f"[{number}/{len(files)}] {path.name}")
        try:
            book = read_book(path)
            owned = generated_sheet_names(path) if path.suffix.lower() in OOXML_SUFFIXES else set()
        except FileRefused as exc:
            if path.resolve() in given:
                result.issues.append(refused_issue(exc))
            continue
        recognised.extend((found, grid) for grid in book.grids if grid.sheet not in owned and (found := recognise(grid.rows)))
    name_of = lambda path: display_name(path, paths)  # noqa: E731
    settings, zone = _settings(recognised, name_of)
    bounds = bounds_from_settings(settings)
    ambiguous: list[tuple[Path, Issue, str]] = []
    for found, grid in recognised:
        if grid.file.resolve() not in given or found.confidence == "partial":  # a sheet lacking required columns is never written
            continue
        changes, issues = tidy_grid(found, grid.rows, name_of(grid.file), grid.sheet, zone, partial(judge, found.spec.key, bounds=bounds))
        result.changes.extend(Tidied(name_of(grid.file), grid.file, grid.sheet, c, found.lang) for c in changes)
        result.issues.extend(issues)
        ambiguous.extend((grid.file, i, found.lang) for i in issues)
    if dry_run:
        return result
    patch = tidy_patch(result.changes, ambiguous if annotate else [])
    if len(patch):
        result.applied = apply_patch(patch, int(getattr(settings, "backups_kept", 5)))
        result.issues.extend(refused_issue(r) for r in result.applied.refused)
    return result


def changes_json(result: TidyResult) -> list[dict[str, object]]:
    return [
        {"file": t.file, "sheet": t.sheet, "row": t.change.row, "column": t.change.column, "key": t.change.key, "original": t.change.original, "value": t.change.value,
         "written": result.written(t)}
        for t in result.changes
    ]


def run_tidy_cli(args: argparse.Namespace) -> int:
    lang = args.lang
    _ = translator(lang)
    progress = None if args.quiet or args.json else (lambda m: print(m, file=sys.stderr, flush=True))
    result = run_tidy([Path(p) for p in args.paths], annotate=args.annotate, dry_run=args.dry_run, progress=progress)
    if args.json:
        json.dump({"dry_run": result.dry_run, "changes": changes_json(result), "issues": issues_json(result.issues, lang)}, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
        return 1 if has_errors(result.issues) else 0
    for t in result.changes:
        value = t.change.value.isoformat() if isinstance(t.change.value, (date, datetime)) else str(t.change.value)
        cell = f"{t.change.column}{t.change.row}"
        line = _("{file}:{sheet}!{cell}: {original} → {value}", file=t.file, sheet=t.sheet, cell=cell, original=t.change.original, value=value)
        print(line if result.dry_run or result.written(t) else line + _(" (not written)"))
    for issue in sorted(result.issues, key=sort_key):
        print(issue_line(issue, lang))
    left = sum(1 for i in result.issues if i.row is not None)
    if result.dry_run:
        print(_.n("{n} cell would be tidied (dry run: nothing written).", "{n} cells would be tidied (dry run: nothing written).", len(result.changes)))
    else:
        unwritten = result.not_written
        done = len(result.changes) - len(unwritten)
        if done or not unwritten:
            print(_.n("{n} cell tidied; the typed text is kept in its note.", "{n} cells tidied; the typed text is kept in their notes.", done))
        if unwritten:  # its file was refused (disk full, read-only ...): said above, never counted as tidied
            print(_.n("{n} cell NOT tidied: its workbook could not be written (see the errors above).",
                      "{n} cells NOT tidied: their workbooks could not be written (see the errors above).", len(unwritten)))
    if left:
        print(_.n("{n} cell left as typed (ambiguous or unreadable): see above.", "{n} cells left as typed (ambiguous or unreadable): see above.", left))
    for written in result.applied.written if result.applied else []:
        if written.backup:
            print(_("Written: {path} (backup {backup})", path=written.path, backup=written.backup.name))
    return 1 if has_errors(result.issues) else 0
