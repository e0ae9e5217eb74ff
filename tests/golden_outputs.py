"""Every command's output on two fixed folders, reduced to canonical text: the guard of "results unchanged".

Issue #23 redesigns the middle of the house (reading, rules, deadlines, the summary) for speed and memory,
and every result must stay byte-identical. `outputs(root)` builds

- the demo (seed 2026, as of 2026-11-15, both languages) and
- the two-rep team of tests/team_data.py (shared ids, a copy two folders down, a duplicate id),

runs check, refresh, quote, summary and a contract form on them with `--json`, then `check --annotate`, and
returns {name: canonical text}: JSON re-dumped with sorted keys, the temporary folder replaced by `<ROOT>`,
the summary workbook's and every annotated workbook's cells (values, and every part of the package but the
document properties that carry a clock).

`python3 tests/golden_outputs.py --update` rewrites tests/golden/outputs.json after an intended change (say
why in the commit); tests/test_golden.py compares.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "outputs.json"
AS_OF = "2026-11-15T09:00:00+08:00"
DEMO_DAY = date(2026, 11, 15)


def _run(argv: list[str]) -> tuple[int, str]:
    from addin.cli import main

    buffer, errors = io.StringIO(), io.StringIO()
    # hints spell a command as it works typed where salesdesk ran (commands/shell.py): the same place, PATH without salesdesk
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if p and not (Path(p) / "salesdesk").exists())
    with contextlib.chdir(HERE.parent), _env("PATH", path), contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(errors):
        code = main(argv)
    return code, buffer.getvalue()


@contextlib.contextmanager
def _env(name: str, value: str):
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            del os.environ[name]
        else:
            os.environ[name] = before


def _canonical(text: str, root: Path) -> str:
    for form in {str(root), str(root.resolve())}:
        text = text.replace(form, "<ROOT>")
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=1)
    except ValueError:
        return text


def _cells(path: Path) -> str:
    """Every sheet's cell values as calamine reads them (what a reader of the workbook sees)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    out = []
    for name in book.sheet_names:
        out.append(f"## {name}")
        out.extend(repr(row) for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False))
    return "\n".join(out)


def _parts(path: Path) -> str:
    """Every part of the package but the document properties (they carry the time of writing): their digests."""
    with zipfile.ZipFile(path) as package:
        return "\n".join(f"{name} {hashlib.sha256(package.read(name)).hexdigest()[:16]}" for name in sorted(package.namelist())
                         if not name.startswith("docProps/"))


def _folder(root: Path, name: str, lang: str, results: dict[str, str], documents: bool) -> None:
    folder = root / name
    base = ["--lang", lang]
    parsed: dict[str, object] = {}
    for command, extra in (("check", ["--as-of", AS_OF]), ("refresh", ["--as-of", AS_OF]), ("quote", ["--as-of", AS_OF[:10]]),
                           ("summary", ["--as-of", AS_OF, "-o", str(root / f"{name}-summary.xlsx")])):
        code, text = _run([*base, command, str(folder), "--json", "--quiet", *extra])
        results[f"{name}/{command}"] = f"exit {code}\n" + _canonical(text, root)
        parsed[command] = json.loads(text)
    results[f"{name}/summary.xlsx"] = _cells(root / f"{name}-summary.xlsx")
    if documents:  # one document of each anchor: an order's and a quote's
        order = _first(parsed["refresh"], "order_id")
        quote = _first(parsed["quote"], "quote_id")
        for kind, flag, ident in (("acceptance", "--order", order), ("contract", "--quote", quote), ("approval", "--quote", quote)):
            code, text = _run([*base, "forms", kind, str(folder), flag, str(ident), "--json", "--quiet", "--as-of", AS_OF,
                               "--out", str(root / f"{name}-forms")])
            results[f"{name}/forms-{kind}"] = f"exit {code}\n" + _canonical(text, root)
    code, _ = _run([*base, "check", str(folder), "--annotate", "--quiet", "--as-of", AS_OF])
    results[f"{name}/annotate-exit"] = f"exit {code}"
    for book in sorted(folder.rglob("*.xlsx")):
        if ".bak" in book.name or book.name.startswith("~$"):
            continue
        key = f"{name}/annotated/{book.relative_to(folder).as_posix()}"
        results[key] = _cells(book) + "\n" + _parts(book)


def _first(found: object, key: str) -> object:
    """The first value of `key` anywhere in a JSON document (depth first), or None."""
    if isinstance(found, dict):
        if key in found and found[key]:
            return found[key]
        found = list(found.values())
    if isinstance(found, list):
        for item in found:
            value = _first(item, key)
            if value is not None:
                return value
    return None


def outputs(root: Path) -> dict[str, str]:
    """{output name: canonical text} for the demo (zh, en) and the two-rep team under root (module doc)."""
    sys.path.insert(0, str(HERE))
    from team_data import write_team

    from addin.commands.demo import write_demo

    results: dict[str, str] = {}
    for lang in ("zh", "en"):
        write_demo(root / f"demo-{lang}", lang, DEMO_DAY, 2026)
        _folder(root, f"demo-{lang}", lang, results, documents=True)
    write_team(root / "team")
    _folder(root, "team", "zh", results, documents=False)
    return results


def digests(results: dict[str, str]) -> dict[str, str]:
    return {name: hashlib.sha256(text.encode()).hexdigest() for name, text in sorted(results.items())}


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as folder:
        results = outputs(Path(folder))
    if "--update" in argv:
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(digests(results), indent=1, sort_keys=True) + "\n")
        print(f"{GOLDEN}: {len(results)} outputs")
        return 0
    if "--dump" in argv:  # the texts themselves, to diff two versions of the code
        target = Path(argv[argv.index("--dump") + 1])
        for name, text in results.items():
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        return 0
    expected = json.loads(GOLDEN.read_text())
    changed = [name for name, digest in digests(results).items() if expected.get(name) != digest]
    print("\n".join(changed) or "unchanged")
    return 1 if changed or set(expected) - set(results) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
