"""Native charts grafted into a salesdesk-owned sheet of a user's workbook.

The charts are produced for a scratch workbook (XlsxWriter: io/rep_charts.py), whose first sheet holds
them in one drawing. Grafting copies that drawing part and its chart parts into the user's package
under free part names (the same names again on a re-run: the sheet's earlier drawing and charts are
overwritten in place, so twice == once), adds their content types and the sheet's drawing relationship,
and puts a <drawing> element into the generated sheet. Every other part is left alone.

A chart's data is literal (c:numLit / c:strLit, the values the scratch workbook cached): the generated
sheet's cells are text, which Excel would plot as zeros through a cell reference. Chart parts carry
their own formatting (colours, number formats), so the workbook's styles.xml needs nothing appended.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass

from ...core.patch import ReplaceGeneratedSheet
from .package import Package
from .xmltext import PKG_REL_NS, REL_NS, Unsupported, attr

DRAWING_TYPE = REL_NS + "/drawing"
CHART_TYPE = REL_NS + "/chart"
DRAWING_CT = "application/vnd.openxmlformats-officedocument.drawing+xml"
CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
DRAWING_RID = "rIdSalesdeskDrawing"  # the generated sheet's own relationship id: never collides with its hyperlinks' rIdN


@dataclass(frozen=True)
class ChartedSheet(ReplaceGeneratedSheet):
    """A generated sheet with native charts: `scratch` is a workbook whose first sheet's drawing holds them."""

    scratch: bytes = b""

    def graft(self, package: Package, part: str, sheet_xml: bytes, rels: bytes | None) -> tuple[bytes, bytes | None]:
        return graft_charts(package, part, sheet_xml, rels, self.scratch)


def literal(chart_xml: bytes) -> bytes:
    """Cell references replaced by the values cached beside them: numRef -> numLit, strRef -> strLit."""
    for kind in (b"num", b"str"):
        pattern = rb"<c:" + kind + rb"Ref>\s*<c:f>[^<]*</c:f>\s*<c:" + kind + rb"Cache>(.*?)</c:" + kind + rb"Cache>\s*</c:" + kind + rb"Ref>"
        chart_xml = re.sub(pattern, b"<c:" + kind + b"Lit>\\1</c:" + kind + b"Lit>", chart_xml, flags=re.S)
    if b"<c:f>" in chart_xml:
        raise Unsupported("a chart series without cached values")
    # Data labels say what they show and what they do not: LibreOffice reads a missing flag as "show"
    # (series name and category beside every value).
    shown = b'<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>'
    return re.sub(rb'(?:<c:showLegendKey val="0"/>)?<c:showVal val="1"/>(?!<c:showCatName)', shown, chart_xml)


def _scratch_parts(scratch: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The scratch workbook's first drawing and its charts, in the drawing's relationship order."""
    with zipfile.ZipFile(io.BytesIO(scratch)) as z:
        drawing = z.read("xl/drawings/drawing1.xml")
        rels = Package.parse_rels(z.read("xl/drawings/_rels/drawing1.xml.rels"))
        charts = [(rid, literal(z.read(Package.resolve("xl/drawings/drawing1.xml", target)))) for rid, kind, target in rels if kind == CHART_TYPE]
    return drawing, charts


def _earlier(package: Package, part: str) -> tuple[str | None, list[str]]:
    """The drawing and chart parts an earlier run grafted into this sheet (reused, in order)."""
    for rid, kind, target in package.rels(part):
        if rid == DRAWING_RID and kind == DRAWING_TYPE:
            drawing = Package.resolve(part, target)
            return drawing, [Package.resolve(drawing, t) for _r, k, t in package.rels(drawing) if k == CHART_TYPE]
    return None, []


def _rels_xml(entries: list[tuple[str, str, str]]) -> bytes:
    body = b"".join(b"<Relationship Id=" + attr(rid) + b" Type=" + attr(kind) + b" Target=" + attr(target) + b"/>" for rid, kind, target in entries)
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns=' + attr(PKG_REL_NS) + b">" + body + b"</Relationships>"


def graft_charts(package: Package, part: str, sheet_xml: bytes, rels: bytes | None, scratch: bytes) -> tuple[bytes, bytes | None]:
    """Writes the drawing and chart parts; returns the sheet XML with its <drawing> and the sheet's relationships."""
    if not scratch:  # nothing to plot: an earlier run's drawing stays in the package, no longer referenced
        return sheet_xml, rels if rels is not None or not package.exists(Package.rels_name(part)) else _rels_xml([])
    drawing_xml, charts = _scratch_parts(scratch)
    drawing, earlier = _earlier(package, part)
    if not charts:
        return sheet_xml, rels if rels is not None or drawing is None else _rels_xml([])
    if drawing is None:
        drawing = package.free_name("xl/drawings/drawing{}.xml")
        package.write(drawing, b"")  # reserved before the charts take their names
    names: list[str] = []
    for n in range(len(charts)):
        if n < len(earlier):
            names.append(earlier[n])
        else:
            names.append(package.free_name("xl/charts/chart{}.xml"))
            package.write(names[-1], b"")
    for name, (_rid, body) in zip(names, charts):
        package.write(name, body)
        package.ensure_override(name, CHART_CT)
    # Fewer charts than last time: the extra chart parts stay as they were, no longer referenced (the package
    # writer removes no part); the same summary twice writes the same parts.
    package.write(drawing, drawing_xml)
    package.ensure_override(drawing, DRAWING_CT)
    chart_rels = [(rid, CHART_TYPE, posixpath.relpath(name, posixpath.dirname(drawing))) for name, (rid, _b) in zip(names, charts)]
    package.write(Package.rels_name(drawing), _rels_xml(chart_rels))
    links = re.findall(rb"<Relationship\b[^>]*/>", rels or b"")  # the sheet's hyperlink relationships, as generated_sheet wrote them
    own = b"<Relationship Id=" + attr(DRAWING_RID) + b" Type=" + attr(DRAWING_TYPE) + b" Target=" + attr(posixpath.relpath(drawing, posixpath.dirname(part))) + b"/>"
    sheet_rels = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns=' + attr(PKG_REL_NS) + b">"
                  + b"".join(links) + own + b"</Relationships>")
    element = b'<drawing r:id="' + DRAWING_RID.encode() + b'"/>'
    return sheet_xml.replace(b"</worksheet>", element + b"</worksheet>"), sheet_rels
