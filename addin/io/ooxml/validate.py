"""Structural validation of a written package, before it may replace the original.

Well-formed is not enough: Excel repairs (and LibreOffice drops) what is out
of schema order, a relationship id that resolves to nothing, a part without
a content type or a style index past the end of its list. `problems` lists
what is wrong with a package's edited parts; `new_problems` keeps those the
edit introduced (a file that was already odd is not made worse, and not
refused for what it always had).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from urllib.parse import unquote
from xml.etree import ElementTree as ET
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from .structure import STYLESHEET_ORDER, WORKBOOK_ORDER, WORKSHEET_ORDER, WORKSHEET_REPEATABLE, Root, out_of_order, scan
from .xmltext import PKG_REL_NS, REL_NS, Unsupported

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def at_least(n: int) -> bytes:
    """A regex alternation matching decimal numbers >= n (no leading zeros)."""
    digits = str(n)
    alternatives = [rb"[1-9]\d{%d,}" % len(digits)]
    for i, digit in enumerate(digits):
        prefix, d, rest = digits[:i].encode(), int(digit), len(digits) - i - 1
        if rest == 0:
            alternatives.append(prefix + b"[%d-9]" % d)
        elif d < 9:
            alternatives.append(prefix + b"[%d-9]" % (d + 1) + rb"\d" * rest)
    return b"(?:" + b"|".join(alternatives) + b")"


def _style_beyond(data: bytes, start: int, end: int, count: int) -> bool:
    """Whether a cell in data[start:end] uses style index >= count: one search, no list of 2M matches."""
    return re.compile(rb""" s=["']""" + at_least(count) + rb"""["']""").search(data, start, end) is not None
_DXF_ID = re.compile(rb"""\sdxfId\s*=\s*["'](\d+)["']""")


def _no_dtd(*_: object) -> None:
    raise ValueError("a DTD")


def well_formed(data: bytes) -> str | None:
    """None, or why the part is not namespace-well-formed XML (an undeclared prefix counts); expat
    without a tree: a 100k-row sheet in about a second."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    try:
        parser.Parse(data, True)
    except (expat.ExpatError, ValueError) as exc:
        return str(exc)
    return None


def _tree(data: bytes) -> ET.Element | None:
    try:
        return SafeET.fromstring(data)
    except (ET.ParseError, DefusedXmlException):
        return None


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _target(part: str, target: str) -> str:
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


class _Package:
    """Read access to a zip with each part read at most once."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = set(archive.namelist())
        self._cache: dict[str, bytes] = {}

    def read(self, name: str) -> bytes:
        if name not in self._cache:
            self._cache[name] = self.archive.read(name)
        return self._cache[name]

    def rels(self, part: str) -> dict[str, tuple[str, str, bool]] | None:
        """Id -> (Type, resolved target, external); None when the rels part is unreadable."""
        name = _rels_name(part)
        if name not in self.names:
            return {}
        tree = _tree(self.read(name))
        if tree is None:
            return None
        found = {}
        for rel in tree.iter(f"{{{PKG_REL_NS}}}Relationship"):
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target") or ""
            found[rel.get("Id") or ""] = (rel.get("Type") or "", target if external else _target(part, target), external)
        return found

    def content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        tree = _tree(self.read("[Content_Types].xml")) if "[Content_Types].xml" in self.names else None
        if tree is None:
            return {}, {}
        defaults = {(d.get("Extension") or "").lower(): d.get("ContentType") or "" for d in tree.iter(f"{{{CT_NS}}}Default")}
        overrides = {(o.get("PartName") or "").lower(): o.get("ContentType") or "" for o in tree.iter(f"{{{CT_NS}}}Override")}
        return defaults, overrides


def _outside_sheet_data(data: bytes, root: Root) -> bytes:
    """The worksheet without its cells: root tag, every other child, end tag (small, parsed as a tree)."""
    pieces = [data[root.start : root.tag_end]]
    pieces.extend(data[c.start : c.end] for c in root.children if not (c.local == "sheetData" and c.ns == root.ns))
    pieces.append(data[root.close : root.end] if not root.self_closing else b"")
    if root.self_closing:
        return pieces[0]
    return b"".join(pieces)


def _collection_size(styles: bytes | None, collection: str) -> int:
    if styles is None:
        return 0
    tree = _tree(styles)
    if tree is None:
        return 0
    found = tree.find(f"{{{MAIN_NS}}}{collection}")
    return 0 if found is None else len(list(found))


def problems(archive: zipfile.ZipFile, parts: set[str]) -> set[str]:
    """What is structurally wrong with `parts` of a package (each problem a short English sentence)."""
    package = _Package(archive)
    found: set[str] = set()
    workbook_rels = package.rels("xl/workbook.xml") or {}
    styles = next((target for kind, target, _ in workbook_rels.values() if kind == REL_NS + "/styles"), None)
    styles_data = package.read(styles) if styles in package.names else None
    for part in sorted(parts & package.names):
        data = package.read(part)
        if part.endswith((".xml", ".rels")):
            reason = well_formed(data)
            if reason is not None:
                found.add(f"{part} {NOT_WELL_FORMED} ({reason})")
                continue
        if part.endswith(".vml") or part.endswith(".rels") or part == "[Content_Types].xml" or not part.endswith(".xml"):
            continue
        try:
            root = scan(data)
        except Unsupported as exc:
            found.add(f"{part} cannot be read ({exc})")
            continue
        text = data
        if root.ns == MAIN_NS and root.local == "worksheet":
            for name in out_of_order(root, WORKSHEET_ORDER, WORKSHEET_REPEATABLE):
                found.add(f"{part}: <{name}> stands out of schema order or is repeated")
            text = _outside_sheet_data(data, root)
            sheet_data = root.named("sheetData")
            if sheet_data:
                cell_formats = _collection_size(styles_data, "cellXfs")
                if _style_beyond(data, sheet_data[0].tag_end, sheet_data[0].end, max(cell_formats, 1)):
                    found.add(f"{part}: a cell uses a style the stylesheet does not have")
            dxf_max = max((int(m) for m in _DXF_ID.findall(text)), default=-1)
            if dxf_max >= 0 and dxf_max >= _collection_size(styles_data, "dxfs"):
                found.add(f"{part}: a highlight uses a format the stylesheet does not have")
        elif root.ns == MAIN_NS and root.local == "styleSheet":
            for name in out_of_order(root, STYLESHEET_ORDER):
                found.add(f"{part}: <{name}> stands out of schema order or is repeated")
        elif root.ns == MAIN_NS and root.local == "workbook":
            for name in out_of_order(root, WORKBOOK_ORDER):
                found.add(f"{part}: <{name}> stands out of schema order or is repeated")
        found |= _unresolved_ids(package, part, text)
    found |= _rels_and_types(package, parts)
    return found


def _unresolved_ids(package: _Package, part: str, text: bytes) -> set[str]:
    tree = _tree(text)
    if tree is None:
        return {f"{part} cannot be parsed"}
    ids = {value for element in tree.iter() for key, value in element.attrib.items() if key.startswith(f"{{{REL_NS}}}")}
    if not ids:
        return set()
    rels = package.rels(part)
    if rels is None:
        return {f"{_rels_name(part)} cannot be parsed"}
    found = set()
    for rid in ids:
        if rid not in rels:
            found.add(f"{part}: relationship {rid} is not in {_rels_name(part)}")
        elif not rels[rid][2] and rels[rid][1] not in package.names:
            found.add(f"{part}: relationship {rid} points to {rels[rid][1]}, which the file lacks")
    return found


def _rels_and_types(package: _Package, parts: set[str]) -> set[str]:
    found = set()
    for name in sorted(parts & package.names):
        if not name.endswith(".rels"):
            continue
        source = posixpath.join(posixpath.dirname(posixpath.dirname(name)), posixpath.basename(name)[: -len(".rels")])
        rels = package.rels(source.lstrip("/"))
        if rels is None:
            found.add(f"{name} cannot be parsed")
            continue
        for rid, (_, target, external) in rels.items():
            if not external and target not in package.names:
                found.add(f"{name}: relationship {rid} points to {target}, which the file lacks")
    defaults, overrides = package.content_types()
    for name in package.names:
        if name.endswith("/") or name == "[Content_Types].xml":
            continue
        extension = posixpath.splitext(name)[1].lstrip(".").lower()
        if "/" + name.lower() not in overrides and extension not in defaults:
            found.add(f"{name} has no content type")
    return found


NOT_WELL_FORMED = "is not well-formed XML"


def new_problems(before: zipfile.ZipFile, after: zipfile.ZipFile, changed: set[str]) -> tuple[list[str], list[str]]:
    """(problems the edit introduced, edited parts that were unreadable already).

    A part that is not well-formed is never written, even when the original
    part was already so: the second list says which, for a refusal that
    names the input, not the edit, as the cause."""
    found = problems(after, changed)
    if not found:
        return [], []
    # Only the parts with a problem are judged again in the original (not a 60 MB sheet that is fine).
    concerned = {p.split(" ", 1)[0].rstrip(":") for p in found}
    already = problems(before, concerned & set(before.namelist()))
    broken_before = {p.split(" (")[0] for p in already if NOT_WELL_FORMED in p}
    inherited = sorted(p for p in found if NOT_WELL_FORMED in p and p.split(" (")[0] in broken_before)
    return sorted(found - already - set(inherited)), inherited
