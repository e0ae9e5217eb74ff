"""A workbook with what Excel 365 writes and openpyxl drops, built part by part.

Threaded comments (with their legacy placeholder and persons part), x14
conditional formats and sparklines in the sheet's extLst, a shape in a
drawing, customXml, a VBA project with its signature: the surgical writer
must keep every one of these parts byte-identical.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment

HEADERS = ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货", "发货时间", "到货时间"]
ROWS = [
    ["SO-1", "C1", "张伟", "2026-03-05", 1200, "2026-04-01", "2026-03-20 09:00", "2026-03-19 10:00"],  # arrived before shipped
    ["SO-2", "C2", "李娜", "3/5/2026", "abc", "2026-04-01", None, None],  # ambiguous date, bad amount
    ["SO-3", "C3", "王磊", "2026-03-06", 900, "2026-04-02", None, None],
]
PERSON_ID = "{A5B6C7D8-1111-2222-3333-444455556666}"
THREAD_ID = "{0F0E0D0C-AAAA-BBBB-CCCC-DDDDEEEEFFFF}"

EXCEL_ROOT = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr xr2 xr3" '
    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
    'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
    'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" '
    'xmlns:xr3="http://schemas.microsoft.com/office/spreadsheetml/2016/revision3" '
    'xr:uid="{00000000-0001-0000-0000-000000000000}">'
)

X14_EXT = (
    '<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:cfRule type="dataBar" id="{11111111-2222-3333-4444-555555555555}"><x14:dataBar minLength="0" maxLength="100" gradient="0">'
    '<x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/><x14:negativeFillColor rgb="FFFF0000"/><x14:axisColor rgb="FF000000"/></x14:dataBar></x14:cfRule>'
    "<xm:sqref>E2:E4</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext>"
    '<ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:sparklineGroups xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:sparklineGroup displayEmptyCellsAs="gap">'
    '<x14:colorSeries rgb="FF376092"/><x14:sparklines><x14:sparkline><xm:f>Sheet!E2:E4</xm:f><xm:sqref>I1</xm:sqref></x14:sparkline></x14:sparklines>'
    "</x14:sparklineGroup></x14:sparklineGroups></ext></extLst>"
)

DRAWING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    "<xdr:twoCellAnchor><xdr:from><xdr:col>10</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
    "<xdr:to><xdr:col>13</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>5</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
    '<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" name="TextBox 1"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr>'
    '<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1828800" cy="731520"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>'
    '<xdr:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="zh-CN"/><a:t>本月重点客户</a:t></a:r></a:p></xdr:txBody></xdr:sp>'
    "<xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>"
)

THREADED = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    f'<threadedComment ref="B3" dT="2026-03-06T10:00:00.00" personId="{PERSON_ID}" id="{THREAD_ID}"><text>请确认客户编号</text></threadedComment>'
    "</ThreadedComments>"
)
PERSONS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    f'<person displayName="陈经理" id="{PERSON_ID}" userId="chen@example.cn" providerId="None"/></personList>'
)
CUSTOM_XML = '<?xml version="1.0" encoding="UTF-8" standalone="no"?><b:Sources xmlns:b="http://schemas.openxmlformats.org/officeDocument/2006/bibliography" SelectedStyle=""/>'
CUSTOM_XML_PROPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
    '<ds:datastoreItem ds:itemID="{6E3B1E2A-0000-4000-8000-000000000001}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>'
)
VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 16  # an opaque OLE blob, as Excel stores it
VBA_SIGNATURE = b"\x30\x82\x01\x00" + bytes(reversed(range(256))) * 4


def _add_rel(xml: str, rid: str, kind: str, target: str) -> str:
    return xml.replace("</Relationships>", f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/></Relationships>')


def build_rich_workbook(path: Path) -> Path:
    """Writes an .xlsm with every part above; returns its path."""
    base = path.with_name("base-" + path.name.replace(".xlsm", ".xlsx"))
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Sheet"
    ws.append(HEADERS)
    for row in ROWS:
        ws.append(row)
    # The legacy placeholder Excel writes for a threaded comment, and a plain user note.
    ws["B3"].comment = Comment("[Threaded comment]\n请确认客户编号", f"tc={THREAD_ID}")
    ws["A2"].comment = Comment("客户加急", "张伟")
    book.save(base)

    with zipfile.ZipFile(base) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    base.unlink()

    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    # The root and rows as Excel 365 writes them: markup-compatibility prefixes,
    # a revision uid, spans and x14ac:dyDescent on every row.
    root = re.search(r"<worksheet\b[^>]*>", sheet).group(0)
    sheet = sheet.replace(root, EXCEL_ROOT, 1)
    sheet = re.sub(r'<row r="(\d+)"', r'<row r="\1" spans="1:8" x14ac:dyDescent="0.25"', sheet)
    sheet = re.sub(r"(<legacyDrawing [^>]*/>)", r'<drawing r:id="rIdDr1"/>\1', sheet)
    sheet = sheet.replace("</worksheet>", X14_EXT + "</worksheet>")
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()

    rels = parts["xl/worksheets/_rels/sheet1.xml.rels"].decode()
    rels = _add_rel(rels, "rIdDr1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing", "../drawings/drawing1.xml")
    rels = _add_rel(rels, "rIdTc1", "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment", "../threadedComments/threadedComment1.xml")
    parts["xl/worksheets/_rels/sheet1.xml.rels"] = rels.encode()

    wb_rels = parts["xl/_rels/workbook.xml.rels"].decode()
    wb_rels = _add_rel(wb_rels, "rIdPs1", "http://schemas.microsoft.com/office/2017/10/relationships/person", "persons/person.xml")
    wb_rels = _add_rel(wb_rels, "rIdVba1", "http://schemas.microsoft.com/office/2006/relationships/vbaProject", "vbaProject.bin")
    parts["xl/_rels/workbook.xml.rels"] = wb_rels.encode()

    root_rels = parts["_rels/.rels"].decode()
    root_rels = _add_rel(root_rels, "rIdCx1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml", "customXml/item1.xml")
    parts["_rels/.rels"] = root_rels.encode()

    parts["xl/drawings/drawing1.xml"] = DRAWING.encode()
    parts["xl/threadedComments/threadedComment1.xml"] = THREADED.encode()
    parts["xl/persons/person.xml"] = PERSONS.encode()
    parts["customXml/item1.xml"] = CUSTOM_XML.encode()
    parts["customXml/itemProps1.xml"] = CUSTOM_XML_PROPS.encode()
    parts["customXml/_rels/item1.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps" Target="itemProps1.xml"/></Relationships>'
    ).encode()
    parts["xl/vbaProject.bin"] = VBA
    parts["xl/vbaProjectSignature.bin"] = VBA_SIGNATURE
    parts["xl/_rels/vbaProject.bin.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProjectSignature" Target="vbaProjectSignature.bin"/></Relationships>'
    ).encode()

    types = parts["[Content_Types].xml"].decode()
    types = types.replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    overrides = {
        "/xl/drawings/drawing1.xml": "application/vnd.openxmlformats-officedocument.drawing+xml",
        "/xl/threadedComments/threadedComment1.xml": "application/vnd.ms-excel.threadedcomments+xml",
        "/xl/persons/person.xml": "application/vnd.ms-excel.person+xml",
        "/customXml/itemProps1.xml": "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
        "/xl/vbaProjectSignature.bin": "application/vnd.ms-office.vbaProjectSignature",
    }
    extra = "".join(f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in overrides.items())
    extra += '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    parts["[Content_Types].xml"] = types.replace("</Types>", extra + "</Types>").encode()

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return path
