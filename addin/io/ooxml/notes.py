"""Cell notes (legacy comments): the comments part plus its VML drawing.

salesdesk's notes are those whose author is `salesdesk`; re-runs remove
exactly those (and their VML shapes) and keep every note or threaded
comment of the user. A cell that already carries the user's note or a
threaded comment gets no salesdesk note (its message stays in the status
column).
"""

from __future__ import annotations

import re

from ...core.tables import column_index
from .package import Package
from .structure import WORKSHEET_ORDER, Root, Splice, declare, insertion_point, scan, splice
from .xmltext import REL_COMMENTS, REL_VML, Unsupported, attr, get_attr, text

AUTHOR = "salesdesk"
# Notes of another kind carry their own author and no "salesdesk:" heading, so
# clearing salesdesk's findings never removes them: `tidy` keeps what a rep
# typed in a note of its own.
KIND_AUTHORS = {"salesdesk": AUTHOR, "tidy": "salesdesk-tidy"}
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

MARKER = b"salesdesk:"
# VML written by other tools binds other prefixes (openpyxl: ns0/ns1/ns2), so
# matching is prefix-agnostic and our own prefixes are declared on the root.
_SHAPE = re.compile(rb"<(\w+:)?shape\b[^>]*>.*?</\1shape>", re.S)
_ROW = re.compile(rb"<(?:\w+:)?Row>(\d+)</(?:\w+:)?Row>")
_COLUMN = re.compile(rb"<(?:\w+:)?Column>(\d+)</(?:\w+:)?Column>")
VML_NAMESPACES = {
    b"v": b"urn:schemas-microsoft-com:vml",
    b"o": b"urn:schemas-microsoft-com:office:office",
    b"x": b"urn:schemas-microsoft-com:office:excel",
}
NOTE_SHAPETYPE = (
    b'<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
    b'<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)


def _ref_to_rc(ref: bytes) -> tuple[int, int]:
    m = re.match(rb"([A-Z]+)(\d+)", ref)
    assert m, ref
    return int(m.group(2)) - 1, column_index(m.group(1).decode())


def _shape(shape_id: int, row0: int, col0: int) -> bytes:
    anchor = f"{col0 + 1}, 15, {max(row0 - 1, 0)}, 10, {col0 + 4}, 15, {row0 + 4}, 4".encode()
    return (
        b'<v:shape id="_x0000_s%d" type="#_x0000_t202" style="position:absolute;margin-left:60pt;margin-top:2pt;'
        b'width:220pt;height:70pt;z-index:%d;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">'
        b'<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
        b'<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
        b'<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>%s</x:Anchor>'
        b"<x:AutoFill>False</x:AutoFill><x:Row>%d</x:Row><x:Column>%d</x:Column></x:ClientData></v:shape>"
    ) % (shape_id, shape_id % 100000, anchor, row0, col0)


def _new_vml(package: Package) -> bytes:
    used = [int(x) for name in package.names() if name.endswith(".vml") for x in re.findall(rb'data="(\d+)', package.read(name))]
    block = max(used, default=0) + 1
    return (
        b'<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        b'xmlns:x="urn:schemas-microsoft-com:office:excel">'
        b'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="%d"/></o:shapelayout>' % block + NOTE_SHAPETYPE + b"</xml>"
    )


def _comment(ref: str, author_id: int, message: str, p: bytes = b"", heading: bool = True) -> bytes:
    head = b'<r><rPr><b/><sz val="9"/><rFont val="Tahoma"/></rPr><t>salesdesk:</t></r>' if heading else b""
    xml = (
        b"<comment ref=" + attr(ref) + b' authorId="%d"><text>' % author_id + head
        + b"<r><rPr><sz val=\"9\"/><rFont val=\"Tahoma\"/></rPr><t xml:space=\"preserve\">" + (b"\n" if heading else b"")
        + text(message) + b"</t></r></text></comment>"
    )
    return re.sub(rb"<(/?)(?=\w)", b"<\\1" + p, xml) if p else xml


def _legacy_drawing_rid(xml: bytes, root: Root) -> str | None:
    """The r:id of the sheet's <legacyDrawing> (the notes' VML), in whatever prefix it is bound."""
    for child in root.named("legacyDrawing"):
        tag = xml[child.start : child.tag_end]
        scopes = {**root.namespaces, **{k: v for k, v in re.findall(rb'\sxmlns:(\w+)="([^"]*)"', tag)}}
        for prefix, value in re.findall(rb"""\s([\w.-]+):id\s*=\s*["']([^"']*)["']""", tag):
            if scopes.get(prefix) == R_NS.encode():
                return value.decode()
    return None


def _comment_patterns(p: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes], re.Pattern[bytes]]:
    e = re.escape(p)
    return (
        re.compile(rb"<" + e + rb"comment\b[^>]*?(?:/>|>.*?</" + e + rb"comment>)", re.S),
        re.compile(rb"<" + e + rb"t(?:\s[^>]*)?>([^<]*)</" + e + rb"t>"),
        re.compile(rb"<" + e + rb"author>(.*?)</" + e + rb"author>|<" + e + rb"author/>", re.S),
    )


def _add_to(xml: bytes, root: Root, local: str, entry: bytes) -> bytes:
    """Appends `entry` inside the comments root's child `local` (opening an empty-tag one)."""
    found = root.named(local)
    if not found:
        raise Unsupported(f"a comments part without <{local}>")
    child = found[0]
    if child.empty:
        tag = xml[child.start : child.tag_end]
        return splice(xml, [(child.start, child.end, tag[:-2].rstrip() + b">" + entry + b"</" + root.q(local) + b">")])
    close = xml.rindex(b"</", child.tag_end, child.end)
    return splice(xml, [(close, close, entry)])


def apply_notes(
    package: Package, sheet_part: str, sheet_xml: bytes, sheet: Root, notes: dict[str, str], clear: bool, kinds: dict[str, str] | None = None
) -> tuple[list[Splice], list[str]]:
    """Replaces salesdesk's notes on a sheet; returns the edits of the sheet XML and the cells left without a note.

    `kinds` (cell -> note kind, default "salesdesk") names each new note's
    author (`KIND_AUTHORS`); only kind "salesdesk" is ever cleared.

    The notes' shapes go into the VML part the sheet's <legacyDrawing> names;
    a <legacyDrawingHF> (header/footer pictures) is never touched, and a sheet
    with only that gets a notes drawing of its own.
    """
    rels = package.rels(sheet_part)
    comments_part = next((package.resolve(sheet_part, t) for _, k, t in rels if k == REL_COMMENTS), None)
    vml_rid = _legacy_drawing_rid(sheet_xml, sheet)
    vml_part = next((package.resolve(sheet_part, t) for rid, k, t in rels if rid == vml_rid and k == REL_VML), None)
    if comments_part is None and not notes:
        return [], []
    if comments_part is not None and not package.exists(comments_part):
        raise Unsupported(f"a notes part the sheet names but the file lacks ({comments_part})")
    if vml_part is not None and not package.exists(vml_part):
        vml_part = None

    comments = package.read(comments_part) if comments_part else (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="{MAIN_NS}"><authors></authors><commentList></commentList></comments>'.encode()
    )
    croot = scan(comments)
    if croot.ns != MAIN_NS:
        raise Unsupported("a notes part in another namespace")
    comment_re, text_re, author_re = _comment_patterns(croot.prefix)
    vml = package.read(vml_part) if vml_part else _new_vml(package)

    authors = [m.group(1) if m.group(1) is not None else b"" for m in author_re.finditer(comments)]
    author_id = authors.index(AUTHOR.encode()) if AUTHOR.encode() in authors else None

    removed: set[tuple[int, int]] = set()
    occupied: set[str] = set()

    def ours(comment: bytes, tag: bytes) -> bool:
        # By author here; notes added in live Excel carry the user's name as
        # author (VBA cannot set it), so the "salesdesk:" text prefix counts too.
        if author_id is not None and get_attr(tag, b"authorId") == str(author_id).encode():
            return True
        return b"".join(text_re.findall(comment)).lstrip().startswith(MARKER)

    def keep(m: re.Match[bytes]) -> bytes:
        tag = m.group(0)[: m.group(0).find(b">") + 1]
        ref = get_attr(tag, b"ref") or b""
        if clear and ours(m.group(0), tag):
            removed.add(_ref_to_rc(ref))
            return b""
        occupied.add(ref.decode())
        return m.group(0)

    comments = comment_re.sub(keep, comments)

    def keep_shape(m: re.Match[bytes]) -> bytes:
        shape = m.group(0)
        row = _ROW.search(shape)
        col = _COLUMN.search(shape)
        if b'ObjectType="Note"' in shape and row and col and (int(row.group(1)), int(col.group(1))) in removed:
            return b""
        return shape

    vml = _SHAPE.sub(keep_shape, vml)

    skipped = sorted(ref for ref in notes if ref in occupied)
    new_notes = {ref: msg for ref, msg in notes.items() if ref not in occupied}
    if new_notes:
        author_ids: dict[str, int] = {}
        for kind in sorted({(kinds or {}).get(ref, "salesdesk") for ref in new_notes}):
            name = KIND_AUTHORS[kind].encode()
            if name not in authors:
                authors.append(name)
                comments = _add_to(comments, scan(comments), "authors", b"<" + croot.q("author") + b">" + name + b"</" + croot.q("author") + b">")
            author_ids[kind] = authors.index(name)
        entries = b"".join(
            _comment(ref, author_ids[kind], msg, croot.prefix, heading=kind == "salesdesk")
            for ref, msg in sorted(new_notes.items())
            for kind in [(kinds or {}).get(ref, "salesdesk")]
        )
        comments = _add_to(comments, scan(comments), "commentList", entries)
        vml = _declare_prefixes(vml)
        if b'spt="202"' not in vml and b"_x0000_t202" not in vml:
            vml = _before_vml_end(vml, NOTE_SHAPETYPE)
        ids = [int(x) for x in re.findall(rb'id="_x0000_s(\d+)"', vml)]
        block = re.search(rb'data="(\d+)', vml)
        next_id = max([*ids, (int(block.group(1)) if block else 1) * 1024]) + 1
        shapes = b"".join(_shape(next_id + i, *_ref_to_rc(ref.encode())) for i, ref in enumerate(sorted(new_notes)))
        vml = _before_vml_end(vml, shapes)

    edits: list[Splice] = []
    if comments_part is None:
        comments_part = package.free_name("xl/comments{}.xml")
        package.add_rel(sheet_part, REL_COMMENTS, comments_part)
        package.ensure_override(comments_part, CT_COMMENTS)
    if vml_part is None:
        vml_part = package.free_name("xl/drawings/vmlDrawing{}.vml")
        rid = package.add_rel(sheet_part, REL_VML, vml_part)
        package.ensure_content_type(vml_part, CT_VML)
        edits = _add_legacy_drawing(sheet_xml, sheet, rid)
    package.write(comments_part, comments)
    package.write(vml_part, vml)
    return edits, skipped


def _before_vml_end(vml: bytes, insert: bytes) -> bytes:
    end = re.search(rb"</(?:\w+:)?xml\s*>\s*$", vml)
    if end is None:
        raise Unsupported("a VML drawing without its closing </xml>")
    return vml[: end.start()] + insert + vml[end.start() :]


def _declare_prefixes(vml: bytes) -> bytes:
    root = re.search(rb"<xml\b[^>]*>", vml)
    if not root:
        return vml
    tag = root.group(0)
    extra = b"".join(b" xmlns:" + p + b'="' + uri + b'"' for p, uri in VML_NAMESPACES.items() if b"xmlns:" + p + b"=" not in tag)
    if not extra:
        return vml
    new_tag = tag[:-1] + extra + b">"
    return vml[: root.start()] + new_tag + vml[root.end() :]


def _add_legacy_drawing(sheet_xml: bytes, root: Root, rid: str) -> list[Splice]:
    prefix, declaration = declare(sheet_xml, root, b"r", R_NS)
    position = insertion_point(root, "legacyDrawing", WORKSHEET_ORDER)
    element = b"<" + root.q("legacyDrawing") + b" " + prefix + b':id="' + rid.encode() + b'"/>'
    return [(position, position, element)] + ([declaration] if declaration else [])
