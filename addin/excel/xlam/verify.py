"""Independent checks of a built .xlam; the build fails unless every one passes.

The VBA is read back with oletools (not our own decompressor), the compound
file with olefile; the ribbon's callbacks are matched against the built VBA.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from posixpath import dirname, join, normpath

import olefile
from defusedxml import ElementTree

from .package import CONTENT_TYPES, CUSTOMUI_NS, CUSTOMUI_PART, CUSTOMUI_REL, Sources

RIBBON_SUB = re.compile(r"^\s*(?:Public\s+)?Sub\s+(\w+)\s*\(\s*(?:ByRef\s+)?\w+\s+As\s+IRibbonControl\s*\)", re.IGNORECASE | re.MULTILINE)
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class BuildCheckFailed(RuntimeError):
    pass


def vba_modules(data: bytes) -> dict[str, str]:
    """Module name -> source, as oletools' olevba reads it from the .xlam."""
    with warnings.catch_warnings():  # olevba calls pyparsing by its deprecated names: noise on a rep's console
        warnings.simplefilter("ignore", DeprecationWarning)
        from oletools.olevba import VBA_Parser

    parser = VBA_Parser("salesdesk.xlam", data=data)
    try:
        return {vba_filename.rsplit(".", 1)[0]: code.decode("ascii") if isinstance(code, bytes) else code
                for _f, _s, vba_filename, code in parser.extract_macros()}
    finally:
        parser.close()


def ribbon_callbacks(ribbon_xml: str) -> list[str]:
    root = ElementTree.fromstring(ribbon_xml.encode("utf-8"))
    return sorted({el.attrib["onAction"] for el in root.iter() if "onAction" in el.attrib})


def ribbon_subs(modules: dict[str, str]) -> set[str]:
    return {name for source in modules.values() for name in RIBBON_SUB.findall(source)}


def check_package(data: bytes, sources: Sources) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        parts = {n: archive.read(n) for n in names}
    problems: list[str] = []
    # 1. content types: every part but the .rels has exactly one, and no override names a missing part
    types = ElementTree.fromstring(parts["[Content_Types].xml"])
    defaults = {d.attrib["Extension"] for d in types.iter(_CT_NS + "Default")}
    typed = {o.attrib["PartName"]: o.attrib["ContentType"] for o in types.iter(_CT_NS + "Override")}
    overrides = {name.lstrip("/") for name in typed}
    problems += [f"content type of {part} is not {ctype}" for part, ctype in CONTENT_TYPES.items() if typed.get(part) != ctype]
    for name in names:
        if name != "[Content_Types].xml" and name not in overrides and name.rsplit(".", 1)[-1] not in defaults:
            problems.append(f"no content type for {name}")
    problems += [f"content type for missing part {o}" for o in sorted(overrides - set(names))]
    # 2. relationships: every target exists
    for name in (n for n in names if n.endswith(".rels")):
        base = dirname(dirname(name))
        for rel in ElementTree.fromstring(parts[name]).iter(_REL_NS + "Relationship"):
            target = normpath(join(base, rel.attrib["Target"])).lstrip("/")
            if target not in parts:
                problems.append(f"{name}: {rel.attrib['Id']} points at missing {target}")
            if target == CUSTOMUI_PART and rel.attrib["Type"] != CUSTOMUI_REL:
                problems.append(f"ribbon part related as {rel.attrib['Type']}")
    # 3. the ribbon: its namespace goes with its relationship type; every callback is a Sub in the VBA
    ribbon = parts[CUSTOMUI_PART].decode("utf-8")
    if ElementTree.fromstring(parts[CUSTOMUI_PART]).tag != f"{{{CUSTOMUI_NS}}}customUI":
        problems.append("ribbon XML has the wrong namespace for customUI/customUI.xml")
    # 4. the VBA, read back independently, is exactly the sources
    with olefile.OleFileIO(io.BytesIO(parts["xl/vbaProject.bin"]), raise_defects=olefile.DEFECT_INCORRECT) as ole:
        if ole.openstream("VBA/_VBA_PROJECT").read() != bytes.fromhex("cc61ffff000100"):
            problems.append("_VBA_PROJECT is not source-only")
    read_back = vba_modules(data)
    for module in sources.modules:
        if read_back.get(module.name) != module.source:
            problems.append(f"VBA module {module.name} does not read back as its source")
    problems += [f"unexpected VBA module {m}" for m in sorted(set(read_back) - {m.name for m in sources.modules})]
    subs = ribbon_subs(read_back)
    problems += [f"ribbon onAction {cb} has no Sub {cb}(control As IRibbonControl)" for cb in ribbon_callbacks(ribbon) if cb.split(".")[-1] not in subs]
    if problems:
        raise BuildCheckFailed("; ".join(problems))
