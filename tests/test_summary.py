"""`salesdesk summary` on a hand-built team whose KPIs are known in advance (tests/summary_data.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import convert, soffice_path
from summary_data import AS_OF, MONTH, write_team

from addin.cli import main
from addin.commands.summary import run_summary
from addin.io.summary_book import About, save_summary
from addin.summary.customers import normalised_name
from addin.summary.run import Summary


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> Path:
    root = write_team(tmp_path_factory.mktemp("team"))
    (root / "李娜" / "broken.xlsx").write_bytes(b"not a workbook")
    return root


@pytest.fixture(scope="module")
def run(team, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "summary.xlsx"
    return run_summary([team], out, datetime.fromisoformat(AS_OF), date(2026, 10, 1), 6, "en")


def _row(rows, **match):
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


def test_known_kpis_of_the_hand_built_team(run):
    s = run.summary.sections
    zhang = _row(s["overview"], rep="张伟", month=MONTH)
    assert (zhang["customers_visited"], zhang["customers_won"], zhang["conversion_rate"]) == (50, 10, Decimal("0.2000"))
    assert (zhang["deals"], zhang["revenue"], zhang["average_order_value"]) == (10, Decimal("100000.00"), Decimal("10000.00"))
    team = _row(s["overview"], rep="*", month=MONTH)
    # L005 (李娜) is C001 (张伟): visited by both, counted once for the team.
    assert (team["visits"], team["customers_visited"], team["deals"], team["revenue"]) == (54, 53, 13, Decimal("160000.00"))
    assert team["conversion_rate"] == Decimal("0.2453")
    online = _row(s["channels"], month=MONTH, channel="online")
    assert (online["cost"], online["leads"], online["deals"], online["cost_per_lead"], online["cost_per_deal"]) == (10000, 20, 5, Decimal("500.00"), Decimal("2000.00"))
    referral = _row(s["channels"], month=MONTH, channel="referral")
    assert (referral["cost"], referral["leads"], referral["deals"], referral["cost_per_lead"], referral["cost_per_deal"]) == (5000, 15, 8, Decimal("333.33"), Decimal("625.00"))
    a = _row(s["tiers"], month=MONTH, rep="张伟", tier="A")
    assert (a["visit_share"], a["deal_share"], a["flag"]) == (Decimal("0.2000"), Decimal("0.5000"), True)


def test_dormant_churn_preferences_conflicts_and_skipped(run):
    s = run.summary.sections
    assert [(d["customer_id"], d["reason"]) for d in s["dormant"]] == [("L004", "never_ordered")]
    churn = _row(s["churn"], customer_id="L001")
    assert (churn["volume_before"], churn["volume_recent"], churn["complaints_before"], churn["complaints_recent"]) == (100000, 20000, 0, 1)
    pref = _row(s["preferences"], customer_id="L001")
    assert (pref["usual_items"], pref["bought_together"], pref["median_gap_days"]) == ("X, Y", "X + Y", 131)
    assert s["conflicts"] == [{"kind": "kept_by_two_reps", "customer_ids": ["C001", "L005"], "reps": ["张伟", "李娜"], "matched_on": ["name"],
                               "where": [str(Path("张伟") / "customer_register.xlsx") + ":客户!2", str(Path("李娜") / "customer_register.xlsx") + ":客户!6"], "used": None,
                               "customer_names": ["上海恒信机械 Co., Ltd.", "上海恒信机械有限公司"]}]  # a name beside every id
    assert [f for f, _ in run.skipped] == [str(Path("李娜") / "broken.xlsx")]
    # Each ticket kind by its own clocks (issue 18): the complaint T1 runs plan / carried out / follow-up, not the
    # ticket's first response, so only T2's breached response is left on that clock.
    response = _row(s["service"], group="clock", key="first_response")
    assert (response["count"], response["met"], response["breached"], response["share"]) == (1, 0, 1, Decimal("0.0000"))
    plan = _row(s["service"], group="clock", key="plan")
    assert (plan["count"], plan["met"], plan["share"]) == (1, 1, Decimal("1.0000"))


def test_names_normalise_across_case_width_spaces_and_suffixes():
    assert normalised_name("上海恒信机械有限公司") == normalised_name("上海恒信机械 Co., Ltd.") == normalised_name("上海恒信机械　CO.,LTD")
    assert normalised_name("ＡＣＭＥ Trading Inc.") == normalised_name("acme trading")
    assert normalised_name("Acme") != normalised_name("Acme Trading")


def test_workbook_cells_and_charts(run):
    assert run.written and run.out is not None
    book = openpyxl.load_workbook(run.out)
    overview = book["Overview"]
    header = [c.value for c in overview[1]]
    rows = [dict(zip(header, (c.value for c in r))) for r in overview.iter_rows(min_row=2)]
    zhang = _row([r for r in rows if r["Rep"] is not None], Rep="张伟", Month=MONTH)
    assert (zhang["Customers visited"], zhang["Customers won"], zhang["Conversion rate"], zhang["Revenue"]) == (50, 10, 0.2, 100000)
    assert overview.freeze_panes == "A2" and overview.page_setup.orientation == "landscape"
    channels = book["Channels"]
    header = [c.value for c in channels[1]]
    rows = [dict(zip(header, (c.value for c in r))) for r in channels.iter_rows(min_row=2)]
    assert _row(rows, Month=MONTH, Channel="Referral")["Cost per deal"] == 625
    with zipfile.ZipFile(run.out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 7  # the front sheet's 3, overview (revenue columns + conversion line in one chart), channels, tiers, service


def test_user_text_is_data_and_output_guarded(tmp_path):
    summary = Summary(datetime.fromisoformat(AS_OF), date(2026, 10, 1), [date(2026, 10, 1)],
                      {"dormant": [{"customer_id": "=1+1", "name": "=HYPERLINK(\"http://x\")\x07", "owner_rep": "@SUM(A1)", "reason": "never_ordered"}]})
    out = tmp_path / "s.xlsx"
    first = save_summary(summary, About(), out, "en")
    second = save_summary(summary, About(), out, "en")
    assert first.written and not second.written  # same content: not rewritten
    cell = openpyxl.load_workbook(out)["Dormant"]["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    foreign = tmp_path / "theirs.xlsx"
    openpyxl.Workbook().save(foreign)
    with pytest.raises(Exception) as refused:
        save_summary(summary, About(), foreign, "en")
    assert getattr(refused.value, "code", None) == "file-not-ours"


def test_cli_json_shape(team, capsys):
    code = main(["summary", str(team), "--month", MONTH, "--as-of", AS_OF, "--json", "--lang", "en"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1  # a file could not be read
    zhang = _row(data["overview"], rep="张伟", month=MONTH)
    assert (zhang["revenue"], zhang["conversion_rate"]) == ("100000.00", 0.2)
    assert _row(data["channels"], month=MONTH, channel="online")["cost_per_deal"] == "2000.00"
    assert data["skipped"][0]["file"].endswith("broken.xlsx") and data["skipped"][0]["reason"]
    assert {"overview", "channels", "tiers", "dormant", "churn", "preferences", "service", "cash", "conflicts", "skipped"} <= set(data)


def test_summary_renders_in_libreoffice_with_charts(run, tmp_path):
    """Keeps a PDF and PNGs a person can look at (tmp_path); LibreOffice must open the file."""
    if not soffice_path():
        pytest.skip("LibreOffice (soffice) is not installed")
    pdf = convert(soffice_path(), run.out, "pdf", tmp_path)
    assert pdf.stat().st_size > 10_000
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
        assert list(tmp_path.glob("page*.png"))


def test_demo_ends_with_the_manager_summary(demo_run):
    from addin.commands.summary import is_summary_output

    folder, lines, _ = demo_run
    out = folder / "salesdesk-summary.xlsx"
    assert is_summary_output(out) and any(str(out.resolve()) in line for line in lines)
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert names[:2] == ["首页", "业绩总览"] and names[-1] == "说明"  # the front sheet first


def test_into_writes_the_reps_tab_and_nothing_else_twice_is_once(tmp_path):
    team = write_team(tmp_path / "team")
    register = team / "张伟" / "customer_register.xlsx"
    with zipfile.ZipFile(register) as z:
        before = {n: z.read(n) for n in z.namelist()}
    run = run_summary([team / "张伟"], None, datetime.fromisoformat(AS_OF), date(2026, 10, 1), 6, "zh", into=True)
    assert run.into == [register]
    with zipfile.ZipFile(register) as z:
        after = {n: z.read(n) for n in z.namelist()}
    changed = {n for n in before if before[n] != after.get(n)}
    assert changed <= {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "docProps/app.xml", "xl/styles.xml"}, changed
    assert sum(n.startswith("xl/charts/chart") for n in after) == 4  # native charts beside the tab (io/ooxml/charts.py)
    tab = openpyxl.load_workbook(register)["我的汇总"]
    cells = {row[0].value: row[1] for row in tab.iter_rows() if row[0].value in ("业绩", "转化率")}
    revenue, conversion = cells["业绩"], cells["转化率"]  # 张伟's October, numbers the rep can sum and sort
    assert (revenue.value, revenue.data_type, revenue.number_format) == (100000, "n", "¥#,##0.00")
    assert (conversion.value, conversion.data_type, conversion.number_format) == (0.2, "n", "0.0%")
    again = run_summary([team / "张伟"], None, datetime.fromisoformat(AS_OF), date(2026, 10, 1), 6, "zh", into=True)
    assert again.into == []  # unchanged: not rewritten
    with zipfile.ZipFile(register) as z:
        assert {n: z.read(n) for n in z.namelist()} == after
    assert "我的汇总" not in {t.sheet for t in again.loaded.tables.tables}  # never read back as data


def test_summary_never_replaces_another_kind_of_salesdesk_output(tmp_path):
    """Hostile trial: `summary -o` replaced an unedited template, quote or imported register (anything with a marker)."""
    from addin.cli import main
    from addin.io.templates import write_templates

    [register, *_] = write_templates(tmp_path / "tpl")
    before = register.read_bytes()
    assert main(["summary", str(tmp_path / "tpl"), "-o", str(register), "--quiet"]) == 1
    assert register.read_bytes() == before


def test_a_summary_of_nothing_read_writes_no_workbook(tmp_path):
    """New-user trial: `summary MISSING/ -o OUT.xlsx` wrote an empty summary a manager could mistake for figures."""
    from addin.cli import main

    assert main(["summary", str(tmp_path / "missing"), "-o", str(tmp_path / "out.xlsx"), "--quiet"]) == 1
    assert not (tmp_path / "out.xlsx").exists()
