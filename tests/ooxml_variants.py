"""Generators of small workbook variants, each the way some real producer writes a package.

Each takes an openpyxl-written orders workbook and rewrites parts of it the
way Excel, ClosedXML/.NET SDK, Python's ElementTree or a minimal writer
would, so the surgical writer meets every kind in the tests without any
fetched file.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Callable
from xml.etree import ElementTree as ET

import openpyxl

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET = "xl/worksheets/sheet1.xml"
SHEET_RELS = "xl/worksheets/_rels/sheet1.xml.rels"
ORDERS = ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "发货时间", "到货时间"]
ROWS = [
    ["SO-1", "C1", "张伟", "2026-03-05", 1200, "2026-04-01", "2026-03-20 09:00", "2026-03-19 10:00"],  # arrived before shipped
    ["SO-2", "C2", "李娜", "3/5/2026", "abc", "2026-04-01", None, None],  # ambiguous date, bad amount
    ["SO-3", "C3", "王磊", "2026-03-06", 900, "2026-04-02", None, None],
]
EXPECTED_NOTES = {"H2", "D3", "E3"}

Rewrite = Callable[[bytes], bytes]


def orders_book(path: Path, user_note: bool = False) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "订单"
    for row in [ORDERS, *ROWS]:
        ws.append(row)
    if user_note:
        from openpyxl.comments import Comment

        ws["A2"].comment = Comment("客户加急", "张伟")
    book.save(path)
    return path


def rewrite(path: Path, changes: dict[str, bytes | Rewrite | None], extra: list[tuple[str, bytes]] = ()) -> Path:  # type: ignore[assignment]
    """Rewrites members in place (None removes one); `extra` members are appended (duplicates allowed)."""
    with zipfile.ZipFile(path) as z:
        members = [(i.filename, z.read(i)) for i in z.infolist()]
    out = []
    for name, data in members:
        change = changes.get(name, data)
        if change is None:
            continue
        out.append((name, change(data) if callable(change) else change))
    out.extend((n, d) for n, d in changes.items() if isinstance(d, bytes) and n not in dict(members))
    out.extend(extra)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of one variant
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in out:
                z.writestr(name, data)
    return path


def insert_before_end(xml: bytes, element: bytes, end: bytes = b"</worksheet>") -> bytes:
    return xml.replace(end, element + end, 1)


def add_content_type(xml: bytes, entry: str) -> bytes:
    return re.sub(rb"</(\w+:)?Types>", lambda m: entry.encode() + m.group(0), xml, count=1)


def add_rel(xml: bytes | None, rid: str, kind: str, target: str) -> bytes:
    entry = f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'.encode()
    if xml is None:
        return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_R}">'.encode() + entry + b"</Relationships>"
    return xml.replace(b"</Relationships>", entry + b"</Relationships>", 1)


# ---- the variants ---------------------------------------------------------

DATA_BAR = (
    b'<conditionalFormatting sqref="E2:E4"><cfRule type="dataBar" priority="1"><dataBar><cfvo type="min"/><cfvo type="max"/>'
    b'<color rgb="FF638EC6"/></dataBar><extLst><ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}" '
    b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:id>{00000000-000E-0000-0000-000001000000}</x14:id>'
    b"</ext></extLst></cfRule></conditionalFormatting>"
)
X14_DATA_BAR = (
    b'<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    b'<x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    b'<x14:cfRule type="dataBar" id="{00000000-000E-0000-0000-000001000000}"><x14:dataBar minLength="0" maxLength="100" gradient="0">'
    b'<x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/><x14:negativeFillColor rgb="FFFF0000"/><x14:axisColor rgb="FF000000"/>'
    b"</x14:dataBar></x14:cfRule><xm:sqref>E2:E4</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>"
)


def data_bar(path: Path) -> Path:
    """Excel 2010+: a data bar whose cfRule holds its own <extLst>, plus the sheet's x14 extLst."""
    return rewrite(path, {SHEET: lambda x: x.replace(b"</sheetData>", b"</sheetData>" + DATA_BAR, 1).replace(b"</worksheet>", X14_DATA_BAR + b"</worksheet>")})


def _prefix_all(xml: bytes, prefix: bytes, ns: str) -> bytes:
    """Every unprefixed element in `prefix:`, the default namespace declaration bound to it instead."""
    xml = re.sub(rb"<(/?)(?=[A-Za-z_])(?![\w.-]+:)", b"<\\1" + prefix + b":", xml)
    return xml.replace(b'xmlns="' + ns.encode() + b'"', b"xmlns:" + prefix + b'="' + ns.encode() + b'"')


def x_prefixed_styles(path: Path) -> Path:
    """ClosedXML / the .NET SDK: styles.xml with every element in x:."""
    return rewrite(path, {"xl/styles.xml": lambda x: _prefix_all(x, b"x", MAIN)})


def x_prefixed_sheet(path: Path) -> Path:
    return rewrite(path, {SHEET: lambda x: _prefix_all(x, b"x", MAIN)})


def _etree(xml: bytes) -> bytes:
    """What Python's ElementTree writes back: ns0:, ns1:, ... prefixes."""
    return ET.tostring(ET.fromstring(xml), encoding="utf-8", xml_declaration=True)


def elementtree_written(path: Path) -> Path:
    """A sheet, its .rels, the workbook's .rels and [Content_Types].xml round-tripped through ElementTree."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
    changes: dict[str, bytes | Rewrite | None] = {n: _etree for n in (SHEET, "xl/_rels/workbook.xml.rels", "[Content_Types].xml")}
    if SHEET_RELS in names:
        changes[SHEET_RELS] = _etree
    return rewrite(path, changes)


def elementtree_sheet_rels(path: Path) -> Path:
    """A sheet that already has an ns0:-prefixed .rels (a hyperlink), as ElementTree writes it."""
    rels = add_rel(None, "rIdLink", R + "/hyperlink", "https://example.com")
    rels = rels.replace(b'Target="https://example.com"', b'Target="https://example.com" TargetMode="External"')
    sheet = lambda x: x.replace(b"</worksheet>", b'<hyperlinks><hyperlink ref="A4" r:id="rIdLink"/></hyperlinks></worksheet>').replace(
        b"<worksheet ", b'<worksheet xmlns:r="' + R.encode() + b'" ', 1) if b"xmlns:r=" not in x else x
    return rewrite(path, {SHEET_RELS: _etree(rels), SHEET: sheet})


def overrides_only(path: Path) -> Path:
    """[Content_Types].xml declaring every part by Override, no Default at all."""
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if n != "[Content_Types].xml"]
        types = z.read("[Content_Types].xml")
    defaults = dict(re.findall(rb'<Default Extension="([^"]+)" ContentType="([^"]+)"', types))
    overrides = dict(re.findall(rb'<Override PartName="([^"]+)" ContentType="([^"]+)"', types))
    entries = []
    for name in names:
        ct = overrides.get(b"/" + name.encode()) or defaults.get(name.rsplit(".", 1)[-1].encode())
        if ct:
            entries.append(b'<Override PartName="/' + name.encode() + b'" ContentType="' + ct + b'"/>')
    xml = b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' + b"".join(entries) + b"</Types>"
    return rewrite(path, {"[Content_Types].xml": xml})


HF_VML = (
    b'<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">'
    b'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="7"/></o:shapelayout>'
    b'<v:shape id="LH" o:spid="_x0000_s7169" type="#_x0000_t75" style="position:absolute;width:40pt;height:20pt;z-index:1">'
    b'<v:imagedata o:relid="rId1" o:title="logo"/><o:lock v:ext="edit" rotation="t"/></v:shape></xml>'
)
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000" "1f15c4890000000d49444154789c6360000000000200015e2d2a0a0000000049454e44ae426082")


def header_picture(path: Path) -> Path:
    """A header/footer picture: a legacyDrawingHF VML (with its image), the sheet's only VML."""
    with zipfile.ZipFile(path) as z:
        rels = z.read(SHEET_RELS) if SHEET_RELS in z.namelist() else None
    sheet = lambda x: (x if b"xmlns:r=" in x[:600] else x.replace(b"<worksheet ", b'<worksheet xmlns:r="' + R.encode() + b'" ', 1)).replace(
        b"</worksheet>", b'<headerFooter><oddHeader>&amp;L&amp;G</oddHeader></headerFooter><legacyDrawingHF r:id="rIdHF"/></worksheet>')
    # headerFooter sits before legacyDrawing in schema order; openpyxl may already write one
    return rewrite(path, {
        SHEET: sheet,
        SHEET_RELS: add_rel(rels, "rIdHF", R + "/vmlDrawing", "../drawings/vmlDrawingHF1.vml"),
        "xl/drawings/vmlDrawingHF1.vml": HF_VML,
        "xl/drawings/_rels/vmlDrawingHF1.vml.rels": add_rel(None, "rId1", R + "/image", "../media/logo.png"),
        "xl/media/logo.png": PNG,
        "[Content_Types].xml": lambda x: add_content_type(add_content_type(x, '<Default Extension="png" ContentType="image/png"/>'),
                                                          '<Override PartName="/xl/drawings/vmlDrawingHF1.vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>'),
    })


def header_picture_listed_first(path: Path) -> Path:
    """A user's note (legacyDrawing) and a header picture whose VML relationship comes first in the .rels."""
    header_picture(path)
    with zipfile.ZipFile(path) as z:
        rels = z.read(SHEET_RELS)
    hf = re.search(rb"<Relationship Id=\"rIdHF\"[^>]*/>", rels)
    assert hf
    moved = rels.replace(hf.group(0), b"").replace(b"<Relationship ", hf.group(0) + b"<Relationship ", 1)
    return rewrite(path, {SHEET_RELS: moved})


def minimal_styles(path: Path) -> Path:
    """A minimal producer's stylesheet: no fonts, fills, borders, cell formats or dxfs."""
    return rewrite(path, {"xl/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"/>'.encode(), SHEET: lambda x: re.sub(rb'\ss="\d+"', b"", x)})


def numfmts_only_styles(path: Path) -> Path:
    return rewrite(path, {"xl/styles.xml": f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy"/></numFmts></styleSheet>'.encode(),
                          SHEET: lambda x: re.sub(rb'\ss="\d+"', b"", x)})


def no_styles_part(path: Path) -> Path:
    return rewrite(path, {
        "xl/styles.xml": None,
        "xl/_rels/workbook.xml.rels": lambda x: re.sub(rb"<Relationship [^>]*styles\.xml\"/>", b"", x),
        "[Content_Types].xml": lambda x: re.sub(rb"<Override PartName=\"/xl/styles.xml\"[^>]*/>", b"", x),
        SHEET: lambda x: re.sub(rb'\ss="\d+"', b"", x),
    })


def protected(path: Path) -> Path:
    return rewrite(path, {SHEET: lambda x: x.replace(b"</sheetData>", b'</sheetData><sheetProtection password="CC3D" sheet="1" objects="1" scenarios="1"/>', 1)})


def undeclared_prefix(path: Path) -> Path:
    return rewrite(path, {SHEET: lambda x: x.replace(b"</worksheet>", b'<extLst><ext uri="{X}"><x14:thing/></ext></extLst></worksheet>')})


MACRO_SHEET = f'<?xml version="1.0" encoding="UTF-8"?><xm:macrosheet xmlns="{MAIN}" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData><row r="1"><c r="A1" t="str"><f>HALT()</f><v>TRUE</v></c></row></sheetData></xm:macrosheet>'.encode()


def macro_sheet(path: Path) -> Path:
    """An Excel 4.0 macro sheet (xl/macrosheets/) beside the worksheet."""
    kind = "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet"
    return rewrite(path, {
        "xl/macrosheets/sheet1.xml": MACRO_SHEET,
        "xl/_rels/workbook.xml.rels": lambda x: add_rel(x, "rIdM1", kind, "macrosheets/sheet1.xml"),
        "xl/workbook.xml": lambda x: re.sub(rb"</(\w+:)?sheets>", lambda m: b'<sheet name="Macro1" sheetId="9" r:id="rIdM1"/>' + m.group(0), x, count=1),
        "[Content_Types].xml": lambda x: add_content_type(x, '<Override PartName="/xl/macrosheets/sheet1.xml" ContentType="application/vnd.ms-excel.macrosheet+xml"/>'),
    })


def dtd_late(path: Path) -> Path:
    """A DTD far beyond the first 4 KiB of a part (after a long comment)."""
    return rewrite(path, {"docProps/app.xml": lambda x: b"<!-- " + b"x" * 9000 + b" -->" + b'<!DOCTYPE d [<!ENTITY e "boom">]>' + x.split(b"?>", 1)[-1]})


def duplicate_member(path: Path) -> Path:
    with zipfile.ZipFile(path) as z:
        sheet = z.read(SHEET)
    return rewrite(path, {}, extra=[(SHEET, sheet.replace(b"SO-1", b"SO-X"))])


def case_mismatch(path: Path) -> Path:
    return rewrite(path, {"xl/_rels/workbook.xml.rels": lambda x: x.replace(b"worksheets/sheet1.xml", b"worksheets/Sheet1.xml")})


def bad_crc(path: Path, member: str = SHEET) -> Path:
    """A member whose data no longer matches its CRC-32 (both headers keep the old CRC)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
        central = z.start_dir  # type: ignore[attr-defined]
    crc = (info.CRC ^ 0x5A5A5A5A).to_bytes(4, "little")
    data[info.header_offset + 14 : info.header_offset + 18] = crc
    cursor = central
    while data[cursor : cursor + 4] == b"PK\x01\x02":
        name_length = int.from_bytes(data[cursor + 28 : cursor + 30], "little")
        extra_length = int.from_bytes(data[cursor + 30 : cursor + 32], "little")
        comment_length = int.from_bytes(data[cursor + 32 : cursor + 34], "little")
        if bytes(data[cursor + 46 : cursor + 46 + name_length]) == member.encode():
            data[cursor + 16 : cursor + 20] = crc
        cursor += 46 + name_length + extra_length + comment_length
    path.write_bytes(bytes(data))
    return path
