"""The manager summary workbook, written with XlsxWriter: one tab per section, native charts, formats, print set-up.

A new file salesdesk owns: built in memory, stamped with salesdesk's marker (the same custom properties
and digest as every generated workbook, io/generated.py) and written through the guard (safe_write.save_new_bytes),
which refuses to replace any file that is not salesdesk's unedited output. User text is data: every string is
written with write_string (and the workbook converts no string to a formula, URL or number); XML-illegal
characters are replaced (generated.clean_text).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from .. import __version__
from ..i18n import Translator, translator
from ..summary.quotes import turnaround_facts
from ..summary.run import Summary
from .generated import CUSTOM, DIGEST, KIND, NAME, PLACEHOLDER, clean_text, content_digest, marker_digest, marker_properties
from .safe_write import DEFAULT_BACKUPS_KEPT, SaveResult, save_new_bytes
from .summary_columns import COLUMNS, LABELS, SHEETS, UNKNOWN_WHEN_REJECTED, Col

KIND_SUMMARY = "summary"


@dataclass
class About:
    files: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    counts: dict[str, int] = field(default_factory=dict)  # rows per table key


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        add = book.add_format
        self.header = add({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
        self.by_kind = {
            "money": add({"num_format": "#,##0.00"}),
            "ratio": add({"num_format": "0.0%"}),
            "multiple": add({"num_format": '0.00"×"'}),
            "int": add({"num_format": "#,##0"}),
            "date": add({"num_format": "yyyy-mm-dd"}),
        }
        self.bad = add({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        self.good = add({"bg_color": "#C6EFCE", "font_color": "#006100"})
        self.title = add({"bold": True, "font_size": 13})


def _cell(ws: Worksheet, r: int, c: int, col: Col, value: Any, fm: _Formats, _: Translator) -> None:
    if value is None:
        ws.write_blank(r, c, None)
    elif col.kind == "bool":
        ws.write_string(r, c, _("yes") if value else _("no"))
    elif col.kind in ("money", "ratio", "multiple", "int") and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        ws.write_number(r, c, float(value), fm.by_kind[col.kind])
    elif col.kind == "date" and isinstance(value, date):
        ws.write_datetime(r, c, datetime(value.year, value.month, value.day), fm.by_kind["date"])
    elif col.kind == "list":
        ws.write_string(r, c, clean_text(", ".join(_(LABELS[v]) if v in LABELS and col.key == "matched_on" else str(v) for v in value)))
    elif col.kind == "label" and str(value) in LABELS:
        ws.write_string(r, c, _(LABELS[str(value)]))
    else:
        ws.write_string(r, c, clean_text(str(value)))  # text from a cell: always a string, never a formula


def _table(book: xlsxwriter.Workbook, key: str, rows: list[dict[str, Any]], fm: _Formats, _: Translator) -> Worksheet:
    ws = book.add_worksheet(_(SHEETS[key])[:31])
    cols = COLUMNS[key]
    for c, col in enumerate(cols):
        ws.write_string(0, c, _(col.header), fm.header)
        ws.set_column(c, c, col.width)
    for r, row in enumerate(rows, 1):
        for c, col in enumerate(cols):
            _cell(ws, r, c, col, row.get(col.key), fm, _)
            count = sum(row.get(k) or 0 for k in UNKNOWN_WHEN_REJECTED.get(col.key, ()))
            if row.get(col.key) is None and count:
                ws.write_comment(r, c, _("Unknown, not 0: {n} row(s) it rests on have no value (blank or rejected by check; see Data quality)", n=count))
    ws.freeze_panes(1, 0)
    ws.set_row(0, 32)
    if rows:
        ws.autofilter(0, 0, len(rows), len(cols) - 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # fit to width, as many pages tall as needed
    ws.repeat_rows(0)
    return ws


def _where(key: str, name: str) -> int:
    return [c.key for c in COLUMNS[key]].index(name)


def _attention(ws: Worksheet, key: str, n: int, fm: _Formats, yes: str) -> None:
    """Conditional formats on what needs attention."""
    if not n:
        return

    def rng(name: str) -> tuple[int, int, int, int]:
        c = _where(key, name)
        return (1, c, n, c)

    def col_letter(name: str) -> str:
        return xlsxwriter.utility.xl_col_to_name(_where(key, name))

    if key == "overview":
        conv, target = col_letter("conversion_rate"), col_letter("conversion_target")
        ws.conditional_format(*rng("conversion_rate"), {"type": "formula", "criteria": f"=AND(ISNUMBER({target}2),{conv}2<{target}2)", "format": fm.bad})
        ws.conditional_format(*rng("revenue_change"), {"type": "cell", "criteria": "<", "value": 0, "format": fm.bad})
        ws.conditional_format(*rng("revenue"), {"type": "data_bar", "bar_color": "#5B9BD5"})
    elif key == "tiers":
        ws.conditional_format(*rng("gap"), {"type": "cell", "criteria": "not between", "minimum": -0.1999, "maximum": 0.1999, "format": fm.bad})
    elif key == "dormant":
        ws.conditional_format(*rng("months_dormant"), {"type": "data_bar", "bar_color": "#F4B183"})
    elif key == "churn":
        ws.conditional_format(*rng("volume_change"), {"type": "cell", "criteria": "<", "value": 0, "format": fm.bad})
    elif key == "service":
        share = col_letter("share")
        ws.conditional_format(*rng("share"), {"type": "formula", "criteria": f"=AND(ISNUMBER({share}2),{share}2<0.9)", "format": fm.bad})
        ws.conditional_format(*rng("breached"), {"type": "cell", "criteria": ">", "value": 0, "format": fm.bad})
    elif key == "cash":
        for name in ("orders_overdue", "overdue_1_30", "overdue_31_60", "overdue_61_90", "overdue_90_plus", "penalties"):
            ws.conditional_format(*rng(name), {"type": "cell", "criteria": ">", "value": 0, "format": fm.bad})
    elif key == "preferences":
        c = col_letter("overdue")
        ws.conditional_format(*rng("expected_next"), {"type": "formula", "criteria": f'=${c}2="{yes}"', "format": fm.bad})


def _charts(book: xlsxwriter.Workbook, sheets: dict[str, Worksheet], summary: Summary, _: Translator) -> None:
    """Native charts: Overview (team revenue and conversion by month), Channels (cost per deal, the summary month),
    Tiers (team visit share vs deal share, the summary month), Service (share of clocks met)."""
    s = {k: summary.sections.get(k, []) for k in SHEETS}
    name = {k: ws.get_name() for k, ws in sheets.items()}

    def ref(key: str, first: int, last: int, column: str) -> list[Any]:
        return [name[key], first, _where(key, column), last, _where(key, column)]

    overview = s["overview"]
    team = [i + 1 for i, r in enumerate(overview) if r["rep"] == "*"]
    if team:
        chart = book.add_chart({"type": "column"})
        chart.add_series({"name": _("Revenue"), "categories": ref("overview", team[0], team[-1], "month"),
                          "values": ref("overview", team[0], team[-1], "revenue"), "fill": {"color": "#5B9BD5"}})
        line = book.add_chart({"type": "line"})
        line.add_series({"name": _("Conversion rate"), "categories": ref("overview", team[0], team[-1], "month"),
                         "values": ref("overview", team[0], team[-1], "conversion_rate"), "y2_axis": True, "marker": {"type": "circle"}})
        chart.combine(line)
        chart.set_title({"name": _("Team revenue and conversion by month")})
        chart.set_y_axis({"num_format": "#,##0"})
        line.set_y2_axis({"num_format": "0%"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 640, "height": 300})
        sheets["overview"].insert_chart(len(overview) + 2, 0, chart)

    month = f"{summary.month:%Y-%m}"
    focus = s["channels"]
    rows = [i + 1 for i, r in enumerate(focus) if r["month"] == f"{summary.month:%Y-%m}"]
    if rows:
        chart = book.add_chart({"type": "column"})
        chart.add_series({"name": _("Cost per deal"), "categories": ref("channels", rows[0], rows[-1], "channel"),
                          "values": ref("channels", rows[0], rows[-1], "cost_per_deal"), "data_labels": {"value": True, "num_format": "#,##0"}})
        chart.set_title({"name": _("Cost per deal by channel, {month}", month=month)})
        chart.set_legend({"none": True})
        chart.set_size({"width": 560, "height": 280})
        sheets["channels"].insert_chart(len(focus) + 2, 0, chart)

    tiers = s["tiers"]
    rows = [i + 1 for i, r in enumerate(tiers) if r["rep"] == "*" and r["month"] == f"{summary.month:%Y-%m}"]
    if rows:
        chart = book.add_chart({"type": "column"})
        for column, title in (("visit_share", _("Share of visits")), ("deal_share", _("Share of deals")), ("revenue_share", _("Share of revenue"))):
            chart.add_series({"name": title, "categories": ref("tiers", rows[0], rows[-1], "tier"), "values": ref("tiers", rows[0], rows[-1], column)})
        chart.set_title({"name": _("Team: each tier's share of visits and of deals, {month}", month=month)})
        chart.set_y_axis({"num_format": "0%", "max": 1})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 560, "height": 280})
        sheets["tiers"].insert_chart(len(tiers) + 2, 0, chart)

    clocks = [i + 1 for i, r in enumerate(s["service"]) if r["group"] == "clock"]
    if clocks:
        chart = book.add_chart({"type": "bar"})
        chart.add_series({"name": _("Share met"), "categories": ref("service", clocks[0], clocks[-1], "key"),
                          "values": ref("service", clocks[0], clocks[-1], "share"), "data_labels": {"value": True, "num_format": "0%"}})
        chart.set_title({"name": _("Clocks met")})
        chart.set_x_axis({"num_format": "0%", "min": 0, "max": 1})
        chart.set_legend({"none": True})
        chart.set_size({"width": 560, "height": 280})
        sheets["service"].insert_chart(len(s["service"]) + 2, 0, chart)


def _about(book: xlsxwriter.Workbook, summary: Summary, about: About, fm: _Formats, _: Translator) -> None:
    ws = book.add_worksheet(_("About")[:31])
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 60)
    ws.write_string(0, 0, _("Manager summary"), fm.title)
    facts = [
        (_("As of"), summary.as_of.isoformat(timespec="minutes")),
        (_("Month"), f"{summary.month:%Y-%m}"),
        (_("Months compared"), ", ".join(f"{m:%Y-%m}" for m in summary.months)),
        (_("Files read"), str(len(about.files))),
        (_("Files skipped"), str(len(about.skipped))),
        *((_("Rows: {sheet}", sheet=key), f"{n:,}") for key, n in sorted(about.counts.items())),
        (_("salesdesk version"), __version__),
        *turnaround_facts(summary.sections.get("quotes", []), summary.month, _),
    ]
    for r, (k, v) in enumerate(facts, 2):
        ws.write_string(r, 0, k, fm.header)
        ws.write_string(r, 1, v)
    r = len(facts) + 3
    ws.write_string(r, 0, _("Skipped file"), fm.header)
    ws.write_string(r, 1, _("Reason"), fm.header)
    for i, (file, reason) in enumerate(about.skipped, r + 1):
        ws.write_string(i, 0, clean_text(file))
        ws.write_string(i, 1, clean_text(reason))
    ws.set_landscape()
    ws.fit_to_pages(1, 0)


def build_summary_book(summary: Summary, about: About, lang: str = "zh", name: str = "summary.xlsx") -> bytes:
    """The workbook's bytes: tabs in SHEETS order, charts, About last; stamped with salesdesk's marker."""
    _ = translator(lang)
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "nan_inf_to_errors": True}
    book = xlsxwriter.Workbook(buffer, options)
    book.set_properties({"title": _("Manager summary"), "creator": "salesdesk", "created": summary.as_of.replace(tzinfo=None)})
    book.set_custom_property(KIND, KIND_SUMMARY)
    book.set_custom_property(NAME, clean_text(name))
    book.set_custom_property(DIGEST, PLACEHOLDER)
    fm = _Formats(book)
    sheets = {}
    for key in SHEETS:
        rows = summary.sections.get(key, [])
        sheets[key] = _table(book, key, rows, fm, _)
        _attention(sheets[key], key, len(rows), fm, _("yes"))
    _charts(book, sheets, summary, _)
    _about(book, summary, about, fm, _)
    book.close()
    return stamp(buffer.getvalue())


def stamp(data: bytes) -> bytes:
    """Replaces the digest placeholder with the digest of the package's content (as generated.render does)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    digest = content_digest((info.filename, body) for info, body in members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info, body in members:
            target.writestr(info, body.replace(PLACEHOLDER.encode(), digest.encode()) if info.filename == CUSTOM else body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def is_own_summary(data: bytes) -> bool:
    """True for salesdesk's unedited output (its marker's digest still matches the content)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        return False
    custom = dict(members).get(CUSTOM)
    if custom is None or marker_properties(custom).get(KIND) != KIND_SUMMARY:
        return False  # another of salesdesk's outputs (a quote, an imported register, the settings) is the rep's now
    return marker_digest(custom) == content_digest(members)


def save_summary(summary: Summary, about: About, path: Path, lang: str = "zh", backups_kept: int = DEFAULT_BACKUPS_KEPT, force: bool = False) -> SaveResult:
    """Writes the summary through the guard: an existing file is replaced only when it is salesdesk's own output."""
    return save_new_bytes(build_summary_book(summary, about, lang, path.name), path, backups_kept, owned=is_own_summary, force=force)
