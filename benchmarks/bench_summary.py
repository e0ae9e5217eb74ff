#!/usr/bin/env python3
"""Benchmark: `salesdesk summary` of a team's workbooks against the fastest bare parallel read of the same files.

Run on demand (`python3 benchmarks/bench_summary.py [--files 200] [--rows 2500]`), never in CI. Issue #12's
case: 200 workbooks of 2,500 order rows each (500k rows), with customers, visits and tickets in proportion.
Target: the whole summary (read, type, compute, write the workbook) <= 1.5x the bare parallel read
(python-calamine, every sheet, all cores), peak memory <= 2 GiB. Each measurement runs in its own
process so its peak RSS is its own. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPS = ["张伟", "李娜", "王磊", "刘洋", "陈静", "杨帆", "赵敏", "黄强"]


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


def bare_read(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)


def measure_bare(files: list[Path]) -> None:
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        rows = sum(pool.map(bare_read, files, chunksize=max(1, len(files) // ((os.cpu_count() or 1) * 8))))
    print(json.dumps({"seconds": time.perf_counter() - started, "rows": rows}))


def child(kind: str, folder: Path, out: Path) -> dict[str, float]:
    """Runs one measurement in its own process: wall time and that process tree's peak RSS."""
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); from pathlib import Path; import benchmarks.bench_summary as b; "
            f"b.measure_bare(sorted(Path({str(folder)!r}).rglob('*.xlsx')))") if kind == "bare" else None
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "addin.cli", "summary", str(folder), "-o", str(out), "--quiet",
                                                           "--as-of", "2026-11-02T09:00:00+08:00", "--force"]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if kind == "bare" and result.returncode != 0:
        raise SystemExit(result.stderr)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child so far (Linux: KiB)
    return {"seconds": round(seconds, 2), "peak_mb_so_far": round(peak_mb), "exit": result.returncode, "stderr": result.stderr[-400:]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--rows", type=int, default=2500, help="order rows per workbook")
    parser.add_argument("--dir", help="keep the generated workbooks here (reused when present)")
    args = parser.parse_args()
    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="salesdesk-bench-summary-"))
    files = [folder / f"rep{i:03d}" / "rep.xlsx" for i in range(args.files)]
    todo = [(f, i, args.rows) for i, f in enumerate(files) if not f.exists()]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        list(pool.map(make_book, todo))
    generated = time.perf_counter() - started
    out = Path(tempfile.mkdtemp(prefix="salesdesk-bench-out-")) / "summary.xlsx"
    bare = child("bare", folder, out)
    summary = child("summary", folder, out)  # RUSAGE_CHILDREN's max covers both: the summary's peak is the larger
    report = {
        "files": args.files, "order_rows": args.files * args.rows, "cores": os.cpu_count(), "generate_s": round(generated, 1),
        "bare_parallel_read_s": bare["seconds"], "summary_s": summary["seconds"], "ratio": round(summary["seconds"] / bare["seconds"], 2),
        "target_ratio": 1.5, "peak_mb": summary["peak_mb_so_far"], "target_peak_mb": 2048, "summary_exit": summary["exit"],
    }
    print(json.dumps(report, ensure_ascii=False))
    if summary["stderr"]:
        print(summary["stderr"], file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
