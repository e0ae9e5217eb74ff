"""A recording fake of the xlwings objects the live adapter uses.

Every object is `create_autospec(<real xlwings class>, spec_set=True)`, so an
attribute xlwings does not have, or a wrong argument, fails here as it would
in Excel. Behind them: a dict of cells per sheet, and a log of every call made
into "Excel" (reads, writes, formats, macro runs, alerts, status bar).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from unittest.mock import PropertyMock, create_autospec

import openpyxl
import xlwings
import xlwings.main


@dataclass
class FakeExcel:
    calls: list[tuple] = field(default_factory=list)
    cells: dict[str, dict[tuple[int, int], object]] = field(default_factory=dict)
    alerts: list[tuple[str, dict]] = field(default_factory=list)
    status: list[object] = field(default_factory=list)
    active: str | None = None  # the sheet last activated
    active_book: object = None  # what app.books.active returns
    names: dict[str, str] = field(default_factory=dict)  # hidden defined names of generated sheets: marker -> sheet
    number_formats: dict[str, str] = field(default_factory=dict)  # sheet -> the whole sheet's format (SalesdeskSheet)
    selection: tuple[str, int] | None = None  # the active cell's (sheet, row), what app.selection returns
    _app: object = None
    _sheets: dict[str, object] = field(default_factory=dict)
    _proto: object = None
    _target: tuple = ()

    def excel_calls(self) -> int:
        return len(self.calls)

    # -- builders ---------------------------------------------------------
    def range(self, sheet: str, first: tuple[int, int], last: tuple[int, int]):
        return _Range(self, (sheet, first, last))

    def _range_spec(self):
        """The one autospec'd xlwings.Range behind every range handle (building one costs ~0.1 s): strict,
        aimed at the handle's cells before each use."""
        if self._proto is not None:
            return self._proto
        rng = create_autospec(xlwings.Range, instance=True, spec_set=True)

        def value(*assigned):
            sheet, first, last = self._target
            cells = self.cells[sheet]
            if assigned:
                self.calls.append(("write", sheet, first, last))
                for dr, row in enumerate(assigned[0]):
                    for dc, v in enumerate(row if isinstance(row, list) else [row]):
                        if isinstance(v, str) and v.startswith("'"):
                            v = v[1:]  # Excel keeps what follows a leading apostrophe as text
                        if isinstance(v, str) and v.startswith("=") and self.number_formats.get(sheet) != "@":
                            raise AssertionError(f"{sheet}: {v!r} would be a formula in Excel")
                        cells[(first[0] + dr, first[1] + dc)] = v
                return None
            self.calls.append(("read", sheet, first, last))
            return [[cells.get((r, c)) for c in range(first[1], last[1] + 1)] for r in range(first[0], last[0] + 1)]

        def number_format(*assigned):
            if assigned:
                sheet, first, last = self._target
                self.calls.append(("format", sheet, first, last, assigned[0]))
            return None

        type(rng).value = PropertyMock(side_effect=value)
        type(rng).number_format = PropertyMock(side_effect=number_format)
        type(rng).row = PropertyMock(side_effect=lambda: self._target[1][0])
        type(rng).column = PropertyMock(side_effect=lambda: self._target[1][1])
        rng.options.side_effect = lambda *a, **k: _Range(self, self._target)  # options(ndim=2): a converter on the same cells
        self._proto = rng
        return rng

    def sheet(self, name: str):
        sheet = create_autospec(xlwings.Sheet, instance=True, spec_set=True)
        type(sheet).name = PropertyMock(return_value=name)

        def used_range():
            keys = self.cells[name] or {(1, 1): None}
            rows, cols = [r for r, _ in keys], [c for _, c in keys]
            return self.range(name, (min(rows), min(cols)), (max(rows), max(cols)))

        type(sheet).used_range = PropertyMock(side_effect=used_range)
        sheet.range.side_effect = lambda first, last=None: self.range(name, first, last or first)
        sheet.activate.side_effect = lambda: setattr(self, "active", name)
        return sheet

    def _sheet_object(self, name: str):
        if name not in self._sheets:
            self.cells[name]  # noqa: B018 - a sheet that is not there is a KeyError, as in Excel
            self._sheets[name] = self.sheet(name)
        return self._sheets[name]

    def book(self, fullname: str):
        collection = create_autospec(xlwings.main.Sheets, instance=True, spec_set=True)
        collection.__iter__.side_effect = lambda: iter([self._sheet_object(n) for n in list(self.cells)])
        collection.__getitem__.side_effect = lambda key: self._sheet_object(key if isinstance(key, str) else list(self.cells)[key])
        collection.__len__.side_effect = lambda: len(self.cells)

        app = self.app()
        book = create_autospec(xlwings.Book, instance=True, spec_set=True)
        type(book).fullname = PropertyMock(return_value=fullname)
        type(book).name = PropertyMock(return_value=Path(fullname.replace("\\", "/")).name)
        type(book).sheets = PropertyMock(return_value=collection)
        type(book).app = PropertyMock(return_value=app)
        if self.active_book is None:
            self.active_book = book
        return book

    def addin(self):
        """The add-in workbook: what `Book.caller()` returns when RunPython runs from salesdesk.xlam."""
        book = create_autospec(xlwings.Book, instance=True, spec_set=True)
        type(book).name = PropertyMock(return_value="salesdesk.xlam")
        type(book).fullname = PropertyMock(return_value="C:/Users/rep/AppData/Roaming/Microsoft/Excel/XLSTART/salesdesk.xlam")
        type(book).app = PropertyMock(return_value=self.app())
        return book

    def app(self):
        if self._app is None:
            app = create_autospec(xlwings.App, instance=True, spec_set=True)

            def macro(name):
                def call(*args):
                    self.calls.append(("macro", name, *args))
                    return self._run_macro(name.rsplit("!", 1)[-1], *args)

                return call

            app.macro.side_effect = macro
            app.alert.side_effect = lambda prompt, **kw: self.alerts.append((prompt, kw))
            type(app).selection = PropertyMock(side_effect=self._selection)
            type(app).status_bar = PropertyMock(side_effect=lambda *v: self.status.append(v[0]) if v else None)
            books = create_autospec(xlwings.main.Books, instance=True, spec_set=True)
            type(books).active = PropertyMock(side_effect=lambda: self.active_book)
            type(app).books = PropertyMock(return_value=books)
            self._app = app
        return self._app

    def _selection(self):
        self.calls.append(("selection",))
        if self.selection is None:
            return None
        sheet, row = self.selection
        rng = create_autospec(xlwings.Range, instance=True, spec_set=True)
        type(rng).sheet = PropertyMock(return_value=self.sheet(sheet))
        type(rng).row = PropertyMock(return_value=row)
        return rng

    def _run_macro(self, name: str, *args):
        """What the add-in's VBA (addin/excel/macros/salesdesk.bas) does to the cells, for the functions that return something."""
        if name == "SalesdeskOwned":
            return "".join(sheet + "\t" for sheet in self.names.values() if sheet in self.cells)
        if name == "SalesdeskSheet":
            _book, marker, wanted, _header_rows, _widths = args
            sheet = self.names.get(marker)
            if sheet not in self.cells:
                sheet, n = wanted, 2
                while sheet in self.cells:
                    sheet, n = f"{wanted} ({n})", n + 1
                self.names[marker] = sheet
            self.cells[sheet] = {}
            self.number_formats[sheet] = "@"
            return sheet
        return None

    def payloads(self) -> list[str]:
        """The SalesdeskApply payloads: every note, highlight and link of a run."""
        return [call[3] for call in self.calls if call[0] == "macro" and call[1].endswith("!SalesdeskApply")]


class _Range:
    """A handle on one range of cells: every attribute is the autospec'd xlwings.Range's (a misspelt one
    fails), used on this handle's cells."""

    def __init__(self, excel: FakeExcel, target: tuple) -> None:
        object.__setattr__(self, "_excel", excel)
        object.__setattr__(self, "_cells", target)

    def __getattr__(self, name: str):
        spec = self._excel._range_spec()
        self._excel._target = self._cells
        return getattr(spec, name)

    def __setattr__(self, name: str, value: object) -> None:
        spec = self._excel._range_spec()
        self._excel._target = self._cells
        setattr(spec, name, value)


def from_rows(sheets: dict[str, list[list[object]]], top: int = 1, left: int = 1) -> FakeExcel:
    excel = FakeExcel()
    for name, rows in sheets.items():
        excel.cells[name] = {(top + r, left + c): v for r, row in enumerate(rows) for c, v in enumerate(row) if v is not None}
    return excel


def from_file(path: Path) -> FakeExcel:
    """What Excel would hold after opening the file: the same cell values."""
    wb = openpyxl.load_workbook(path)
    excel = FakeExcel()
    for ws in wb.worksheets:
        excel.cells[ws.title] = {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None}
    return excel
