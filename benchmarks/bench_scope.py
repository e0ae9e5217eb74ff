#!/usr/bin/env python3
"""Benchmark (issue 23, items 5-7): forms and quote for one id, CSV import, a ribbon click; each beside its yardstick.

Run on demand (`python3 dev.py bench scope [--orders N] [--csv-rows N] [--runs N]`), never in CI. Every figure is a
whole process (Python start, imports, read, work, exit) measured from outside: CPU = user + system of that process
(os.wait4), peak RSS its own maximum resident set, wall the monotonic clock around it. A command and its yardstick
run in turn (A B A B ...), each ratio taken pair by pair and the median printed, so a drift in the machine's speed
moves both. Commands that write (quote, import) get a fresh copy of their input for every run (the copy is not timed).

Cases and targets:
  forms acceptance --order X, 100k orders  vs a bare python-calamine read of the order book   CPU <= 1.5x
  quote --quote Q, 100k quotes             vs a bare python-calamine read of the quote book   CPU <= 1.5x
  import of a 200k-row CSV (GB18030, UTF-16) vs check of the same rows (the imported register) CPU <= 2x, peak <= 1 GiB
  ribbon check of 2,000 rows (tests/click_probe.py, as the add-in starts it)                   wall <= 0.8 s
"""

from __future__ import annotations

HELP = """Measures the commands that work on one id or one file, each against a yardstick, in alternating pairs:
  forms acceptance --order X (100k orders) vs a bare read of the order book    target: at most 1.5x CPU
  quote --quote Q (100k quotes)            vs a bare read of the quote book    target: at most 1.5x CPU
  import of a 200k-row CSV                 vs check of the imported register   target: at most 2x CPU, 1 GiB
  a ribbon check of 2,000 rows (as the add-in starts it)                       target: at most 0.8 s
Figures: CPU time (user + system), wall time and peak memory of each whole process."""  # what `--help` shows: what is measured against what (the docstring has the details)

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
sys.path.insert(0, str(ROOT / "benchmarks"))

PY = sys.executable
AS_OF = "2026-11-02T09:00:00+08:00"
BARE_READ = "from python_calamine import CalamineWorkbook as W; import sys; b = W.from_path(sys.argv[1]); [b.get_sheet_by_name(n).to_python() for n in b.sheet_names]"


def run(cmd: list[str], cwd: Path = ROOT) -> dict[str, float]:
    """One whole process: cpu (user+sys, s), wall (s), peak (MiB), exit code."""
    started = time.perf_counter()
    with open(os.devnull, "wb") as null:
        child = subprocess.Popen(cmd, cwd=cwd, stdout=null, stderr=null)
        _pid, status, usage = os.wait4(child.pid, 0)
    return {"cpu": usage.ru_utime + usage.ru_stime, "wall": time.perf_counter() - started, "peak": usage.ru_maxrss / 1024,
            "rc": os.waitstatus_to_exitcode(status)}


def paired(name: str, a, b, runs: int) -> tuple[dict[str, float], dict[str, float], float]:
    """`a` and `b` (callables returning a command) in turn; medians of each and of the pairwise CPU ratio."""
    got_a, got_b, ratios = [], [], []
    for _ in range(runs):
        ra, rb = run(a()), run(b())
        got_a.append(ra)
        got_b.append(rb)
        ratios.append(ra["cpu"] / rb["cpu"])
    med = lambda rows: {k: statistics.median(r[k] for r in rows) for k in ("cpu", "wall", "peak")} | {"rc": rows[-1]["rc"]}  # noqa: E731
    ma, mb, ratio = med(got_a), med(got_b), statistics.median(ratios)
    print(f"  {name:<40} cpu {ma['cpu']:7.2f} s  wall {ma['wall']:7.2f} s  peak {ma['peak']:7.0f} MiB  (exit {ma['rc']}, {runs} runs)")
    return ma, mb, ratio


def line(label: str, a: dict[str, float], b: dict[str, float], ratio: float, target: float, yardstick: str) -> None:
    print(f"  {yardstick:<40} cpu {b['cpu']:7.2f} s  wall {b['wall']:7.2f} s  peak {b['peak']:7.0f} MiB")
    print(f"  => {label}: cpu {ratio:.2f}x the {yardstick.split(':')[0]} (target <= {target:.2f}x) {'met' if ratio <= target else 'NOT met'}", flush=True)


# ---- inputs -------------------------------------------------------------------------------------------------------
def quote_book(path: Path, quotes: int, seed: int = 5) -> None:
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    prices, customers, head, lines = (book.create_sheet(t) for t in ("价格表", "客户", "报价单", "报价明细"))
    prices.append(["产品编码", "产品名称", "单位", "目录价", "底价"])
    for n in range(200):
        prices.append([f"P{n:03d}", f"产品{n}", "台", 1000 + n * 10, 800 + n * 8])
    customers.append(["客户编号", "客户名称", "负责销售", "客户分层"])
    for n in range(2000):
        customers.append([f"C{n:04d}", f"客户{n}有限公司", "张伟", "ABC"[n % 3]])
    head.append(["报价单号", "客户编号", "负责销售", "报价日期", "预付比例"])
    lines.append(["报价单号", "产品编码", "数量"])
    start = date(2026, 1, 5)
    for n in range(quotes):
        head.append([f"Q-{n:06d}", f"C{rng.randrange(2000):04d}", "张伟", start + timedelta(days=n % 280), "30%"])
        for _ in range(2):
            lines.append([f"Q-{n:06d}", f"P{rng.randrange(200):03d}", rng.randint(1, 9)])
    book.save(path)


def csv_rows(path: Path, rows: int, encoding: str) -> None:
    rng = random.Random(7)
    with path.open("w", encoding=encoding, newline="") as out:
        out.write("客户编号,客户名称,行业,区域,负责销售,获客渠道,首次接触,需求强度,采购能力,电话,邮箱,备注\r\n")
        for n in range(rows):
            channel = "展会" if n % 100 == 0 else ("线下", "线上", "老客转介绍")[n % 3]  # 1% a channel of the CRM's own: reported
            out.write(f"C{n:06d},华东机电{n}有限公司,制造,华东,{rng.choice(('张伟', '李娜', '王磊'))},{channel},2025-{1 + n % 12:02d}-{1 + n % 28:02d},"
                      f"{1 + n % 5},{1 + n % 5},138{n:08d},c{n}@example.com,{'备注' if n % 7 == 0 else ''}\r\n")


def fresh(source: Path, work: Path) -> Path:
    """A new copy of `source` (a file or folder) for one run of a command that writes."""
    target = work / f"run-{time.monotonic_ns()}"
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        target.mkdir()
        shutil.copy2(source, target / source.name)
        target = target / source.name
    return target


# ---- cases ----------------------------------------------------------------------------------------------------------
def forms_case(work: Path, orders: int, runs: int) -> None:
    from bench_refresh import make_files

    folder = work / "orders"
    folder.mkdir()
    print(f"forms: generating {orders:,} orders ({2 * orders:,} payments, {orders // 2:,} tickets) ...", flush=True)
    make_files(folder, orders)
    order = f"SO-{orders // 2:06d}"
    forms = lambda: [PY, "-m", "addin.cli", "forms", "acceptance", str(folder / "order_progress.xlsx"), "--order", order, "--json",  # noqa: E731
                     "--out", str(work / "forms-out"), "--as-of", AS_OF]
    bare = lambda: [PY, "-c", BARE_READ, str(folder / "order_progress.xlsx")]  # noqa: E731
    a, b, ratio = paired(f"forms acceptance --order {order}", forms, bare, runs)
    line("forms --order", a, b, ratio, 1.5, "bare read: calamine, order book")


def quote_case(work: Path, quotes: int, runs: int) -> None:
    source = work / "quotes" / "quote_calculator.xlsx"
    source.parent.mkdir()
    print(f"quote: generating {quotes:,} quotes ({2 * quotes:,} lines) ...", flush=True)
    quote_book(source, quotes)
    target = f"Q-{quotes // 2:06d}"
    quote = lambda: [PY, "-m", "addin.cli", "quote", str(fresh(source, work)), "--quote", target, "--json", "--as-of", AS_OF[:10]]  # noqa: E731
    bare = lambda: [PY, "-c", BARE_READ, str(source)]  # noqa: E731
    a, b, ratio = paired(f"quote --quote {target}", quote, bare, runs)
    line("quote --quote", a, b, ratio, 1.5, "bare read: calamine, quote book")


def import_case(work: Path, rows: int, runs: int) -> None:
    for encoding in ("gb18030", "utf-16"):
        source = work / f"csv-{encoding}"
        source.mkdir()
        csv_rows(source / "客户.csv", rows, encoding)
        print(f"import: {rows:,} rows, {encoding} ({(source / '客户.csv').stat().st_size / 1e6:.1f} MB)", flush=True)
        out = work / f"imported-{encoding}"
        first = run([PY, "-m", "addin.cli", "import", str(source), "-o", str(out), "--json", "--quiet"])  # the register the yardstick checks
        register = out / "customer_register.xlsx"
        if not register.exists():
            print(f"  import wrote no register (exit {first['rc']}): NOT measured")
            continue
        imp = lambda: [PY, "-m", "addin.cli", "import", str(source), "-o", str(work / f"out-{time.monotonic_ns()}"), "--json", "--quiet"]  # noqa: E731,B023
        check = lambda: [PY, "-m", "addin.cli", "check", str(register), "--json", "--quiet"]  # noqa: E731,B023
        a, b, ratio = paired(f"import {encoding} CSV", imp, check, runs)
        line(f"import {encoding}", a, b, ratio, 2.0, "check: the same rows (imported register)")
        print(f"  => import {encoding} peak {a['peak']:.0f} MiB (target <= 1024 MiB) {'met' if a['peak'] <= 1024 else 'NOT met'}", flush=True)
        for stale in work.glob("out-*"):
            shutil.rmtree(stale, ignore_errors=True)


def ribbon_case(work: Path, runs: int) -> None:
    folder = work / "click"
    folder.mkdir()
    click = lambda: [PY, str(ROOT / "tests" / "click_probe.py"), "salesdesk_check", str(folder), "2000"]  # noqa: E731
    # The floor: Python and xlwings as the add-in's launch imports it (frame libraries kept out), no salesdesk.
    start = lambda: [PY, "-c", "import addin.excel.click as c; c.keep_out_frame_libraries(); import xlwings"]  # noqa: E731
    a, b, ratio = paired("ribbon check, 2,000 rows", click, start, runs)
    print(f"  {'python + xlwings, frames out (floor)':<40} cpu {b['cpu']:7.2f} s  wall {b['wall']:7.2f} s  peak {b['peak']:7.0f} MiB")
    print(f"  => ribbon check: wall {a['wall']:.2f} s, cpu {a['cpu']:.2f} s (target wall <= 0.80 s) {'met' if a['wall'] <= 0.8 else 'NOT met'}"
          f"; {ratio:.2f}x the floor's cpu", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python3 dev.py bench scope", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=100_000, help="orders in the forms case (and quotes in the quote case)")
    parser.add_argument("--csv-rows", type=int, default=200_000, help="rows of the imported CSV")
    parser.add_argument("--runs", type=int, default=3, help="paired runs per case (import: at most 1 unless asked, it is slow)")
    parser.add_argument("--only", choices=("forms", "quote", "import", "ribbon"), action="append", help="run only these cases")
    args = parser.parse_args()
    cases = args.only or ["ribbon", "forms", "quote", "import"]
    work = Path(tempfile.mkdtemp(prefix="salesdesk-bench-scope-"))
    try:
        if "ribbon" in cases:
            ribbon_case(work, max(args.runs, 5))
        if "forms" in cases:
            forms_case(work, args.orders, args.runs)
        if "quote" in cases:
            quote_case(work, args.orders, args.runs)
        if "import" in cases:
            import_case(work, args.csv_rows, 1 if args.runs <= 3 and args.csv_rows >= 100_000 else args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
