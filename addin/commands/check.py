"""`salesdesk check`: validate workbooks; with annotate, write notes, highlights and a status column."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ..checks.run import run_checks
from ..core.annotate import annotation_patch, status_column_issues
from ..core.issues import Issue, file_issue, has_errors
from ..core.tables import Tables
from ..i18n import N_, both, both_with, pick, translator
from ..io.apply_patch import ApplyReport
from ..io.load import Loaded, Progress
from ..io.ooxml.editor import SheetResult
from ..io.package import FileRefused, refuse_if_open
from ..io.progress import progress_bar
from ..pipeline.opportunities import closes_past
from ..pricing.drafts import superseded
from ..pricing.policy import load_policy
from ..pricing.quote import price_quotes
from .clock import AsOfUsage, as_of_argument
from .place import FileSink, Sink, Where, source_of
from .report import counts_by_code, files_read, issue_line, issues_json, print_json, sort_key, summary_line
from .scope import file_paths, split


@dataclass
class CheckResult:
    loaded: Loaded
    issues: list[Issue]
    applied: ApplyReport | None = None
    sidecars: list[Path] = field(default_factory=list)


def write_sidecars(loaded: Loaded, issues: list[Issue], lang: str, refused: list[FileRefused] | None = None) -> list[Path]:
    """One findings workbook beside each checked workbook that has findings; a refused one goes to `refused`."""
    from ..io.sidecar import write_sidecar  # openpyxl: only when a findings workbook is written (not on Excel's check button)

    by_file: dict[str, list[Issue]] = {}
    for issue in issues:
        by_file.setdefault(issue.file, []).append(issue)
    written = []
    paths = {t.file: t.path for t in loaded.tables.tables if t.path is not None}
    for file, found in by_file.items():
        if file in paths:
            try:
                written.append(write_sidecar(paths[file], found, lang))
            except FileRefused as exc:
                if refused is None:
                    raise
                refused.append(exc)
    return written


def refused_issue(refused: FileRefused) -> Issue:
    return file_issue(refused.path, refused.code, refused.zh, refused.en)


def protected_warnings(applied: ApplyReport) -> list[Issue]:
    """A password-protected sheet is annotated anyway; the rep is told which."""
    return [
        file_issue(str(w.path), "file-sheet-protected", *both("Sheet {sheet!r} is password-protected; salesdesk annotated it anyway.", sheet=s.sheet))
        for w in applied.written for s in w.details if isinstance(s, SheetResult) and s.protected
    ]


def open_in_excel_warnings(loaded: Loaded) -> list[Issue]:
    """Reading an open workbook is fine, but unsaved edits are not in the file."""
    warnings = []
    for path in loaded.files:
        try:
            refuse_if_open(path)
        except FileRefused as exc:
            zh, en = exc.zh, exc.en
            warnings.append(file_issue(str(path.name), "file-open-read", *both_with(lambda _: _("{reason} Checked as last saved.", reason=pick((zh, en), _.lang)))))  # noqa: B023
    return warnings


def collect_issues(loaded: Loaded, read_only: bool = False) -> list[Issue]:
    """Every finding of a load; a run that writes reports an open file as refused instead."""
    issues = [refused_issue(r) for r in loaded.refused]
    if read_only:
        issues.extend(open_in_excel_warnings(loaded))
    issues.extend(loaded.issues)
    issues.extend(run_checks(loaded.tables))
    return issues


def findings(loaded: Loaded, as_of: date, read_only: bool = False) -> list[Issue]:
    """Everything wrong in a load, pricing included (a line below the floor is a finding on the rep's
    data too): `check` and `quote` annotate the same cells with the same notes, so neither run
    erases what the other wrote."""
    found = collect_issues(loaded, read_only)
    policy, policy_issues = load_policy(loaded.tables)
    _, pricing = price_quotes(loaded.tables, policy, as_of=as_of, input_issues=found + policy_issues)
    return pricing + superseded(pricing, found + policy_issues) + closes_past(loaded.tables, as_of)  # the dated checks of the pipeline


def own_tables(loaded: Loaded, context: set[str]) -> Tables:
    """The tables of the files the command was given (not of siblings read for context)."""
    return Tables([t for t in loaded.tables.tables if t.file not in context])


def run_check(
    paths: Where, annotate: bool = False, lang: str = "zh", progress: Progress | None = None, sidecar: bool = False, as_of: date | None = None,
    sink: Sink | None = None,
) -> CheckResult:
    """`paths`: files and folders, or any Source (a workbook open in Excel); `sink`: where the annotations go (files by default)."""
    loaded, context = source_of(paths).read(progress)
    today = as_of or date.today()  # the adapter reads the clock (quote validity); the core is given it
    issues = split(findings(loaded, today, read_only=not annotate), lambda i: i.file not in context, "check", file_paths(loaded))
    result = CheckResult(loaded, issues)
    mine = [i for i in issues if i.code != "findings-elsewhere"]
    if sidecar:
        sidecars_refused: list[FileRefused] = []
        result.sidecars = write_sidecars(loaded, mine, lang, sidecars_refused)
        result.issues.extend(refused_issue(r) for r in sidecars_refused)
    if annotate:
        if progress:
            progress(translator(lang)(N_("Writing notes and highlights ...")))
        own = own_tables(loaded, context)
        # Read through a confirmed mapping, never written: CSV text, and a sheet without a header row (no row for the status column).
        texts = sorted({t.file for t in own.tables if Path(t.file).suffix.lower() == ".csv"})
        bare = [t for t in own.tables if t.file not in texts and t.layout.header_row < 1]
        lacking = [t for t in own.tables if t.file not in texts and t.layout.header_row >= 1 and t.layout.confidence == "partial"]
        own = Tables([t for t in own.tables if t.file not in texts and t.layout.header_row >= 1 and t.layout.confidence != "partial"])
        result.issues.extend(file_issue(Path(f).name, "not-annotated", *both("CSV text is read but never annotated: its findings are listed here; save it as .xlsx to get notes in it"))
                             for f in texts)
        result.issues.extend(replace(file_issue(Path(t.file).name, "not-annotated", *both(
            "A sheet without a header row is read through the mapping but never annotated: its findings are listed here; add a header row to get notes in it")), sheet=t.sheet)
            for t in bare)
        result.issues.extend(replace(file_issue(Path(t.file).name, "not-annotated", *both(
            "Recognised by its identifying columns but lacking required ones: its findings are listed here, nothing is written into it; "
            "add or map the missing columns (salesdesk map) to get notes in it")), sheet=t.sheet)
            for t in lacking)
        result.issues.extend(status_column_issues(own, mine))
        patch = annotation_patch(own, mine)
        result.applied = (sink or FileSink()).write(patch, int(getattr(loaded.settings, "backups_kept", 5)))
        result.issues.extend(refused_issue(r) for r in result.applied.refused)
        result.issues.extend(protected_warnings(result.applied))
    return result


def run_check_cli(args: argparse.Namespace) -> int:
    _ = translator(args.lang)
    try:
        moment = as_of_argument(args)
    except AsOfUsage:
        return 2
    with progress_bar(enabled=not args.quiet) as advance:
        result = run_check([Path(p) for p in args.paths], annotate=args.annotate, lang=args.lang, progress=advance, sidecar=args.sidecar,
                           as_of=moment.date() if moment else None)
    explain = getattr(args, "explain", False)
    if args.json:
        data: dict[str, object] = {"issues": issues_json(result.issues, args.lang)}
        if explain:
            from .explain import sheets_json

            data["sheets"] = sheets_json(result.loaded.sheets, args.lang)
        print_json(data)
        return 1 if has_errors(result.issues) else 0
    if explain:
        from .explain import explain_lines

        print("\n".join(explain_lines(result.loaded.sheets, args.lang)))
    tables = [t for t in result.loaded.tables.tables if t.spec.key != "header_map"]  # the mapping says how to read: no data
    rows = sum(len(t) for t in tables)
    read = files_read(result.loaded.files, result.loaded.refused)
    if read or not result.issues:  # nothing there to read (a missing path): its error says so, no "read 1 file" before it
        print(_("Read {files} file(s), recognised {sheets} sheet(s), {rows} row(s).", files=read, sheets=len(tables), rows=format(rows, ",")))
    for issue in sorted(result.issues, key=sort_key):
        print(issue_line(issue, args.lang))
    if not tables and not result.issues:
        print(_("No sheet recognised: headers must match the templates (salesdesk templates writes them)."))
    if len(result.issues) > 20:
        print(_("By kind:"))
        print("\n".join(counts_by_code(result.issues, args.lang)))
    print(summary_line(result.issues, args.lang))
    for sidecar in result.sidecars:
        print(_("Findings written to: {path}", path=sidecar))
    for written in result.applied.written if result.applied else []:
        if written.backup:
            print(_("Annotated: {path} (backup {backup})", path=written.path, backup=written.backup.name))
        else:
            print(_("Unchanged: {path}", path=written.path))
        for sheet in (d for d in written.details if isinstance(d, SheetResult) and d.skipped):
            print(_("  cells left alone (formula or user note): {cells}", cells=_(", ").join(sheet.skipped)))
    return 1 if has_errors(result.issues) else 0
