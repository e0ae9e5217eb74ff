#!/usr/bin/env python3
"""Render one of each `salesdesk forms` document to PDF and PNG, to look at the pages.

    .venv/bin/python tools/render_forms.py OUT_DIR [--lang zh|en]

Writes the demo workbooks into OUT_DIR/demo, one document of each kind for
a clean quote and order (as `salesdesk demo` does), then converts each with
LibreOffice (`soffice --headless --convert-to pdf`) and `pdftoppm -png -r 60`
into OUT_DIR/pages. Prints each PDF's page count and whether `pdftotext`
finds the document's title in it (Chinese intact: no tofu boxes, which
would extract as nothing or as replacement characters). Open the PNGs to
check the layout: letterhead, fits A4 width, signature blocks.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from addin.commands.demo import write_demo  # noqa: E402
from addin.commands.demo_forms import run_demo_forms  # noqa: E402
from addin.io.libreoffice import convert  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", default="zh", choices=("zh", "en"))
    parser.add_argument("--as-of", dest="as_of", default="2026-11-02")
    args = parser.parse_args(argv)
    demo, pages = args.out / "demo", args.out / "pages"
    files, _mistakes = write_demo(demo, args.lang, date.fromisoformat(args.as_of), 2026)
    runs = run_demo_forms(files, date.fromisoformat(args.as_of), args.lang, print)
    failed = 0
    for run in runs:
        if run.sheet is None or run.document is None:
            failed += 1
            continue
        pdf = convert(run.sheet, "pdf", pages)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(pages / pdf.stem)], check=True)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout if shutil.which("pdftotext") else ""
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout if shutil.which("pdfinfo") else ""
        count = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")
        title_found = run.document.title.split("（")[0].split(" (")[0] in text
        failed += not title_found
        print(f"{run.kind:12} pages {count:>2}  title in PDF text: {'yes' if title_found else 'NO'}  {pdf}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
