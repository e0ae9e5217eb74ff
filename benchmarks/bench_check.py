#!/usr/bin/env python3
"""Benchmark: `check` and `check --annotate` on a 100k-row orders sheet; peak memory of hostile sizes.

Run on demand (`python3 dev.py bench [--rows N]`), never in CI. Each
measurement runs in its own process so peak memory (max RSS) is its own.
Targets (issue #2): check <= 1.5x a bare python-calamine read of the same
file; annotate <= 0.25x a bare openpyxl load + save.
Memory (issue #8, `--memory-rows N`, 0 to skip): `check` of a full-height
sheet (1,048,575 rows) and of sparse sheets (A1 plus one cell at XFD20000
or XFD1048576) stays within 2 GiB peak RSS.
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


MEMORY_BUDGET_MB = 2048


def make_orders_fast(path: Path, rows: int) -> None:
    """The same sheet as make_orders, its XML written directly (openpyxl needs minutes for 1M rows)."""
    import zipfile

    from openpyxl import Workbook

    Workbook().save(path)  # a valid package (styles, theme, rels) whose one sheet is replaced below
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist() if name != "xl/worksheets/sheet1.xml"}
    styles = (b'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
              b'<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
              b'<xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>')
    parts["xl/styles.xml"] = styles
    letters = [chr(65 + i) for i in range(len(HEADERS))]

    def text(col: str, row: int, value: str) -> str:
        return f'<c r="{col}{row}" t="inlineStr"><is><t>{value}</t></is></c>'

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name, data in parts.items():
            target.writestr(name, data)
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            sheet.write(('<row r="1">' + "".join(text(c, 1, h) for c, h in zip(letters, HEADERS)) + "</row>").encode())
            batch = []
            for n in range(rows):
                r = n + 2
                signed = 45658 + n % 600
                shipped = signed + 10 + n % 20 + 0.375
                arrived = shipped + (-1 if n % 100 == 0 else 2)
                batch.append(
                    f'<row r="{r}">{text("A", r, f"SO-{n:07d}")}{text("B", r, f"C{n % 5000:04d}")}{text("C", r, f"Q-{n:07d}")}{text("D", r, "张伟")}'
                    f'<c r="E{r}" s="1"><v>{signed}</v></c><c r="F{r}"><v>{1000 + n % 89000}.5</v></c><c r="G{r}" s="1"><v>{signed + 30}</v></c>'
                    f'<c r="H{r}" s="1"><v>{signed + 33}</v></c><c r="I{r}" s="2"><v>{shipped}</v></c>{text("J", r, f"SF{n:010d}")}'
                    f'<c r="K{r}" s="2"><v>{shipped + 0.02}</v></c><c r="L{r}" s="2"><v>{arrived}</v></c><c r="M{r}" s="2"><v>{arrived + 1}</v></c>'
                    f'<c r="N{r}" s="2"><v>{arrived + 2}</v></c><c r="O{r}"><v>0.0005</v></c><c r="P{r}"><v>0.05</v></c><c r="Q{r}"><v>2</v></c>'
                    f'{text("S", r, "华东")}{text("T", r, "联系人")}</row>'
                )
                if len(batch) == 10_000:
                    sheet.write("".join(batch).encode())
                    batch = []
            sheet.write(("".join(batch) + "</sheetData></worksheet>").encode())


def make_sparse(path: Path, far: str) -> None:
    """A real orders sheet plus one number at a far cell: calamine alone would span every cell between."""
    import zipfile

    make_orders_fast(path, 10)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    row = "".join(ch for ch in far if ch.isdigit())
    sheet = parts["xl/worksheets/sheet1.xml"].replace(b"</sheetData>", f'<row r="{row}"><c r="{far}"><v>1</v></c></row></sheetData>'.encode())
    parts["xl/worksheets/sheet1.xml"] = sheet
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def memory_cases(work: Path, rows: int) -> None:
    cases = {f"{rows:,} rows": lambda p: make_orders_fast(p, rows), "A1..XFD20000": lambda p: make_sparse(p, "XFD20000"),
             "A1..XFD1048576": lambda p: make_sparse(p, "XFD1048576")}
    for name, make in cases.items():
        path = work / f"memory-{len(name)}.xlsx"
        print(f"generating {name} ...", file=sys.stderr, flush=True)
        make(path)
        result = run_one("check", path)
        verdict = "met" if result["max_rss_mb"] <= MEMORY_BUDGET_MB else "NOT met"
        print(f"memory  check {name:>18}: {result['seconds']:7.2f} s   peak {result['max_rss_mb']:7.0f} MB  (budget {MEMORY_BUDGET_MB} MB) {verdict}", flush=True)
        path.unlink()


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
    out = subprocess.run([sys.executable, __file__, "--one", kind, str(path)], capture_output=True, text=True)
    if out.returncode != 0:  # an abort (calamine's failed allocation is exit 134) is a result, not a crash of the benchmark
        return {"seconds": float("nan"), "max_rss_mb": float("inf"), "exit": out.returncode}
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is reported")
    parser.add_argument("--memory-rows", type=int, default=1_048_575, help="rows of the peak-memory case (0: skip the memory cases)")
    parser.add_argument("--only-memory", action="store_true", help="run the memory cases only")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], Path(args.one[1]))))
        return 0

    work = Path(tempfile.mkdtemp(prefix="salesdesk-bench-"))
    if args.only_memory:
        memory_cases(work, args.memory_rows)
        shutil.rmtree(work, ignore_errors=True)
        return 0
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
    if args.memory_rows:
        memory_cases(work, args.memory_rows)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
