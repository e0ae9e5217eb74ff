"""Edits of the styles part: number formats for written cells, fills for highlights.

The part is found through the workbook's relationships and edited in its
own prefix (ClosedXML and the .NET SDK write `x:`). A stylesheet that lacks
the collections Excel and openpyxl need (fonts, fills, borders, cell
formats) gets a complete minimal set the first time salesdesk adds a style;
a workbook without a styles part gets one. Additions are idempotent: an
entry salesdesk added before is found again (exact text match) instead of
being appended a second time.
"""

from __future__ import annotations

import re

from .package import Package
from .structure import STYLESHEET_ORDER, Root, insertion_point, scan, splice
from .xmltext import REL_NS, attr, get_attr, set_count

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_STYLES = REL_NS + "/styles"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "@": 49}
EMPTY_STYLESHEET = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN_NS}"/>'.encode()
# What a stylesheet must hold before a cell format or highlight refers into it.
MINIMAL = {
    "fonts": b'<{p}fonts count="1"><{p}font><{p}sz val="11"/><{p}name val="Calibri"/></{p}font></{p}fonts>',
    "fills": b'<{p}fills count="2"><{p}fill><{p}patternFill patternType="none"/></{p}fill><{p}fill><{p}patternFill patternType="gray125"/></{p}fill></{p}fills>',
    "borders": b'<{p}borders count="1"><{p}border><{p}left/><{p}right/><{p}top/><{p}bottom/><{p}diagonal/></{p}border></{p}borders>',
    "cellStyleXfs": b'<{p}cellStyleXfs count="1"><{p}xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></{p}cellStyleXfs>',
    "cellXfs": b'<{p}cellXfs count="1"><{p}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></{p}cellXfs>',
    "cellStyles": b'<{p}cellStyles count="1"><{p}cellStyle name="Normal" xfId="0" builtinId="0"/></{p}cellStyles>',
}


def styles_part(package: Package) -> str | None:
    for _, kind, target in package.rels("xl/workbook.xml"):
        if kind == REL_STYLES:
            return package.resolve("xl/workbook.xml", target)
    return None


class Styles:
    def __init__(self, package: Package) -> None:
        self.package = package
        self.part = styles_part(package)
        self.xml = package.read(self.part) if self.part and package.exists(self.part) else EMPTY_STYLESHEET
        self._original = self.xml
        root = scan(self.xml)
        if root.ns != MAIN_NS or root.local != "styleSheet":
            from .xmltext import Unsupported

            raise Unsupported("a styles part that is not a SpreadsheetML stylesheet")
        self.prefix = root.prefix
        self._xf_cache: dict[str, int] = {}
        self._completed = False

    # ---- structure -------------------------------------------------------
    def _root(self) -> Root:
        return scan(self.xml)

    def _q(self, local: str) -> bytes:
        return self.prefix + local.encode()

    def _inner(self, local: str) -> tuple[int, int] | None:
        """(start, end) of the content of the root child `local`; None when absent or empty-tag."""
        found = self._root().named(local)
        if not found or found[0].empty:
            return None
        child = found[0]
        return child.tag_end, self.xml.rindex(b"</", child.tag_end, child.end)

    def _items(self, collection: str, item: str) -> tuple[tuple[int, int] | None, list[bytes]]:
        """The content span of `collection` and its entries, one per direct child (an
        mc:AlternateContent holding a Choice and a Fallback is one entry, as Excel counts it)."""
        inner = self._inner(collection)
        if inner is None:
            return None, []
        root = self._root()
        child = root.named(collection)[0]
        cut = self.xml[child.start : child.end]
        entries = scan(cut, scopes=root.namespaces).children
        return inner, [cut[e.start : e.end] for e in entries]

    def _ensure(self, collection: str, empty: bytes) -> tuple[int, int]:
        """The content span of `collection`, opening or creating it (with `empty` content) when needed."""
        inner = self._inner(collection)
        if inner is not None:
            return inner
        root = self._root()
        found = root.named(collection)
        q = self._q(collection)
        block = b"<" + q + b' count="0">' + empty + b"</" + q + b">"
        if found:
            self.xml = splice(self.xml, [(found[0].start, found[0].end, block)])
        else:
            position = insertion_point(root, collection, STYLESHEET_ORDER)
            if root.self_closing:
                tag = self.xml[root.start : root.tag_end]
                self.xml = self.xml[: root.start] + tag[:-2].rstrip() + b">" + block + b"</" + root.qname + b">" + self.xml[root.end :]
            else:
                self.xml = splice(self.xml, [(position, position, block)])
        inner = self._inner(collection)
        assert inner is not None
        return inner

    def _complete(self) -> None:
        """Adds the collections every reader needs, once, before salesdesk refers into them."""
        if self._completed:
            return
        self._completed = True
        for collection, block in MINIMAL.items():
            _, items = self._items(collection, "font" if collection == "fonts" else "fill" if collection == "fills"
                                   else "border" if collection == "borders" else "cellStyle" if collection == "cellStyles" else "xf")
            if items:
                continue
            new = block.replace(b"{p}", self.prefix)
            root = self._root()
            found = root.named(collection)
            if found:
                self.xml = splice(self.xml, [(found[0].start, found[0].end, new)])
            elif root.self_closing:
                tag = self.xml[root.start : root.tag_end]
                self.xml = self.xml[: root.start] + tag[:-2].rstrip() + b">" + new + b"</" + root.qname + b">" + self.xml[root.end :]
            else:
                position = insertion_point(root, collection, STYLESHEET_ORDER)
                self.xml = splice(self.xml, [(position, position, new)])

    def _set_count(self, collection: str, count: int) -> None:
        found = self._root().named(collection)
        if found:
            child = found[0]
            tag = set_count(self.xml[child.start : child.tag_end], self._q(collection), count)
            self.xml = self.xml[: child.start] + tag + self.xml[child.tag_end :]

    # ---- what salesdesk adds ---------------------------------------------
    def _format_id(self, code: str) -> int:
        if code in BUILTIN_FORMATS:
            return BUILTIN_FORMATS[code]
        _, formats = self._items("numFmts", "numFmt")
        for tag in formats:
            if get_attr(tag, b"formatCode") == attr(code)[1:-1]:
                return int(get_attr(tag, b"numFmtId") or 0)
        used = [int(x) for x in re.findall(rb'numFmtId="(\d+)"', self.xml)]
        new_id = max([163, *used]) + 1
        entry = b"<" + self._q("numFmt") + b" numFmtId=" + attr(str(new_id)) + b" formatCode=" + attr(code) + b"/>"
        inner = self._ensure("numFmts", b"")
        self.xml = self.xml[: inner[1]] + entry + self.xml[inner[1] :]
        self._set_count("numFmts", len(formats) + 1)
        return new_id

    def with_format(self, xf_index: int, code: str) -> int:
        """The cell style `xf_index` with number format `code` (font, fill, borders kept)."""
        key = f"{xf_index}\0{code}"
        if key in self._xf_cache:
            return self._xf_cache[key]
        self._complete()
        fmt = self._format_id(code)
        inner, xfs = self._items("cellXfs", "xf")
        assert inner is not None
        original = xfs[xf_index] if 0 <= xf_index < len(xfs) else xfs[0]
        if get_attr(original, b"numFmtId") == str(fmt).encode():
            index = xf_index if 0 <= xf_index < len(xfs) else 0
        else:
            wanted = re.sub(rb'\snumFmtId="\d+"', b"", original, count=1)
            wanted = re.sub(rb'\sapplyNumberFormat="\w+"', b"", wanted, count=1)
            q = self._q("xf")
            wanted = wanted.replace(b"<" + q, b"<" + q + b' numFmtId="%d" applyNumberFormat="1"' % fmt, 1)
            if wanted in xfs:
                index = xfs.index(wanted)
            else:
                self.xml = self.xml[: inner[1]] + wanted + self.xml[inner[1] :]
                self._set_count("cellXfs", len(xfs) + 1)
                index = len(xfs)
        self._xf_cache[key] = index
        return index

    def wrapped(self, xf_index: int) -> int:
        """The cell style `xf_index` with wrapped text (a header salesdesk adds): appended, never renumbered."""
        key = f"{xf_index}\0wrap"
        if key in self._xf_cache:
            return self._xf_cache[key]
        self._complete()
        inner, xfs = self._items("cellXfs", "xf")
        assert inner is not None
        original = xfs[xf_index] if 0 <= xf_index < len(xfs) else xfs[0]
        q = self._q("xf")
        wanted = re.sub(rb'\sapplyAlignment="\w+"', b"", original, count=1).replace(b"<" + q, b"<" + q + b' applyAlignment="1"', 1)
        align = re.search(rb"<" + re.escape(self._q("alignment")) + rb"\b[^>]*?(/?)>", wanted)
        if align is None:
            entry = b"<" + self._q("alignment") + b' wrapText="1"/>'
            wanted = wanted[:-2] + b">" + entry + b"</" + q + b">" if wanted.endswith(b"/>") else wanted.replace(b">", b">" + entry, 1)
        else:
            tag = re.sub(rb'\swrapText="\w+"', b"", align.group(0))
            tag = tag.replace(b"<" + self._q("alignment"), b"<" + self._q("alignment") + b' wrapText="1"', 1)
            wanted = wanted[: align.start()] + tag + wanted[align.end() :]
        if wanted in xfs:
            index = xfs.index(wanted)
        else:
            self.xml = self.xml[: inner[1]] + wanted + self.xml[inner[1] :]
            self._set_count("cellXfs", len(xfs) + 1)
            index = len(xfs)
        self._xf_cache[key] = index
        return index

    def _entry(self, collection: str, entry: bytes) -> int:
        """Index of `entry` in `collection`, appended when missing (existing entries never renumbered)."""
        inner, items = self._items(collection, "")
        if entry in items:
            return items.index(entry)
        inner = self._ensure(collection, b"")
        self.xml = self.xml[: inner[1]] + entry + self.xml[inner[1] :]
        self._set_count(collection, len(items) + 1)
        return len(items)

    def look(self, bold: bool = False, fill: str | None = None, wrap: bool = False, number_format: str | None = None) -> int:
        """A cell style for a generated sheet: the default font (bold), a solid fill, wrapped text, a number format."""
        key = f"look\0{bold}\0{fill}\0{wrap}\0{number_format}"
        if key in self._xf_cache:
            return self._xf_cache[key]
        self._complete()
        p = self.prefix
        font = 0
        if bold:
            _, fonts = self._items("fonts", "font")
            q = self._q("font")
            base = fonts[0] if fonts[0].endswith(b"</" + q + b">") else b"<" + q + b"></" + q + b">"
            font = self._entry("fonts", base.replace(b">", b"><" + p + b"b/>", 1))
        fill_id = 0
        if fill:
            fill_id = self._entry("fills", b"<%sfill><%spatternFill patternType=\"solid\"><%sfgColor rgb=%s/><%sbgColor indexed=\"64\"/></%spatternFill></%sfill>"
                                  % (p, p, p, attr(fill), p, p, p))
        fmt = self._format_id(number_format) if number_format else 0
        q = self._q("xf")
        xf = b"<" + q + b' numFmtId="%d" fontId="%d" fillId="%d" borderId="0" xfId="0"' % (fmt, font, fill_id)
        xf += (b' applyNumberFormat="1"' if fmt else b"") + (b' applyFont="1"' if font else b"") + (b' applyFill="1"' if fill_id else b"")
        if wrap:
            xf += b' applyAlignment="1"><' + self._q("alignment") + b' vertical="top" wrapText="1"/></' + q + b">"
        else:
            xf += b"/>"
        index = self._entry("cellXfs", xf)
        self._xf_cache[key] = index
        return index

    def dxf_index(self, dxf: bytes) -> int:
        """Index of a differential format (for conditional formatting), added when missing."""
        self._complete()
        _, dxfs = self._items("dxfs", "dxf")
        if dxf in dxfs:
            return dxfs.index(dxf)
        inner = self._ensure("dxfs", b"")
        self.xml = self.xml[: inner[1]] + dxf + self.xml[inner[1] :]
        self._set_count("dxfs", len(dxfs) + 1)
        return len(dxfs)

    def save(self) -> None:
        if self.xml == self._original:
            return
        if self.part is None:
            self.part = self.package.free_name("xl/styles{}.xml").replace("styles1.xml", "styles.xml")
            self.package.add_rel("xl/workbook.xml", REL_STYLES, self.part)
        self.package.ensure_content_type(self.part, CT_STYLES, override=True)
        self.package.write(self.part, self.xml)
