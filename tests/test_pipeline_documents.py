"""The contract's number and its total in Chinese capitals, checked against known amounts and read back from the file."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from conftest import workbook_of
from forms_data import books

from addin.commands.forms import FormRequest, run_forms
from addin.documents.capitals import capitals
from addin.documents.model import Facts

AS_OF = datetime(2026, 3, 6, 9)


@pytest.mark.parametrize("amount, words", [
    ("154836.22", "人民币壹拾伍万肆仟捌佰叁拾陆元贰角贰分"),
    ("10.00", "人民币壹拾元整"),
    ("0.05", "人民币伍分"),
    ("1000001.10", "人民币壹佰万零壹元壹角"),
    ("100000.00", "人民币壹拾万元整"),
    ("1.05", "人民币壹元零伍分"),
    ("10010", "人民币壹万零壹拾元整"),
    ("1010", "人民币壹仟零壹拾元整"),
    ("20304.50", "人民币贰万零叁佰零肆元伍角"),
    ("1000010000", "人民币壹拾亿零壹万元整"),
    ("0.004", "人民币零元整"),
    ("0.005", "人民币壹分"),  # half-up to the cent first
])
def test_capitals_follow_the_banking_convention(amount, words):
    assert capitals(D(amount)) == words


def test_negative_amounts_have_no_capitals():
    with pytest.raises(ValueError):
        capitals(D("-1"))


def folder_of(tmp_path: Path, **replace: dict[str, list[list[object]]]) -> Path:
    for name, sheets in books().items():
        workbook_of({**sheets, **replace.get(name.split(".")[0], {})}).save(tmp_path / name)
    return tmp_path


def text_of(path: Path) -> str:
    return " ".join(str(c.value) for row in openpyxl.load_workbook(path).active.iter_rows() for c in row if c.value is not None)


def test_the_contract_carries_a_unique_number_the_quote_number_and_the_total_in_capitals(tmp_path):
    quotes = {"报价单": [["报价单号", "客户编号", "负责销售", "报价日期", "预付比例"],
                      ["Q-1", "CA", "张伟", "2026-03-05", "30%"], ["Q-0", "CA", "张伟", "2026-03-01", None], ["Q-2", "CA", "张伟", "2026-03-05", None]],
              "报价明细": [["报价单号", "产品编码", "数量"], ["Q-1", "EQ", 2], ["Q-1", "CS", 4], ["Q-0", "EQ", 1], ["Q-2", "EQ", 1]]}
    orders = {"订单": [["订单编号", "客户编号", "报价单号", "负责销售", "签约日期", "合同金额", "计划到货", "合同号码"],
                     ["SO-1", "CA", "Q-9", "张伟", "2026-03-02", 1000, "2026-04-01", "HT-202603-007"]],
              "订单明细": [["订单编号", "产品编码", "数量", "单价"], ["SO-1", "EQ", 1, 1000]]}
    folder = folder_of(tmp_path, quote_calculator=quotes, order_progress=orders)
    numbers = {}
    for quote_id in ("Q-0", "Q-1", "Q-2"):
        run = run_forms("contract", [folder], FormRequest(quote_id=quote_id), as_of=AS_OF, write=quote_id == "Q-1")
        pairs = {k: v for b in run.document.blocks if isinstance(b, Facts) for k, v in b.pairs}
        numbers[quote_id] = pairs["合同编号"]
        if quote_id == "Q-1":
            assert pairs["合同总额（大写）"] == capitals(D(pairs["合同总额（小写）"].replace("¥", "").replace(",", "")))
            assert pairs["依据报价单"] == "Q-1"
            text = text_of(run.sheet)
            assert "HT-202603-009" in text and pairs["合同总额（大写）"] in text and "Q-1" in text
    # After the highest number the orders hold (007), in quote-date then id order; never one twice.
    assert numbers == {"Q-0": "HT-202603-008", "Q-1": "HT-202603-009", "Q-2": "HT-202603-010"}
    again = run_forms("contract", [folder], FormRequest(quote_id="Q-1"), as_of=AS_OF, write=False)
    assert {k: v for b in again.document.blocks if isinstance(b, Facts) for k, v in b.pairs}["合同编号"] == "HT-202603-009"


def test_a_contract_number_used_twice_is_flagged(write_book):
    from addin.commands.check import run_check

    rows = [["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "合同号码"],
            ["SO-1", "CA", "张伟", "2026-03-02", 1000, "2026-04-01", "HT-202603-001"],
            ["SO-2", "CA", "张伟", "2026-03-03", 1000, "2026-04-01", "HT-202603-001"]]
    path = write_book("order_progress.xlsx", {"订单": rows})
    found = [(i.row, i.column_key, i.code) for i in run_check([path]).issues if i.code == "contract-no-duplicate"]
    assert found == [(3, "contract_no", "contract-no-duplicate")]
