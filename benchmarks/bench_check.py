#!/usr/bin/env python3
"""Benchmark: `check` and `check --annotate` on a 100k-row orders sheet.

Run on demand (`python3 dev.py bench [--rows N]`), never in CI. Each
measurement runs in its own process so peak memory (max RSS) is its own.
Targets (issue #2): check <= 1.5x a bare python-calamine read of the same
file; annotate <= 0.25x a bare openpyxl load + save.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout without installing

HEADERS = ["订单编号", "客户编号", "报价单号", "负责销售", "签约日期", "合同金额", "计划到货", "计划安装完成", "发货时间", "物流单号",
           "单号发送时间", "到货时间", "安装完成时间", "验收时间", "日违约金比例", "违约金上限", "合同响应时限(小时)", "备注", "区域", "联系人"]


def make_orders(path: Path, rows: int, seed: int = 7) -> None:
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    ws = book.create_sheet("订单")
    ws.append(HEADERS)
    start = date(2025, 1, 1)
    for n in range(rows):
        signed = start + timedelta(days=rng.randint(0, 600))
        shipped = datetime.combine(signed + timedelta(days=rng.randint(10, 30)), datetime.min.time()) + timedelta(hours=9)
        arrived = shipped + timedelta(days=rng.randint(1, 4))
        if n % 100 == 0:
            arrived = shipped - timedelta(days=1)  # 1% of rows carry a mistake to annotate
        ws.append([f"SO-{n:06d}", f"C{rng.randint(1, 5000):04d}", f"Q-{n:06d}", rng.choice(("张伟", "李娜", "王磊")), signed,
                   round(rng.uniform(1000, 90000), 2), signed + timedelta(days=30), signed + timedelta(days=33), shipped, f"SF{n:010d}",
                   shipped + timedelta(minutes=30), arrived, arrived + timedelta(days=1), arrived + timedelta(days=2), 0.0005, 0.05, 2,
                   "备注" if n % 7 == 0 else None, "华东", "联系人"])
    book.save(path)


def measure(kind: str, path: Path) -> dict[str, float]:
    started = time.perf_counter()
    if kind == "calamine":
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    elif kind == "openpyxl":
        import openpyxl

        resaved = path.parent / "resaved" / "openpyxl-resaved.xlsx"  # a subfolder: not a sibling salesdesk would read
        resaved.parent.mkdir(exist_ok=True)
        openpyxl.load_workbook(path).save(resaved)
    elif kind == "check":
        from addin.commands.check import run_check

        run_check([path])
    elif kind == "annotate":
        from addin.commands.check import run_check

        run_check([path], annotate=True)
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_one(kind: str, path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--one", kind, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is reported")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], Path(args.one[1]))))
        return 0

    work = Path(tempfile.mkdtemp(prefix="salesdesk-bench-"))
    source = work / "orders.xlsx"
    print(f"generating {args.rows:,} rows x {len(HEADERS)} columns ...", file=sys.stderr)
    make_orders(source, args.rows)
    print(f"file: {source} ({source.stat().st_size / 1e6:.1f} MB)")
    results: dict[str, dict[str, float]] = {}
    for kind in ("calamine", "check", "openpyxl", "annotate"):
        best = None
        for _ in range(args.repeat):
            target = source
            if kind == "annotate":  # annotate a fresh copy each time, as a rep's first run would
                target = work / "annotate" / "annotate.xlsx"  # its own folder: the source is no sibling of it
                target.parent.mkdir(exist_ok=True)
                shutil.copy(source, target)
                for backup in target.parent.glob("annotate.bak-*"):
                    backup.unlink()
            result = run_one(kind, target)
            best = result if best is None or result["seconds"] < best["seconds"] else best
        results[kind] = best
        print(f"{kind:>9}: {best['seconds']:7.2f} s   peak {best['max_rss_mb']:7.0f} MB", flush=True)
    check_ratio = results["check"]["seconds"] / results["calamine"]["seconds"]
    annotate_ratio = results["annotate"]["seconds"] / results["openpyxl"]["seconds"]
    print(f"check    / calamine read     = {check_ratio:.2f}x  (target <= 1.50x) {'met' if check_ratio <= 1.5 else 'NOT met'}")
    print(f"annotate / openpyxl load+save = {annotate_ratio:.2f}x  (target <= 0.25x) {'met' if annotate_ratio <= 0.25 else 'NOT met'}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
