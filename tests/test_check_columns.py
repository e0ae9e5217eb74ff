"""The column-wise shortcuts of `check` (issue 23, item 2) find exactly what the row-by-row rules find.

Each test builds a real workbook, runs the command, and compares its findings with the same run where the
shortcut is switched off (every row through the row-wise rule), so a shortcut that skipped a row would show.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from addin.checks import row_rules, run
from addin.cli import main
from addin.commands.check import run_check
from addin.domain import plausible

HEADER = ["订单编号", "客户编号", "负责销售", "签约日期", "发货时间", "到货时间", "安装完成时间", "验收时间", "计划到货", "计划安装完成", "单号发送时间", "合同金额"]


def _orders(rows: int) -> list[list[object]]:
    body: list[list[object]] = [HEADER]
    for n in range(rows):
        signed = date(2026, 1, 1 + n % 28)
        shipped = datetime(2026, 2, 1 + n % 20, 9)
        arrived = datetime(2026, 2, 5 + n % 20, 10)
        row: list[object] = [f"SO-{n:04d}", f"C{n % 7:03d}", "张伟", signed, shipped, arrived, datetime(2026, 3, 1 + n % 25, 9), None,
                             date(2026, 3, 1), date(2026, 3, 10), shipped, 1000.5 + n]
        if n % 9 == 0:
            row[5] = datetime(2026, 1, 1, 8)  # arrived before shipped, and before signed
        if n % 11 == 0:
            row[4] = None  # a gap: arrived is then compared with signed
            row[5] = datetime(2025, 12, 30, 8)
        if n % 13 == 0:
            row[9] = date(2026, 2, 1)  # planned install before planned arrival
        if n % 17 == 0:
            row[3] = date(1899, 12, 30)  # Excel's empty date: said so, and read as empty
        if n % 19 == 0:
            row[11] = 0.001  # an amount no one means
        if n % 23 == 0:
            row[3] = date(9999, 12, 31)
        body.append(row)
    return body


def _findings(path) -> list[tuple]:
    return [(i.file, i.sheet, i.row, i.column, i.code, i.message_zh, i.message_en, str(i.value)) for i in run_check([path]).issues]


def test_date_order_and_plausibility_shortcuts_find_what_every_row_finds(write_book, monkeypatch):
    path = write_book("orders.xlsx", {"订单": _orders(400)})
    fast = _findings(path)
    codes = {f[4] for f in fast}
    assert {"date-order", "date-implausible", "amount-implausible"} <= codes
    monkeypatch.setattr(run, "ROW_SUSPECTS", {})  # every row through the row rule
    monkeypatch.setattr(plausible, "_suspects", lambda kind, values, bounds: [i for i, v in enumerate(values) if v is not None])
    assert _findings(path) == fast


def test_a_clean_sheet_skips_the_row_rules_yet_a_single_late_date_is_found(write_book):
    rows = [HEADER] + [[f"SO-{n}", "C1", "张伟", date(2026, 1, 5), datetime(2026, 1, 9, 9), datetime(2026, 1, 12, 9), None, None, None, None, None, 10.0]
                       for n in range(300)]
    rows[250][5] = datetime(2026, 1, 8, 9)  # one arrival before its shipment
    path = write_book("orders.xlsx", {"订单": rows})
    suspects = row_rules.ROW_SUSPECTS[row_rules.order_dates]
    from addin.io.load import load

    table = load([path]).tables.of("orders")[0]
    assert suspects(table) == {249}  # the one row, by position: the rule runs on it alone
    found = [(i.row, i.column, i.code) for i in run_check([path]).issues if i.code == "date-order"]
    assert found == [(251, "F", "date-order")]


def test_json_of_a_sheet_with_odd_values_is_the_same_whichever_path_reads_it(write_book, monkeypatch, capsys):
    body = _orders(60)
    body[5][5] = "昨天"  # text where a date-time belongs: read as text, an issue of its own
    body[6][3] = "2026/02/30"
    path = write_book("orders.xlsx", {"订单": body})
    assert main(["check", str(path), "--json", "--lang", "en", "--quiet"]) == 1
    fast = json.loads(capsys.readouterr().out)
    monkeypatch.setattr(run, "ROW_SUSPECTS", {})
    assert main(["check", str(path), "--json", "--lang", "en", "--quiet"]) == 1
    assert json.loads(capsys.readouterr().out) == fast
    assert any(i["code"] == "value-unparseable" and i["row"] == 6 for i in fast["issues"])
