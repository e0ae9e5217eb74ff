#!/usr/bin/env python3
"""Benchmark: `salesdesk summary` of a team's workbooks beside the bare parallel read of the same books.

Run on demand, never in CI:

    python3 benchmarks/bench_summary.py --dir /tmp/books --files 200,2000          # summary vs its yardstick, per book count
    python3 benchmarks/bench_summary.py --dir /tmp/books --scale 200,1000,2000,5000 # one run each: is time linear, memory flat?

Issue #12's case: workbooks of 2,500 order rows each, with customers (rows/10), visits (rows/5) and tickets
(rows/25). The yardstick is fastexcel -> polars with 2 threads reading every sheet of the same books (the bare
parallel read; `pip install -e '.[bench]'`). Every figure is a whole process, measured from outside: CPU
seconds (user + system of the process and every child it waited for: the summary's worker processes count),
wall seconds, and the peak RSS of the process TREE (sampled every 20 ms from /proc and summed over the process
and its descendants: a pool of workers counts in full, where `/usr/bin/time -v` reports the largest single
process). With --runs N the two commands alternate (summary, yardstick, summary, ...) and medians are reported.

Goals (issue #23): summary CPU <= 1.5x the yardstick's at 200 books, with flat memory; at 2,000 books peak RSS
<= 2 GiB and time linear in books. Each is printed as met / NOT met; the last line is the JSON of every figure.

Books are generated once per folder and reused: eight distinct books are written with openpyxl (seeded), and
every other book is one of them with its ids, names and phones renumbered (a byte rewrite of the sheet XML),
so 5,000 books take a minute, not an hour. Every book is its own rep's: no two share a row (no copies).
"""

from __future__ import annotations

HELP = """Measures `salesdesk summary` of a team's workbooks (2,500 order rows each, --rows) against a bare
parallel read of the same books (fastexcel + polars, 2 threads):
  --files 200,2000   summary vs the bare read, per number of books   target: at most 1.5x CPU at 200 books
  --scale N,N,...    summary alone, one run each                     target: time linear in books, memory flat
                                                                     (peak at most 2 GiB at 2,000 books)
Books are generated once into --dir and reused. Figures: CPU time (user + system, workers included), wall time
and peak memory of the whole process tree."""  # what `--help` shows: what is measured against what (the docstring has the details)

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPS = ["张伟", "李娜", "王磊", "刘洋", "陈静", "杨帆", "赵敏", "黄强"]
TEMPLATES = len(REPS)
AS_OF = "2026-11-02T09:00:00+08:00"
GIB = 1024**3


def make_book(args: tuple[Path, int, int]) -> None:
    """One rep's workbook: customers (rows/10), visits (rows/5), orders (rows), tickets (rows/25)."""
    from openpyxl import Workbook

    path, index, rows = args
    rng = random.Random(index)
    rep = f"{REPS[index % len(REPS)]}{index:03d}"
    n_customers = max(10, rows // 10)
    book = Workbook(write_only=True)
    ws = book.create_sheet("客户")
    ws.append(["客户编号", "客户名称", "负责销售", "获客渠道", "首次接触", "需求强度", "采购能力", "客户分层", "电话", "状态"])
    for c in range(n_customers):
        ws.append([f"C{index:03d}-{c:04d}", f"客户{index:03d}{c:04d}有限公司", rep, rng.choice(("线上", "线下", "老客转介绍")),
                   date(2025, 1, 1) + timedelta(days=rng.randint(0, 600)), rng.randint(1, 5), rng.randint(1, 5), rng.choice("ABC"),
                   f"139{index:03d}{c:05d}", "合作中"])
    ws = book.create_sheet("拜访记录")
    ws.append(["拜访日期", "客户编号", "销售代表", "方式"])
    for _ in range(rows // 5):
        ws.append([date(2026, 5, 1) + timedelta(days=rng.randint(0, 180)), f"C{index:03d}-{rng.randrange(n_customers):04d}", rep, "拜访"])
    ws = book.create_sheet("订单")
    ws.append(["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "到货时间"])
    for n in range(rows):
        signed = date(2025, 6, 1) + timedelta(days=rng.randint(0, 520))
        ws.append([f"SO-{index:03d}-{n:05d}", f"C{index:03d}-{rng.randrange(n_customers):04d}", rep, signed, round(rng.uniform(1000, 90000), 2),
                   signed + timedelta(days=30), datetime.combine(signed + timedelta(days=rng.randint(25, 35)), datetime.min.time()) + timedelta(hours=10)])
    ws = book.create_sheet("售后与投诉")
    ws.append(["工单号", "客户编号", "受理时间", "类型", "反馈分类", "首次响应时间"])
    for t in range(rows // 25):
        received = datetime(2026, 5, 1, 9) + timedelta(hours=rng.randint(0, 4000))
        ws.append([f"T{index:03d}-{t:04d}", f"C{index:03d}-{rng.randrange(n_customers):04d}", received, rng.choice(("硬件故障", "投诉", "建议")),
                   rng.choice(("产品类", "服务类", "流程类")), received + timedelta(minutes=rng.randint(5, 120))])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def renumbered(template: Path, source: int, target: int, path: Path) -> None:
    """Book `target` as template book `source` (source == target % 8) with every id, name and phone renumbered:
    the text cells are inline strings (openpyxl's write-only mode), each starting right after '>'."""
    old, new = f"{source:03d}", f"{target:03d}"
    pairs = [(f">{p}{old}".encode(), f">{p}{new}".encode()) for p in ("C", "SO-", "T", "客户", "139")]
    pairs.append((f">{REPS[source]}{old}<".encode(), f">{REPS[source]}{new}<".encode()))
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                for a, b in pairs:
                    data = data.replace(a, b)
            dst.writestr(info.filename, data)
    part.replace(path)


def book_path(folder: Path, index: int) -> Path:
    return folder / f"rep{index:04d}" / "rep.xlsx"


def ensure_books(folder: Path, count: int, rows: int) -> list[Path]:
    """The first `count` books under `folder` (made when missing)."""
    templates = folder.parent / f".templates-{rows}"
    made = [(templates / f"t{t}.xlsx", t, rows) for t in range(TEMPLATES) if not (templates / f"t{t}.xlsx").exists()]
    if made:
        with ProcessPoolExecutor(max_workers=2) as pool:
            list(pool.map(make_book, made))
    files = [book_path(folder, i) for i in range(count)]
    for i, path in enumerate(files):
        if not path.exists():
            renumbered(templates / f"t{i % TEMPLATES}.xlsx", i % TEMPLATES, i, path)
    return files


def subset(folder: Path, count: int, rows: int) -> Path:
    """A folder holding exactly the first `count` books (hard links to the shared pool: nothing copied)."""
    pool = folder / "pool"
    files = ensure_books(pool, count, rows)
    view = folder / f"books-{count}"
    if not view.exists():
        part = folder / f".books-{count}.part"
        for i, src in enumerate(files):
            dst = book_path(part, i)
            dst.parent.mkdir(parents=True, exist_ok=True)
            if not dst.exists():
                os.link(src, dst)
        part.rename(view)
    return view


# ---- the yardstick -----------------------------------------------------------
def fastexcel_read(folder: str) -> None:
    """Every sheet of every book into polars frames, two books at a time (threads); prints the rows read."""
    from concurrent.futures import ThreadPoolExecutor

    import fastexcel

    def one(path: Path) -> int:
        reader = fastexcel.read_excel(str(path))
        return sum(reader.load_sheet(name).to_polars().height for name in reader.sheet_names)

    with ThreadPoolExecutor(max_workers=2) as pool:
        rows = sum(pool.map(one, sorted(Path(folder).rglob("*.xlsx"))))
    print(json.dumps({"rows": rows}))


def yardstick_command(folder: Path) -> list[str]:
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); import benchmarks.bench_summary as b; b.fastexcel_read({str(folder)!r})"
    return [sys.executable, "-c", code]


def summary_command(folder: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "addin.cli", "summary", str(folder), "-o", str(out), "--quiet", "--as-of", AS_OF, "--force"]


# ---- whole-process measurement -------------------------------------------------
def _tree_rss(root: int) -> int:
    """Bytes resident in `root` and every descendant (from /proc; a process gone meanwhile counts 0)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * page
        except OSError:
            pass
    return total


def measure(command: list[str], abort_above_mib: int = 0) -> dict[str, float]:
    """One whole process: CPU (user+sys, its waited-for children included), wall, peak RSS of the tree (sampled) and
    of its largest single process (the kernel's own figure, as /usr/bin/time -v reports it). `abort_above_mib`: the
    whole tree is killed once its RSS passes this (a run that would exhaust the machine's memory); the figures are
    then those at the kill, with "aborted": 1."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err, env={**os.environ, "POLARS_MAX_THREADS": "2"}, start_new_session=True)
        peak, done, aborted = [0], threading.Event(), [0]

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss(proc.pid))
                if abort_above_mib and peak[0] > abort_above_mib * 2**20 and not aborted[0]:
                    aborted[0] = 1
                    os.killpg(proc.pid, signal.SIGKILL)
                done.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if aborted[0]:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the pool's workers, if any outlived their parent
            except ProcessLookupError:
                pass
        elif proc.returncode not in (0, 1):
            err.seek(0)
            raise SystemExit(f"{command[:4]} exited {proc.returncode}: {err.read().decode(errors='replace')[-800:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return {"cpu_s": round(cpu, 2), "wall_s": round(wall, 2), "peak_tree_mib": round(max(peak[0], usage.ru_maxrss * 1024) / 2**20),
            "peak_process_mib": round(usage.ru_maxrss / 1024), "aborted": aborted[0]}


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: round(statistics.median(r[k] for r in runs), 2) for k in runs[0]}


def compare(folder: Path, runs: int) -> dict[str, object]:
    """Summary and yardstick alternating, `runs` times each; medians and the pairwise CPU ratio."""
    out = Path(tempfile.mkdtemp(prefix="salesdesk-bench-out-")) / "summary.xlsx"
    summaries, yards, ratios = [], [], []
    for _ in range(runs):
        summaries.append(measure(summary_command(folder, out)))
        yards.append(measure(yardstick_command(folder)))
        ratios.append(summaries[-1]["cpu_s"] / max(yards[-1]["cpu_s"], 1e-9))
    return {"summary": median_of(summaries), "yardstick": median_of(yards), "cpu_ratio": round(statistics.median(ratios), 2),
            "wall_ratio": round(statistics.median(s["wall_s"] / max(y["wall_s"], 1e-9) for s, y in zip(summaries, yards)), 2)}


def verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else "met" if ok else "NOT met"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python3 dev.py bench summary", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", default="200", help="book counts compared with the yardstick, comma-separated (default 200)")
    parser.add_argument("--scale", default="", help="book counts for the one-run linearity series (summary alone), comma-separated")
    parser.add_argument("--rows", type=int, default=2500, help="order rows per workbook")
    parser.add_argument("--runs", type=int, default=1, help="alternating runs per book count (medians reported)")
    parser.add_argument("--dir", help="the books live here (made once, reused)")
    parser.add_argument("--abort-above", type=int, default=0, metavar="MIB",
                        help="kill a summary run whose process tree passes this RSS (a book count this machine cannot hold); reported as aborted")
    args = parser.parse_args()
    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="salesdesk-bench-summary-"))
    counts = [int(n) for n in args.files.split(",") if n]
    scale = [int(n) for n in args.scale.split(",") if n]
    report: dict[str, object] = {"rows_per_book": args.rows, "cores": os.cpu_count(), "compared": {}, "scale": {}}
    started = time.perf_counter()
    for n in sorted(set(counts + scale)):
        subset(folder, n, args.rows)
    report["generate_s"] = round(time.perf_counter() - started, 1)
    for n in counts:
        got = compare(subset(folder, n, args.rows), args.runs)
        report["compared"][n] = got  # type: ignore[index]
        s, y = got["summary"], got["yardstick"]  # type: ignore[index]
        print(f"{n} books: summary cpu {s['cpu_s']} s, wall {s['wall_s']} s, peak {s['peak_tree_mib']} MiB (tree) | "
              f"fastexcel->polars 2 threads cpu {y['cpu_s']} s, wall {y['wall_s']} s, peak {y['peak_tree_mib']} MiB | "
              f"cpu ratio {got['cpu_ratio']}x, wall ratio {got['wall_ratio']}x", flush=True)
    out = Path(tempfile.mkdtemp(prefix="salesdesk-bench-out-")) / "summary.xlsx"
    for n in scale:
        got = measure(summary_command(subset(folder, n, args.rows), out), args.abort_above)
        if got["aborted"]:
            report["scale"][n] = got  # type: ignore[index]
            print(f"scale {n} books: ABORTED above {args.abort_above} MiB (tree) after cpu {got['cpu_s']} s, wall {got['wall_s']} s", flush=True)
            continue
        got["cpu_ms_per_book"] = round(got["cpu_s"] * 1000 / n)
        got["kib_per_book"] = round(got["peak_tree_mib"] * 1024 / n)
        report["scale"][n] = got  # type: ignore[index]
        print(f"scale {n} books: cpu {got['cpu_s']} s ({got['cpu_ms_per_book']} ms/book), wall {got['wall_s']} s, "
              f"peak {got['peak_tree_mib']} MiB (tree), {got['peak_process_mib']} MiB (largest process)", flush=True)
    goals: list[tuple[str, bool | None]] = []
    compared: dict[int, dict] = report["compared"]  # type: ignore[assignment]
    if 200 in compared:
        goals.append(("summary 200 books <= 1.5x fastexcel->polars 2 threads (CPU)", compared[200]["cpu_ratio"] <= 1.5))
    sizes = {**{n: c["summary"] for n, c in compared.items()}, **report["scale"]}  # type: ignore[dict-item]
    if 2000 in sizes:
        goals.append(("summary 2,000 books <= 2 GiB peak RSS (tree)", sizes[2000]["peak_tree_mib"] <= 2048))
    small = [n for n in sizes if n < 2000 and not sizes[n].get("aborted")]
    if small and 2000 in sizes:
        n0 = min(small)
        if sizes[2000].get("aborted"):
            goals.append((f"memory flat (the 2,000-book run passed {args.abort_above} MiB and was stopped; {sizes[n0]['peak_tree_mib']} MiB at {n0})", False))
            goals.append(("time linear in books: not measured at 2,000 (run stopped); see the scale series", None))
        else:
            per0, per1 = sizes[n0]["cpu_s"] / n0, sizes[2000]["cpu_s"] / 2000
            goals.append((f"time linear in books (CPU per book at 2,000 within 1.25x of {n0}: {per1 / per0:.2f}x)", per1 <= 1.25 * per0))
            goals.append((f"memory flat ({sizes[2000]['peak_tree_mib']} MiB at 2,000 books <= 1.5x {sizes[n0]['peak_tree_mib']} MiB at {n0})",
                          sizes[2000]["peak_tree_mib"] <= 1.5 * sizes[n0]["peak_tree_mib"]))
    for name, ok in goals:
        print(f"{verdict(ok)}: {name}")
    report["goals"] = {name: verdict(ok) for name, ok in goals}
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
