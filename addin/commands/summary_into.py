"""`salesdesk summary PATH --into`: the rep's own summary as a tab of the rep's customer register.

Written through the surgical writer as a salesdesk-owned sheet (ReplaceGeneratedSheet: replaced on
re-run, every other part of the workbook byte-identical). The tab holds every section of the summary
for that rep alone, stacked, as text (the generated-sheet op writes text only), with native charts to
the right of it: produced for a scratch workbook (io/rep_charts.py) and grafted into the package with
their drawing and relationships (io/ooxml/charts.py).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..core.patch import Patch
from ..i18n import Translator, translator
from ..io.apply_patch import ApplyReport, apply_patch
from ..io.load import Loaded
from ..io.ooxml.charts import ChartedSheet
from ..io.rep_charts import rep_charts
from ..io.summary_columns import COLUMNS, LABELS, SHEETS, Col
from ..summary.run import Summary

MARKER = "summary"
TAB = {"zh": "我的汇总", "en": "My summary"}


def _text(col: Col, value: Any, _: Translator) -> str:
    if value is None:
        return ""
    if col.kind == "bool":
        return _("yes") if value else _("no")
    if col.kind == "money" and isinstance(value, Decimal):
        return f"{value:,.2f}"
    if col.kind == "ratio" and isinstance(value, Decimal):
        return f"{value * 100:.1f}%"
    if col.kind == "multiple" and isinstance(value, Decimal):
        return f"{value:.2f}×"
    if isinstance(value, date):
        return value.isoformat()
    if col.kind == "list":
        return ", ".join(str(v) for v in value)
    if col.kind == "label" and str(value) in LABELS:
        return _(LABELS[str(value)])
    return str(value)


def rep_tab_rows(summary: Summary, rep: str, lang: str) -> list[tuple[str, ...]]:
    """Every section for one rep, stacked: a title row, its header row, its rows, a blank row."""
    _ = translator(lang)
    view = summary.rep_view(rep)
    rows: list[tuple[str, ...]] = [(f"{_('Manager summary')} — {rep} — {_('As of')} {summary.as_of:%Y-%m-%d %H:%M}",)]
    for key in SHEETS:
        data = view.sections.get(key, [])
        if not data:
            continue
        cols = COLUMNS[key]
        rows.append((_(SHEETS[key]),))
        rows.append(tuple(_(c.header) for c in cols))
        rows += [tuple(_text(c, r.get(c.key), _) for c in cols) for r in data]
        rows.append(("",))
    return rows


def rep_tab_op(path: str, summary: Summary, rep: str, lang: str) -> ChartedSheet:
    """The rep's summary tab for the workbook at `path`, in `lang` (the workbook's language), its charts to the right.

    A live book (the ribbon) takes it as the generated sheet it is; the charts are grafted by the file writer only."""
    rows = rep_tab_rows(summary, rep, lang)
    widths = tuple(14 for _ in range(max(len(r) for r in rows)))
    scratch = rep_charts(summary.rep_view(rep), lang, len(widths) + 1, widths)
    return ChartedSheet(path, TAB[lang], MARKER, tuple(rows), (), widths, header_rows=1, scratch=scratch)


def write_into(loaded: Loaded, summary: Summary, given: set[str], backups_kept: int = 5) -> ApplyReport:
    """The tabs of into_patch, written into the files."""
    return apply_patch(into_patch(loaded, summary, given), backups_kept)


def into_patch(loaded: Loaded, summary: Summary, given: set[str]) -> Patch:
    """One tab per customer register among the given files, for the rep who owns most of its customers."""
    patch = Patch()
    for table in loaded.tables.of("customers"):
        if table.path is None or str(table.path) not in given:
            continue
        owners = [str(r.owner_rep or "") for r in table.rows if r.owner_rep]
        if not owners:
            continue
        rep = max(sorted(set(owners)), key=owners.count)
        patch.add(rep_tab_op(str(table.path), summary, rep, table.layout.lang))  # the tab speaks the register's language
    return patch
