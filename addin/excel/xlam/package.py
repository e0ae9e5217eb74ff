"""The salesdesk.xlam package: a hidden add-in workbook, the ribbon and the VBA project.

Everything is generated here (no template file is copied), so nothing of
another machine or author ends up in it; the zip has fixed timestamps, order
and compression, so two builds of the same sources are the same bytes.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from .vba_project import Module, class_module, document_module, standard_module, vba_project_bin
from .vba_text import text_module

PROJECT_NAME = "SalesdeskAddin"  # VBA names ignore case: distinct from every module (module Salesdesk), as Excel's editor requires
MACROS = Path(__file__).resolve().parents[1] / "macros"  # package data: an installed wheel builds the add-in too (addin bundle)
# The 2006 ribbon part works from Excel 2007 on; its namespace and relationship type go together.
CUSTOMUI_PART = "customUI/customUI.xml"
CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
CUSTOMUI_REL = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_CT = "application/vnd.openxmlformats-officedocument."
CONTENT_TYPES = {
    "/xl/workbook.xml": "application/vnd.ms-excel.addin.macroEnabled.main+xml",
    "/xl/worksheets/sheet1.xml": _CT + "spreadsheetml.worksheet+xml",
    "/xl/styles.xml": _CT + "spreadsheetml.styles+xml",
    "/xl/vbaProject.bin": "application/vnd.ms-office.vbaProject",
    "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    "/docProps/app.xml": _CT + "extended-properties+xml",
}
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
ROOT_RELS = (
    ("rId1", _R + "officeDocument", "xl/workbook.xml"),
    ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
    ("rId3", _R + "extended-properties", "docProps/app.xml"),
    ("rId4", CUSTOMUI_REL, CUSTOMUI_PART),
)
WORKBOOK_RELS = (
    ("rId1", _R + "worksheet", "worksheets/sheet1.xml"),
    ("rId2", _R + "styles", "styles.xml"),
    ("rId3", "http://schemas.microsoft.com/office/2006/relationships/vbaProject", "vbaProject.bin"),
)
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _rels(rels: tuple[tuple[str, str, str], ...]) -> str:
    items = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in rels)
    return f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{items}</Relationships>'


def _content_types() -> str:
    overrides = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in CONTENT_TYPES.items())
    return (
        f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
    )


WORKBOOK = (
    f'{_DECL}<workbook xmlns="{_MAIN}" xmlns:r="{_R[:-1]}"><workbookPr codeName="ThisWorkbook"/>'
    '<bookViews><workbookView visibility="hidden"/></bookViews>'
    '<sheets><sheet name="salesdesk" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
SHEET = f'{_DECL}<worksheet xmlns="{_MAIN}"><sheetPr codeName="Sheet1"/><sheetData/></worksheet>'
STYLES = (
    f'{_DECL}<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
CORE = (
    f'{_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>salesdesk</dc:title></cp:coreProperties>'
)
APP = (
    f'{_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Microsoft Excel</Application></Properties>"
)


@dataclass(frozen=True)
class Sources:
    """What goes into the add-in: the ribbon XML and the VBA modules, in project order."""

    ribbon: str
    modules: tuple[Module, ...]


def xlwings_dir() -> Path:
    import xlwings

    return Path(xlwings.__file__).resolve().parent


def default_sources(lang: str = "zh") -> Sources:
    from ..ribbon import ribbon_xml

    xw = xlwings_dir()
    read = lambda p: p.read_bytes().decode("ascii")  # noqa: E731
    if not (MACROS / "salesdesk.bas").exists():
        raise FileNotFoundError(f"{MACROS / 'salesdesk.bas'}: salesdesk is installed without its package data; reinstall it")
    return Sources(
        ribbon=ribbon_xml(lang),
        modules=(
            document_module("ThisWorkbook", "workbook"),
            document_module("Sheet1", "sheet"),
            standard_module(read(MACROS / "salesdesk.bas")),
            standard_module(text_module(lang)),  # the messages shown before Python starts, in the add-in's language
            standard_module(read(xw / "xlwings.bas")),  # RunPython, of the xlwings version installed here (BSD)
            class_module(read(xw / "addin" / "Dictionary.cls")),  # xlwings.bas needs it on macOS (MIT)
        ),
    )


def xlam_bytes(sources: Sources) -> bytes:
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": _content_types(),
        "_rels/.rels": _rels(ROOT_RELS),
        "docProps/app.xml": APP,
        "docProps/core.xml": CORE,
        CUSTOMUI_PART: sources.ribbon,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": _rels(WORKBOOK_RELS),
        "xl/worksheets/sheet1.xml": SHEET,
        "xl/styles.xml": STYLES,
        "xl/vbaProject.bin": vba_project_bin(PROJECT_NAME, list(sources.modules)),
    }
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # the same bytes whichever OS builds it
            info.external_attr = 0
            data = content.encode("utf-8") if isinstance(content, str) else content
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()
