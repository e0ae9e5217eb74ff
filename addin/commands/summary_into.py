"""`salesdesk summary PATH --into`: the rep's own summary as a tab of the rep's customer register.

Written through the surgical writer as a salesdesk-owned sheet (ReplaceGeneratedSheet: replaced on
re-run, every other part of the workbook byte-identical). The tab holds the manager summary's figures
for that rep (io/rep_tab.py: numbers with number formats on one printed page), with native charts whole
on the second: produced for a scratch workbook (io/rep_charts.py) and grafted into the package with
their drawing and relationships (io/ooxml/charts.py).
"""

from __future__ import annotations

from ..core.patch import CellValue, Look, Patch
from ..io.apply_patch import ApplyReport, apply_patch
from ..io.load import Loaded
from ..io.ooxml.charts import ChartedSheet
from ..io.rep_charts import rep_charts
from ..io.rep_tab import rep_tab
from ..summary.run import Summary

MARKER = "summary"
TAB = {"zh": "我的汇总", "en": "My summary"}
LOOKS = {"title": Look(bold=True), "header": Look(bold=True, fill="FFDDEBF7")}


def rep_tab_rows(summary: Summary, rep: str, lang: str) -> list[tuple[CellValue, ...]]:
    """The rep's tab, row by row (io/rep_tab.py): text, numbers and dates."""
    return rep_tab(summary, rep, lang).rows


def rep_tab_op(path: str, summary: Summary, rep: str, lang: str) -> ChartedSheet:
    """The rep's summary tab for the workbook at `path`, in `lang` (the workbook's language): numbers with
    number formats, A4 landscape fitted to the width, the charts starting the second page (2 pages).

    A live book (the ribbon) takes it as the generated sheet it is; the charts are grafted by the file writer only."""
    tab = rep_tab(summary, rep, lang)
    looks = tuple(LOOKS.get(tab.looks.get(i, "")) for i in range(len(tab.rows)))
    scratch = rep_charts(summary.rep_view(rep), lang, 0, tab.widths, row=tab.chart_row)
    return ChartedSheet(path, TAB[lang], MARKER, tuple(tab.rows), (), tab.widths, header_rows=1, looks=looks, landscape=True,
                        cell_formats=tuple(tab.formats), row_breaks=(tab.chart_row,) if scratch else (), scratch=scratch)


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
