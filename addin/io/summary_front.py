"""The manager summary's front sheet (first tab, one A4 landscape page): what a manager reads first.

Laid out from the pure figures of summary/front.py (sections "front", "alerts") in the workbook's language:
the last complete month per rep and team against target, the month before and the same month a year
earlier, the month to date beside it (labelled as such), the top alerts in words (customer and rep named),
three native charts sized to the page and a block saying how each figure is computed. Fitted to one page
(fit_to_pages(1, 1)), so no chart is ever cut by a page break.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from ..i18n import N_, Translator
from ..summary.run import Summary
from .generated import clean_text
from .summary_columns import COLUMNS, LABELS, sheet_title

TEAM = "*"
MONEY, RATIO, INT = "#,##0", "0.0%", "#,##0"
# (key, header msgid, kind, width): the front table's columns after the rep column.
MONTH_COLUMNS = (
    ("revenue", N_("Revenue"), "money", 12), ("revenue_target", N_("Revenue target"), "target", 12),
    ("revenue_attainment", N_("Attainment"), "ratio", 9), ("revenue_vs_prev", N_("vs previous month"), "change", 9),
    ("revenue_vs_last_year", N_("vs same month last year"), "change", 10), ("deals", N_("Deals"), "int", 7),
    ("deals_target", N_("Deals target"), "target_int", 9), ("deals_attainment", N_("Attainment"), "ratio", 9),
    ("conversion_rate", N_("Conversion rate"), "ratio", 9), ("conversion_rate_target", N_("Conversion target"), "target_ratio", 9),
    ("average_order_value", N_("Average order"), "money", 11), ("average_order_value_vs_prev", N_("vs previous month"), "change", 9),
)
MTD_COLUMNS = (
    ("mtd_revenue", N_("Revenue"), "money", 12), ("mtd_revenue_attainment", N_("Share of month target"), "ratio", 9),
    ("mtd_deals", N_("Deals"), "int", 7), ("mtd_conversion_rate", N_("Conversion rate"), "ratio", 9),
    ("mtd_average_order_value", N_("Average order"), "money", 11),
)
DEFINITIONS = (
    N_("Revenue: contract amounts of orders signed in the month (CNY); deals: those orders; average order = revenue / deals."),
    N_("Conversion rate: customers visited in the month who also signed an order in it / customers visited in the month (Overview tab); revenue blank where an order has no amount (unknown, not 0)."),
    N_("Target and attainment: the Targets sheet of the settings (a rep's own row, else the every-rep row); attainment = figure / target; the average order's target = revenue target / deals target. \"No target set\": no row."),
    N_("vs previous month / same month last year: (this month - that month) / that month; blank where that month has no data."),
    N_("Month to date: from the first of the current month to the as-of day; not a complete month, never compared with one."),
    N_("Receivables: open amounts of payment milestones already triggered; not yet due = within payment terms; overdue by days past the due date."),
    N_("Alerts: the largest overdue receivables, tickets open past a service deadline, and customers whose volume fell 30% with complaints rising."),
)
ALERT_TEXT = {
    "overdue_receivable": N_("Overdue receivable: {customer}, rep {rep}: {amount} CNY overdue, oldest due {days} days ago."),
    "sla_breach": N_("Service deadline breached: {customer}, rep {rep}: ticket {record} open for {days} days."),
    "stale_opportunity": N_("Stale opportunity: {customer}, rep {rep}: {record}, expected {amount} CNY, no progress."),
    "churn_risk": N_("Churn risk: {customer}, rep {rep}: volume {change} over the last 3 months, complaints rising."),
}
WIDTH_PX = 7  # per character of column width (Calibri 11), plus 5 px padding per column


def _rep(rep: str, _: Translator) -> str:
    return _(LABELS[TEAM]) if rep == TEAM else rep


def _customer(row: dict[str, Any]) -> str:
    name, cid = row.get("customer_name") or "", row.get("customer_id") or ""
    return f"{name} ({cid})" if name and cid else name or cid


def alert_text(row: dict[str, Any], _: Translator) -> str:
    """One alert in words, in the translator's language."""
    amount = row.get("amount")
    change = row.get("change")
    return _(ALERT_TEXT[row["kind"]], customer=_customer(row), rep=row.get("rep") or _("not given"),
             amount=f"{amount:,.2f}" if isinstance(amount, Decimal) else "", days=row.get("days") if row.get("days") is not None else "?",
             record=row.get("record") or "", change=f"{change * 100:+.0f}%" if isinstance(change, Decimal) else "")


class _Looks:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        add = book.add_format
        self.title = add({"bold": True, "font_size": 14})
        self.note = add({"italic": True, "font_color": "#595959"})
        self.group = add({"bold": True, "bg_color": "#BDD7EE", "border": 1, "align": "center"})
        self.mtd_group = add({"bold": True, "bg_color": "#FCE4D6", "border": 1, "align": "center"})
        self.header = add({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top", "font_size": 9})
        self.section = add({"bold": True, "font_size": 12})
        self.text = add({"border": 1})
        self.missing = add({"border": 1, "italic": True, "font_color": "#808080", "font_size": 9})
        self.alert = add({})
        self.definition = add({"font_size": 9, "font_color": "#404040"})
        self.kinds: dict[tuple[str, bool], Any] = {}
        for kind, fmt in (("money", MONEY), ("ratio", RATIO), ("int", INT), ("change", '+0.0%;[Red]-0.0%;0.0%')):
            for bold in (False, True):
                self.kinds[(kind, bold)] = add({"num_format": fmt, "border": 1, "bold": bold})
        self.rep = {False: add({"border": 1}), True: add({"border": 1, "bold": True, "bg_color": "#F2F2F2"})}


def _value(ws: Worksheet, r: int, c: int, kind: str, value: Any, bold: bool, lk: _Looks, _: Translator) -> None:
    if kind.startswith("target"):
        if value is None:
            ws.write_string(r, c, _("no target set"), lk.missing)
            return
        kind = {"target": "money", "target_int": "int", "target_ratio": "ratio"}[kind]
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        ws.write_number(r, c, float(value), lk.kinds[(kind, bold)])
    else:
        ws.write_blank(r, c, None, lk.kinds[(kind, bold)])


def write_front(book: xlsxwriter.Workbook, summary: Summary, _: Translator) -> Worksheet:
    """The front sheet, added to `book` (call it first: it is the first tab); its charts refer to the
    Overview and Orders and cash tabs by their (translated) names."""
    ws = book.add_worksheet(_("Front page")[:31])
    lk = _Looks(book)
    rows = summary.sections.get("front", [])
    month = f"{summary.month:%Y-%m}"
    mtd = next((r for r in rows if r.get("mtd_from")), None)
    columns = [("rep", N_("Rep"), "rep", 10), *MONTH_COLUMNS, *(MTD_COLUMNS if mtd else ())]
    for c, (_key, _h, _k, width) in enumerate(columns):
        ws.set_column(c, c, width)
    last_col = len(columns) - 1
    n_month = len(MONTH_COLUMNS)
    ws.write_string(0, 0, _("Manager summary: {month}, the last complete month (as of {as_of})", month=month,
                            as_of=f"{summary.as_of:%Y-%m-%d %H:%M}") if summary.month < summary.as_of.date().replace(day=1)
                    else _("Manager summary: {month} (as of {as_of})", month=month, as_of=f"{summary.as_of:%Y-%m-%d %H:%M}"), lk.title)
    ws.write_string(1, 0, _("Figures per rep and for the team; red: below the month before. Details on the other tabs."), lk.note)
    ws.merge_range(2, 1, 2, n_month, _("Complete month: {month}", month=month), lk.group)
    if mtd:
        start, end = mtd["mtd_from"].strftime("%m-%d"), mtd["mtd_to"].strftime("%m-%d")
        ws.merge_range(2, n_month + 1, 2, last_col, _("Month to date: {start} to {end} (not complete)", start=start, end=end), lk.mtd_group)
    for c, (_key, header, _k, _w) in enumerate(columns):
        ws.write_string(3, c, _(header), lk.header)
    ws.set_row(3, 36)
    r = 4
    first_rep_row = r
    for row in rows:
        team = row["rep"] == TEAM
        ws.write_string(r, 0, clean_text(_rep(row["rep"], _)), lk.rep[team])
        for c, (key, _h, kind, _w) in enumerate(columns[1:], 1):
            _value(ws, r, c, kind, row.get(key), team, lk, _)
        r += 1
    if not rows:
        ws.write_string(r, 0, _("None: no visits or orders in {month}", month=month))
        r += 1
    rep_rows = [i for i, row in enumerate(rows) if row["rep"] != TEAM]

    r += 1
    ws.write_string(r, 0, _("Top alerts"), lk.section)
    r += 1
    alerts = summary.sections.get("alerts", [])
    for alert in alerts:
        ws.merge_range(r, 0, r, last_col, clean_text(alert_text(alert, _)), lk.alert)
        r += 1
    if not alerts:
        ws.write_string(r, 0, _("None"))
        r += 1

    r += 1
    chart_row = r
    total_px = sum(w * WIDTH_PX + 5 for *_x, w in columns)
    chart_w = total_px // 3 - 8
    front_name = ws.get_name()
    charts = []
    if rep_rows:
        chart = book.add_chart({"type": "column"})
        top, bottom = first_rep_row + rep_rows[0], first_rep_row + rep_rows[-1]
        for key, color in (("revenue", "#5B9BD5"), ("revenue_target", "#A5A5A5")):
            c = [k for k, *_x in columns].index(key)
            chart.add_series({"name": _("Revenue") if key == "revenue" else _("Revenue target"), "categories": [front_name, top, 0, bottom, 0],
                              "values": [front_name, top, c, bottom, c], "fill": {"color": color}})
        chart.set_title({"name": _("Revenue against target, {month}", month=month), "name_font": {"size": 10}})
        chart.set_y_axis({"num_format": "#,##0", "num_font": {"size": 8}})
        chart.set_legend({"position": "bottom"})
        charts.append(chart)
    overview = summary.sections.get("overview", [])
    team = [i + 1 for i, o in enumerate(overview) if o["rep"] == TEAM]
    if team:
        name = sheet_title("overview", _)
        cols = [c.key for c in COLUMNS["overview"]]
        chart = book.add_chart({"type": "column"})
        chart.add_series({"name": _("Revenue"), "categories": [name, team[0], cols.index("month"), team[-1], cols.index("month")],
                          "values": [name, team[0], cols.index("revenue"), team[-1], cols.index("revenue")], "fill": {"color": "#5B9BD5"}})
        line = book.add_chart({"type": "line"})
        line.add_series({"name": _("Conversion rate"), "categories": [name, team[0], cols.index("month"), team[-1], cols.index("month")],
                         "values": [name, team[0], cols.index("conversion_rate"), team[-1], cols.index("conversion_rate")], "y2_axis": True,
                         "marker": {"type": "circle"}})
        chart.combine(line)
        line.set_y2_axis({"num_format": "0%", "num_font": {"size": 8}})
        chart.set_title({"name": _("Team revenue and conversion, complete months"), "name_font": {"size": 10}})
        chart.set_y_axis({"num_format": "#,##0", "num_font": {"size": 8}})
        chart.set_legend({"position": "bottom"})
        charts.append(chart)
    cash = [i + 1 for i, c in enumerate(summary.sections.get("cash", [])) if c["rep"] != TEAM]
    if cash:
        name = sheet_title("cash", _)
        keys = [c.key for c in COLUMNS["cash"]]
        chart = book.add_chart({"type": "column", "subtype": "stacked"})
        for key, title, color in (("receivable_due", N_("Not yet due"), "#A9D18E"), ("overdue_1_30", N_("1-30 days"), "#FFD966"),
                                  ("overdue_31_60", N_("31-60 days"), "#F4B183"), ("overdue_61_90", N_("61-90 days"), "#E06666"),
                                  ("overdue_90_plus", N_("Over 90 days"), "#990000")):
            chart.add_series({"name": _(title), "categories": [name, cash[0], 0, cash[-1], 0], "values": [name, cash[0], keys.index(key), cash[-1], keys.index(key)],
                              "fill": {"color": color}})
        chart.set_title({"name": _("Receivables by rep: not yet due and overdue by age"), "name_font": {"size": 10}})
        chart.set_y_axis({"num_format": "#,##0", "num_font": {"size": 8}})
        chart.set_legend({"position": "bottom", "font": {"size": 8}})
        charts.append(chart)
    x = 0
    for chart in charts:
        chart.set_size({"width": chart_w, "height": 250})
        ws.insert_chart(chart_row, 0, chart, {"x_offset": x, "y_offset": 0, "object_position": 1})
        x += chart_w + 12
    r = chart_row + (14 if charts else 0)

    ws.write_string(r, 0, _("How each figure is computed"), lk.section)
    r += 1
    for text in DEFINITIONS:
        ws.merge_range(r, 0, r, last_col, _(text), lk.definition)
        r += 1
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.center_horizontally()
    ws.print_area(0, 0, r - 1, last_col)
    ws.fit_to_pages(1, 1)
    ws.activate()
    ws.set_first_sheet()
    return ws


__all__ = ["alert_text", "write_front"]
