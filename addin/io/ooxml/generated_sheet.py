"""A sheet salesdesk owns inside a user's workbook (the to-do tab, later summaries): add or replace it losslessly.

Recognised by a hidden defined name `_salesdesk_<marker>` pointing at it,
which Excel keeps through saves and renames; a re-run replaces that sheet's
part in place, never adds a second copy. A new sheet gets its part, its
entry in xl/workbook.xml <sheets>, a workbook relationship, a content-type
override, and its title in docProps/app.xml when that lists the sheets.
Cells are inline strings: text from the rep's cells is never a formula.
Every other part of the package is left alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from ...core.patch import Look, ReplaceGeneratedSheet
from ...core.tables import column_letter
from .cells import render_cell
from .package import MAIN_NS, Package
from .structure import WORKBOOK_ORDER, Splice, declare, insertion_point, scan, splice
from .styles import Styles
from .xmltext import PKG_REL_NS, REL_NS, Unsupported, attr, text

WORKSHEET_TYPE = REL_NS + "/worksheet"
HYPERLINK_TYPE = REL_NS + "/hyperlink"
WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
WORKBOOK = "xl/workbook.xml"


def defined_name(marker: str) -> str:
    return f"_salesdesk_{marker}"


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _unquote(ref: str) -> str:
    sheet = ref.rsplit("!", 1)[0]
    return sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet


def find_generated(package: Package, marker: str) -> tuple[str, str] | None:
    """(sheet name, part) of the sheet a defined name marks as salesdesk's, if any."""
    xml = package.read(WORKBOOK).decode("utf-8")
    m = re.search(r'<(?:\w+:)?definedName\b[^>]*\bname="' + re.escape(defined_name(marker)) + r'"[^>]*>([^<]*)<', xml)
    if not m:
        return None
    name = _unquote(m.group(1).replace("&apos;", "'").replace("&amp;", "&"))
    part = package.sheet_parts().get(name)
    return (name, part) if part else None


Xf = Callable[[Look | None, str | None], int | None]


def _plain(look: Look | None, number_format: str | None) -> int | None:
    return None


def _rows_xml(op: ReplaceGeneratedSheet, xf: Xf) -> bytes:
    """Text as inline strings (never a formula), numbers and dates as numbers in their column's format."""
    out = []
    letters = [column_letter(c) for c in range(max((len(r) for r in op.rows), default=0))]
    styles: dict[tuple[Look | None, str | None], int | None] = {}
    for i, values in enumerate(op.rows):
        look = op.looks[i] if i < len(op.looks) else None
        cells = []
        number = str(i + 1)
        for c, value in enumerate(values):
            if (value is None or value == "") and not (look and look.fill):
                continue  # an empty cell of a coloured row keeps the row's fill: a red row without gaps
            fmt = op.formats[c] if c < len(op.formats) and not isinstance(value, str) else None
            if i < len(op.cell_formats) and c < len(op.cell_formats[i]) and not isinstance(value, str):
                fmt = op.cell_formats[i][c] or fmt
            key = (look, fmt)
            if key not in styles:
                styles[key] = xf(look, fmt) if look or fmt else None
            cells.append(render_cell(letters[c] + number, value, styles[key]))
        out.append(b'<row r="%d">%s</row>' % (i + 1, b"".join(cells)))
    return b"".join(out)


def worksheet_xml(op: ReplaceGeneratedSheet, link_ids: dict[int, str], xf: Xf = _plain) -> bytes:
    width = max((len(r) for r in op.rows), default=1)
    last = f"{column_letter(max(width, 1) - 1)}{max(len(op.rows), 1)}"
    frozen = op.header_rows
    pane = (
        f'<pane ySplit="{frozen}" topLeftCell="A{frozen + 1}" activePane="bottomLeft" state="frozen"/>'.encode() if frozen else b""
    )
    cols = b"".join(b'<col min="%d" max="%d" width="%d" customWidth="1"/>' % (i + 1, i + 1, w) for i, w in enumerate(op.widths))
    links = b"".join(
        b"<hyperlink ref=" + attr(f"{link.column}{link.row}")
        + (b" r:id=" + attr(link_ids[n]) if n in link_ids else b"")
        + b" location=" + attr(f"{quote_sheet(link.sheet)}!{link.cell}") + b"/>"
        for n, link in enumerate(op.links)
    )
    fitted = op.landscape or op.portrait
    fit = b'<pageSetUpPr fitToPage="1"/>' if fitted else b""
    flt = b"<autoFilter ref=" + attr(f"A{op.filter_row}:{last}") + b"/>" if op.filter_row and op.filter_row < len(op.rows) else b""
    page = (b'<pageSetup paperSize="9" orientation="%s" fitToWidth="1" fitToHeight="%d"/>' % (b"landscape" if op.landscape else b"portrait", op.pages_tall)
            if fitted else b"")
    breaks = (b'<rowBreaks count="%d" manualBreakCount="%d">' % (len(op.row_breaks), len(op.row_breaks))
              + b"".join(b'<brk id="%d" max="16383" man="1"/>' % r for r in op.row_breaks) + b"</rowBreaks>") if op.row_breaks else b""
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + b"<worksheet xmlns=" + attr(MAIN_NS) + b" xmlns:r=" + attr(REL_NS) + b">"
        + b'<sheetPr><tabColor rgb="FFC0504D"/>' + fit + b"</sheetPr>"
        + b"<dimension ref=" + attr(f"A1:{last}") + b"/>"
        + b'<sheetViews><sheetView workbookViewId="0">' + pane + b"</sheetView></sheetViews>"
        + b'<sheetFormatPr defaultRowHeight="15"/>'
        + (b"<cols>" + cols + b"</cols>" if cols else b"")
        + b"<sheetData>" + _rows_xml(op, xf) + b"</sheetData>"
        + flt
        + (b"<hyperlinks>" + links + b"</hyperlinks>" if links else b"")
        + b'<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
        + page
        + breaks
        + b"</worksheet>"
    )


def _links_rels(op: ReplaceGeneratedSheet) -> tuple[bytes | None, dict[int, str]]:
    """Links into other workbooks need an external relationship (the file) plus the location."""
    ids: dict[int, str] = {}
    entries = []
    for n, link in enumerate(op.links):
        if link.file:
            ids[n] = f"rId{len(ids) + 1}"
            entries.append(b"<Relationship Id=" + attr(ids[n]) + b" Type=" + attr(HYPERLINK_TYPE) + b" Target=" + attr(link.file) + b' TargetMode="External"/>')
    if not entries:
        return None, ids
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns=' + attr(PKG_REL_NS) + b">" + b"".join(entries) + b"</Relationships>", ids


def _add_sheet_entry(package: Package, name: str, rid: str, marker: str) -> None:
    """The new sheet at the end of <sheets>, and its hidden marker name in the one <definedNames>
    (opened when empty, created in schema order when absent), in the workbook's own prefix."""
    xml = package.read(WORKBOOK)
    root = scan(xml)
    sheets = root.named("sheets")
    if not sheets or sheets[0].empty:
        raise Unsupported("a workbook without <sheets>")
    p = root.prefix
    r_prefix, declaration = declare(xml, root, b"r", REL_NS)
    ids = [int(x) for x in re.findall(rb"\bsheetId=[\"'](\d+)[\"']", xml[sheets[0].tag_end : sheets[0].end])]
    entry = b"<" + p + b"sheet name=" + attr(name) + b' sheetId="%d" ' % (max(ids, default=0) + 1) + r_prefix + b":id=" + attr(rid) + b"/>"
    close = xml.rindex(b"</", sheets[0].tag_end, sheets[0].end)
    edits: list[Splice] = [(close, close, entry)]
    if declaration is not None:
        edits.append(declaration)
    dn = b"<" + p + b"definedName name=" + attr(defined_name(marker)) + b' hidden="1">' + text(f"{quote_sheet(name)}!$A$1") + b"</" + p + b"definedName>"
    names = root.named("definedNames")
    if names and not names[0].empty:
        at = xml.rindex(b"</", names[0].tag_end, names[0].end)
        edits.append((at, at, dn))
    elif names:  # <definedNames/>: opened, never a second element beside it
        edits.append((names[0].start, names[0].end, b"<" + p + b"definedNames>" + dn + b"</" + p + b"definedNames>"))
    else:
        at = insertion_point(root, "definedNames", WORKBOOK_ORDER)
        edits.append((at, at, b"<" + p + b"definedNames>" + dn + b"</" + p + b"definedNames>"))
    package.write(WORKBOOK, splice(xml, edits))


def _add_app_title(package: Package, name: str) -> None:
    """docProps/app.xml lists sheet titles for file browsers; updated when it has the usual shape, else left alone."""
    part = "docProps/app.xml"
    if not package.exists(part):
        return
    xml = package.read(part)
    heads = re.search("(<vt:lpstr>(?:Worksheets|工作表)</vt:lpstr></vt:variant>\\s*<vt:variant>\\s*<vt:i4>)(\\d+)(</vt:i4>)".encode(), xml)
    titles = re.search(rb'<TitlesOfParts>\s*<vt:vector size="(\d+)" baseType="lpstr">', xml)
    if not heads or not titles:
        return
    count = int(heads.group(2))
    lpstrs = list(re.finditer(rb"<vt:lpstr>[^<]*</vt:lpstr>", xml[titles.end():]))
    if len(lpstrs) < count:
        return
    at = titles.end() + (lpstrs[count - 1].end() if count else 0)
    xml = xml[:at] + b"<vt:lpstr>" + text(name) + b"</vt:lpstr>" + xml[at:]
    xml = xml[: titles.start(1)] + str(int(titles.group(1)) + 1).encode() + xml[titles.end(1):]
    xml = xml[: heads.start(2)] + str(count + 1).encode() + xml[heads.end(2):]
    package.write(part, xml)


def free_sheet_name(package: Package, wanted: str) -> str:
    taken = {n.lower() for n in package.sheet_parts()}
    name, number = wanted, 2
    while name.lower() in taken:
        name, number = f"{wanted} ({number})", number + 1
    return name


def replace_generated_sheet(package: Package, op: ReplaceGeneratedSheet, styles: Styles | None = None) -> str:
    """Writes the generated sheet; returns its name (an earlier copy keeps its name, even if the rep renamed it).
    Its looks and formats become cell styles appended to `styles` (none added when it has neither)."""
    rels, ids = _links_rels(op)
    cache: dict[tuple[Look | None, str | None], int | None] = {}

    def xf(look: Look | None, number_format: str | None) -> int | None:
        if styles is None:
            return None
        if (look, number_format) not in cache:
            look_ = look or Look()
            cache[(look, number_format)] = styles.look(look_.bold, look_.fill, look_.wrap, number_format)
        return cache[(look, number_format)]

    data = worksheet_xml(op, ids, xf)
    found = find_generated(package, op.marker)
    if found:
        name, part = found
    else:
        name = free_sheet_name(package, op.sheet)  # a sheet of the rep's with that name is never touched
        part = package.free_name("xl/worksheets/sheet{}.xml")
        rid = package.add_rel(WORKBOOK, WORKSHEET_TYPE, part)
        package.ensure_override(part, WORKSHEET_CT)
        _add_sheet_entry(package, name, rid, op.marker)
        _add_app_title(package, name)
    graft = getattr(op, "graft", None)  # charts.ChartedSheet: drawing and chart parts beside the sheet
    if graft is not None:
        data, rels = graft(package, part, data, rels)
    package.write(part, data)
    rels_name = Package.rels_name(part)
    if rels is not None:
        package.write(rels_name, rels)
    elif package.exists(rels_name):
        if any(kind != HYPERLINK_TYPE for _, kind, _ in package.rels(part)):
            raise Unsupported(f"generated sheet {name!r} has relationships salesdesk did not write")
        package.write(rels_name, b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns=' + attr(PKG_REL_NS) + b"/>")
    return name



def generated_sheet_names(path: Path) -> set[str]:
    """Sheets salesdesk generated in a workbook: never read back as the rep's data."""
    with Package(path) as package:
        if not package.exists(WORKBOOK):
            return set()
        xml = package.read(WORKBOOK).decode("utf-8", "replace")
        markers = re.findall(r'<(?:\w+:)?definedName\b[^>]*\bname="_salesdesk_([A-Za-z0-9_]+)"', xml)
        return {found[0] for marker in markers if (found := find_generated(package, marker))}
