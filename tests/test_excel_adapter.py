"""The live-Excel adapter through its contract: a stand-in with xlwings' surface.

No Excel runs here; these tests pin what the adapter asks of xlwings (whole
ranges, a constant number of calls per sheet) and what it sends to the VBA
applier. The ribbon XML committed in macros/ must match the registry.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from addin.excel.live_book import LiveBook
from addin.excel.ribbon import BUTTONS, ribbon_xml, run

MACROS = Path(__file__).resolve().parent.parent / "macros"


class FakeRange:
    def __init__(self, sheet: "FakeSheet", first: tuple[int, int], last: tuple[int, int]) -> None:
        self.sheet, self.first, self.last = sheet, first, last

    @property
    def value(self):
        self.sheet.calls.append(("read", self.first, self.last))
        return [[self.sheet.cells.get((r, c)) for c in range(self.first[1], self.last[1] + 1)] for r in range(self.first[0], self.last[0] + 1)]

    @value.setter
    def value(self, rows):
        self.sheet.calls.append(("write", self.first, self.last))
        for dr, row in enumerate(rows):
            for dc, v in enumerate(row):
                self.sheet.cells[(self.first[0] + dr, self.first[1] + dc)] = v

    @property
    def number_format(self):
        return None

    @number_format.setter
    def number_format(self, fmt):
        self.sheet.calls.append(("format", self.first, self.last, fmt))


class FakeUsedRange:
    def __init__(self, sheet: "FakeSheet") -> None:
        rows = [r for r, _ in sheet.cells] or [1]
        cols = [c for _, c in sheet.cells] or [1]
        self.row, self.column = min(rows), min(cols)
        self._range = FakeRange(sheet, (self.row, self.column), (max(rows), max(cols)))

    @property
    def value(self):
        return self._range.value


class FakeSheet:
    def __init__(self, name: str, rows: list[list[object]], top: int = 1, left: int = 1) -> None:
        self.name = name
        self.calls: list[tuple] = []
        self.cells = {(top + r, left + c): v for r, row in enumerate(rows) for c, v in enumerate(row) if v is not None}

    @property
    def used_range(self):
        return FakeUsedRange(self)

    def range(self, first, last):
        return FakeRange(self, first, last)


class FakeBook:
    def __init__(self, sheets: list[FakeSheet]) -> None:
        self.fullname = "C:/Users/rep/orders.xlsx"
        self.name = "orders.xlsx"
        self._sheets = {s.name: s for s in sheets}
        self.macro_calls: list[tuple] = []

    @property
    def sheets(self):
        book = self

        class Sheets(list):
            def __getitem__(self, key):
                return book._sheets[key] if isinstance(key, str) else list.__getitem__(self, key)

        return Sheets(self._sheets.values())

    @property
    def app(self):
        book = self

        class App:
            def macro(self, name):
                return lambda *args: book.macro_calls.append((name, *args))

            def alert(self, *args, **kwargs):
                pass

        return App()


ORDERS = ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "发货时间", "到货时间"]


def _orders(n: int) -> FakeSheet:
    rows = [["订单跟踪"], [], ORDERS]
    for i in range(n):
        arrived = datetime(2026, 3, 19) if i % 2 else datetime(2026, 3, 25)
        rows.append([f"SO-{i}", "C1", "张伟", datetime(2026, 3, 5), 1200.0, datetime(2026, 4, 1), datetime(2026, 3, 20, 9), arrived])
    return FakeSheet("订单", rows, top=2, left=2)  # a table that starts at B2, below a title


def test_grids_are_anchored_at_a1_with_one_read_per_sheet():
    sheet = _orders(3)
    [grid] = LiveBook(FakeBook([sheet])).grids()
    assert grid.rows[0] == [] and grid.rows[1][:2] == [None, "订单跟踪"]  # B2 stays B2
    assert grid.rows[3][:3] == [None, "订单编号", "客户编号"]
    assert [c[0] for c in sheet.calls] == ["read"]


def test_check_button_makes_a_constant_number_of_calls_whatever_the_size():
    counts = []
    for n in (4, 40):
        sheet = _orders(n)
        book = FakeBook([sheet])
        message = run("salesdesk_check", book=book, lang="en")
        assert message.startswith(f"Check done: {n // 2} error(s)")
        counts.append((len(sheet.calls), len(book.macro_calls)))
        [(name, book_name, payload)] = book.macro_calls
        assert (name, book_name) == ("'salesdesk.xlam'!SalesdeskApply", "orders.xlsx")
        lines = payload.split("\n")
        assert lines[0] == "clear\t订单"
        assert sum(1 for l in lines if l.startswith("note\t")) == n // 2
        assert lines[-1].startswith("mark\t订单\tI6,I8") and lines[-1].endswith("\terror")  # odd rows arrive early
        status = [v for (r, c), v in sheet.cells.items() if c == 10 and r > 4 and v]
        assert len(status) == n // 2 and all(s.startswith("1 error(s): Arrived at") for s in status)
    assert counts[0] == counts[1]  # independent of the number of rows


def test_every_button_is_in_the_committed_ribbon_xml():
    committed = (MACROS / "ribbon.xml").read_text(encoding="utf-8")
    assert committed == ribbon_xml("zh"), "regenerate: python -m addin.excel.ribbon > macros/ribbon.xml"
    vba = (MACROS / "salesdesk.bas").read_text(encoding="utf-8")
    for button in BUTTONS:
        assert f'tag="{button.id}"' in committed
    assert "Public Sub SalesdeskButton" in vba and "Public Function SalesdeskApply" in vba
