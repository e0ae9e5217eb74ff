"""The rep's summary charts, produced for a scratch workbook (XlsxWriter) to be grafted into the rep's own tab.

The first sheet holds the charts (its column widths and row heights are the rep tab's, so each anchor lands
on the same cells there); a second sheet holds the numbers they plot, which XlsxWriter caches in every
chart part (io/ooxml/charts.py turns them into literal chart data). Charts: the rep's revenue and conversion
by month, cost per deal by channel, the rep's tier shares and the share of clocks met (as in the manager summary).
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import xlsxwriter

from ..i18n import Translator, translator
from ..summary.run import Summary
from .summary_columns import LABELS

CHART_ROWS = 16  # rows per chart (280 px at the default 20 px row height, plus a gap)
CHART_WIDTH = 520  # px: two side by side fit an A4 landscape page


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, (Decimal, int)) and not isinstance(value, bool) else None


def _label(value: Any, _: Translator) -> str:
    return _(LABELS[str(value)]) if str(value) in LABELS else str(value)


def rep_charts(view: Summary, lang: str, column: int, widths: tuple[int, ...], row: int = 1) -> bytes:
    """A scratch workbook whose first sheet's drawing holds the rep's charts, two by two from (`row`, `column`)
    (0-based); b"" when there is nothing to plot."""
    _ = translator(lang)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    sheet = book.add_worksheet("charts")
    data = book.add_worksheet("data")
    sheet.set_default_row(15)
    for i, width in enumerate(widths):
        sheet.set_column(i, i, width)
    s = view.sections
    month = f"{view.month:%Y-%m}"
    blocks: list[tuple[str, list[tuple[str, list[Any]]], dict[str, Any]]] = []  # (chart type, columns, options)
    rep_rows = [r for r in s.get("overview", []) if r.get("rep") != "*"]
    if rep_rows:
        blocks.append(("overview", [("month", [r["month"] for r in rep_rows]), (_("Revenue"), [_num(r["revenue"]) for r in rep_rows]),
                                    (_("Conversion rate"), [_num(r["conversion_rate"]) for r in rep_rows])], {"title": _("Revenue and conversion by month")}))
    channels = [r for r in s.get("channels", []) if r.get("month") == month]
    if channels:
        blocks.append(("column", [("channel", [_label(r["channel"], _) for r in channels]), (_("Cost per deal"), [_num(r["cost_per_deal"]) for r in channels])],
                       {"title": _("Cost per deal by channel, {month}", month=month), "num_format": "#,##0"}))
    tiers = [r for r in s.get("tiers", []) if r.get("month") == month and r.get("rep") != "*"]
    if tiers:
        blocks.append(("column", [("tier", [r["tier"] for r in tiers]), (_("Share of visits"), [_num(r["visit_share"]) for r in tiers]),
                                  (_("Share of deals"), [_num(r["deal_share"]) for r in tiers])],
                       {"title": _("Each tier's share of visits and of deals, {month}", month=month), "num_format": "0%"}))
    clocks = [r for r in s.get("service", []) if r.get("group") == "clock"]
    if clocks:
        blocks.append(("bar", [("key", [_label(r["key"], _) for r in clocks]), (_("Share met"), [_num(r["share"]) for r in clocks])],
                       {"title": _("Clocks met"), "num_format": "0%"}))
    if not blocks:
        return b""
    top = 0
    for n, (kind, columns, options) in enumerate(blocks):
        first = top
        for c, (title, values) in enumerate(columns):
            data.write_string(first, c, title)
            for r, value in enumerate(values, first + 1):
                if isinstance(value, str):
                    data.write_string(r, c, value)
                elif value is not None:
                    data.write_number(r, c, value)
        last = first + len(columns[0][1])
        top = last + 2

        def ref(c: int) -> list[Any]:
            return ["data", first + 1, c, last, c]  # noqa: B023 - used at once

        chart = book.add_chart({"type": "column" if kind == "overview" else kind})
        for c, (title, _values) in enumerate(columns[1:], 1):
            series: dict[str, Any] = {"name": title, "categories": ref(0), "values": ref(c)}
            if kind != "overview":
                series["data_labels"] = {"value": True, "num_format": options["num_format"]}
            if kind == "overview" and c == 2:
                line = book.add_chart({"type": "line"})
                line.add_series({**series, "y2_axis": True, "marker": {"type": "circle"}})
                line.set_y2_axis({"num_format": "0%"})
                chart.combine(line)
            else:
                chart.add_series(series)
        chart.set_title({"name": options["title"]})
        axis: dict[str, Any] = {"num_format": options.get("num_format", "#,##0")}
        if axis["num_format"] == "0%":
            axis.update(min=0, max=1)  # shares on their whole scale: 50% looks like half
        (chart.set_x_axis if kind == "bar" else chart.set_y_axis)(axis)
        chart.set_legend({"position": "bottom"} if len(columns) > 2 else {"none": True})
        chart.set_size({"width": CHART_WIDTH, "height": 280})
        sheet.insert_chart(row + (n // 2) * CHART_ROWS, column, chart, {"x_offset": (n % 2) * (CHART_WIDTH + 16), "y_offset": 4})
    book.close()
    return buffer.getvalue()
