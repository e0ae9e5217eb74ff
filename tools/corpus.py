"""Measure how salesdesk meets real sales books (issue 10, item 8).

    python tools/corpus.py [CACHE]        # default .corpus-cache/ (git-ignored; never commit fetched files)

Put public sales books in CACHE (CRM import templates and sample exports of
open-source CRM/ERP projects, sales trackers, quotation and complaint logs;
.xlsx/.xls/.ods/.csv). For every sheet the script prints the kind
recognised directly (synonyms alone), the kind after `salesdesk map` with
its proposal accepted unedited, and the issue codes `check` finds; then the
share of the sheets holding one of salesdesk's kinds recognised either way.
A sheet "holds a kind" when the map proposal names one (a person's judgement in CACHE/kinds.txt, `file<TAB>sheet<TAB>kind`, comes
first); a sheet counts as recognised only as the kind it holds.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from addin.core.recognise import NearMiss, Recognised, classify  # noqa: E402
from addin.io.load import load  # noqa: E402
from addin.io.package import FileRefused  # noqa: E402
from addin.io.reader import read_book  # noqa: E402
from addin.mapping.propose import propose, recognised_with  # noqa: E402


def _grids(path: Path) -> list[tuple[str, list[list[object]]]]:
    if path.suffix.lower() == ".csv":
        text = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030", "latin-1"):
            try:
                rows = list(csv.reader(text.decode(encoding).splitlines()))
                break
            except UnicodeDecodeError:
                continue
        return [(path.stem, [[c if c != "" else None for c in row] for row in rows])]
    return [(g.sheet, g.rows) for g in read_book(path).grids]


def _kind(found: Recognised | NearMiss | None) -> str:
    if isinstance(found, Recognised):
        return found.spec.key
    return f"near:{found.spec.key}" if isinstance(found, NearMiss) else "-"


def main(cache: Path) -> int:
    judged: dict[tuple[str, str], str] = {}
    kinds_file = cache / "kinds.txt"
    if kinds_file.exists():
        for line in kinds_file.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3:
                judged[(parts[0], parts[1])] = parts[2]
    total = direct = via_map = 0
    files = sorted(p for p in cache.rglob("*") if p.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods", ".csv"))
    for path in files:
        name = str(path.relative_to(cache))
        try:
            grids = _grids(path)
        except FileRefused as exc:
            print(f"{name}: refused [{exc.code}]")
            continue
        codes: Counter[str] = Counter()
        if path.suffix.lower() != ".csv":
            codes.update(i.code for i in load([path]).issues)
        for sheet, rows in grids:
            found = classify(rows)
            entries = propose(rows, path.name, sheet)
            mapped = recognised_with(rows, entries)
            holds = judged.get((name, sheet)) or (entries[0].kind if entries else None)
            if holds:
                total += 1
                hit = isinstance(found, Recognised) and found.spec.key == holds
                direct += hit
                via_map += hit or (isinstance(mapped, Recognised) and mapped.spec.key == holds)
            print(f"{name} / {sheet}: direct={_kind(found)} map={_kind(mapped)} holds={holds or '-'}")
        if codes:
            print("   issues: " + ", ".join(f"{c}×{n}" for c, n in codes.most_common()))
    if total:
        print(f"\nsheets holding a kind: {total}; recognised directly: {direct} ({direct / total:.0%}); "
              f"directly or with an unedited map proposal: {via_map} ({via_map / total:.0%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".corpus-cache")))
