"""Generators of hostile inputs (built in tmp_path, no binary blobs) and the contract every write keeps."""

from __future__ import annotations

import io
import json
import re
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from addin.cli import main

# Typed by a rep as a customer name, quote id, SKU, product name, unit, rep...
FORMULAS = ['=HYPERLINK("http://evil.example","click")', "=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(1)", "=1+1"]
# Placeholders replaced in the package after openpyxl wrote it (openpyxl itself refuses these characters).
RAW = {"§ESC§": b"_x001B_", "§BEL§": b"_x0007_"}  # Excel's escapes for characters XML cannot hold
QUOTE_IDS = ["Q:1", "Q/1", "Q*1", "Q?1", "Q 1", "Q_1", "CON", "客" * 100, "=1+1"]


def build_book(path: Path, sheets: dict[str, list[list[object]]], cells: dict[str, object] | None = None) -> Path:
    """A workbook as a rep's Excel would hold it: every string a text cell, raw characters patched in;
    `cells` puts values at far cells of the first sheet, e.g. {"XFD1": "x"}."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, even when it starts with "="
    for ref, value in (cells or {}).items():
        book.worksheets[0][ref] = value
    buffer = io.BytesIO()
    book.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            for token, raw in RAW.items():
                data = data.replace(token.encode(), raw)
            out.writestr(info, data)
    return path


def hostile_calculator(path: Path, quote_ids: list[str] | None = None) -> Path:
    """A quote calculator whose every text column holds formula-like text and control characters."""
    ids = quote_ids or ["Q-1", FORMULAS[5]]
    return build_book(path, {
        "价格表": [["产品编码", "产品名称", "单位", "目录价", "底价", "成本"], ["=SKU()", FORMULAS[0] + "§BEL§", FORMULAS[2], 12800, 10900, 8600]],
        "客户": [["客户编号", "客户名称", "负责销售", "客户分层"], ["CA", FORMULAS[1] + "§ESC§[2J", FORMULAS[4], "A"]],
        "报价单": [["报价单号", "客户编号", "负责销售", "报价日期"]] + [[q, "CA", FORMULAS[3], "2026-03-05"] for q in ids],
        "报价明细": [["报价单号", "产品编码", "数量", "议价折扣"]] + [[q, "=SKU()", 1, None] for q in ids] + [[ids[0], "NOPE", 1, "3/5/2026"]],
    })


def orders_book(path: Path, cells: dict[str, object] | None = None) -> Path:
    """An orders sheet with findings and hostile text."""
    return build_book(path, {"订单": [
        ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货"],
        ["SO-1", "C1", FORMULAS[0], "3/5/2026", "abc§ESC§[2J", "2026-04-01"],
        ["SO-2", "C2", "张伟§ESC§[2J", "2026-03-05", 1200, "2026-04-01"],
    ]}, cells)


@dataclass
class Run:
    exit: int
    codes: set[str]
    text: str


def run_cli(*argv: str) -> Run:
    """`addin.cli.main` as a rep runs it; a traceback fails the test (main must return)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    text = out.getvalue() + err.getvalue()
    codes = set(re.findall(r"\[([a-z0-9-]+)\]", text))
    try:
        data = json.loads(out.getvalue())
        codes |= {i["code"] for i in data.get("issues", [])}
    except ValueError:
        pass  # plain-text output: the codes are the [code] marks above
    assert "Traceback" not in text
    return Run(code, codes, text)


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


# Parts the surgical writer may change; every other part stays byte-identical.
EDITABLE = re.compile(r"^(xl/worksheets/sheet\d+\.xml|xl/styles\.xml|xl/comments[^/]*\.xml|xl/comments/[^/]+\.xml|xl/drawings/[^/]*\.vml|.*\.rels|\[Content_Types\]\.xml)$")


def assert_untouched_parts_identical(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    for name, data in before.items():
        assert name in after, f"{name} lost"
        if not EDITABLE.match(name):
            assert after[name] == data, f"{name} changed"


def assert_reopens_without_user_formulas(path: Path) -> None:
    """openpyxl and calamine both read it, and no <f> element holds anything (no input had formulas)."""
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{path.name} {ws.title}!{cell.coordinate} is a formula: {cell.value!r}"
    calamine = CalamineWorkbook.from_path(str(path))
    for name in calamine.sheet_names:
        calamine.get_sheet_by_name(name).to_python()
    for name, data in parts(path).items():
        assert not re.search(rb"<(\w+:)?f[ >]", data), f"{path.name}:{name} holds a formula"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}
