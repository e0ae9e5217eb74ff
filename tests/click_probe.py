"""One ribbon click in a fresh process, as the add-in starts it on Windows (addin/excel/click.py),
on a 2,000-row customer register held by a plain stand-in for the open workbook.

`python [-X importtime] tests/click_probe.py BUTTON FOLDER ROWS` prints one JSON line:
the message, the modules of interest that were imported, and the seconds the click took
inside Python. The stand-in is plain Python (no openpyxl, no mock library), so what the
process imports is what salesdesk and xlwings import; tests/test_click_time.py runs it.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

STARTED = time.perf_counter()
HEADERS = ["客户编号", "客户名称", "行业", "区域", "负责销售", "获客渠道", "首次接触", "需求强度", "采购能力", "客户分层", "电话", "状态", "备注"]
WATCHED = ("openpyxl", "pandas", "polars", "numpy", "xlsxwriter", "oletools", "olefile")


def register(rows: int) -> list[list[object]]:
    grid: list[list[object]] = [list(HEADERS)]
    for n in range(rows):
        grid.append([f"C{n:05d}", f"客户{n}有限公司", "制造", ("华东", "华南", "华北")[n % 3], ("张伟", "李娜", "王磊")[n % 3],
                     ("老客转介绍", "线下", "线上", "其他")[n % 4], datetime(2025, 1, 1) + timedelta(days=n % 500),
                     float(1 + n % 5), float(1 + (n * 7) % 5), ("A", "B", "C")[n % 3], f"1380000{n:04d}", "合作中",
                     "备注" if n % 11 == 0 else None])
    grid[7][6] = "2025/13/45"  # a few mistakes to annotate
    grid[9][0] = grid[6][0]  # the same rep (a customer is (rep, id)): one id kept twice
    return grid


class Used:
    def __init__(self, rows: list[list[object]]) -> None:
        self.value, self.row, self.column = rows, 1, 1


class Sheet:
    def __init__(self, name: str, rows: list[list[object]]) -> None:
        self.name, self.used_range, self.writes = name, Used(rows), 0

    def range(self, first: tuple[int, int], last: tuple[int, int]) -> "Block":
        return Block(self, first, last)

    def activate(self) -> None:
        pass


class Block:
    def __init__(self, sheet: Sheet, first: tuple[int, int], last: tuple[int, int]) -> None:
        self.sheet, self.first, self.last = sheet, first, last

    @property
    def value(self) -> list[list[object]]:
        return [[None] for _ in range(self.last[0] - self.first[0] + 1)]

    @value.setter
    def value(self, rows: object) -> None:
        self.sheet.writes += 1

    @property
    def number_format(self) -> str:
        return "General"

    @number_format.setter
    def number_format(self, fmt: str) -> None:
        self.sheet.writes += 1


class App:
    def __init__(self, book: "Book") -> None:
        self.book, self.status_bar, self.alerts, self.selection, self.payload = book, None, [], None, ""
        self.books = type("Books", (), {"active": book})()

    def macro(self, name: str):
        def call(*args: object) -> object:
            if name.endswith("SalesdeskApply"):
                self.payload = str(args[1])
                return self.payload.count("\n") + 1
            if name.endswith("SalesdeskSheet"):  # a generated sheet (the to-do) found or added, emptied
                sheet = str(args[2])
                if all(s.name != sheet for s in self.book.sheets):
                    self.book.sheets.append(Sheet(sheet, [[None]]))
                return sheet
            return ""
        return call

    def alert(self, message: str, title: str = "", mode: str = "") -> None:
        self.alerts.append(message)


class Book:
    def __init__(self, folder: Path, rows: int) -> None:
        self.name = "客户档案.xlsx"
        self.fullname = str(folder / self.name)
        self.sheet_list = [Sheet("客户档案", register(rows))]
        self.sheets = Sheets(self.sheet_list)
        self.app = App(self)


class Sheets(list):
    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            return next(s for s in self if s.name == key)
        return list.__getitem__(self, key)


def main() -> None:
    button, folder, rows = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    frames = "--frames" in sys.argv  # as xlwings' RunPython starts Python: pandas, polars and numpy imported
    from addin.excel import click

    if button in click.LEAN_BUTTONS and not frames:  # what click.main does before anything else
        click.keep_out_frame_libraries()
    import xlwings  # noqa: F401 - the launch imports it (Book.caller); here the stand-in is the caller

    from addin.excel.ribbon import run

    book = Book(folder, rows)
    message = run(button, book=book, lang="zh")
    print(json.dumps({"message": message, "alerts": book.app.alerts, "notes": book.app.payload.count("\nnote\t") + book.app.payload.startswith("note\t"),
                      "imported": sorted(m for m in WATCHED if sys.modules.get(m) is not None),
                      "seconds": round(time.perf_counter() - STARTED, 3)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
