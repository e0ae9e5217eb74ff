"""Documents that agree with each other (issue 18, item 3): an order's amount against its lines and its quote,
payment shares and amounts, and the contract's terms against the quote and the order (domain.md, "Team
identity and consistency"). Real workbooks are written, the commands run, the findings and documents read back."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from conftest import workbook_of
from forms_data import books

from addin.cli import main
from addin.commands.check import run_check
from addin.commands.forms import FormRequest, run_forms
from addin.commands.refresh import run_refresh
from addin.documents.model import Grid

AS_OF = datetime(2026, 3, 6, 9)

# One SKU at 137,023.20 before VAT: the quote's total incl. VAT is 154,836.22 (no discount applies: tier C, quantity 1, no prepayment).
PRICED = {
    "价格表": [["产品编码", "产品名称", "单位", "目录价", "底价"], ["PL", "生产线", "套", 137023.20, 120000], ["EQ", "冷柜", "台", 72800, 60000]],
    "客户": [["客户编号", "客户名称", "负责销售", "客户分层"], ["C1", "上海恒信机械有限公司", "张伟", "C"]],
    "报价单": [["报价单号", "客户编号", "负责销售", "报价日期"], ["Q-9", "C1", "张伟", "2026-03-01"]],
    "报价明细": [["报价单号", "产品编码", "数量"], ["Q-9", "PL", 1]],
}
ORDER_HEAD = ["订单编号", "客户编号", "报价单号", "负责销售", "签约日期", "合同金额", "计划到货"]
LINES_HEAD = ["订单编号", "产品编码", "数量", "单价"]
PAY_HEAD = ["订单编号", "付款节点", "比例", "账期（工作日）", "应付金额"]


def team_book(folder: Path, orders: list[list[object]], lines: list[list[object]], payments: list[list[object]], settings: list[list[object]] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    workbook_of(PRICED).save(folder / "quote_calculator.xlsx")
    workbook_of({"订单": [ORDER_HEAD, *orders], "订单明细": [LINES_HEAD, *lines], "回款节点": [PAY_HEAD, *payments]}).save(folder / "order_progress.xlsx")
    if settings:
        workbook_of({"设置": [["设置项", "说明", "值"], *settings]}).save(folder / "settings.xlsx")
    return folder


def found(issues, *codes: str) -> list[tuple[str, int | None, str | None, str | None]]:
    return sorted((i.code, i.row, i.column_key, i.value) for i in issues if i.code in codes)


CODES = ("amount-lines-mismatch", "amount-quote-mismatch", "payment-shares-sum", "payment-amount-mismatch", "prepay-share-mismatch", "response-promise-mismatch")


def test_an_amount_that_disagrees_with_its_lines_and_its_quote_is_reported_with_both_values(tmp_path):
    folder = team_book(tmp_path, [["SO-1", "C1", "Q-9", "张伟", "2026-03-02", 145000, "2026-04-01"],
                                  ["SO-2", "C1", "Q-9", "张伟", "2026-03-02", 154836.22, "2026-04-01"]],
                       [["SO-1", "EQ", 2, 72800], ["SO-2", "PL", 1, 154836.22]],
                       [["SO-1", "预付款", "100%", 5, None], ["SO-2", "预付款", "100%", 5, None]],
                       settings=[["amount_tolerance_share", "金额核对容差（比例）", "0.1%"]])
    result = run_check([folder], as_of=AS_OF.date())
    assert found(result.issues, *CODES) == [("amount-lines-mismatch", 2, "contract_amount", "¥145,000.00"),
                                            ("amount-quote-mismatch", 2, "contract_amount", "¥145,000.00")]
    by_code = {i.code: i for i in result.issues if i.code in CODES}
    assert "¥145,600.00" in by_code["amount-lines-mismatch"].message_en and "¥145,000.00" in by_code["amount-lines-mismatch"].message_en
    assert "Q-9" in by_code["amount-quote-mismatch"].message_zh and "¥154,836.22" in by_code["amount-quote-mismatch"].message_zh
    assert by_code["amount-lines-mismatch"].cell == "F2"  # on the amount the rep typed


def test_the_default_tolerance_is_half_a_percent_or_one_yuan_the_larger(tmp_path):
    folder = team_book(tmp_path, [["SO-1", "C1", "Q-9", "张伟", "2026-03-02", 145000, "2026-04-01"],  # 600 off 145,600: within 0.5% (728)
                                  ["SO-2", "C1", None, "张伟", "2026-03-02", 101.5, "2026-04-01"],  # 1.50 off 100: beyond 1 yuan
                                  ["SO-3", "C1", None, "张伟", "2026-03-02", 100.9, "2026-04-01"]],  # 0.90 off: within
                       [["SO-1", "EQ", 2, 72800], ["SO-2", "EQ", 1, 100], ["SO-3", "EQ", 1, 100]], [])
    assert found(run_check([folder], as_of=AS_OF.date()).issues, *CODES) == [("amount-lines-mismatch", 3, "contract_amount", "¥101.50"),
                                                                             ("amount-quote-mismatch", 2, "contract_amount", "¥145,000.00")]


def test_lines_before_vat_are_compared_with_vat_added_when_the_order_says_so(tmp_path):
    folder = team_book(tmp_path, [], [], [])
    rows = [ORDER_HEAD + ["明细单价不含税"], ["SO-1", "C1", "Q-9", "张伟", "2026-03-02", 154836.22, "2026-04-01", "是"],
            ["SO-2", "C1", None, "张伟", "2026-03-02", 137023.20, "2026-04-01", "是"]]
    workbook_of({"订单": rows, "订单明细": [LINES_HEAD, ["SO-1", "PL", 1, 137023.20], ["SO-2", "PL", 1, 137023.20]]}).save(folder / "order_progress.xlsx")
    issues = run_check([folder], as_of=AS_OF.date()).issues
    assert found(issues, *CODES) == [("amount-lines-mismatch", 3, "contract_amount", "¥137,023.20")]
    assert "¥154,836.22" in next(i for i in issues if i.code == "amount-lines-mismatch").message_en


def test_payment_shares_must_add_up_and_a_typed_amount_must_be_its_share(tmp_path):
    folder = team_book(tmp_path, [["SO-1", "C1", None, "张伟", "2026-03-02", 100000, "2026-04-01"],
                                  ["SO-2", "C1", None, "张伟", "2026-03-02", 100000, "2026-04-01"]],
                       [["SO-1", "EQ", 1, 100000], ["SO-2", "EQ", 1, 100000]],
                       [["SO-1", "预付款", "30%", 5, 30000], ["SO-1", "到货款", "50%", 10, None], ["SO-1", "验收款", "10%", 15, None],
                        ["SO-2", "预付款", "30%", 5, 30000.01], ["SO-2", "到货款", "70%", 10, 69000]])
    issues = run_check([folder], as_of=AS_OF.date()).issues
    assert found(issues, *CODES) == [("payment-amount-mismatch", 6, "amount", "¥69,000.00"), ("payment-shares-sum", 2, "share", None)]
    shares = next(i for i in issues if i.code == "payment-shares-sum")
    assert "SO-1" in shares.message_en and "90.00%" in shares.message_en
    assert "¥70,000.00" in next(i for i in issues if i.code == "payment-amount-mismatch").message_zh


def test_a_duplicate_order_id_is_not_reconciled_twice(tmp_path):
    folder = team_book(tmp_path, [["SO-1", "C1", None, "张伟", "2026-03-02", 100, "2026-04-01"], ["SO-1", "C1", None, "张伟", "2026-03-02", 500, "2026-04-01"]],
                       [["SO-1", "EQ", 1, 100], ["SO-1", "EQ", 1, 500]], [])
    issues = run_check([folder], as_of=AS_OF.date()).issues
    assert found(issues, *CODES) == [] and "duplicate-id" in {i.code for i in issues}


def forms_folder(tmp_path: Path, quote_share: str, payments: list[list[object]], amount: float) -> Path:
    sheets = books()
    quotes = dict(sheets["quote_calculator.xlsx"])
    quotes["报价单"] = [quotes["报价单"][0], [*quotes["报价单"][1][:4], quote_share]]
    orders = dict(sheets["order_progress.xlsx"])
    order = [list(r) for r in orders["订单"]]
    order[1][5], order[1][6] = amount, None  # the amount as the quote's total; lines in the quote's old net prices are left unflagged
    orders.update({"订单": order, "订单明细": [LINES_HEAD], "回款节点": [PAY_HEAD[:4], *payments]})
    for name, content in (("quote_calculator.xlsx", quotes), ("order_progress.xlsx", orders), ("settings.xlsx", sheets["settings.xlsx"])):
        workbook_of(content).save(tmp_path / name)
    return tmp_path


def test_a_contract_from_a_quote_priced_with_50_percent_prepayment_is_a_draft_while_the_order_says_30(tmp_path):
    (tmp_path / "a").mkdir()
    pays = [["SO-1", "预付款", "50%", 5], ["SO-1", "到货款", "40%", 10], ["SO-1", "验收款", "10%", 15]]
    probe = run_forms("contract", [forms_folder(tmp_path / "a", "50%", pays, 0)], FormRequest(quote_id="Q-1"), as_of=AS_OF, write=False)
    total = [b for b in probe.document.blocks if isinstance(b, Grid)][0].totals[-1][1]
    (tmp_path / "b").mkdir()
    folder = forms_folder(tmp_path / "b", "50%", [["SO-1", "预付款", "50%", 5], ["SO-1", "到货款", "40%", 10], ["SO-1", "验收款", "10%", 15]], float(total))
    agreed = run_forms("contract", [folder], FormRequest(quote_id="Q-1"), as_of=AS_OF)
    assert not agreed.document.draft and agreed.exit_code() == 0
    (tmp_path / "c").mkdir()
    folder = forms_folder(tmp_path / "c", "50%", [["SO-1", "预付款", "30%", 5], ["SO-1", "到货款", "60%", 10], ["SO-1", "验收款", "10%", 15]], float(total))
    run = run_forms("contract", [folder], FormRequest(quote_id="Q-1"), as_of=AS_OF)
    payments = [b for b in run.document.blocks if isinstance(b, Grid)][1]
    assert [r[1] for r in payments.rows] == [Decimal("0.5"), Decimal("0.4"), Decimal("0.1")]  # the quote's 50% first, never the order's 30%
    assert sum(r[2] for r in payments.rows) == total
    reason = next(r for r in run.document.draft_reasons if r.code == "prepay-share-mismatch")
    assert "50%" in reason.zh and "30%" in reason.zh and "回款节点" in reason.zh
    assert run.document.draft and run.exit_code() == 1
    written = " ".join(str(c.value) for row in __import__("openpyxl").load_workbook(run.sheet).active.iter_rows() for c in row if c.value is not None)
    assert "草稿" in written and "30%" in written and "50%" in written  # the DRAFT prints its reason with both values
    # check says the same, on the order's prepayment row
    assert [(i.code, i.sheet, i.row, i.value) for i in run_check([folder], as_of=AS_OF.date()).issues if i.code == "prepay-share-mismatch"] == \
        [("prepay-share-mismatch", "回款节点", 2, "30%")]


def test_a_response_promise_that_differs_from_the_order_makes_the_contract_a_draft(tmp_path):
    sheets = books()
    orders = dict(sheets["order_progress.xlsx"])
    order = [list(r) for r in orders["订单"]]
    order[0].append("合同响应时限（小时）")
    order[1].append(4)  # the requirement form promises 2 h for the fridge
    orders["订单"] = order
    for name, content in (("quote_calculator.xlsx", sheets["quote_calculator.xlsx"]), ("order_progress.xlsx", orders), ("settings.xlsx", sheets["settings.xlsx"])):
        workbook_of(content).save(tmp_path / name)
    run = run_forms("contract", [tmp_path], FormRequest(quote_id="Q-1"), as_of=AS_OF, write=False)
    reason = next(r for r in run.document.draft_reasons if r.code == "response-promise-mismatch")
    assert "SO-1" in reason.en and "4 h" in reason.en and "'2'" in reason.en
    assert run.exit_code() == 1


def test_every_command_that_uses_the_numbers_reports_the_mismatch(tmp_path, capsys):
    folder = team_book(tmp_path, [["SO-1", "C1", "Q-9", "张伟", "2026-03-02", 145000, "2026-04-01"]], [["SO-1", "EQ", 2, 72800]],
                       [["SO-1", "预付款", "30%", 5, None], ["SO-1", "到货款", "60%", 10, None]])
    assert main(["check", str(folder), "--json", "--lang", "en"]) == 1
    codes = {i["code"] for i in json.loads(capsys.readouterr().out)["issues"]}
    assert {"amount-quote-mismatch", "payment-shares-sum"} <= codes
    refreshed = run_refresh([folder], AS_OF, "en", write=False)  # its payment amounts rest on the amount: the mismatch is its own
    assert {"amount-quote-mismatch", "payment-shares-sum"} <= {i.code for i in refreshed.issues}


def test_two_orders_from_one_quote_that_disagree_on_the_penalty_are_both_flagged(tmp_path):
    folder = team_book(tmp_path, [], [], [])
    head = ORDER_HEAD + ["日违约金比例", "违约金上限"]
    workbook_of({"订单": [head, ["SO-1", "C1", "Q-9", "张伟", "2026-03-02", 154836.22, "2026-04-01", "0.05%", "5%"],
                          ["SO-2", "C1", "Q-9", "张伟", "2026-03-09", 154836.22, "2026-04-08", "0.1%", "5%"]]}).save(folder / "order_progress.xlsx")
    issues = run_check([folder], as_of=AS_OF.date()).issues
    assert found(issues, "quote-orders-terms-mismatch") == [("quote-orders-terms-mismatch", 2, "penalty_rate_per_day", "0.05%"),
                                                            ("quote-orders-terms-mismatch", 3, "penalty_rate_per_day", "0.1%")]
    assert "SO-2" in next(i for i in issues if i.row == 2 and i.code == "quote-orders-terms-mismatch").message_en


def test_refresh_writes_a_stale_payment_amount_again_and_check_then_agrees(tmp_path):
    folder = team_book(tmp_path, [["SO-1", "C1", None, "张伟", "2026-03-02", 100000, "2026-04-01"]], [["SO-1", "EQ", 1, 100000]],
                       [["SO-1", "预付款", "30%", 5, 25000], ["SO-1", "到货款", "70%", 10, None]])
    assert found(run_check([folder], as_of=AS_OF.date()).issues, *CODES) == [("payment-amount-mismatch", 2, "amount", "¥25,000.00")]
    refreshed = run_refresh([folder], AS_OF, "en")
    assert "payment-amount-mismatch" not in {i.code for i in refreshed.issues}  # its own write resolves it
    assert found(run_check([folder], as_of=AS_OF.date()).issues, *CODES) == []
    import openpyxl

    sheet = openpyxl.load_workbook(folder / "order_progress.xlsx")["回款节点"]
    assert [sheet.cell(r, 5).value for r in (2, 3)] == [30000, 70000]


def test_two_reps_numbering_from_the_same_order_id_are_reconciled_each_in_their_own_books(tmp_path):
    team_book(tmp_path / "张伟", [["SO-1", "C1", "Q-9", "张伟", "2026-03-02", 154836.22, "2026-04-01"]], [["SO-1", "PL", 1, 154836.22]],
              [["SO-1", "预付款", "100%", 5, None]])
    team_book(tmp_path / "李娜", [["SO-1", "C1", "Q-9", "李娜", "2026-03-02", 145000, "2026-04-01"]], [["SO-1", "EQ", 2, 72800]],
              [["SO-1", "预付款", "30%", 5, None], ["SO-1", "到货款", "60%", 10, None]])
    issues = run_check([tmp_path], as_of=AS_OF.date()).issues
    assert sorted((Path(i.file).parts[0], i.code) for i in issues if i.code in CODES) == [("李娜", "amount-quote-mismatch"), ("李娜", "payment-shares-sum")]
