"""The rep's own summary tab (`summary --into`): the manager summary's figures for one rep, as numbers.

Blocks stacked on one printed page (A4 landscape, fitted to the width, at most 2 pages tall): the last
complete month against target, the month before, the same month a year earlier and the month to date;
the rep's receivables (total and the customers with the most open); the rep's alerts in words; the rep's
months; the rep's data-quality findings. Numbers are numbers with the workbook's formats (money, %, dates),
so the rep can sum and sort them; the charts (io/rep_charts.py) start the second page, whole.
Every figure is the manager summary's own row for that rep (sections front, receivables, alerts, overview,
quality): the same numbers the manager reads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ..core.issues import CODES
from ..core.patch import CellValue
from ..i18n import N_, Translator, translator
from ..schema.types import NUMBER_FORMATS, ColumnType
from ..summary.run import Summary
from .document_sheet import rendered_width
from .summary_front import alert_text

MONEY = NUMBER_FORMATS[ColumnType.MONEY]
INT = "#,##0"
PCT = "0.0%"
DATE = NUMBER_FORMATS[ColumnType.DATE]
WIDTHS = (26, 17, 17, 17, 17, 17, 17, 17, 17)
TOP_CUSTOMERS = 8
TOP_FINDINGS = 6
FIGURES = (("revenue", N_("Revenue"), MONEY), ("deals", N_("Deals"), INT), ("conversion_rate", N_("Conversion rate"), PCT),
           ("average_order_value", N_("Average order"), MONEY))


@dataclass
class RepTab:
    rows: list[tuple[CellValue, ...]]
    formats: list[tuple[str | None, ...]]  # per row, per cell
    looks: dict[int, str]  # 0-based row -> "title" (a block's title) or "header" (its column headers)
    chart_row: int  # 0-based row where the charts start (a new printed page)
    widths: tuple[int, ...] = WIDTHS


def _num(value: Any) -> CellValue:
    return value if isinstance(value, (int, Decimal)) and not isinstance(value, bool) else None


def rep_tab(summary: Summary, rep: str, lang: str) -> RepTab:
    """The tab's cells for `rep`, in `lang` (the workbook's language)."""
    _ = translator(lang)
    tab = RepTab([], [], {}, 0)

    def add(cells: tuple[CellValue, ...], formats: tuple[str | None, ...] = (), look: str | None = None) -> None:
        if look:
            tab.looks[len(tab.rows)] = look
        tab.rows.append(cells)
        tab.formats.append(formats)

    s = summary.sections
    month = f"{summary.month:%Y-%m}"
    add((_("My summary: {rep}, {month} (as of {as_of})", rep=rep, month=month, as_of=f"{summary.as_of:%Y-%m-%d %H:%M}"),), look="title")
    add(())
    front = next((r for r in s.get("front", []) if r.get("rep") == rep), None)
    _figures(add, front, month, _)
    add(())
    _receivables(add, [r for r in s.get("receivables", []) if r.get("rep") == rep], _)
    add(())
    add((_("Alerts"),), look="title")
    alerts = [a for a in s.get("alerts", []) if a.get("rep") == rep]
    for alert in alerts:
        add((alert_text(alert, _),))
    if not alerts:
        add((_("None"),))
    add(())
    _months(add, [r for r in s.get("overview", []) if r.get("rep") == rep], _)
    add(())
    _quality(add, [r for r in s.get("quality", []) if r.get("rep") == rep], _)
    add(())
    tab.chart_row = len(tab.rows)
    tab.widths = fitted(tab)
    return tab


def _shown(value: CellValue, fmt: str | None) -> str:
    """About what a cell shows in its number format."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, Decimal)):
        if fmt == PCT:
            return f"{Decimal(value) * 100:,.1f}%"
        return f"¥{value:,.2f}" if fmt == MONEY else f"{value:,}"
    if isinstance(value, date):
        return "2026-01-01"
    return str(value)


def fitted(tab: RepTab, least: int = 10, most: int = 34) -> tuple[int, ...]:
    """Each column as wide as its widest value or header, measured by the rendered width (headers bold);
    one-cell rows (titles, alerts) run across the page and are not measured."""
    n = max(len(WIDTHS), *(len(r) for r in tab.rows))
    need = [float(least)] * n
    for i, (cells, formats) in enumerate(zip(tab.rows, tab.formats)):
        if len(cells) < 2:
            continue
        for c, value in enumerate(cells):
            fmt = formats[c] if c < len(formats) else None
            need[c] = max(need[c], rendered_width(_shown(value, fmt), bold=tab.looks.get(i) == "header") + 1)
    return tuple(min(most, math.ceil(w)) for w in need)


def _figures(add: Any, front: dict[str, Any] | None, month: str, _: Translator) -> None:
    mtd = bool(front and front.get("mtd_from"))
    title = _("Complete month {month}", month=month)
    if mtd and front:
        start, end = front["mtd_from"].strftime("%m-%d"), front["mtd_to"].strftime("%m-%d")
        title += _("; ") + _("month to date: {start} to {end} (not complete)", start=start, end=end)
    add((title,), look="title")
    add((_("Figure"), month, _("Target"), _("Attainment"), _("Previous month"), _("vs previous month"), _("Same month last year"),
         _("vs last year"), *((_("Month to date"),) if mtd else ())), look="header")
    if front is None:
        add((_("None: no visits or orders in {month}", month=month),))
        return
    for key, label, fmt in FIGURES:
        target = front.get(f"{key}_target")
        add((_(label), _num(front.get(key)), _num(target) if target is not None else _("no target set"), _num(front.get(f"{key}_attainment")),
             _num(front.get(f"{key}_prev")), _num(front.get(f"{key}_vs_prev")), _num(front.get(f"{key}_last_year")),
             _num(front.get(f"{key}_vs_last_year")), *((_num(front.get(f"mtd_{key}")),) if mtd else ())),
            (None, fmt, fmt, PCT, fmt, PCT, fmt, PCT, fmt))


def _receivables(add: Any, rows: list[dict[str, Any]], _: Translator) -> None:
    bands = ("outstanding", "not_due", "overdue_1_30", "overdue_31_60", "overdue_61_90", "overdue_90_plus")
    add((_("Receivables"),), look="title")
    add((_("Customer"), _("Customer ID"), _("Outstanding"), _("Not yet due"), _("Overdue 1-30 days"), _("Overdue 31-60 days"),
         _("Overdue 61-90 days"), _("Overdue over 90 days"), _("Oldest due")), look="header")
    money = (None, None, *(MONEY,) * 6, DATE)
    if not rows:
        add((_("None"),))
        return
    totals = tuple(sum((r[b] for r in rows), Decimal("0.00")) for b in bands)
    oldest = min((r["oldest_due"] for r in rows if r.get("oldest_due")), default=None)
    add((_("All my customers ({n})", n=len(rows)), None, *totals, oldest), money, look="header")
    for r in sorted(rows, key=lambda r: (-r["overdue"], -r["outstanding"]))[:TOP_CUSTOMERS]:
        add((r.get("customer_name") or "", r["customer_id"], *(r[b] for b in bands), r.get("oldest_due")), money)
    if len(rows) > TOP_CUSTOMERS:
        add((_("{n} more customer(s): the manager summary's Receivables tab lists every one", n=len(rows) - TOP_CUSTOMERS),))


def _months(add: Any, rows: list[dict[str, Any]], _: Translator) -> None:
    add((_("By month (complete months)"),), look="title")
    add((_("Month"), _("Visits"), _("Customers visited"), _("Deals"), _("Revenue"), _("Average order"), _("Conversion rate"), _("Revenue target")), look="header")
    for r in rows:
        add((r["month"], r["visits"], r["customers_visited"], r["deals"], r["revenue"], _num(r.get("average_order_value")), _num(r.get("conversion_rate")),
             _num(r.get("revenue_target")) if r.get("revenue_target") is not None else _("no target set")),
            (None, INT, INT, INT, MONEY, MONEY, PCT, MONEY))
    if not rows:
        add((_("None"),))


def _quality(add: Any, rows: list[dict[str, Any]], _: Translator) -> None:
    n = sum(r["count"] for r in rows)
    add((_("Data quality: {n} finding(s) in my rows", n=n),), look="title")
    if not rows:
        add((_("None"),))
        return
    add((_("Issue"), _("File"), _("Sheet"), _("Rows"), _("Count")), look="header")
    for r in rows[:TOP_FINDINGS]:
        title = CODES[r["code"]].title(_.lang) if r["code"] in CODES else r["code"]
        add((title, r["file"], r["sheet"], ", ".join(str(x) for x in r["rows"]), r["count"]), (None, None, None, None, INT))
    if len(rows) > TOP_FINDINGS:
        add((_("{n} more: run the check for every finding", n=len(rows) - TOP_FINDINGS),))
