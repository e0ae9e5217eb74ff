#!/usr/bin/env python3
"""Render the demo's quote with its value section and the competitor comparison to PNG, to look at them.

    .venv/bin/python tools/render_value_and_compare.py OUT_DIR [--lang en]

Writes a fresh demo into OUT_DIR/demo, prices it, writes the comparison,
converts the first quote that has a value case and the comparison to PDF
with LibreOffice, then each page to PNG (pdftoppm -r 60) in OUT_DIR.
Needs soffice and pdftoppm on PATH.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from addin.commands.compare import compare  # noqa: E402
from addin.commands.demo import write_demo  # noqa: E402
from addin.commands.quote import run_quote  # noqa: E402
from addin.io.libreoffice import convert  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", default="zh", choices=("zh", "en"))
    args = parser.parse_args()
    today = date.today()
    files, _ = write_demo(args.out / "demo", args.lang, today, 2026, force=True)
    quotes = run_quote(files, lang=args.lang, as_of=today)
    valued = next((q for q in quotes.quotes if q.value is not None), None)
    sheets = [s for s in quotes.sheets if valued is not None and s.stem.endswith(valued.quote_id)][:1]
    comparison = compare(files, lang=args.lang, as_of=today)
    if comparison.sheet is not None:
        sheets.append(comparison.sheet)
    for sheet in sheets:
        pdf = convert(sheet, "pdf", args.out)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(pdf.with_suffix(""))], check=True)
        print(pdf.with_suffix(""), "-*.png")
    return 0 if len(sheets) == 2 else 1


if __name__ == "__main__":
    sys.exit(main())
