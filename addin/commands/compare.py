"""`salesdesk forms compare PATH [--category X]`: the competitor comparison document.

The adapter of pricing/competitors.py: loads the workbooks (with their
siblings, like quote), compares, writes the printable document
(io/compare_sheet.py) and, with --pdf, its PDF. For the `forms` command's
registry of document kinds: `add_compare_arguments(parser, _)` declares the
arguments and `run_compare_cli(args)` runs it (exit 0 clean; 1 a draft, no
competitors sheet, or a failed export).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from ..core.issues import Issue, file_issue
from ..i18n import Translator, both, translator
from ..io.compare_sheet import write_compare_sheet
from ..io.fsguard import os_refusal
from ..io.libreoffice import convert
from ..io.load import load
from ..io.package import FileRefused
from ..io.quote_sheet import quote_party
from ..pricing.competitors import Comparison, compare_competitors
from .check import collect_issues, refused_issue
from .clock import AsOfUsage, as_of_argument
from .report import issue_line, issues_json, print_json, summary_line
from .scope import with_siblings

# The documents' folder, named in the workbook's language (data, like its headers).
FOLDER = {"zh": "竞品对比", "en": "comparisons"}


@dataclass
class CompareRun:
    comparisons: list[Comparison]
    issues: list[Issue]
    sheet: Path | None = None
    pdf: Path | None = None
    problems: list[str] = field(default_factory=list)

    def exit_code(self) -> int:
        return 1 if self.issues or self.problems or self.sheet is None else 0


def compare(paths: list[Path], category: str | None = None, lang: str = "zh", out: Path | None = None, pdf: bool = False,
            as_of: date | None = None, write: bool = True) -> CompareRun:
    """Compare every competitor observation (of `category`) with our offer; write the document (in the sheet's language)."""
    today = as_of or date.today()  # the adapter reads the clock; the core is given it
    loaded = load(with_siblings(paths).all)
    sheets = loaded.tables.of("competitors")
    if not sheets:
        where = ", ".join(str(p) for p in paths)
        return CompareRun([], [file_issue(where, "reference-sheet-missing", *both("No competitors sheet found"))])
    comparisons, found = compare_competitors(loaded.tables, loaded.settings, today, category)
    if category and not comparisons:  # a typo in --category is said, not written up as "nothing to compare"
        where = ", ".join(str(p) for p in paths)
        found = [*found, file_issue(where, "competitor-category-empty", *both("No competitor observation of category {category}", category=category))]
    rows = {(c.table.file, c.table.sheet, c.row) for c in comparisons}
    inputs = [i for i in collect_issues(loaded, read_only=True) if (i.file, i.sheet, i.row) in rows]  # a doubtful cell it rests on
    run = CompareRun(comparisons, inputs + found)
    if not write:
        return run
    doc_lang = sheets[0].layout.lang
    party = quote_party(loaded.settings, loaded.tables)
    folder = out or (sheets[0].path.parent / FOLDER.get(doc_lang, FOLDER["en"]))  # type: ignore[union-attr]
    try:
        run.sheet = write_compare_sheet(comparisons, run.issues, party.company, party.names_en, folder, doc_lang, today, category)
    except FileRefused as exc:
        run.issues.append(refused_issue(exc))
        return run
    except OSError as exc:
        run.issues.append(refused_issue(os_refusal(folder, exc)))
        return run
    if pdf:
        try:
            run.pdf = convert(run.sheet, "pdf", run.sheet.parent)
        except RuntimeError as exc:
            run.problems.append(str(exc))
        except FileRefused as exc:  # the PDF refused (not salesdesk's, a full disk): said, never claimed
            run.issues.append(refused_issue(exc))
        except OSError as exc:
            run.issues.append(refused_issue(os_refusal(run.sheet.with_suffix(".pdf"), exc)))
    return run


def _plain(value: object) -> object:
    return f"{value.normalize():f}" if isinstance(value, Decimal) else value


def compare_json(run: CompareRun, lang: str) -> dict[str, object]:
    return {
        "comparisons": [
            {
                "competitor": c.competitor,
                "product": c.product,
                "category": c.category,
                "our_sku": c.our_sku,
                "observed_on": c.observed_on.isoformat() if c.observed_on else None,
                "stale": c.stale,
                "points": [{"point": p.key, "ours": _plain(p.ours), "theirs": _plain(p.theirs), "better": p.better, "difference": p.words(lang) or None}
                           for p in c.points],
                "summary": c.summary(lang),
            }
            for c in run.comparisons
        ],
        "document": str(run.sheet) if run.sheet else None,
        "issues": issues_json(run.issues, lang),
    }


def add_compare_arguments(p: argparse.ArgumentParser, _: Translator) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help=_("workbook files or folders (a folder: every workbook in it)"))
    p.add_argument("--category", metavar="CATEGORY", help=_("only this category (the competitor's or our product's)"))
    p.add_argument("--json", action="store_true", help=_("print the comparisons and issues as JSON on stdout"))
    p.add_argument("--pdf", action="store_true", help=_("also export the document to PDF (needs LibreOffice)"))
    p.add_argument("--out", metavar="DIR", help=_("folder for the document (default: beside the workbook)"))
    p.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help=_("today's date for stale observations (default: today)"))


def run_compare_cli(args: argparse.Namespace) -> int:
    _ = translator(args.lang)
    try:
        moment = as_of_argument(args)
    except AsOfUsage:
        return 2
    run = compare([Path(p) for p in args.paths], args.category, args.lang, Path(args.out) if args.out else None, args.pdf,
                  moment.date() if moment else None)
    if args.json:
        print_json(compare_json(run, args.lang))
        return run.exit_code()
    for c in run.comparisons:
        print(f"{c.competitor} {c.product} / {c.our_sku or '-'}: {c.summary(args.lang) or '-'}")
    for issue in run.issues:
        print(issue_line(issue, args.lang))
    print(summary_line(run.issues, args.lang))
    if run.sheet:
        print(_("Competitor comparison: {path}", path=run.sheet))
    if run.pdf:
        print(_("PDF: {folder} ({n})", folder=run.pdf.parent, n=1))
    for problem in run.problems:
        print(_(problem), file=sys.stderr)
    return run.exit_code()
