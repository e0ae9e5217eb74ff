"""Measure how salesdesk meets real sales books (issue 10, item 8).

    python tools/corpus.py [CACHE] [--fetch]   # default .corpus-cache/ (git-ignored; never commit fetched files)

CACHE holds public sales books (CRM import templates and sample exports,
sales trackers, quotation and complaint logs; .xlsx/.xls/.ods/.csv), one
folder per repository (`owner+name/path`). tools/corpus_sources.tsv lists
where they come from (repository, commit, paths); `--fetch` copies them
from local git mirrors of those repositories (SALESDESK_MIRRORS, default
/work/.mirror: `owner+name/repo`), never from anywhere else.

For every sheet the script prints the kind recognised directly (schema
headers and synonyms alone), the kind after `salesdesk map` with its
proposal accepted unedited, the kind the sheet holds, and the issue codes a
load finds on that sheet. The kind a sheet holds is a person's judgement:
tools/corpus_kinds.tsv (and CACHE/kinds.txt, which comes first), with a
flag saying whether its headers were used to tune the synonyms; an unlisted
sheet holds none. A sheet counts as recognised only as the kind it holds;
one recognised as a kind it does not hold is a false positive. The shares
are reported for every sheet, and for the sheets not used to tune synonyms
(held out), the figure that says how salesdesk meets books it never saw, in all and per set
(a `# set: NAME` line in the judgement starts one; a sheet later used to tune leaves its set):
recall (sheets holding a kind that are read as it, directly and through an
unedited `map` proposal) and precision (sheets read as a kind that hold it).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from addin.core.recognise import NearMiss, Recognised, classify  # noqa: E402
from addin.io.load import load, load_grids  # noqa: E402
from addin.io.package import FileRefused  # noqa: E402
from addin.io.reader import Grid, read_book  # noqa: E402
from addin.mapping.propose import propose, recognised_with  # noqa: E402

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


def _csv_rows(path: Path) -> list[list[object]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    return [[c if c != "" else None for c in row] for row in csv.reader(text.splitlines())]


def _grids(path: Path) -> list[tuple[str, list[list[object]]]]:
    if path.suffix.lower() == ".csv":
        return [(path.stem, _csv_rows(path))]
    return [(g.sheet, g.rows) for g in read_book(path).grids]


def _sheet_codes(path: Path, grids: list[tuple[str, list[list[object]]]]) -> dict[str, Counter[str]]:
    """Issue codes a load finds, per sheet ("" for the file)."""
    if path.suffix.lower() == ".csv":
        issues = load_grids([Grid(path, sheet, [list(r) for r in rows]) for sheet, rows in grids]).issues
    else:
        issues = load([path]).issues
    codes: dict[str, Counter[str]] = defaultdict(Counter)
    for issue in issues:
        codes[issue.sheet][issue.code] += 1
    return codes


def _kind(found: Recognised | NearMiss | None) -> str:
    if isinstance(found, Recognised):
        return found.spec.key
    return f"near:{found.spec.key}" if isinstance(found, NearMiss) else "-"


def read_judgement(*files: Path) -> dict[tuple[str, str], tuple[str, bool]]:
    """(file, sheet) -> (kind held, used to tune synonyms); earlier files win."""
    return {k: (holds, tuned) for k, (holds, tuned, _set) in read_sets(*files).items()}


def read_sets(*files: Path) -> dict[tuple[str, str], tuple[str, bool, str]]:
    """(file, sheet) -> (kind held, used to tune, the set it was judged in: the last `# set: NAME` line above it)."""
    judged: dict[tuple[str, str], tuple[str, bool, str]] = {}
    for path in reversed(files):
        if not path.exists():
            continue
        current = ""
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# set:"):
                current = line.removeprefix("# set:").strip()
            parts = line.split("\t")
            if line.startswith("#") or len(parts) < 3:
                continue
            judged[(parts[0], parts[1])] = (parts[2], len(parts) > 3 and parts[3].strip() == "yes", current)
    return judged


def fetch(cache: Path, sources: Path, mirrors: Path) -> None:
    """Copies the listed files out of local git mirrors (repository TAB commit TAB path per line)."""
    for line in sources.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) < 3:
            continue
        repo, commit, path = parts[:3]
        git_dir = mirrors / repo.replace("/", "+") / "repo"
        git_dir = git_dir / ".git" if (git_dir / ".git").is_dir() else git_dir
        blob = subprocess.run(["git", "--git-dir", str(git_dir), "cat-file", "-p", f"{commit}:{path}"], capture_output=True)
        if blob.returncode:
            print(f"{repo}:{path}: not in the mirror ({blob.stderr.decode(errors='replace').strip()})")
            continue
        target = cache / repo.replace("/", "+") / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob.stdout)


def main(cache: Path) -> int:
    judged = read_sets(cache / "kinds.txt", ROOT / "tools" / "corpus_kinds.tsv")
    sets = list(dict.fromkeys(s for _h, _t, s in judged.values() if s))
    counts: Counter[str] = Counter()
    for path in sorted(p for p in cache.rglob("*") if p.suffix.lower() in SUFFIXES):
        name = str(path.relative_to(cache))
        try:
            grids = _grids(path)
            codes = _sheet_codes(path, grids)
        except FileRefused as exc:
            print(f"{name}: refused [{exc.code}]")
            continue
        for sheet, rows in grids:
            found = classify(rows)
            mapped = recognised_with(rows, propose(rows, path.name, sheet))
            holds, tuned, judged_in = judged.get((name, sheet), ("-", False, ""))
            direct = isinstance(found, Recognised) and found.spec.key == holds
            via_map = direct or (isinstance(mapped, Recognised) and mapped.spec.key == holds)
            group = "tuned" if tuned else "held_out"
            groups = ("all", group, *((f"set {judged_in}",) if judged_in and not tuned else ()))
            if holds != "-":
                for name_ in groups:
                    counts[f"{name_}"] += 1
                    counts[f"{name_}:direct"] += direct
                    counts[f"{name_}:map"] += via_map
            # precision: of the sheets read as a kind (directly, or through the unedited proposal), how many hold it
            read_direct = found.spec.key if isinstance(found, Recognised) else None
            read_map = read_direct or (mapped.spec.key if isinstance(mapped, Recognised) else None)
            for name_ in groups:
                if read_direct:
                    counts[f"{name_}:read_direct"] += 1
                    counts[f"{name_}:right_direct"] += read_direct == holds
                if read_map:
                    counts[f"{name_}:read_map"] += 1
                    counts[f"{name_}:right_map"] += read_map == holds
            if read_direct and read_direct != holds:
                counts["false_positive"] += 1
            if read_map and read_map != holds:
                counts["false_positive_map"] += 1
            if holds != "-" and not found and not propose(rows, path.name, sheet):
                counts["no_proposal"] += 1  # a sheet holding a kind that map wrote nothing for
            found_codes = ", ".join(f"{c}×{n}" for c, n in codes.get(sheet, Counter()).most_common())
            print(f"{name} / {sheet}: direct={_kind(found)} map={_kind(mapped)} holds={holds}{' (tuned)' if tuned else ''}"
                  + (f"\n   issues: {found_codes}" if found_codes else ""))
    print()
    by_set = [(f"set {s}", f"held out, {s} set") for s in sets]
    for group, label in (("all", "all sheets holding a kind"), ("held_out", "held out (not used to tune synonyms)"), ("tuned", "used to tune synonyms"), *by_set):
        total = counts[group]
        if total:
            print(f"{label}: {total}; recognised directly: {counts[group + ':direct']} ({counts[group + ':direct'] / total:.0%}); "
                  f"directly or with an unedited map proposal: {counts[group + ':map']} ({counts[group + ':map'] / total:.0%})")
    for group, label in (("all", "all sheets"), ("held_out", "held out"), ("tuned", "tuned"), *by_set):
        for how in ("direct", "map"):
            read = counts[f"{group}:read_{how}"]
            if read:
                right = counts[f"{group}:right_{how}"]
                print(f"precision, {label}, {'directly' if how == 'direct' else 'directly or through an unedited map proposal'}: "
                      f"{right} of {read} sheets read hold that kind ({right / read:.0%})")
    print(f"sheets recognised as a kind they do not hold (recognised directly): {counts['false_positive']}")
    print(f"sheets read as a kind they do not hold through an unedited map proposal: {counts['false_positive_map']}")
    print(f"sheets holding a kind that map wrote no proposal for (no header row): {counts['no_proposal']}")
    return 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    cache_dir = Path(args[0]) if args else Path(".corpus-cache")
    if "--fetch" in sys.argv:
        fetch(cache_dir, ROOT / "tools" / "corpus_sources.tsv", Path(os.environ.get("SALESDESK_MIRRORS", "/work/.mirror")))
    raise SystemExit(main(cache_dir))
