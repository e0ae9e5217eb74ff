#!/usr/bin/env python3
"""Benchmark: `refresh` against `check` of the same files, in the same run.

100k orders and 200k payment milestones (order progress) plus 50k tickets
(feedback log) and a small customer register. Run on demand
(`.venv/bin/python benchmarks/bench_refresh.py [--orders N]`), never in CI.
Each measurement is a whole process (imports, read, rules, write), check and
refresh alternating so that both see the same load on a shared machine; the
figures are CPU time (user + sys) and peak RSS of that process, from wait4.
Refresh writes into a fresh copy each time, as a rep's first run would.
Goals (issue #23): refresh <= 2x check in CPU and <= 1 GiB at 100k orders;
<= 2 GiB at 1,048,575 orders (`--orders 1048575 --repeat 1`; payments fill one
full sheet there).
"""

from __future__ import annotations

HELP = """Measures `salesdesk refresh` against `salesdesk check` of the same files: 100,000 orders (--orders), two
payment milestones each and a ticket per two orders. The two commands alternate so both see the same load.
Targets: refresh at most 2x check's CPU time and 1 GiB at 100k orders; at most 2 GiB at 1,048,575 orders.
Figures: CPU time (user + system) and peak memory of each whole process."""  # what `--help` shows: what is measured against what (the docstring has the details)

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout without installing

AS_OF = "2026-11-02T09:00:00+08:00"
SHEET_ROWS = 1_048_575  # rows below the header of a full worksheet
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
        if 2 * n + 2 <= SHEET_ROWS:  # a sheet holds 1,048,575 rows under its header: the full-sheet case fills it
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


def measure(kind: str, folder: Path) -> None:
    """One command in this process (the parent measures the whole process: imports, read, rules, write)."""
    if kind == "check":
        from addin.commands.check import run_check

        run_check([folder])
    elif kind == "refresh":
        from addin.commands.refresh import run_refresh

        run = run_refresh([folder], datetime.fromisoformat(AS_OF), "zh")
        assert run.applied is not None and not run.applied.refused, run.applied


def run_one(kind: str, folder: Path) -> dict[str, float]:
    """Whole-process figures of one command: wall seconds, CPU seconds (user + sys) and peak RSS (MB) of its own process."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, "--one", kind, str(folder)])
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{kind} failed ({process.returncode})")
    return {"seconds": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime, "max_rss_mb": usage.ru_maxrss / 1024}


GiB = 1024.0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python3 dev.py bench refresh", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=100_000, help="orders (payments: 2 per order, up to a full sheet; tickets: 1 per 2 orders)")
    parser.add_argument("--repeat", type=int, default=2, help="alternating check/refresh pairs; the median of each is reported")
    parser.add_argument("--keep", metavar="DIR", help="generate the books into DIR once and reuse them on later runs")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        measure(args.one[0], Path(args.one[1]))
        return 0

    work = Path(tempfile.mkdtemp(prefix="salesdesk-bench-refresh-"))
    source = Path(args.keep) if args.keep else work / "source"
    if not (source / "order_progress.xlsx").exists():
        source.mkdir(parents=True, exist_ok=True)
        print(f"generating {args.orders:,} orders, {min(2 * args.orders, SHEET_ROWS - SHEET_ROWS % 2):,} payments, {args.orders // 2:,} tickets ...", file=sys.stderr)
        make_files(source, args.orders)
    print("files: " + ", ".join(f"{p.name} ({p.stat().st_size / 1e6:.1f} MB)" for p in sorted(source.glob("*.xlsx"))))
    runs: dict[str, list[dict[str, float]]] = {"check": [], "refresh": []}
    for _ in range(args.repeat):
        for kind in ("check", "refresh"):  # alternating: both see the same load on a shared machine
            target = work / "run"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target)  # refresh writes into a fresh copy each time, as a rep's first run would
            result = run_one(kind, target)
            runs[kind].append(result)
            print(f"{kind:>8}: wall {result['seconds']:7.2f} s   cpu {result['cpu']:7.2f} s   peak {result['max_rss_mb']:7.0f} MB", flush=True)
    med = {kind: {k: statistics.median(r[k] for r in rs) for k in ("seconds", "cpu", "max_rss_mb")} for kind, rs in runs.items()}
    ratio = med["refresh"]["cpu"] / med["check"]["cpu"]
    peak = med["refresh"]["max_rss_mb"]
    print(f"median of {args.repeat}: check cpu {med['check']['cpu']:.2f} s, peak {med['check']['max_rss_mb']:.0f} MB; "
          f"refresh cpu {med['refresh']['cpu']:.2f} s, peak {peak:.0f} MB")
    print(f"refresh / check CPU = {ratio:.2f}x  (goal <= 2.00x) {'met' if ratio <= 2 else 'NOT met'}")
    if args.orders >= SHEET_ROWS:
        print(f"refresh peak RSS, {args.orders:,} orders = {peak / GiB:.2f} GiB  (goal <= 2 GiB) {'met' if peak <= 2 * GiB else 'NOT met'}")
    else:
        print(f"refresh peak RSS = {peak:.0f} MB  (goal <= 1024 MB) {'met' if peak <= GiB else 'NOT met'}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
