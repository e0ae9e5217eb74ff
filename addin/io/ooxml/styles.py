"""Edits of xl/styles.xml: number formats for written cells, fills for highlights.

Additions are idempotent: an entry salesdesk added before is found again
(exact text match) instead of being appended a second time.
"""

from __future__ import annotations

import re

from .package import Package
from .xmltext import Unsupported, attr, get_attr, set_count

STYLES = "xl/styles.xml"
BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "@": 49}
_XF = re.compile(rb"<xf\b[^>]*?(?:/>|>.*?</xf>)", re.S)
_DXF = re.compile(rb"<dxf\b[^>]*?(?:/>|>.*?</dxf>)", re.S)


class Styles:
    def __init__(self, package: Package) -> None:
        self.package = package
        if not package.exists(STYLES):
            raise Unsupported("a workbook without a styles part")
        self.xml = package.read(STYLES)
        self._original = self.xml
        self._xf_cache: dict[str, int] = {}

    def _block(self, name: bytes) -> tuple[int, int, bytes] | None:
        """(start, end, inner) of <name ...>inner</name>; None when absent or empty-tag."""
        m = re.search(rb"<" + name + rb"\b[^>]*?>(.*?)</" + name + rb">", self.xml, re.S)
        return (m.start(1), m.end(1), m.group(1)) if m else None

    def _format_id(self, code: str) -> int:
        if code in BUILTIN_FORMATS:
            return BUILTIN_FORMATS[code]
        for tag in re.findall(rb"<numFmt\b[^>]*>", self.xml):
            if get_attr(tag, b"formatCode") == attr(code)[1:-1]:
                return int(get_attr(tag, b"numFmtId") or 0)
        used = [int(x) for x in re.findall(rb'numFmtId="(\d+)"', self.xml)]
        new_id = max([163, *used]) + 1
        entry = b"<numFmt numFmtId=" + attr(str(new_id)) + b" formatCode=" + attr(code) + b"/>"
        block = self._block(b"numFmts")
        empty = re.search(rb"<numFmts\b[^>]*/>", self.xml)
        if block:
            self.xml = self.xml[: block[1]] + entry + self.xml[block[1] :]
        elif empty:  # <numFmts count="0"/>, as openpyxl writes it
            self.xml = self.xml[: empty.start()] + b'<numFmts count="0">' + entry + b"</numFmts>" + self.xml[empty.end() :]
        else:
            m = re.search(rb"<styleSheet\b[^>]*>", self.xml)
            if not m:
                raise Unsupported("a styles part without <styleSheet>")
            self.xml = self.xml[: m.end()] + b'<numFmts count="0">' + entry + b"</numFmts>" + self.xml[m.end() :]
        count = len(re.findall(rb"<numFmt\b", self.xml))
        self.xml = set_count(self.xml, b"numFmts", count)
        return new_id

    def with_format(self, xf_index: int, code: str) -> int:
        """The cell style `xf_index` with number format `code` (font, fill, borders kept)."""
        key = f"{xf_index}\0{code}"
        if key in self._xf_cache:
            return self._xf_cache[key]
        fmt = self._format_id(code)
        block = self._block(b"cellXfs")
        if block is None:
            raise Unsupported("a styles part without cell formats")
        xfs = [m.group(0) for m in _XF.finditer(block[2])]
        original = xfs[xf_index] if 0 <= xf_index < len(xfs) else xfs[0]
        if get_attr(original, b"numFmtId") == str(fmt).encode():
            index = xf_index
        else:
            wanted = re.sub(rb'\snumFmtId="\d+"', b"", original, count=1)
            wanted = re.sub(rb'\sapplyNumberFormat="\w+"', b"", wanted, count=1)
            wanted = wanted.replace(b"<xf", b'<xf numFmtId="%d" applyNumberFormat="1"' % fmt, 1)
            if wanted in xfs:
                index = xfs.index(wanted)
            else:
                self.xml = self.xml[: block[1]] + wanted + self.xml[block[1] :]
                self.xml = set_count(self.xml, b"cellXfs", len(xfs) + 1)
                index = len(xfs)
        self._xf_cache[key] = index
        return index

    def dxf_index(self, dxf: bytes) -> int:
        """Index of a differential format (for conditional formatting), added when missing."""
        block = self._block(b"dxfs")
        if block is None:
            empty = re.search(rb"<dxfs\b[^>]*/>", self.xml)
            if empty:
                self.xml = self.xml[: empty.start()] + b'<dxfs count="1">' + dxf + b"</dxfs>" + self.xml[empty.end() :]
                return 0
            m = re.search(rb"<(tableStyles|colors|extLst)\b|</styleSheet>", self.xml)
            position = m.start() if m else len(self.xml)
            self.xml = self.xml[:position] + b'<dxfs count="1">' + dxf + b"</dxfs>" + self.xml[position:]
            return 0
        dxfs = [m.group(0) for m in _DXF.finditer(block[2])]
        if dxf in dxfs:
            return dxfs.index(dxf)
        self.xml = self.xml[: block[1]] + dxf + self.xml[block[1] :]
        self.xml = set_count(self.xml, b"dxfs", len(dxfs) + 1)
        return len(dxfs)

    def save(self) -> None:
        if self.xml != self._original:
            self.package.write(STYLES, self.xml)
