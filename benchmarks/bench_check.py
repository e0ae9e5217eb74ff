#!/usr/bin/env python3
"""Benchmark: `check` and `check --annotate` beside their yardsticks, whole processes, CPU time and peak RSS.

Run on demand (`python3 dev.py bench [--rows N]`), never in CI. Each measurement is its own process:
its CPU time is the operating system's user+sys of that child (resource.getrusage(RUSAGE_CHILDREN)
before and after), its peak memory the child's own max RSS. Every figure stands beside its yardsticks
from the same run, at `--rows` (100k) and at `--big-rows` (1,048,575; 0 to skip):
- the bare python-calamine read of the same file (issue #2, #23: check <= 1.5x);
- the pandas+pandera peer: pandas.read_excel(engine="calamine") and a pandera DataFrameSchema of 8
  columns with types, required, a choice and a date-order check (issue #23: check faster than it);
- a bare openpyxl load + save (issue #2: annotate <= 0.25x; 100k only, openpyxl needs minutes at 1M).
Memory (issues #8, #23): check and annotate of a full-height sheet (1,048,575 rows) within 2 GiB, and
check of sparse sheets (A1 plus one cell at XFD20000 or XFD1048576). pandera and fastexcel come from
the `bench` extra (`pip install -e '.[bench]'`); a missing yardstick is reported, not faked.
"""

from __future__ import annotations

HELP = """Measures `salesdesk check` and `check --annotate` on a generated order book (--rows, default 100,000, and
--big-rows, default 1,048,575 = a full sheet; 0 skips it), each against what the same job costs without salesdesk:
  check     vs a bare read of the same file (python-calamine)           target: at most 1.5x the CPU time
  check     vs pandas.read_excel + a pandera schema of 8 columns         target: faster
  annotate  vs a bare openpyxl load + save of the same file (100k only)  target: at most 0.25x
  memory    check and annotate of a full sheet, and sparse sheets         target: peak at most 2 GiB
Figures: CPU time (user + system) and peak memory of each whole process. Missing yardsticks are reported, not faked."""  # what `--help` shows: what is measured against what (the docstring has the details)

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
              b'<fonts count="1"><font/></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
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


def memory_cases(work: Path, rows: int) -> dict[str, dict[str, float]]:
    cases = {f"{rows:,} rows": lambda p: make_orders_fast(p, rows), "A1..XFD20000": lambda p: make_sparse(p, "XFD20000"),
             "A1..XFD1048576": lambda p: make_sparse(p, "XFD1048576")}
    if not rows:  # the full-height sheet measured already (--big-rows): the sparse shapes only
        del cases["0 rows"]
    found: dict[str, dict[str, float]] = {}
    for name, make in cases.items():
        path = work / f"memory-{len(name)}" / "book.xlsx"  # a folder each: no case reads another as a sibling
        path.parent.mkdir(exist_ok=True)
        print(f"generating {name} ...", file=sys.stderr, flush=True)
        make(path)
        kinds = ("check", "annotate") if name.endswith("rows") else ("check",)
        for kind in kinds:
            result = run_one(kind, path)
            found[f"{kind} {name}"] = result
            verdict = "met" if result["max_rss_mb"] <= MEMORY_BUDGET_MB else "NOT met"
            print(f"memory  {kind:>8} {name:>18}: cpu {result['cpu']:7.2f} s  wall {result['seconds']:7.2f} s  "
                  f"peak {result['max_rss_mb']:7.0f} MB  (budget {MEMORY_BUDGET_MB} MB) {verdict}", flush=True)
        shutil.rmtree(path.parent)
    return found


PEER_COLUMNS = ("订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "发货时间", "到货时间", "日违约金比例")


def peer_validate(path: Path) -> int:
    """The pandas+pandera peer: read with pandas' calamine engine, validate 8 columns (types, required, a choice,
    a range, unique ids and the date order shipped <= arrived) lazily, so every failure is collected. Returns the
    number of failure cases found."""
    import pandas as pd
    import pandera.pandas as pa

    frame = pd.read_excel(path, engine="calamine")
    schema = pa.DataFrameSchema(
        {
            "订单编号": pa.Column(str, nullable=False, unique=True),
            "客户编号": pa.Column(str, nullable=False, checks=pa.Check.str_matches(r"^C\d{4}$")),
            "负责销售": pa.Column(str, nullable=False, checks=pa.Check.isin(["张伟", "李娜", "王磊"])),
            "签约日期": pa.Column("datetime64[ns]", nullable=False, coerce=True),
            "合同金额": pa.Column(float, nullable=False, checks=pa.Check.ge(0), coerce=True),
            "发货时间": pa.Column("datetime64[ns]", nullable=True, coerce=True),
            "到货时间": pa.Column("datetime64[ns]", nullable=True, coerce=True),
            "日违约金比例": pa.Column(float, nullable=True, checks=pa.Check.in_range(0, 1), coerce=True),
        },
        checks=[pa.Check(lambda df: df["到货时间"].isna() | df["发货时间"].isna() | (df["到货时间"] >= df["发货时间"]),
                         name="arrived_after_shipped")],
    )
    try:
        schema.validate(frame[list(PEER_COLUMNS)], lazy=True)
    except pa.errors.SchemaErrors as errors:
        return len(errors.failure_cases)
    return 0


def measure(kind: str, path: Path) -> dict[str, float]:
    started = time.perf_counter()
    found = 0
    if kind == "calamine":
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    elif kind == "peer":
        found = peer_validate(path)
    elif kind == "openpyxl":
        import openpyxl

        resaved = path.parent / "resaved" / "openpyxl-resaved.xlsx"  # a subfolder: not a sibling salesdesk would read
        resaved.parent.mkdir(exist_ok=True)
        openpyxl.load_workbook(path).save(resaved)
    elif kind == "check":
        from addin.commands.check import run_check

        found = len(run_check([path]).issues)
    elif kind == "annotate":
        from addin.commands.check import run_check

        found = len(run_check([path], annotate=True).issues)
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "found": found}


def run_one(kind: str, path: Path) -> dict[str, float]:
    """One measurement in its own process: its wall seconds inside, its CPU seconds (user+sys) and peak RSS whole."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--one", kind, str(path)], capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if out.returncode != 0:  # an abort (calamine's failed allocation is exit 134) is a result, not a crash of the benchmark
        print(f"  {kind} exited {out.returncode}: {out.stderr.strip()[-300:]}", file=sys.stderr)
        return {"seconds": float("nan"), "cpu": float("nan"), "wall": wall, "max_rss_mb": float("inf"), "exit": out.returncode}
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result.update(cpu=cpu, wall=wall)
    return result


def _copy_for_annotate(source: Path, work: Path) -> Path:
    target = work / "annotate" / "annotate.xlsx"  # its own folder: the source is no sibling of it
    target.parent.mkdir(exist_ok=True)
    shutil.copy(source, target)
    for backup in target.parent.glob("annotate.bak-*"):
        backup.unlink()
    return target


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def size_case(work: Path, rows: int, kinds: tuple[str, ...], repeat: int) -> dict[str, dict[str, float]]:
    """Every kind on one generated file of `rows` rows, alternating kinds run after run; the median CPU run of each."""
    folder = work / f"rows-{rows}"
    folder.mkdir()
    source = folder / "orders.xlsx"
    print(f"generating {rows:,} rows x {len(HEADERS)} columns ...", file=sys.stderr, flush=True)
    make_orders_fast(source, rows)
    print(f"\n{rows:,} rows: {source.stat().st_size / 1e6:.1f} MB", flush=True)
    runs: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
    for _ in range(repeat):
        for kind in kinds:  # alternating: a drift in the machine's speed touches every kind alike
            runs[kind].append(run_one(kind, _copy_for_annotate(source, work) if kind == "annotate" else source))
    results = {}
    for kind, measured in runs.items():
        median = sorted(measured, key=lambda r: r["cpu"] if r["cpu"] == r["cpu"] else float("inf"))[len(measured) // 2]
        median["max_rss_mb"] = max(r["max_rss_mb"] for r in measured)
        results[kind] = median
        print(f"{kind:>9}: cpu {median['cpu']:7.2f} s   wall {median['wall']:7.2f} s   peak {median['max_rss_mb']:7.0f} MB"
              f"   findings {median.get('found', '-')}", flush=True)
    shutil.rmtree(folder)
    return results


def _ratio(results: dict[str, dict[str, float]], a: str, b: str) -> float:
    return results[a]["cpu"] / results[b]["cpu"] if a in results and b in results else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python3 dev.py bench check", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--big-rows", type=int, default=1_048_575, help="rows of the second size (0: skip it)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement at --rows; the median CPU run is reported")
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
    small = size_case(work, args.rows, ("calamine", "check", "peer", "openpyxl", "annotate"), args.repeat)
    lines = [
        (f"{args.rows:,}: check / bare calamine read (CPU)", _ratio(small, "check", "calamine"), "<= 1.50x", _ratio(small, "check", "calamine") <= 1.5),
        (f"{args.rows:,}: check / pandas+pandera peer (CPU)", _ratio(small, "check", "peer"), "< 1.00x", _ratio(small, "check", "peer") < 1.0),
        (f"{args.rows:,}: annotate / openpyxl load+save (CPU)", _ratio(small, "annotate", "openpyxl"), "<= 0.25x", _ratio(small, "annotate", "openpyxl") <= 0.25),
    ]
    if args.big_rows:
        big = size_case(work, args.big_rows, ("calamine", "check", "peer", "annotate"), 1)
        lines += [
            (f"{args.big_rows:,}: check / bare calamine read (CPU)", _ratio(big, "check", "calamine"), "<= 1.50x", _ratio(big, "check", "calamine") <= 1.5),
            (f"{args.big_rows:,}: check / pandas+pandera peer (CPU)", _ratio(big, "check", "peer"), "< 1.00x", _ratio(big, "check", "peer") < 1.0),
        ]
        for kind in ("check", "annotate"):
            peak = big[kind]["max_rss_mb"]
            lines.append((f"{args.big_rows:,}: {kind} peak RSS {peak:.0f} MB (bare read {big['calamine']['max_rss_mb']:.0f} MB, "
                          f"peer {big['peer']['max_rss_mb']:.0f} MB)", peak / 1024, "<= 2.00 GiB", peak <= MEMORY_BUDGET_MB))
    print()
    for text, value, goal, ok in lines:
        print(f"{text:<96} = {value:5.2f}  (goal {goal}) {_verdict(ok)}")
    if args.memory_rows:
        memory_cases(work, 0 if args.big_rows == args.memory_rows else args.memory_rows)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
