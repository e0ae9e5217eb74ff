"""An OOXML package opened for surgical edits: read parts, replace a few, copy the rest."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from .structure import append_child, scan, splice
from .xmltext import PKG_REL_NS, REL_NS, Unsupported, attr

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
CONTENT_TYPES = "[Content_Types].xml"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"
REL_WORKSHEET = REL_NS + "/worksheet"


class Package:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip = zipfile.ZipFile(path)
        self._infos = {i.filename: i for i in self._zip.infolist()}
        self._order = [i.filename for i in self._zip.infolist()]
        self.changed: dict[str, bytes] = {}

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> "Package":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- parts -----------------------------------------------------------
    def exists(self, name: str) -> bool:
        return name in self.changed or name in self._infos

    def read(self, name: str) -> bytes:
        if name in self.changed:
            return self.changed[name]
        return self._zip.read(name)

    def original(self, name: str) -> bytes | None:
        """The part as it is in the file on disk (None for a part this edit adds)."""
        return self._zip.read(name) if name in self._infos else None

    def write(self, name: str, data: bytes) -> None:
        self.changed[name] = data

    def free_name(self, template: str) -> str:
        """The first unused part name of a numbered family, e.g. xl/comments{}.xml."""
        number = 1
        while self.exists(template.format(number)):
            number += 1
        return template.format(number)

    def names(self) -> list[str]:
        return self._order + [n for n in self.changed if n not in self._infos]

    # ---- relationships ---------------------------------------------------
    @staticmethod
    def rels_name(part: str) -> str:
        folder, name = posixpath.split(part)
        return posixpath.join(folder, "_rels", name + ".rels")

    def _tree(self, name: str) -> ET.Element:
        try:
            return SafeET.fromstring(self.read(name))
        except (ET.ParseError, DefusedXmlException) as exc:
            raise Unsupported(f"a part that cannot be parsed ({name}: {exc})") from exc

    def rels(self, part: str, external: bool = False) -> list[tuple[str, str, str]]:
        """(Id, Type, Target) of a part's relationships, whatever prefix the part uses."""
        name = self.rels_name(part)
        if not self.exists(name):
            return []
        return self.parse_rels(self.read(name), external)

    @staticmethod
    def parse_rels(xml: bytes, external: bool = False) -> list[tuple[str, str, str]]:
        try:
            tree = SafeET.fromstring(xml)
        except (ET.ParseError, DefusedXmlException) as exc:
            raise Unsupported(f"a relationships part that cannot be parsed ({exc})") from exc
        found = []
        for rel in tree.iter(f"{{{PKG_REL_NS}}}Relationship"):
            rid, kind, target = rel.get("Id"), rel.get("Type"), rel.get("Target")
            if rid and kind and target is not None and (external or rel.get("TargetMode") != "External"):
                found.append((rid, kind, target))
        return found

    @staticmethod
    def resolve(part: str, target: str) -> str:
        target = unquote(target.split("#", 1)[0])
        if target.startswith("/"):
            return posixpath.normpath(target).lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))

    def add_rel(self, part: str, kind: str, target_part: str) -> str:
        name = self.rels_name(part)
        relative = posixpath.relpath(target_part, posixpath.dirname(part))
        if self.exists(name):
            xml = self.read(name)
            used = {rid for rid, _, _ in self.rels(part, external=True)}
        else:
            xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG_REL_NS}"/>'.encode()
            used = set()
        root = scan(xml)
        if root.ns != PKG_REL_NS:
            raise Unsupported(f"a relationships part in another namespace ({name})")
        number = len(used) + 1
        while f"rId{number}" in used:
            number += 1
        rid = f"rId{number}"
        entry = b"<" + root.q("Relationship") + b" Id=" + attr(rid) + b" Type=" + attr(kind) + b" Target=" + attr(relative) + b"/>"
        self.write(name, splice(xml, [append_child(xml, root, entry)]))
        self.ensure_content_type(name, CT_RELS)
        return rid

    # ---- content types ---------------------------------------------------
    def content_type(self, part: str, overrides_only: bool = False) -> str | None:
        """The content type [Content_Types].xml gives a part (Override first, then Default)."""
        tree = self._tree(CONTENT_TYPES)
        wanted = "/" + part.lower()
        for override in tree.iter(f"{{{CT_NS}}}Override"):
            if (override.get("PartName") or "").lower() == wanted:
                return override.get("ContentType")
        if overrides_only:
            return None
        extension = posixpath.splitext(part)[1].lstrip(".").lower()
        for default in tree.iter(f"{{{CT_NS}}}Default"):
            if (default.get("Extension") or "").lower() == extension:
                return default.get("ContentType")
        return None

    def ensure_content_type(self, part: str, content_type: str, override: bool = False) -> None:
        """Gives a part a content type when it has none: an Override, or a Default for its extension.
        An Override is added unless the part has one: a Default such as xml -> application/xml does not
        make a worksheet, drawing or chart part what it is (Excel refuses the file)."""
        if self.content_type(part, overrides_only=override) is not None:
            return
        xml = self.read(CONTENT_TYPES)
        root = scan(xml)
        if root.ns != CT_NS:
            raise Unsupported("a [Content_Types].xml in another namespace")
        extension = posixpath.splitext(part)[1].lstrip(".")
        if override or not extension:
            entry = b"<" + root.q("Override") + b" PartName=" + attr("/" + part) + b" ContentType=" + attr(content_type) + b"/>"
        else:
            entry = b"<" + root.q("Default") + b" Extension=" + attr(extension) + b" ContentType=" + attr(content_type) + b"/>"
        self.write(CONTENT_TYPES, splice(xml, [append_child(xml, root, entry)]))

    def ensure_default(self, extension: str, content_type: str, part: str) -> None:
        self.ensure_content_type(part, content_type)

    def ensure_override(self, part: str, content_type: str) -> None:
        self.ensure_content_type(part, content_type, override=True)

    # ---- workbook structure ---------------------------------------------
    def sheet_parts(self) -> dict[str, str]:
        """Sheet name -> worksheet part name (worksheets only: no chart, dialog or macro sheets)."""
        workbook = self.read("xl/workbook.xml")
        if STRICT_NS in workbook[:2000]:
            raise Unsupported("Strict Open XML workbooks")
        root = self._tree("xl/workbook.xml")
        targets = {rid: self.resolve("xl/workbook.xml", target) for rid, kind, target in self.rels("xl/workbook.xml") if kind == REL_WORKSHEET}
        parts = {}
        for sheet in root.iter(f"{{{MAIN_NS}}}sheet"):
            rid = sheet.get(f"{{{REL_NS}}}id")
            if rid in targets:
                parts[sheet.get("name", "")] = targets[rid]
        return parts

    # ---- saving ------------------------------------------------------------
    def save(self, destination: Path) -> None:
        """Writes every part: changed ones as edited, the rest copied unchanged, in the original order."""
        with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as out:
            for name in self.names():
                info = self._infos.get(name)
                data = self.read(name)
                if info is None:
                    out.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
                    continue
                clone = zipfile.ZipInfo(name, date_time=info.date_time)
                clone.external_attr = info.external_attr
                clone.compress_type = info.compress_type
                out.writestr(clone, data, info.compress_type)
