#!/usr/bin/env python3
"""Render the manager summary, a rep's summary tab and each customer document to PDF and PNG, to look at every page.

    .venv/bin/python tools/render_summary.py OUT_DIR [--lang zh|en] [--as-of 2026-12-09]

Writes the demo workbooks into OUT_DIR/demo (as of the given day, a mid-month date by default), refreshes
them (computed columns in the workbook's language), writes the manager summary and each register's rep tab
(`summary --into`), one customer document of each kind and two customer quotes (one with a value section),
then converts each
with LibreOffice (`soffice --headless --convert-to pdf`) and `pdftoppm -png -r 60` into OUT_DIR/pages.
The rep tab is printed alone (the register's other sheets hidden in a copy). Prints each PDF's page count;
open the PNGs and look at every page: the front sheet on one page, no chart cut by a page break, no blank page.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date, datetime, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from addin.commands.demo import write_demo  # noqa: E402
from addin.commands.demo_forms import run_demo_forms  # noqa: E402
from addin.commands.quote import run_quote  # noqa: E402
from addin.commands.refresh import run_refresh  # noqa: E402
from addin.commands.summary import run_summary  # noqa: E402
from addin.commands.summary_into import TAB  # noqa: E402
from addin.io.libreoffice import convert  # noqa: E402


def only_sheet(source: Path, names: set[str], target: Path) -> Path:
    """A copy of `source` whose sheets other than `names` are hidden (LibreOffice prints visible sheets only)."""
    with zipfile.ZipFile(source) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info, body in members:
            if info.filename == "xl/workbook.xml":
                xml = body.decode("utf-8")
                xml = re.sub(r'\sstate="[a-zA-Z]+"', "", xml)
                sheets = re.findall(r'<sheet [^>]*name="([^"]+)"', xml)
                for name in sheets:
                    if name not in names:
                        xml = xml.replace(f'name="{name}"', f'name="{name}" state="hidden"', 1)
                shown = next(i for i, name in enumerate(sheets) if name in names)
                xml = re.sub(r'\s(activeTab|firstSheet)="\d+"', "", xml)
                xml = re.sub(r"<((?:\w+:)?workbookView)\b", f'<\\1 activeTab="{shown}" firstSheet="{shown}"', xml, count=1)
                body = xml.encode("utf-8")
            out.writestr(info, body)
    return target


def pages_of(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout if shutil.which("pdfinfo") else ""
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def render(source: Path, pages: Path) -> Path:
    (pages / (source.stem + ".pdf")).unlink(missing_ok=True)  # the previous rendering of this file
    pdf = convert(source, "pdf", pages)
    for old in pages.glob(pdf.stem + "-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(pages / pdf.stem)], check=True)
    print(f"pages {pages_of(pdf):>3}  {pdf}")
    return pdf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", default="zh", choices=("zh", "en"))
    parser.add_argument("--as-of", dest="as_of", default="2026-12-09")
    parser.add_argument("--skip-forms", action="store_true", help="only the summary and the rep tab")
    args = parser.parse_args(argv)
    today = date.fromisoformat(args.as_of)
    demo, pages = args.out / "demo", args.out / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    files, _mistakes = write_demo(demo, args.lang, today, 2026, force=True)
    moment = datetime.combine(today, time(9))
    run_refresh(files, moment, args.lang)
    summary = run_summary([demo], args.out / "summary.xlsx", moment, lang=args.lang, into=True, force=True)
    render(args.out / "summary.xlsx", pages)
    for register in summary.into:
        render(only_sheet(register, {TAB["zh"], TAB["en"]}, args.out / f"rep-tab-{register.stem}.xlsx"), pages)
    if args.skip_forms:
        return 0
    for run in run_demo_forms(files, today, args.lang, lambda _line: None):
        if run.sheet is not None:
            render(run.sheet, pages)
    priced = run_quote(files, lang=args.lang, as_of=today)
    sheets = {p.stem.split("-", 1)[-1]: p for p in priced.sheets}
    valued = [q for q in priced.quotes if q.value is not None and q.quote_id in sheets]  # a value section (and a payback) to look at
    for quote in [*valued[:1], *(q for q in priced.quotes if q.value is None and q.quote_id in sheets)][:2]:
        render(sheets[quote.quote_id], pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
