"""Issue 18, identity, copies and the summary's numbers, on the two-rep team of tests/team_data.py.

Every number asserted here is worked out in team_data's docstring before the code ran.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from team_data import AS_OF, COPY, KNOWN, KNOWN_CHANNELS, MONTH, WANG, ZHAO, write_team

from addin.cli import main
from addin.commands.check import run_check
from addin.commands.summary import consolidate, run_summary
from addin.core.identity import customer_index, first_rows
from addin.core.real_rows import copies_anywhere
from addin.deadlines.run import compute_deadlines
from addin.documents.context import FormContext
from addin.io.load import load
from addin.io.quote_sheet import quote_party
from addin.pricing.policy import load_policy
from addin.summary.run import compute_summary

COLUMNAR = ("overview", "channels", "tiers", "churn", "preferences")
OCTOBER = date(2026, 10, 1)


def _at() -> datetime:
    return datetime.fromisoformat(AS_OF)


def _row(rows, **match):
    found = [r for r in rows if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


def _sheet(path: Path, title: str) -> list[dict]:
    ws = openpyxl.load_workbook(path)[title]
    header = [c.value for c in ws[1]]
    return [dict(zip(header, (c.value for c in r))) for r in ws.iter_rows(min_row=2)]


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> Path:
    return write_team(tmp_path_factory.mktemp("team"))


@pytest.fixture(scope="module")
def run(team, tmp_path_factory):
    return run_summary([team], tmp_path_factory.mktemp("out") / "summary.xlsx", _at(), OCTOBER, 2, "en")


def _same_on_both_paths(tables, settings, month=OCTOBER):
    rows = compute_summary(tables, settings, _at(), month, 2, columnar=False)
    columns = compute_summary(tables, settings, _at(), month, 2, columnar=True)
    for key in COLUMNAR:
        a, b = rows.sections[key], columns.sections[key]
        assert len(a) == len(b), key
        for x, y in zip(a, b):
            assert x == y, (key, x, y)
            assert [type(v) for v in x.values()] == [type(v) for v in y.values()], (key, x, y)
    return rows


# ---- the known numbers ---------------------------------------------------------------------------
def test_overview_gives_the_known_numbers_per_rep_and_for_the_team(run):
    for rep, known in KNOWN.items():
        got = _row(run.summary.sections["overview"], rep=rep, month=MONTH)
        assert {k: got[k] for k in known} == known, rep
        assert got["revenue_rejected"] == 0


def test_conversion_never_exceeds_100_percent(run):
    """Won-without-a-visit customers (王芳 C0003, 赵强 C0002) count in deals and revenue, not in conversion."""
    for row in run.summary.sections["overview"]:
        assert row["conversion_rate"] is None or row["conversion_rate"] <= 1
        assert row["visited_and_won"] <= min(row["customers_visited"], row["customers_won"])


def test_channels_and_tiers_use_each_reps_own_customer(run):
    for channel, known in KNOWN_CHANNELS.items():
        got = _row(run.summary.sections["channels"], month=MONTH, channel=channel)
        assert {k: got[k] for k in known} == known, channel
    tiers = run.summary.sections["tiers"]
    # 赵强's C0001 is tier B (王芳's C0001 is A); his C0002 is tier C by its first row (the second says A).
    assert [(r["tier"], r["visits"], r["deals"]) for r in tiers if r["rep"] == ZHAO and r["month"] == MONTH] == [("A", 1, 0), ("B", 1, 1), ("C", 0, 1)]
    team = {r["tier"]: r for r in tiers if r["rep"] == "*" and r["month"] == MONTH}
    assert {t: (r["visits"], r["deals"], r["deal_share"]) for t, r in team.items()} == {
        "A": (4, 2, Decimal("0.4000")), "B": (2, 2, Decimal("0.4000")), "C": (0, 1, Decimal("0.2000"))}


def test_preferences_keep_two_reps_c0001_apart(run):
    prefs = run.summary.sections["preferences"]
    wang, zhao = _row(prefs, customer_id="C0001", owner_rep=WANG), _row(prefs, customer_id="C0001", owner_rep=ZHAO)
    assert (wang["orders"], wang["usual_items"]) == (1, "X, Y")
    assert (zhao["orders"], zhao["usual_items"]) == (1, "Z")


def test_row_and_columnar_paths_agree_on_the_team(team):
    loaded = consolidate([team])
    _same_on_both_paths(loaded.tables, loaded.settings)


# ---- identity and conflicts ----------------------------------------------------------------------
def test_conflicts_list_both_kinds_with_file_sheet_and_row(run):
    conflicts = run.summary.sections["conflicts"]
    kept = _row(conflicts, kind="kept_by_two_reps")
    assert (kept["customer_ids"], kept["reps"], kept["matched_on"]) == (["C0003", "C0004"], [WANG, ZHAO], ["name", "phone", "tax_id"])
    register = "customer_register.xlsx"
    assert kept["where"] == [f"{Path(ZHAO) / register}:客户!4", f"{Path(WANG) / register}:客户!5"]
    twice = _row(conflicts, kind="duplicate_id")
    assert (twice["customer_ids"], twice["reps"], twice["used"]) == (["C0002"], [ZHAO], f"{Path(ZHAO) / register}:客户!3")
    assert twice["where"] == [f"{Path(ZHAO) / register}:客户!3", f"{Path(ZHAO) / register}:客户!5"]
    rows = _sheet(run.out, "Conflicts")
    assert [(r["Conflict"], r["Customer IDs"], r["Row used"]) for r in rows] == [
        ("One customer kept by two reps", "C0003, C0004", None), ("One ID on two rows of one book", "C0002", f"{Path(ZHAO) / register}:客户!3")]


def test_two_reps_numbering_from_c0001_are_no_duplicate_but_one_book_holding_an_id_twice_is(team):
    result = run_check([team])
    duplicates = [(i.file, i.row, i.value) for i in result.issues if i.code == "duplicate-id"]
    assert duplicates == [(str(Path(ZHAO) / "customer_register.xlsx"), 5, "C0002")]
    assert sorted((i.file, i.sheet) for i in result.issues if i.code == "copy-of") == [(str(COPY), "订单"), (str(COPY), "订单明细")]
    assert not [i for i in result.issues if i.code == "duplicate-id" and i.sheet == "订单"]  # the copy's orders are not read twice


def test_one_resolution_of_a_duplicate_id_in_every_output(team):
    """赵强's C0002 is on rows 3 (天津港务, 13900000002) and 5 (天津港务二厂): the quote's customer sheet, the to-do
    and the forms all use row 3, and the index says so."""
    loaded = load([team / ZHAO, team / "settings.xlsx"])
    table, row = first_rows(loaded.tables)["C0002"]
    assert (row.row, row.name) == (3, "天津港务")
    resolved = customer_index(loaded.tables).first((ZHAO, "C0002"))
    assert resolved is not None and resolved.row.row == 3 and [r.row for _t, r in resolved.others] == [5]
    zh, en = resolved.note()
    assert "customer_register.xlsx:客户!3" in en and "is used" in en and "客户!5" in zh
    assert quote_party(loaded.settings, loaded.tables).contacts["C0002"] == ("", "13900000002")
    ctx = FormContext(loaded.tables, loaded.settings, load_policy(loaded.tables)[0], [], _at())
    assert ctx.customer("C0002") == ("天津港务", "", "13900000002")
    late = datetime.fromisoformat("2026-11-29T09:00:00+08:00")  # B-002 arrives 2026-12-01: its notice is due today
    deadlines = compute_deadlines(loaded.tables, loaded.settings, late)
    items = [i for i in deadlines.todo if i.customer_id == "C0002"]
    assert items and {i.customer_name for i in items} == {"天津港务"}
    said = [(i.sheet, i.row, i.code) for i in deadlines.issues if i.code == "customer-row-used"]
    assert said == [("订单", 3, "customer-row-used")]  # B-002's row says which customer row its items use
    assert "客户!3, is used" in next(i.message_en for i in deadlines.issues if i.code == "customer-row-used")


def test_an_order_of_another_rep_never_takes_the_customer_of_the_same_id(team):
    loaded = consolidate([team])
    index = customer_index(loaded.tables)
    keys = {(r.order_id, index.key_of(t, r)) for t, r in loaded.tables.rows("orders")}
    assert ("B-001", (ZHAO, "C0001")) in keys and ("A-001", (WANG, "C0001")) in keys


# ---- copies --------------------------------------------------------------------------------------
def test_the_copy_two_folders_down_is_read_once_and_reported(run):
    copies = sorted((i.file, i.sheet) for i in run.issues if i.code == "copy-of")
    assert copies == [(str(COPY), "订单"), (str(COPY), "订单明细")]
    assert all(str(Path(WANG) / "order_progress.xlsx") in i.message_en for i in run.issues if i.code == "copy-of")
    assert _row(run.summary.sections["overview"], rep=WANG, month=MONTH)["revenue"] == Decimal("100000.00")
    assert {r["rep"] for r in run.summary.sections["quality"] if r["code"] == "copy-of"} == {WANG}  # the copy's rep: its original's
    about = [[c.value for c in r] for r in openpyxl.load_workbook(run.out)["About"].iter_rows()]
    at = next(i for i, r in enumerate(about) if r[0] == "Copy, read once")
    assert sorted(tuple(r[:2]) for r in about[at + 1 :]) == [
        (f"{COPY} [订单]", f"{Path(WANG) / 'order_progress.xlsx'}:订单"), (f"{COPY} [订单明细]", f"{Path(WANG) / 'order_progress.xlsx'}:订单明细")]


def test_of_two_equal_books_the_newest_is_read(tmp_path):
    root = write_team(tmp_path)
    copy, original = root / COPY, root / WANG / "order_progress.xlsx"
    later = original.stat().st_mtime + 3600
    os.utime(copy, (later, later))
    loaded = consolidate([root])
    assert [t.path for t in loaded.tables.of("orders") if t.path.parent != root / ZHAO] == [copy]
    assert {i.file for i in loaded.issues if i.code == "copy-of"} == {str(Path(WANG) / "order_progress.xlsx")}


def test_a_subset_is_a_copy_from_20_rows():
    header = ["订单编号", "客户编号"]
    full = [header] + [[f"O{n}", "C0001"] for n in range(30)]
    assert copies_anywhere([("all", "orders", 0, full), ("part", "orders", 0, full[:21])], lambda h: 0) == [("part", "all")]  # 20 rows
    assert copies_anywhere([("all", "orders", 0, full), ("part", "orders", 0, full[:20])], lambda h: 0) == []  # 19 rows: its own sheet
    assert copies_anywhere([("a", "orders", 0, full), ("b", "customers", 0, full)], lambda h: 0) == []  # another kind
    assert copies_anywhere([("old", "orders", 0, full[:3]), ("new", "orders", 0, full[:3])], {"old": 1, "new": 2}.get) == [("old", "new")]


# ---- unknown is not zero -------------------------------------------------------------------------
def test_rejected_amounts_make_revenue_unknown_not_zero(tmp_path, capsys):
    root = write_team(tmp_path / "team", copy=False)
    path = root / ZHAO / "order_progress.xlsx"
    book = openpyxl.load_workbook(path)
    book["订单"]["D3"] = "一万左右"  # B-002's amount: not a number
    payments = book.create_sheet("回款节点")
    for row in (["订单编号", "付款节点", "比例", "账期（工作日）"], ["B-001", "预付款", 1, 30], ["B-002", "预付款", 1, 30]):
        payments.append(row)  # both due (signed in October, 30 working days)
    book.save(path)
    settings = openpyxl.load_workbook(root / "settings.xlsx")
    settings["渠道成本"]["C2"] = "六千"  # online's cost: not a number
    settings.save(root / "settings.xlsx")
    loaded = consolidate([root])
    rows = _same_on_both_paths(loaded.tables, loaded.settings)
    for rep in (ZHAO, "*"):
        got = _row(rows.sections["overview"], rep=rep, month=MONTH)
        assert (got["revenue"], got["average_order_value"], got["revenue_rejected"], got["deals"]) == (None, None, 1, KNOWN[rep]["deals"])
    assert _row(rows.sections["overview"], rep=WANG, month=MONTH)["revenue"] == Decimal("100000.00")
    online = _row(rows.sections["channels"], month=MONTH, channel="online")
    assert (online["revenue"], online["revenue_rejected"], online["cost"], online["cost_rejected"], online["cost_per_lead"]) == (None, 1, None, 1, None)
    assert online["leads"] == KNOWN_CHANNELS["online"]["leads"]
    cash = {r["rep"]: r for r in rows.sections["cash"]}
    assert (cash[ZHAO]["receivable_due"], cash[ZHAO]["payments_unknown"]) == (None, 1)  # B-001's 40,000 is due too: the sum is unknown
    assert (cash[WANG]["receivable_due"], cash[WANG]["payments_unknown"]) == (Decimal("0.00"), 0)
    out = tmp_path / "s.xlsx"
    code = main(["summary", str(root), "--month", MONTH, "--months", "1", "--as-of", AS_OF, "--json", "--lang", "en", "-o", str(out)])
    data = json.loads(capsys.readouterr().out)
    team = _row(data["overview"], rep="*", month=MONTH)
    assert (team["revenue"], team["revenue_rejected"], team["average_order_value"]) == (None, 1, None)
    assert code == 0 and data["written"] == str(out)
    ws = openpyxl.load_workbook(out)["Overview"]
    header = [c.value for c in ws[1]]
    team_row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "Team")
    revenue = team_row[header.index("Revenue")]
    assert revenue.value is None and "Unknown, not 0: 1 row(s)" in revenue.comment.text
    assert team_row[header.index("Orders without an amount")].value == 1


# ---- hostile input -------------------------------------------------------------------------------
def test_hostile_values_in_a_summary_give_results_never_a_traceback(tmp_path, capsys):
    root = write_team(tmp_path / "team", copy=False)
    path = root / WANG / "order_progress.xlsx"
    book = openpyxl.load_workbook(path)
    book["订单"]["E2"] = 1e-40  # A-001's amount
    book["订单"]["F3"] = "9999-12-31"  # A-002 arrives in 9999
    book["订单"]["D4"] = "9999-12-31"  # A-003 signed in 9999
    book.save(path)
    book = openpyxl.load_workbook(root / ZHAO / "order_progress.xlsx")
    book["订单"]["C3"] = "去年秋天"  # B-002's signing date: not a date
    book.save(root / ZHAO / "order_progress.xlsx")
    code = main(["summary", str(root), "--month", MONTH, "--as-of", AS_OF, "--json", "--lang", "en"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    wang = _row(data["overview"], rep=WANG, month=MONTH)
    assert wang["deals"] == 2  # A-003 is not in October
    zhao, team = _row(data["overview"], rep=ZHAO, month=MONTH), _row(data["overview"], rep="*", month=MONTH)
    # In no month, and said so: B-002 (not a date) and A-003 (signed in 9999: outside the plausible range, its
    # cell an issue and the date left out, domain/plausible.py).
    assert (zhao["deals"], zhao["orders_undated"], wang["orders_undated"], team["orders_undated"]) == (1, 1, 1, 2)
    loaded = consolidate([root])
    _same_on_both_paths(loaded.tables, loaded.settings)


def test_months_beyond_reason_are_refused_as_usage(team, capsys):
    code = main(["summary", str(team), "--months", "100000000", "--as-of", AS_OF, "--lang", "en"])
    assert code == 2 and "--months must be 1 to 120" in capsys.readouterr().err


@pytest.mark.skipif(os.name == "nt", reason="POSIX folder modes")
def test_a_summary_into_a_read_only_folder_is_an_issue_naming_the_file_and_exit_1(team, tmp_path, capsys):
    folder = tmp_path / "只读"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    try:
        out = folder / "汇总.xlsx"
        code = main(["summary", str(team), "--month", MONTH, "--as-of", AS_OF, "--lang", "en", "-o", str(out)])
        captured = capsys.readouterr()
        assert code == 1 and not out.exists()
        assert f"{out}: error [folder-read-only]" in captured.err and "was not written" in captured.err
        assert "written:" not in captured.out.lower()
        code = main(["summary", str(team), "--month", MONTH, "--as-of", AS_OF, "--lang", "en", "-o", str(out), "--json"])
        data = json.loads(capsys.readouterr().out)
        assert code == 1 and data["written"] is None and [r["file"] for r in data["refused"]] == [str(out)]
    finally:
        folder.chmod(stat.S_IRWXU)


def test_a_document_for_a_customer_id_kept_twice_rests_on_a_doubt_that_says_which_row(team):
    """The forms print the first row's customer and are a DRAFT whose reason points at both rows."""
    result = run_check([team / ZHAO, team / "settings.xlsx"])
    tables = result.loaded.tables
    ctx = FormContext(tables, result.loaded.settings, load_policy(tables)[0], result.issues, _at())
    order = next((t, r) for t, r in tables.rows("orders") if r.order_id == "B-002")
    doubts = ctx.doubtful([order])
    assert [(i.code, i.row) for i in doubts] == [("duplicate-id", 5)]
    assert "客户!3" in doubts[0].message_en  # "already at ...:客户!3": the row used
    other = next((t, r) for t, r in tables.rows("orders") if r.order_id == "B-001")
    assert ctx.doubtful([other]) == []


def test_dormancy_and_to_do_names_follow_each_reps_own_customer(team, run):
    """赵强's C0003 never ordered from him (王芳's C0003 did): dormant in his book; but it is 王芳's C0004, who
    ordered in October, so the team's dormant tab is empty. To-do items name each rep's own C0001."""
    loaded = consolidate([team])
    late = datetime.fromisoformat("2026-11-29T09:00:00+08:00")  # every order's pre-delivery notice is due
    deadlines = compute_deadlines(loaded.tables, loaded.settings, _at())
    index = customer_index(loaded.tables)
    dormant = {index.key_of_customer(r.table, r.row) for r in deadlines.rows["customers"] if r.values.get("dormant")}
    assert dormant == {(ZHAO, "C0003")}
    assert run.summary.sections["dormant"] == []
    names = {(i.file, i.customer_id): i.customer_name for i in compute_deadlines(loaded.tables, loaded.settings, late).todo if i.customer_id == "C0001"}
    assert names == {(str(Path(WANG) / "order_progress.xlsx"), "C0001"): "华东机电有限公司", (str(Path(ZHAO) / "order_progress.xlsx"), "C0001"): "北方重工集团"}


def test_another_reps_duplicate_puts_no_doubt_on_this_reps_customer_of_the_same_id(team):
    from addin.pricing.drafts import InputIssues

    result = run_check([team])
    inputs = InputIssues(result.issues, result.loaded.tables)
    rows = {(t.path.parent.name, r.row): (t, r) for t, r in result.loaded.tables.rows("customers") if r.customer_id == "C0002"}
    assert [i.code for i in inputs.on(*rows[(WANG, 3)])] == []
    assert [i.code for i in inputs.on(*rows[(ZHAO, 3)])] == ["duplicate-id"]


def test_json_and_workbook_carry_the_same_known_numbers(team, tmp_path, capsys):
    out = tmp_path / "汇总.xlsx"
    code = main(["summary", str(team), "--month", MONTH, "--months", "1", "--as-of", AS_OF, "--json", "--lang", "en", "-o", str(out)])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["written"] == str(out) and data["refused"] == []
    assert sorted((c["file"], c["sheet"]) for c in data["copies"]) == [(str(COPY), "订单"), (str(COPY), "订单明细")]
    sheet = {r["Rep"]: r for r in _sheet(out, "Overview")}
    for rep, label in ((WANG, WANG), (ZHAO, ZHAO), ("*", "Team")):
        known, js, wb = KNOWN[rep], _row(data["overview"], rep=rep, month=MONTH), sheet[label]
        assert js["revenue"] == f"{known['revenue']:.2f}" and Decimal(str(wb["Revenue"])) == known["revenue"]
        assert js["conversion_rate"] == float(known["conversion_rate"]) == round(wb["Conversion rate"], 4)
        assert (js["customers_visited"], js["visited_and_won"]) == (wb["Customers visited"], wb["Visited and won"]) == (known["customers_visited"], known["visited_and_won"])


def test_a_reps_own_view_keeps_only_the_reps_customers(run):
    mine = run.summary.rep_view(ZHAO).sections
    assert {(p["customer_id"], p["owner_rep"]) for p in mine["preferences"]} == {("C0001", ZHAO), ("C0002", ZHAO)}
    assert {r["rep"] for r in mine["overview"]} == {ZHAO}
