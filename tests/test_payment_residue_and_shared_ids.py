"""Payments that must not be chased: milestones of an order id several orders keep (which order they belong to is
unknown) and a residue within the settings' amount tolerance (domain.md "Payments", "Order, lines, quote").

Built books, the real commands (`refresh --json`, `summary --json`): the to-do, the payment rows and the summary's
receivables and cash tab must agree."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
from conftest import workbook_of

from addin.cli import main

AS_OF = "2026-04-01T09:00:00+08:00"
ORDER_HEAD = ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额"]
PAY_HEAD = ["订单编号", "付款节点", "比例", "账期（工作日）", "实付日期", "实付金额"]
CUSTOMERS = [["客户编号", "客户名称", "负责销售", "客户分层"], ["C1", "上海恒信机械有限公司", "张伟", "B"],
             ["C2", "苏州远航精密制造有限公司", "张伟", "B"], ["C3", "杭州瑞丰供应链管理有限公司", "张伟", "B"]]


def books(folder: Path, orders: list[list[object]], payments: list[list[object]], settings: list[list[object]] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    workbook_of({"客户": CUSTOMERS}).save(folder / "customer_register.xlsx")
    workbook_of({"订单": [ORDER_HEAD, *orders], "回款节点": [PAY_HEAD, *payments]}).save(folder / "order_progress.xlsx")
    if settings:
        workbook_of({"设置": [["设置项", "说明", "值"], *settings]}).save(folder / "settings.xlsx")
    return folder


def cli(capsys, *argv: str) -> dict:
    capsys.readouterr()
    main([*argv, "--json", "--as-of", AS_OF])
    return json.loads(capsys.readouterr().out)


def chased(refresh: dict) -> dict[str, Decimal]:
    """Order id and milestone -> the amount the to-do asks the rep to collect."""
    return {t["subject"]: Decimal(str(t["amount"])) for t in refresh["todo"] if t["action"] == "payment"}


def receivable(summary: dict) -> dict[str, Decimal]:
    return {r["customer_id"]: Decimal(r["outstanding"]) for r in summary["receivables"]}


def team_cash(summary: dict) -> Decimal:
    row = next(r for r in summary["cash"] if r["rep"] == "*")
    return sum((Decimal(row[k]) for k in ("receivable_due", "overdue_1_30", "overdue_31_60", "overdue_61_90", "overdue_90_plus")), Decimal(0))


def test_milestones_of_an_order_id_two_orders_keep_are_not_priced_chased_nor_counted(tmp_path, capsys):
    folder = books(tmp_path / "books",
                   [["SO-1", "C1", "张伟", "2026-03-02", 81.42], ["SO-1", "C2", "张伟", "2026-03-02", 341997.30],  # the same id, two orders
                    ["SO-2", "C1", "张伟", "2026-03-02", 1000]],
                   [["SO-1", "预付款", "30%", 5, None, None], ["SO-1", "到货款", "60%", 10, "2026-03-20", 205198.38], ["SO-1", "验收款", "10%", 15, None, None],
                    ["SO-2", "预付款", "100%", 5, None, None]])
    refresh = cli(capsys, "refresh", str(folder))
    payments = {(p["row"], p["order_id"]): p for p in refresh["payments"]}
    for row in (2, 3, 4):
        p = payments[(row, "SO-1")]
        assert (p["amount"], p["due_on"], p["status"], p["open_amount"]) == (None, None, None, None)
    assert payments[(5, "SO-2")]["status"] == "overdue" and payments[(5, "SO-2")]["open_amount"] == "1000.00"
    assert chased(refresh) == {"SO-2 prepayment": Decimal("1000.00")}  # nothing of SO-1: neither customer is told to pay
    ambiguous = [i for i in refresh["issues"] if i["code"] == "payment-order-ambiguous"]
    assert [(i["sheet"], i["row"], i["column_key"], i["value"]) for i in ambiguous] == [("回款节点", 2, "order_id", "SO-1")]  # once per id
    assert "rows 2, 3" in ambiguous[0]["message_en"] and "2 orders" in ambiguous[0]["message_en"] and "第 2、3 行" in ambiguous[0]["message_zh"]
    assert "被 2 个订单使用" in ambiguous[0]["message_zh"]

    sheet = openpyxl.load_workbook(folder / "order_progress.xlsx")["回款节点"]  # the written columns agree: no amount, no status
    head = [c.value for c in sheet[1]]
    status = head.index(next(h for h in head if h and "状态" in str(h))) + 1
    assert [sheet.cell(r, status).value for r in (2, 3, 4)] == [None, None, None] and sheet.cell(5, status).value

    summary = cli(capsys, "summary", str(folder), "--out", str(tmp_path / "summary.xlsx"))
    assert receivable(summary) == {"C1": Decimal("1000.00")}  # C1's receivable is its own order only; C2 has none
    assert team_cash(summary) == Decimal("1000.00")


def test_check_says_shares_of_a_shared_order_id_add_up_wrong_because_two_orders_keep_it(tmp_path, capsys):
    folder = books(tmp_path / "books", [["SO-1", "C1", "张伟", "2026-03-02", 81.42], ["SO-1", "C2", "张伟", "2026-03-02", 341997.30],
                                        ["SO-2", "C1", "张伟", "2026-03-02", 1000]],
                   [["SO-1", "预付款", "100%", 5, None, None], ["SO-1", "预付款", "30%", 5, None, None], ["SO-1", "到货款", "60%", 10, None, None],
                    ["SO-1", "验收款", "10%", 15, None, None], ["SO-2", "预付款", "90%", 5, None, None]])
    capsys.readouterr()
    main(["check", str(folder), "--json"])
    shares = {i["row"]: i for i in json.loads(capsys.readouterr().out)["issues"] if i["code"] == "payment-shares-sum"}
    assert sorted(shares) == [2, 6]
    assert "200.00%" in shares[2]["message_en"] and "2 orders use this id" in shares[2]["message_en"]
    assert "有 2 个订单使用这个订单号" in shares[2]["message_zh"]
    assert "90.00%" in shares[6]["message_en"] and "orders use this id" not in shares[6]["message_en"]  # a plain wrong share says only that


def test_a_residue_within_the_amount_tolerance_is_paid_and_a_larger_one_is_chased(tmp_path, capsys):
    folder = books(tmp_path / "books",
                   [["SO-3", "C3", "张伟", "2026-03-02", 10214.86], ["SO-4", "C3", "张伟", "2026-03-02", 1000]],
                   [["SO-3", "预付款", "100%", 5, "2026-03-03", 10214.85],  # one cent short, paid before it was due
                    ["SO-4", "预付款", "100%", 5, "2026-03-03", 998]])  # two yuan short: beyond the default 1 yuan
    refresh = cli(capsys, "refresh", str(folder))
    payments = {p["order_id"]: p for p in refresh["payments"]}
    assert (payments["SO-3"]["status"], payments["SO-3"]["open_amount"]) == ("paid", None)
    assert (payments["SO-4"]["status"], payments["SO-4"]["open_amount"]) == ("overdue", "2.00")
    assert chased(refresh) == {"SO-4 prepayment": Decimal("2.00")}
    summary = cli(capsys, "summary", str(folder), "--out", str(tmp_path / "summary.xlsx"))
    assert receivable(summary) == {"C3": Decimal("2.00")}
    assert team_cash(summary) == Decimal("2.00")


def test_with_no_tolerance_a_cent_is_still_owed(tmp_path, capsys):
    folder = books(tmp_path / "books", [["SO-3", "C3", "张伟", "2026-03-02", 10214.86]], [["SO-3", "预付款", "100%", 5, "2026-03-03", 10214.85]],
                   settings=[["amount_tolerance_yuan", "金额核对容差（元）", 0]])
    refresh = cli(capsys, "refresh", str(folder))
    assert [(p["status"], p["open_amount"]) for p in refresh["payments"]] == [("overdue", "0.01")]
    assert chased(refresh) == {"SO-3 prepayment": Decimal("0.01")}
    assert receivable(cli(capsys, "summary", str(folder), "--out", str(tmp_path / "summary.xlsx"))) == {"C3": Decimal("0.01")}
