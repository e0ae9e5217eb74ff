"""`salesdesk summary`: every rep's workbooks consolidated into the manager summary (KPI tabs with native charts).

Reading is parallel across cores (one file per task: the bare read, calamine); recognising and typing the
grids happens once in this process (load_grids), so settings and references see every file. A file that
cannot be read is listed as skipped with its reason; the rest is summarised.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterator

from ..core.issues import CODES, Issue, file_issue
from ..i18n import both, both_with, pick, translator
from ..io.fsguard import SAYS_NOTHING_WRITTEN, refusal
from ..io.generated import CUSTOM
from ..io.load import Loaded, display_name, load_grids
from ..io.ooxml.generated_sheet import generated_sheet_names
from ..io.package import FileRefused
from ..io.reader import OOXML_SUFFIXES, Grid, Unread, expand_paths, read_book
from ..io.summary_book import KIND_SUMMARY, About, save_summary
from ..summary.common import MAX_MONTHS
from ..summary.run import Summary, compute_summary
from .check import collect_issues, refused_issue
from .place import FileSink, Sink, Where
from .refresh import resolve_as_of
from .report import files_read, issue_line

Tick = Callable[[int, int, str], None]  # (done, total, file name)
PARALLEL_FROM = 4  # fewer files are read in this process: starting workers costs more than it saves


@dataclass
class SummaryRun:
    loaded: Loaded
    summary: Summary
    issues: list[Issue]
    skipped: list[tuple[str, str]] = field(default_factory=list)
    out: Path | None = None
    written: bool = False
    seconds: float = 0.0
    into: list[Path] = field(default_factory=list)  # registers that got the rep's summary tab
    refused: list[Issue] = field(default_factory=list)  # outputs the guard refused to write, each naming the user's file


def is_summary_output(path: Path) -> bool:
    """A summary salesdesk wrote (its marker's kind): never read back as a rep's data."""
    try:
        with zipfile.ZipFile(path) as archive:
            if CUSTOM not in archive.namelist():
                return False
            return f"<vt:lpwstr>{KIND_SUMMARY}</vt:lpwstr>".encode() in archive.read(CUSTOM)
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, ValueError):
        return False  # not a package: read_book refuses it with its reason


def _read_one(path: Path) -> tuple[Path, list[Grid], list[Unread], tuple[str, str, str] | None]:
    """One file's grids (salesdesk's own tabs left out), or why it was refused: runs in a worker."""
    if path.suffix.lower() == ".xlsx" and is_summary_output(path):
        return path, [], [], None
    try:
        book = read_book(path)
        owned = generated_sheet_names(path) if path.suffix.lower() in OOXML_SUFFIXES else set()
    except FileRefused as exc:
        return path, [], [], (exc.code, exc.zh, exc.en)
    except OSError as exc:
        r = refusal(path, "file-unreadable", exc.strerror or str(exc))
        return path, [], [], (r.code, r.zh, r.en)
    return path, [g for g in book.grids if g.sheet not in owned], [u for u in book.unread if u.sheet not in owned], None


def read_parallel(files: list[Path], tick: Tick | None = None, workers: int | None = None) -> Iterator[tuple[Path, list[Grid], list[Unread], tuple[str, str, str] | None]]:
    """Every file read, in parallel across cores when there are enough of them; results in the files' order."""
    workers = workers or os.cpu_count() or 1
    if len(files) < PARALLEL_FROM or workers < 2:
        results: Iterator[Any] = map(_read_one, files)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=workers)
        results = pool.map(_read_one, files, chunksize=max(1, len(files) // (workers * 8)))
    try:
        for done, result in enumerate(results, 1):
            if tick:
                tick(done, len(files), result[0].name)
            yield result
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def consolidate(paths: list[Path], tick: Tick | None = None) -> Loaded:
    files = expand_paths(paths)
    grids: list[Grid] = []
    unread: list[Unread] = []
    refused: list[FileRefused] = []
    for path, got, missed, why in read_parallel(files, tick):
        grids += got
        unread += missed
        if why:
            refused.append(FileRefused(path, *why))
    for folder in paths:
        if folder.is_dir() and not any(f.is_relative_to(folder) for f in files):
            refused.append(FileRefused(folder, "folder-no-workbook", *both("The folder holds no workbook (.xlsx/.xlsm/.xls/.ods).")))
    loaded = load_grids(grids, lambda p: display_name(p, paths))
    loaded.files, loaded.refused, loaded.unread = files, refused, unread
    return loaded


def run_summary(
    paths: Where, out: Path | None, as_of: datetime | None = None, month: date | None = None, months: int = 6, lang: str = "zh",
    tick: Tick | None = None, force: bool = False, into: bool = False, sink: Sink | None = None,
) -> SummaryRun:
    """`paths`: files and folders (read in parallel), or any Source (a workbook open in Excel: `into` then
    writes the rep's tab into it through `sink`)."""
    started = time.perf_counter()
    if isinstance(paths, list):
        loaded = consolidate(paths, tick)
    else:
        loaded = paths.read(siblings=False)[0]
        paths = list(loaded.files)
    moment = resolve_as_of(as_of, loaded)
    issues = collect_issues(loaded)
    summary = compute_summary(loaded.tables, loaded.settings, moment, month, months, issues)
    skipped = [(display_name(Path(r.path), paths), r.message(lang)) for r in loaded.refused]
    skipped += [(display_name(u.file, paths) + (f" [{u.sheet}]" if u.sheet else ""), pick((u.zh, u.en), lang)) for u in loaded.unread]
    run = SummaryRun(loaded, summary, issues + summary.issues, skipped)
    if out is not None and loaded.tables.tables:  # nothing read (a missing folder): no empty summary to mistake for figures
        counts = {key: sum(len(t) for t in loaded.tables.of(key)) for key in ("customers", "visits", "orders", "order_lines", "payments", "tickets")}
        copies = [(f"{i.file} [{i.sheet}]", i.value or "") for i in issues if i.code == "copy-of"]
        about = About([display_name(f, paths) for f in loaded.files], skipped, counts, copies)
        try:
            saved = save_summary(summary, about, out, lang, force=force)
            run.out, run.written = saved.path, saved.written
        except FileRefused as exc:
            run.refused.append(not_written_issue(out, exc))
            run.issues.append(run.refused[-1])
    if into:
        from .summary_into import into_patch

        patch = into_patch(loaded, summary, {str(f) for f in loaded.files})
        applied = (sink or FileSink()).write(patch, int(getattr(loaded.settings, "backups_kept", 5)))
        run.into = [w.path for w in applied.written if w.backup is not None]  # unchanged registers are not rewritten
        refused = [refused_issue(r) for r in applied.refused]
        run.refused += refused
        run.issues += refused
    run.seconds = time.perf_counter() - started
    return run


def not_written_issue(out: Path, refused: FileRefused) -> Issue:
    """The guard's refusal of the summary workbook (a read-only folder, a file not salesdesk's, a full disk),
    told against the file the user asked for, whatever path the guard was looking at (the folder, a temp file)."""
    if refused.code in SAYS_NOTHING_WRITTEN:  # "not written" once, not twice
        zh, en = refused.zh, refused.en
    else:
        zh, en = both_with(lambda _: _("{file} was not written: {reason}", file=str(out), reason=pick((refused.zh, refused.en), _.lang)))
    return file_issue(str(out), refused.code, zh, en)


# ---- output -----------------------------------------------------------------
RATIOS = {"conversion_rate", "conversion_target", "revenue_change", "revenue_per_cost", "visit_share", "deal_share", "revenue_share", "gap", "volume_change", "share", "within_target_share",
          "conversion", "win_rate"}  # pipeline (summary/pipeline.py)


def is_ratio(key: str) -> bool:
    """Keys whose values are ratios (the front sheet's attainment and changes, conversion in every variant)."""
    return key in RATIOS or key == "change" or "conversion_rate" in key or key.endswith(("_attainment", "_vs_prev", "_vs_last_year"))


def _json(value: Any, key: str) -> Any:
    if isinstance(value, Decimal):
        return float(value) if is_ratio(key) else f"{value:.2f}"  # ratios as decimals (4 places: 0.2 is 20%), money as strings
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def summary_json(run: SummaryRun) -> dict[str, Any]:
    """The figures of every tab (team rows use rep "*"; money as strings; ratios as decimals), skipped files, as-of."""
    data: dict[str, Any] = {key: [{k: _json(v, k) for k, v in row.items()} for row in rows] for key, rows in run.summary.sections.items()}
    data["skipped"] = [{"file": f, "reason": r} for f, r in run.skipped]
    data["as_of"] = run.summary.as_of.isoformat()
    data["month"] = f"{run.summary.month:%Y-%m}"
    data["copies"] = [{"file": i.file, "sheet": i.sheet, "copy_of": i.value} for i in run.issues if i.code == "copy-of"]
    data["written"] = str(run.out) if run.written else None
    data["refused"] = [{"file": i.file, "code": i.code, "message_zh": i.message_zh, "message_en": i.message_en} for i in run.refused]
    return data


def _ticker(lang: str, quiet: bool) -> tuple[Tick | None, Callable[[], None]]:
    """A tqdm bar on a terminal (files done / total, rate, time left); plain lines otherwise."""
    if quiet:
        return None, lambda: None
    _ = translator(lang)
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar: list[Any] = []

        def tick(done: int, total: int, name: str) -> None:
            if not bar:
                bar.append(tqdm(total=total, unit=_("file"), desc=_("Reading"), file=sys.stderr))
            bar[0].update(1)

        return tick, lambda: bar[0].close() if bar else None
    step: list[float] = [time.perf_counter()]

    def line(done: int, total: int, name: str) -> None:
        if done == total or done % max(1, total // 20) == 0:
            rate = done / max(time.perf_counter() - step[0], 1e-9)
            print(_("Read {done}/{total} files ({rate:.1f}/s, {left:.0f} s left)", done=done, total=total, rate=rate, left=(total - done) / rate if rate else 0),
                  file=sys.stderr, flush=True)

    return line, lambda: None


def run_summary_cli(args: argparse.Namespace) -> int:
    _ = translator(args.lang)
    try:  # each option told on its own: the message names only the one that was wrong
        as_of = datetime.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        print(_("--as-of must be an ISO time (2026-11-02T09:00), not {value}", value=args.as_of), file=sys.stderr)
        return 2
    try:
        month = datetime.strptime(args.month, "%Y-%m").date() if args.month else None
    except ValueError:
        print(_("--month must be a month as YYYY-MM (2026-11), not {value}", value=args.month), file=sys.stderr)
        return 2
    if not 1 <= args.months <= MAX_MONTHS:
        print(_("--months must be 1 to {most}", most=MAX_MONTHS), file=sys.stderr)
        return 2
    tick, close = _ticker(args.lang, args.quiet or args.json)
    try:
        run = run_summary([Path(p) for p in args.paths], Path(args.out) if args.out else None, as_of, month, args.months, args.lang, tick, args.force, args.into)
    finally:
        close()
    # A refused output (read-only folder, full disk, not salesdesk's file) by its code's tag, whatever its prefix (folder-read-only):
    # never a silent exit 0, never "written".
    refused_out = run.refused + [i for i in run.issues if i not in run.refused and i.row is None and "file" in CODES[i.code].tags
                                 and i.severity.value == "error" and not any(i.file.endswith(f) for f, _r in run.skipped)]
    if args.json:
        json.dump(summary_json(run), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        tables = run.loaded.tables.tables
        print(_("Read {files} file(s), {rows} row(s) in {seconds:.1f} s; skipped {skipped}.", files=files_read(run.loaded.files, run.loaded.refused),
                rows=f"{sum(len(t) for t in tables):,}", seconds=run.seconds, skipped=len(run.skipped)))
        for file, reason in run.skipped:
            print("  " + _("Skipped: {file}: {reason}", file=file, reason=reason))
        conflicts = run.summary.sections["conflicts"]
        kept = sum(1 for c in conflicts if c.get("kind") == "kept_by_two_reps")
        if kept:
            print(_("Customers kept by two reps: {n}", n=kept))
        if len(conflicts) > kept:
            print(_("Customer IDs on two rows of one book: {n} (the first row is used; see the Conflicts tab)", n=len(conflicts) - kept))
        for copy in (i for i in run.issues if i.code == "copy-of"):
            print("  " + _("Read once: {file} [{sheet}]: {reason}", file=copy.file, sheet=copy.sheet, reason=pick((copy.message_zh, copy.message_en), args.lang)))
        for issue in refused_out:
            print(issue_line(issue, args.lang), file=sys.stderr)
        for path in run.into:
            print(_("Summary tab written into: {path}", path=path))
        if run.out:
            print(_("Summary written: {path}", path=run.out) if run.written else _("Summary unchanged: {path}", path=run.out))
    return 1 if refused_out or run.skipped else 0
