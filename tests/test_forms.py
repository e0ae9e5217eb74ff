"""The order's paperwork (salesdesk forms): checks on planted mistakes, numbers from the sources, drafts with reasons, the CLI."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import workbook_of
from forms_data import QUOTES, REQ_CS, REQ_EQ, SETTINGS, books

from addin.cli import main
from addin.commands.forms import KINDS, FormRequest, run_forms
from addin.core.issues import CODES
from addin.documents.model import Facts, Grid, Paragraphs

AS_OF = datetime(2026, 3, 6, 9)


def folder_of(tmp_path: Path, requirements: list[list[object]] | None = None, **replace: dict[str, list[list[object]]]) -> Path:
    for name, sheets in books(requirements).items():
        workbook_of({**sheets, **replace.get(name.split(".")[0], {})}).save(tmp_path / name)
    return tmp_path


def located(run) -> list[tuple[int | None, str | None, str]]:
    return sorted((i.row, i.column_key, i.code) for i in run.issues if i.code != "findings-elsewhere")


def text_of(path: Path) -> str:
    return " ".join(str(c.value) for row in openpyxl.load_workbook(path).active.iter_rows() for c in row if c.value is not None)


def facts(doc) -> dict[str, object]:
    return {k: v for b in doc.blocks if isinstance(b, Facts) for k, v in b.pairs}


def test_a_clean_requirement_form_is_written_for_signing(tmp_path):
    run = run_forms("requirement", [folder_of(tmp_path)], FormRequest(order_id="SO-1"), as_of=AS_OF)
    assert run.exit_code() == 0 and not run.document.draft and located(run) == []
    text = text_of(run.sheet)
    for expected in ("需求确认单", "上海恒信机械有限公司", "杭州宏远设备有限公司", "2026-04-01", "2026-04-03", "RS485", "张江路", "签字"):
        assert expected in text, expected
    assert run.sheet.parent.name == "单据"
    # Found by the quote as well: the rows name both
    assert run_forms("requirement", [tmp_path], FormRequest(quote_id="Q-1"), as_of=AS_OF, write=False).document.ref == "Q-1"


def test_requirement_checks_fire_on_planted_mistakes_with_stable_codes(tmp_path):
    no_install_date = [*REQ_EQ[:9], "是", None, *REQ_EQ[11:]]
    too_fast = [*REQ_CS[:17], "0.5"]
    too_fast[4] = 5  # the quote and the order have 4
    run = run_forms("requirement", [folder_of(tmp_path, [no_install_date, too_fast])], FormRequest(order_id="SO-1"), as_of=AS_OF)
    assert located(run) == [(2, "install_date", "requirement-install-date-missing"), (3, "qty", "requirement-qty-differs"),
                            (3, "qty", "requirement-qty-differs"), (3, "response_hours", "requirement-response-too-strict")]
    assert run.document.draft and run.exit_code() == 1
    assert {r.code for r in run.document.draft_reasons} >= {"requirement-install-date-missing", "requirement-qty-differs", "requirement-response-too-strict"}
    for issue in run.issues:  # both languages, each from the catalogue
        assert issue.message_zh != issue.message_en and CODES[issue.code].title("zh") in issue.message_zh and CODES[issue.code].title("en") in issue.message_en
    assert "草稿" in text_of(run.sheet)


def test_installation_before_arrival_is_flagged(tmp_path):
    early = [*REQ_EQ[:9], "是", "2026-03-30", *REQ_EQ[11:]]
    run = run_forms("requirement", [folder_of(tmp_path, [early])], FormRequest(order_id="SO-1"), as_of=AS_OF, write=False)
    assert ("install_date", "requirement-install-before-arrival") in [(i.column_key, i.code) for i in run.issues]


def test_no_requirement_rows_is_an_error_without_a_document(tmp_path):
    run = run_forms("requirement", [folder_of(tmp_path)], FormRequest(order_id="SO-404"), as_of=AS_OF)
    assert run.document is None and run.sheet is None and [i.code for i in run.issues] == ["requirement-not-found"] and run.exit_code() == 1


def test_contract_takes_every_number_from_quote_requirements_and_policy(tmp_path):
    run = run_forms("contract", [folder_of(tmp_path)], FormRequest(quote_id="Q-1"), as_of=AS_OF)
    doc = run.document
    assert run.exit_code() == 0 and not doc.draft
    items, payments = (b for b in doc.blocks if isinstance(b, Grid))
    total = items.totals[-1][1]
    assert sum(row[-1] for row in items.rows) == items.totals[0][1]
    assert [row[1] for row in payments.rows] == [Decimal("0.30"), Decimal("0.6"), Decimal("0.1")]  # the quote's 30% first
    assert sum(row[2] for row in payments.rows) == total
    terms = next(b for b in doc.blocks if isinstance(b, Paragraphs)).items
    joined = " ".join(terms)
    for expected in ("3 日内", "视为验收合格", "2 天通知", "2 小时内响应", "0.05%", "5%", "12 个月", "2026-04-01", "2026-04-03", f"¥{total:,.2f}", "1 年免费维保"):
        assert expected in joined, expected
    assert "{" not in joined


def test_a_lawyers_clause_is_used_and_an_unknown_placeholder_makes_a_draft(tmp_path):
    clauses = {"合同条款": [["条款", "中文标题", "中文条款", "英文标题", "英文条款"],
                         ["acceptance", "验收", "到货后 {acceptance_days} 个自然日内验收，逾期视为合格。", "Acceptance", "Within {acceptance_days} days."],
                         ["bonus", "奖励", "提前交货奖励 {bonus_rate}。", "Bonus", "Early delivery bonus {bonus_rate}."]]}
    run = run_forms("contract", [folder_of(tmp_path, settings=clauses)], FormRequest(quote_id="Q-1"), as_of=AS_OF, write=False)
    terms = next(b for b in run.document.blocks if isinstance(b, Paragraphs)).items
    assert terms[0] == "验收：到货后 3 个自然日内验收，逾期视为合格。" and len(terms) == 2
    assert [(i.row, i.column_key, i.code) for i in run.issues if i.code.startswith("clause")] == [(3, "text_zh", "clause-placeholder-unknown")]
    assert run.document.draft and run.exit_code() == 1


def test_a_draft_quote_gives_a_draft_contract_with_the_quotes_reasons(tmp_path):
    lines = [["报价单号", "产品编码", "数量", "议价折扣"], ["Q-1", "EQ", 2, "20%"], ["Q-1", "CS", 4, None]]
    run = run_forms("contract", [folder_of(tmp_path, quote_calculator={"报价明细": lines})], FormRequest(quote_id="Q-1"), as_of=AS_OF)
    assert run.document.draft and "price-below-floor" in {r.code for r in run.document.draft_reasons}
    assert "草稿" in text_of(run.sheet) and run.exit_code() == 1
    assert "10900" not in text_of(run.sheet)  # the floor price never reaches the customer's document


def test_contract_without_requirements_is_a_draft(tmp_path):
    run = run_forms("contract", [folder_of(tmp_path, [])], FormRequest(quote_id="Q-1"), as_of=AS_OF, write=False)
    assert "requirement-not-found" in {r.code for r in run.document.draft_reasons}


def test_acceptance_checklist_has_every_line_and_the_deemed_acceptance_date(tmp_path):
    run = run_forms("acceptance", [folder_of(tmp_path)], FormRequest(order_id="SO-1"), as_of=AS_OF)
    doc = run.document
    assert run.exit_code() == 0
    assert facts(doc)["视为合格日期"] == date(2026, 4, 4)  # arrived 2026-04-01: end of the 3rd day after
    grid = next(b for b in doc.blocks if isinstance(b, Grid))
    assert [(r[0], r[2], r[4]) for r in grid.rows] == [("EQ", 2, "搁架 4 块、钥匙 2 把"), ("CS", 4, "-")]
    text = text_of(run.sheet)
    for expected in ("外观无损伤", "共享盘/验收/2026", "2026-04-04", "□ 合格"):
        assert expected in text, expected


def test_service_report_follows_acceptance(tmp_path):
    early = run_forms("service", [folder_of(tmp_path)], FormRequest(order_id="SO-1"), as_of=AS_OF, write=False)
    assert "service-before-acceptance" in {r.code for r in early.document.draft_reasons}
    after = run_forms("service", [tmp_path], FormRequest(order_id="SO-1"), as_of=datetime(2026, 4, 10, 9))
    assert not after.document.draft and after.exit_code() == 0
    shown = facts(after.document)
    assert shown["验收合格"] == date(2026, 4, 4) and shown["质保截止"] == date(2027, 4, 4)  # deemed accepted, 12 months
    text = text_of(after.sheet)
    for expected in ("李工", "400-800-1234", "2 小时内", "48 小时内", "产品使用说明书", "问："):
        assert expected in text, expected


def test_survey_carries_only_what_the_customer_reads(tmp_path):
    """Issue 20 changed this: the rep's data-entry instructions (where the answers go in the feedback log)
    are no longer printed on the customer's survey."""
    run = run_forms("survey", [folder_of(tmp_path)], FormRequest(order_id="SO-1"), as_of=AS_OF)
    text = text_of(run.sheet)
    for expected in ("满意度调研表", "满意度", "建议", "SO-1", "□ 5"):
        assert expected in text, expected
    for internal in ("售后与投诉", "问题描述", "反馈分类", "给销售", "For the sales rep"):
        assert internal not in text, internal


def test_english_workbooks_give_english_documents(tmp_path):
    english = {"Price list": [["SKU", "Product name", "Unit", "List price", "Floor price", "English name"], ["EQ", "商用冷柜", "unit", 12800, 10900, "Commercial fridge"]],
               "Customers": [["Customer ID", "Customer name", "Owner rep"], ["CA", "Hengxin Machinery", "Ann"]],
               "Quotes": [["Quote ID", "Customer ID", "Owner rep", "Quote date"], ["Q-1", "CA", "Ann", "2026-03-05"]],
               "Quote lines": [["Quote ID", "SKU", "Quantity"], ["Q-1", "EQ", 2]],
               "Requirements": [["Quote ID", "SKU", "Quantity", "Arrival date", "Installation in scope", "Installation complete", "Delivery place"],
                                ["Q-1", "EQ", 2, "2026-04-01", "yes", "2026-04-02", "Shanghai"]]}
    workbook_of(english).save(tmp_path / "book.xlsx")
    workbook_of({"设置": books()["settings.xlsx"]["设置"]}).save(tmp_path / "settings.xlsx")
    run = run_forms("contract", [tmp_path], FormRequest(quote_id="Q-1"), as_of=AS_OF)
    assert run.document.lang == "en" and run.sheet.parent.name == "documents"
    text = text_of(run.sheet)
    assert "Commercial fridge" in text and "deemed accepted" in text and "商用冷柜" not in text


def test_cli_json_usage_and_exit_codes(tmp_path, capsys):
    folder = folder_of(tmp_path)
    assert main(["forms", "contract", str(folder), "--quote", "Q-1", "--json", "--as-of", "2026-03-06", "--out", str(tmp_path / "out")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document"]["kind"] == "contract" and data["document"]["draft"] is False and data["issues"] == []
    assert Path(data["file"]).parent == tmp_path / "out"
    assert main(["forms", "acceptance", str(folder), "--as-of", "2026-03-06"]) == 2  # --order missing
    assert main(["forms", "survey", str(folder), "--order", "NOPE", "--json"]) == 1
    assert [i["code"] for i in json.loads(capsys.readouterr().out)["issues"]] == ["order-not-found"]
    with pytest.raises(SystemExit) as usage:
        main(["forms", "nonsense", str(folder)])
    assert usage.value.code == 2
    assert set(KINDS) >= {"requirement", "contract", "acceptance", "service", "survey"}


def test_quote_fixture_is_untouched_by_forms(tmp_path):
    folder = folder_of(tmp_path)
    before = (folder / "quote_calculator.xlsx").read_bytes()
    run_forms("contract", [folder], FormRequest(quote_id="Q-1"), as_of=AS_OF)
    assert (folder / "quote_calculator.xlsx").read_bytes() == before and QUOTES["报价单"][1][0] == "Q-1"


def test_check_reports_the_requirement_rules_too(tmp_path):
    from addin.commands.check import run_check

    no_install_date = [*REQ_EQ[:9], "是", None, *REQ_EQ[11:]]
    result = run_check([folder_of(tmp_path, [no_install_date, [*REQ_CS[:17], "0.5"]])])
    assert sorted((i.row, i.code) for i in result.issues if i.code.startswith("requirement-")) == [
        (2, "requirement-install-date-missing"), (3, "requirement-response-too-strict")]


def test_contract_renders_in_libreoffice_with_chinese_intact(tmp_path, soffice):
    import shutil
    import subprocess

    from conftest import convert

    run = run_forms("contract", [folder_of(tmp_path)], FormRequest(quote_id="Q-1"), as_of=AS_OF)
    pdf = convert(soffice, run.sheet, "pdf", tmp_path / "pdf")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("销售合同", "上海恒信机械有限公司", "视为验收合格", "签字"):
        assert expected in text, expected
    assert "\ufffd" not in text


def test_full_prepayment_leaves_one_milestone_and_the_quote_s_share_wins_over_the_order_s_payments(tmp_path):
    quotes = {"报价单": [["报价单号", "客户编号", "负责销售", "报价日期", "预付比例"], ["Q-1", "CA", "张伟", "2026-03-05", "100%"]]}
    order = [list(r) for r in books()["order_progress.xlsx"]["订单"]]
    order[1][5] = 27980.20  # the 100%-prepaid quote's total incl. VAT (3% prepayment discount), and its net prices
    lines = [["订单编号", "产品编码", "数量", "单价"], ["SO-1", "EQ", 2, 12167.68], ["SO-1", "CS", 4, 106.47]]
    run = run_forms("contract", [folder_of(tmp_path, quote_calculator=quotes, order_progress={"订单": order, "订单明细": lines})], FormRequest(quote_id="Q-1"), as_of=AS_OF, write=False)
    payments = [b for b in run.document.blocks if isinstance(b, Grid)][1]
    assert [(r[1], r[2]) for r in payments.rows] == [(Decimal("1"), Decimal("27980.20"))]
    assert not run.document.draft
    # Issue 18 changed this: the order's payments no longer win over the quote's prepayment share (the price rests on it).
    own = {"回款节点": [["订单编号", "付款节点", "比例", "账期（工作日）"], ["SO-1", "预付款", "50%", 3], ["SO-1", "到货款", "40%", 7]]}
    run = run_forms("contract", [folder_of(tmp_path, order_progress=own)], FormRequest(quote_id="Q-1"), as_of=AS_OF, write=False)
    payments = [b for b in run.document.blocks if isinstance(b, Grid)][1]
    assert [(r[1], r[4]) for r in payments.rows] == [(Decimal("0.3"), "3 个工作日"), (Decimal("0.7"), "7 个工作日")]
    reasons = {r.code: r for r in run.document.draft_reasons}
    assert {"prepay-share-mismatch", "payment-shares-sum"} <= set(reasons)
    assert "30%" in reasons["prepay-share-mismatch"].zh and "50%" in reasons["prepay-share-mismatch"].zh


def test_customer_text_stays_text_in_the_document(tmp_path):
    folder = folder_of(tmp_path)
    book = openpyxl.load_workbook(folder / "quote_calculator.xlsx")
    cell = book["客户"]["B2"]
    cell.value = '=HYPERLINK("http://x","恒信")'
    cell.data_type = "s"  # typed text that looks like a formula
    book.save(folder / "quote_calculator.xlsx")
    run = run_forms("contract", [folder], FormRequest(quote_id="Q-1"), as_of=AS_OF)
    cells = [c for row in openpyxl.load_workbook(run.sheet).active.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)


def test_requirement_form_recalls_the_three_discovery_layers_of_the_latest_visit(tmp_path):
    visits = {"拜访记录": [["拜访日期", "客户编号", "销售代表", "方式", "现状", "痛点", "方案/期望收益"],
                        ["2026-02-01", "CA", "张伟", "拜访", "旧冷柜 8 年", "夏季常坏", "早前的记录"],
                        ["2026-02-20", "CA", "张伟", "深度回访", "门店 12 家", "电费高", "节能 30%，年省 3.6 万元"]]}
    workbook_of(visits).save(tmp_path / "customer_register.xlsx")
    run = run_forms("requirement", [folder_of(tmp_path)], FormRequest(order_id="SO-1"), as_of=AS_OF, write=False)
    background = [b for b in run.document.blocks if isinstance(b, Paragraphs)][0].items
    assert background == ("现状：门店 12 家", "痛点：电费高", "方案/期望收益：节能 30%，年省 3.6 万元")


def test_schema_json_lists_the_new_columns_and_sheets():
    from addin.schema.dump import schema_dict

    sheets = {s["key"]: s for wb in schema_dict()["workbooks"] for s in wb["sheets"]}
    assert {"situation", "pain", "desired_outcome"} <= {c["key"] for c in sheets["visits"]["columns"]}
    assert {"arrival_date", "install_date", "installation", "carry_upstairs", "unloading", "acceptance_criteria", "training", "trainees",
            "response_hours", "interface_type", "colour"} <= {c["key"] for c in sheets["requirements"]["columns"]}
    assert {"clauses", "payment_terms", "service_notes"} <= set(sheets)


def test_a_contract_without_the_lawyers_clauses_is_a_draft_that_says_so(tmp_path):
    """Hostile trial: with no clauses sheet, salesdesk's default clauses were used silently in a final contract."""
    folder = folder_of(tmp_path)
    workbook_of({"设置": SETTINGS}).save(folder / "settings.xlsx")  # the settings without their clauses sheet
    run = run_forms("contract", [folder], FormRequest(quote_id="Q-1"), as_of=AS_OF, write=False)
    assert run.document.draft and "clauses-defaults-used" in [r.code for r in run.document.draft_reasons]


def test_english_fact_labels_fit_their_cells_by_rendered_width(tmp_path):
    """Issue 20: "Buyer (Party A)", "Deemed acceptance" were cut. A label wider than its column (measured by the
    font's advance widths, not the character count) wraps onto enough lines of a taller row."""
    import math

    from addin.io.document_sheet import rendered_width

    english = {"Price list": [["SKU", "Product name", "Unit", "List price", "Floor price", "English name"], ["EQ", "商用冷柜", "unit", 12800, 10900, "Commercial fridge"]],
               "Customers": [["Customer ID", "Customer name", "Owner rep"], ["CA", "Hengxin Machinery", "Ann"]],
               "Quotes": [["Quote ID", "Customer ID", "Owner rep", "Quote date"], ["Q-1", "CA", "Ann", "2026-03-05"]],
               "Quote lines": [["Quote ID", "SKU", "Quantity"], ["Q-1", "EQ", 2]],
               "Requirements": [["Quote ID", "SKU", "Quantity", "Arrival date", "Installation in scope", "Installation complete", "Delivery place"],
                                ["Q-1", "EQ", 2, "2026-04-01", "yes", "2026-04-02", "Shanghai"]]}
    workbook_of(english).save(tmp_path / "book.xlsx")
    workbook_of({"设置": books()["settings.xlsx"]["设置"]}).save(tmp_path / "settings.xlsx")
    run = run_forms("contract", [tmp_path], FormRequest(quote_id="Q-1"), as_of=AS_OF)
    ws = openpyxl.load_workbook(run.sheet).active
    from addin.io.document_sheet import GREY

    labels = [c for column in ("A", "E") for c in ws[column] if isinstance(c.value, str) and c.font.b and c.font.color is not None
              and str(c.font.color.rgb).endswith(GREY)]  # the facts' labels (grey, bold)
    assert any(c.value.startswith("Buyer (Party") for c in labels)
    wide = 0
    for cell in labels:
        room = ws.column_dimensions[cell.column_letter].width
        need = rendered_width(cell.value, bold=True)
        if need > room:
            wide += 1
            assert cell.alignment.wrap_text and ws.row_dimensions[cell.row].height >= 15 * math.ceil(need / room), cell.value
    assert wide  # the long English labels were measured and wrapped


def _many_orders(tmp_path: Path, requirements: list[list[object]] | None = None) -> Path:
    """The paperwork's books plus 30 other orders (one with an impossible date) and their payment milestones."""
    from forms_data import ORDERS

    head, first = ORDERS["订单"]
    others = [[f"SO-{n}", "CA", None, "张伟", "2026-03-10", 1000 + n, "是", "2026/13/45" if n == 107 else "2026-04-01", None, None] for n in range(100, 130)]
    payments = [["订单编号", "付款节点", "比例", "账期（工作日）"], ["SO-1", "预付款", 0.3, 5], *[[f"SO-{n}", "预付款", 0.3, 5] for n in range(100, 130)]]
    tmp_path.mkdir(exist_ok=True)
    return folder_of(tmp_path, requirements, order_progress={"订单": [head, first, *others], "回款节点": payments})


@pytest.mark.parametrize("kind, request_", [("acceptance", FormRequest(order_id="SO-1")), ("service", FormRequest(order_id="SO-1")),
                                            ("requirement", FormRequest(order_id="SO-1")), ("contract", FormRequest(quote_id="Q-1"))])
def test_a_large_book_reads_only_the_orders_rows_and_gives_the_same_document(tmp_path, monkeypatch, kind, request_):
    """Issue 23, item 5: above SCOPE_MIN_ROWS rows, forms types and checks only the rows the document rests on; the
    document, its draft reasons and its own findings are those of the whole read; the rest is said to be unchecked."""
    import addin.commands.scope as scope

    whole = run_forms(kind, [_many_orders(tmp_path / "whole")], request_, as_of=AS_OF, write=False)
    monkeypatch.setattr(scope, "SCOPE_MIN_ROWS", 10)
    part = run_forms(kind, [_many_orders(tmp_path / "part")], request_, as_of=AS_OF, write=False)
    assert part.document.to_json() == whole.document.to_json()
    assert [r.code for r in part.document.draft_reasons] == [r.code for r in whole.document.draft_reasons]
    own = lambda run: [(i.file, i.sheet, i.row, i.column, i.code, i.message_en) for i in run.issues if i.code not in ("findings-elsewhere", "rows-not-checked")]  # noqa: E731
    assert own(part) == own(whole) and part.exit_code() == whole.exit_code()
    elsewhere = {i.file: i.message_en for i in whole.issues if i.code == "findings-elsewhere"}
    assert "outside forms: 3" in elsewhere["order_progress.xlsx"]  # the other orders' findings (SO-107's impossible date...), counted
    # Only the rows read are counted: at most SO-1's payment shares (30%, its own finding for some documents), not the others'
    assert {i.file: i.message_en for i in part.issues if i.code == "findings-elsewhere"}.get("order_progress.xlsx", "outside forms: 1 error(s)").startswith(
        "outside forms: 1 error(s)")
    notes = {(i.file, i.sheet): i.message_en for i in part.issues if i.code == "rows-not-checked"}
    assert notes[("order_progress.xlsx", "订单")].startswith("forms read 1 of 31 rows") and ("order_progress.xlsx", "回款节点") in notes
    assert all(i.severity.value == "warning" for i in part.issues if i.code == "rows-not-checked")


def test_a_large_books_document_on_a_doubtful_row_is_still_a_draft(tmp_path, monkeypatch):
    import addin.commands.scope as scope

    monkeypatch.setattr(scope, "SCOPE_MIN_ROWS", 10)
    no_install_date = [*REQ_EQ[:9], "是", None, *REQ_EQ[11:]]
    run = run_forms("requirement", [_many_orders(tmp_path, [no_install_date, REQ_CS])], FormRequest(order_id="SO-1"), as_of=AS_OF, write=False)
    assert run.document.draft and "requirement-install-date-missing" in {r.code for r in run.document.draft_reasons} and run.exit_code() == 1
    assert "rows-not-checked" in {i.code for i in run.issues}


def test_a_large_books_document_keeps_an_orders_continuation_lines(tmp_path, monkeypatch):
    """Found by a hostile trial: a line whose order id cell is blank continues the order above it (read filled down);
    the scoped read dropped it, so the document lost a line and reported its amount against the lines as wrong."""
    from forms_data import ORDERS

    import addin.commands.scope as scope

    head, *lines = ORDERS["订单明细"]
    continued = [head, lines[0], [None, *lines[1][1:]], *[[f"SO-{n}", "EQ", 1, 1000] for n in range(100, 130)]]

    def folder(path: Path) -> Path:
        path.mkdir()
        return folder_of(path, order_progress={"订单明细": continued})

    whole = run_forms("acceptance", [folder(tmp_path / "whole")], FormRequest(order_id="SO-1"), as_of=AS_OF, write=False)
    monkeypatch.setattr(scope, "SCOPE_MIN_ROWS", 10)
    part = run_forms("acceptance", [folder(tmp_path / "part")], FormRequest(order_id="SO-1"), as_of=AS_OF, write=False)
    assert part.document.to_json() == whole.document.to_json()
    assert "CS" in json.dumps(part.document.to_json(), ensure_ascii=False)
    assert "amount-lines-mismatch" not in {i.code for i in part.issues}
