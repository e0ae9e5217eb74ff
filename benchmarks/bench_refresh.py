#!/usr/bin/env python3
"""Benchmark: `refresh` against `check` of the same files, in the same run.

100k orders and 200k payment milestones (order progress) plus 50k tickets
(feedback log) and a small customer register. Run on demand
(`.venv/bin/python benchmarks/bench_refresh.py [--orders N]`), never in CI.
Each measurement runs in its own process so peak memory (max RSS) is its own;
refresh writes into a fresh copy each time, as a rep's first run would.
Targets (issue #11): refresh <= 2x check; peak memory <= 1 GiB.
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

AS_OF = "2026-11-02T09:00:00+08:00"
ORDER_HEAD = ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "发货时间", "物流单号", "单号发送时间", "到货时间", "安装完成时间", "验收时间",
              "日违约金比例", "违约金上限", "合同响应时限（小时）"]
PAY_HEAD = ["订单编号", "付款节点", "比例", "账期（工作日）", "实付日期", "实付金额"]
TICKET_HEAD = ["工单号", "客户编号", "订单编号", "受理时间", "类型", "反馈分类", "首次响应时间", "解决时间", "方案时间", "落实时间", "回访时间"]


def make_files(folder: Path, orders: int, seed: int = 11) -> None:
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    ws, pay = book.create_sheet("订单"), book.create_sheet("回款节点")
    ws.append(ORDER_HEAD)
    pay.append(PAY_HEAD)
    start = date(2025, 1, 1)
    for n in range(orders):
        signed = start + timedelta(days=rng.randint(0, 660))
        shipped = datetime.combine(signed + timedelta(days=rng.randint(10, 30)), datetime.min.time()) + timedelta(hours=9)
        arrived = shipped + timedelta(days=rng.randint(1, 4))
        done = arrived < datetime(2026, 10, 25)
        amount = round(rng.uniform(1000, 90000), 2)
        ws.append([f"SO-{n:06d}", f"C{rng.randint(1, 5000):04d}", "张伟", signed, amount, signed + timedelta(days=30), shipped, f"SF{n:010d}",
                   shipped + timedelta(minutes=rng.choice((20, 70))), arrived if done else None, None,
                   arrived + timedelta(days=rng.randint(1, 5)) if done and n % 3 else None, 0.0005, 0.05, 2 if n % 5 == 0 else None])
        pay.append([f"SO-{n:06d}", "预付款", 0.3, 5, signed + timedelta(days=3), round(amount * 0.3, 2)])
        pay.append([f"SO-{n:06d}", "验收款", 0.7, 15, None, None])
    book.save(folder / "order_progress.xlsx")

    book = Workbook(write_only=True)
    ws = book.create_sheet("售后与投诉")
    ws.append(TICKET_HEAD)
    for n in range(orders // 2):
        received = datetime(2026, 1, 1, 8) + timedelta(minutes=rng.randint(0, 440_000))
        complaint = n % 10 == 0
        ws.append([f"T{n:06d}", f"C{rng.randint(1, 5000):04d}", f"SO-{rng.randrange(orders):06d}", received, "投诉" if complaint else "硬件故障", "服务类",
                   received + timedelta(minutes=rng.choice((20, 50, 90))), received + timedelta(hours=rng.choice((5, 30, 60))) if n % 4 else None,
                   received + timedelta(minutes=25) if complaint else None, received + timedelta(hours=20) if complaint else None, None])
    book.save(folder / "feedback_log.xlsx")

    book = Workbook(write_only=True)
    ws = book.create_sheet("客户")
    ws.append(["客户编号", "客户名称", "负责销售", "首次接触", "合作起始", "状态"])
    for n in range(1, 5001):
        ws.append([f"C{n:04d}", f"客户{n}", "张伟", date(2024, 1, 1) + timedelta(days=n % 600), date(2024, 3, 1) + timedelta(days=n % 600), "合作中"])
    book.save(folder / "customer_register.xlsx")


def measure(kind: str, folder: Path) -> dict[str, float]:
    started = time.perf_counter()
    if kind == "check":
        from addin.commands.check import run_check

        run_check([folder])
    elif kind == "refresh":
        from addin.commands.refresh import run_refresh

        run = run_refresh([folder], datetime.fromisoformat(AS_OF), "zh")
        assert run.applied is not None and not run.applied.refused, run.applied
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_one(kind: str, folder: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--one", kind, str(folder)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=100_000, help="orders (payments: 2 per order; tickets: 1 per 2 orders)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement; the best is reported")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], Path(args.one[1]))))
        return 0

    work = Path(tempfile.mkdtemp(prefix="salesdesk-bench-refresh-"))
    source = work / "source"
    source.mkdir()
    print(f"generating {args.orders:,} orders, {2 * args.orders:,} payments, {args.orders // 2:,} tickets ...", file=sys.stderr)
    make_files(source, args.orders)
    print("files: " + ", ".join(f"{p.name} ({p.stat().st_size / 1e6:.1f} MB)" for p in sorted(source.iterdir())))
    results: dict[str, dict[str, float]] = {}
    for kind in ("check", "refresh"):
        best = None
        for _ in range(args.repeat):
            target = work / "run"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target)
            result = run_one(kind, target)
            best = result if best is None or result["seconds"] < best["seconds"] else best
        results[kind] = best
        print(f"{kind:>8}: {best['seconds']:7.2f} s   peak {best['max_rss_mb']:7.0f} MB", flush=True)
    ratio = results["refresh"]["seconds"] / results["check"]["seconds"]
    peak = results["refresh"]["max_rss_mb"]
    print(f"refresh / check = {ratio:.2f}x  (target <= 2.00x) {'met' if ratio <= 2 else 'NOT met'}")
    print(f"refresh peak    = {peak:.0f} MB  (target <= 1024 MB) {'met' if peak <= 1024 else 'NOT met'}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
