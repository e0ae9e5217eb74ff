#!/usr/bin/env python3
"""Real-workbook trial of the surgical writer: re-runnable on any folder of workbooks.

For each .xlsx/.xlsm under FOLDER (the files themselves are never touched):
1. copy it to a scratch folder and add an orders table (headers plus three
   rows with known mistakes) to its first worksheet, right of what is
   there, by editing the package directly (salesdesk's surgical SetCell);
2. `check --annotate` the copy twice;
3. report: parts changed, parts byte-identical, validity of the edited
   parts (addin/io/ooxml/validate.py: only problems the edit introduced),
   values unchanged (openpyxl, every sheet, outside the added table), notes
   visible (openpyxl), second run a no-op; a refusal with its code; a crash
   with its exception (that would be a traceback for a user).

    python3 dev.py salesdesk ...   # not needed; run with the project's venv:
    .venv/bin/python tools/trial_workbooks.py FOLDER [--limit N] [--json report.json] [--libreoffice]

Public test workbooks for it (Apache POI test-data/spreadsheet, ClosedXML,
calamine, excelize, XlsxWriter) belong in a git-ignored cache such as
.trial-cache/, never in the repository.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
import tempfile
import traceback
import warnings
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HEADERS = ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "发货时间", "到货时间"]
ROWS = [
    ["SO-1", "C1", "张伟", "2026-03-05", 1200, "2026-04-01", "2026-03-20 09:00", "2026-03-19 10:00"],  # arrived before shipped
    ["SO-2", "C2", "李娜", "3/5/2026", "abc", "2026-04-01", None, None],  # ambiguous date, bad amount
    ["SO-3", "C3", "王磊", "2026-03-06", 900, "2026-04-02", None, None],
]


@dataclass
class Row:
    file: str
    status: str = ""  # ok | refused:<code> | prep-refused:<code> | unreadable | crash
    detail: str = ""
    parts: int = 0
    changed: int = 0
    identical: int = 0
    valid: bool | None = None
    values_same: bool | None = None
    notes_expected: int = 0
    notes_seen: int | None = None
    second_noop: bool | None = None
    libreoffice: bool | None = None
    problems: list[str] = field(default_factory=list)


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def first_worksheet(path: Path) -> tuple[str, int] | None:
    """(name, first free column index) of the first worksheet, as salesdesk's reader sees it."""
    from addin.io.ooxml.package import Package
    from addin.io.reader import read_grids

    with Package(path) as package:
        worksheets = package.sheet_parts()
    for grid in read_grids(path):
        if grid.sheet in worksheets:
            width = max((len(r) for r in grid.rows[:50]), default=0)
            return grid.sheet, min(width + 1, 16000)
    return None


def add_orders_table(path: Path, sheet: str, first_col: int) -> None:
    from addin.core.patch import Patch, SetCell
    from addin.core.tables import column_letter
    from addin.io.apply_patch import apply_patch

    patch = Patch()
    for r, row in enumerate([HEADERS, *ROWS], 1):
        for c, value in enumerate(row):
            if value is not None:
                patch.add(SetCell(str(path), sheet, r, column_letter(first_col + c), value))
    report = apply_patch(patch)
    if report.refused:
        raise RefusedError(report.refused[0].code, report.refused[0].en)


class RefusedError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def values(path: Path, skip: tuple[str, int] | None) -> list[list[tuple]] | None:
    """Every sheet's values as openpyxl reads them (the added table's columns left out); None when openpyxl cannot read the file."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path)
    except Exception:  # openpyxl is an independent judge here; what it cannot read is reported, not fixed
        return None
    found = []
    for ws in book.worksheets:
        limit = skip[1] if skip and ws.title == skip[0] else None
        found.append([tuple(_comparable(c.value) for c in row[:limit]) for row in ws.iter_rows()])
    return found


def _comparable(value: object) -> object:
    """openpyxl's array and data-table formulas compare by identity; compare their text and range."""
    if type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
        return (type(value).__name__, getattr(value, "text", None), getattr(value, "ref", None))
    return value


def notes_seen(path: Path, sheet: str) -> tuple[int, int] | None:
    """(salesdesk notes openpyxl shows, salesdesk notes on merged cells other than the first, which openpyxl drops by design)."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ws = openpyxl.load_workbook(path)[sheet]
    except Exception:  # as above: reported as "openpyxl cannot read"
        return None
    seen = sum(1 for row in ws.iter_rows() for c in row if c.comment is not None and c.comment.author == "salesdesk")
    with zipfile.ZipFile(path) as z:
        from addin.io.ooxml.package import Package

        with Package(path) as package:
            part = package.sheet_parts()[sheet]
            comments = [package.resolve(part, t) for _, k, t in package.rels(part) if k.endswith("/comments")]
        import re

        refs = re.findall(rb'<(?:\w+:)?comment ref="([A-Z]+\d+)"', z.read(comments[0])) if comments else []
    hidden = 0
    for ref in refs:
        for merged in ws.merged_cells.ranges:
            if ref.decode() in merged and ref.decode() != merged.start_cell.coordinate:
                hidden += 1
    return seen, hidden


def trial(source: Path, scratch: Path, libreoffice: bool) -> Row:
    from addin.commands.check import run_check
    from addin.io.ooxml.validate import problems
    from addin.io.ooxml.xmltext import Unsupported
    from addin.io.package import FileRefused, inspect

    row = Row(str(source))
    work = scratch / source.name
    shutil.copy(source, work)
    try:
        inspect(work)
        found = first_worksheet(work)
        if found is None:
            row.status, row.detail = "no-worksheet", "no worksheet to add a table to"
            return row
        sheet, first_col = found
        add_orders_table(work, sheet, first_col)
        prepared = work.with_name("prepared-" + work.name)
        shutil.copy(work, prepared)
        before = parts(work)
        values_before = values(work, (sheet, first_col))
        result = run_check([work], annotate=True, lang="en")
        assert result.applied is not None
        if result.applied.refused:
            refusal = result.applied.refused[0]
            row.status, row.detail = f"refused:{refusal.code}", refusal.en
            row.identical = int(parts(work) == before)
            return row
        after = parts(work)
        row.parts = len(after)
        changed = {n for n in after if before.get(n) != after[n]}
        row.changed, row.identical = len(changed), sum(1 for n in before if after.get(n) == before[n])
        with zipfile.ZipFile(work) as z, zipfile.ZipFile(prepared) as o:
            row.problems = sorted(problems(z, changed) - problems(o, changed & set(before)))
        row.valid = not row.problems
        values_after = values(work, (sheet, first_col))
        row.values_same = None if values_before is None or values_after is None else values_before == values_after
        row.notes_expected = sum(s.notes for s in result.applied.sheet_results() if s.sheet == sheet)
        seen = notes_seen(work, sheet)
        row.notes_seen = None if seen is None else seen[0] + seen[1]
        second = run_check([work], annotate=True, lang="en")
        assert second.applied is not None
        row.second_noop = parts(work) == after and all(w.backup is None for w in second.applied.written)
        if libreoffice:
            from addin.io.libreoffice import convert

            try:
                convert(work, "csv", scratch / "lo")
                row.libreoffice = True
            except RuntimeError:
                row.libreoffice = False
        row.status = "ok" if row.valid and row.values_same is not False and row.second_noop and row.notes_seen in (None, row.notes_expected) else "FAILED"
    except FileRefused as exc:
        row.status, row.detail = f"prep-refused:{exc.code}", exc.en
    except Unsupported as exc:  # what the writer refuses, met by the trial's own preparation
        row.status, row.detail = "prep-refused:file-unsupported", str(exc)
    except RefusedError as exc:
        row.status, row.detail = f"prep-refused:{exc.code}", str(exc)
    except Exception as exc:  # the trial's point: a crash is a row of the report, with its traceback
        row.status = "crash"
        row.detail = "".join(traceback.format_exception_only(type(exc), exc)).strip() + " @ " + traceback.extract_tb(exc.__traceback__)[-1].filename.split("/")[-1]
    return row


class TrialTimeout(BaseException):
    """Raised by the alarm: not an Exception, so the trial's own handler does not record it as a crash."""


def _alarm(*_: object) -> None:
    raise TrialTimeout


def main() -> int:
    signal.signal(signal.SIGALRM, _alarm)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--limit", type=int, default=0, help="at most N files per subfolder (0: all)")
    parser.add_argument("--json", type=Path, help="write every row here, one JSON object a line, as it is done")
    parser.add_argument("--timeout", type=int, default=180, help="seconds per file before it is reported as a timeout")
    parser.add_argument("--libreoffice", action="store_true", help="also open every result in LibreOffice (slow)")
    args = parser.parse_args()
    files: list[Path] = []
    for folder in sorted({p.parent for root in args.folders for p in root.rglob("*") if p.suffix.lower() in (".xlsx", ".xlsm")}):
        found = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm") and not p.name.startswith("~$"))
        files.extend(found[: args.limit] if args.limit else found)
    rows = []
    with tempfile.TemporaryDirectory(prefix="salesdesk-trial-") as scratch_root:
        for number, source in enumerate(files, 1):
            scratch = Path(scratch_root) / str(number)
            scratch.mkdir()
            signal.alarm(args.timeout)
            try:
                row = trial(source, scratch, args.libreoffice)
            except TrialTimeout:
                row = Row(str(source), "timeout", f"more than {args.timeout} s")
            signal.alarm(0)
            rows.append(row)
            if args.json:
                with args.json.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(asdict(row), ensure_ascii=False) + "\n")
            shutil.rmtree(scratch, ignore_errors=True)
            print(f"[{number}/{len(files)}] {row.status:<28} {source}  {row.detail[:160]}{' | ' + '; '.join(row.problems)[:200] if row.problems else ''}", flush=True)
    summary: dict[str, int] = {}
    for row in rows:
        key = row.status.split(":")[0] if row.status.startswith(("refused", "prep-refused")) else row.status
        summary[key] = summary.get(key, 0) + 1
    print("\nsummary:", json.dumps(summary))
    ok = [r for r in rows if r.status == "ok"]
    print(f"annotated and valid: {len(ok)}; parts changed per file (median): {sorted(r.changed for r in ok)[len(ok) // 2] if ok else 0}; "
          f"parts byte-identical: {sum(r.identical for r in ok)} of {sum(r.parts for r in ok)}")
    return 0 if not any(r.status in ("crash", "FAILED") for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
