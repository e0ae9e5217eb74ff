"""An OOXML package opened for surgical edits: read parts, replace a few, copy the rest."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from defusedxml import ElementTree as SafeET

from .xmltext import PKG_REL_NS, REL_NS, Unsupported, attr, get_attr

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = b"http://purl.oclc.org/ooxml/spreadsheetml/main"


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

    def rels(self, part: str) -> list[tuple[str, str, str]]:
        """(Id, Type, Target) of a part's relationships."""
        name = self.rels_name(part)
        if not self.exists(name):
            return []
        xml = self.read(name)
        found = []
        for tag in re.findall(rb"<Relationship\b[^>]*>", xml):
            rid, kind, target = (get_attr(tag, a) for a in (b"Id", b"Type", b"Target"))
            if rid and kind and target and get_attr(tag, b"TargetMode") != b"External":
                found.append((rid.decode(), kind.decode(), target.decode()))
        return found

    @staticmethod
    def resolve(part: str, target: str) -> str:
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))

    def add_rel(self, part: str, kind: str, target_part: str) -> str:
        name = self.rels_name(part)
        relative = posixpath.relpath(target_part, posixpath.dirname(part))
        if self.exists(name):
            xml = self.read(name)
        else:
            xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG_REL_NS}"></Relationships>'.encode()
        used = {m.decode() for m in re.findall(rb'\sId\s*=\s*"([^"]*)"', xml)}
        number = len(used) + 1
        while f"rId{number}" in used:
            number += 1
        rid = f"rId{number}"
        entry = b"<Relationship Id=" + attr(rid) + b" Type=" + attr(kind) + b" Target=" + attr(relative) + b"/>"
        if b"</Relationships>" in xml:
            xml = xml.replace(b"</Relationships>", entry + b"</Relationships>", 1)
        else:  # <Relationships .../> with no children
            xml = re.sub(rb"<Relationships\b([^>]*?)/>", lambda m: b"<Relationships" + m.group(1) + b">" + entry + b"</Relationships>", xml, count=1)
        self.write(name, xml)
        return rid

    # ---- content types ---------------------------------------------------
    def ensure_default(self, extension: str, content_type: str) -> None:
        xml = self.read("[Content_Types].xml")
        if re.search(rb'<Default\b[^>]*Extension="' + re.escape(extension.encode()) + rb'"', xml, re.I):
            return
        entry = b"<Default Extension=" + attr(extension) + b" ContentType=" + attr(content_type) + b"/>"
        self.write("[Content_Types].xml", xml.replace(b"</Types>", entry + b"</Types>", 1))

    def ensure_override(self, part: str, content_type: str) -> None:
        xml = self.read("[Content_Types].xml")
        name = "/" + part
        if re.search(rb'PartName="' + re.escape(name.encode()) + rb'"', xml):
            return
        entry = b"<Override PartName=" + attr(name) + b" ContentType=" + attr(content_type) + b"/>"
        self.write("[Content_Types].xml", xml.replace(b"</Types>", entry + b"</Types>", 1))

    # ---- workbook structure ---------------------------------------------
    def sheet_parts(self) -> dict[str, str]:
        """Sheet name -> worksheet part name."""
        workbook = self.read("xl/workbook.xml")
        if STRICT_NS in workbook[:2000]:
            raise Unsupported("Strict Open XML workbooks")
        root = SafeET.fromstring(workbook)
        targets = {rid: self.resolve("xl/workbook.xml", target) for rid, _, target in self.rels("xl/workbook.xml")}
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
