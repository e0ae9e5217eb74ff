"""Where things are in an XML part: the root and its direct children, by byte offset.

A small tokenizer that tracks depth and resolves namespace prefixes finds
each direct child of the root (its local name, namespace, start and end), so
edits go to the place the schema gives, never to the first textual match of
a tag name (a data bar's `cfRule` holds its own `<extLst>`). `<sheetData>`,
which holds almost all of a 100k-row sheet, is skipped with one search for
its end tag (C speed) unless it contains a comment, CDATA or processing
instruction, which could hide a fake end tag; then it is walked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .xmltext import Unsupported

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# One token: comment, CDATA, processing instruction, DOCTYPE, or a tag (quoted
# attribute values may hold '>').
_TOKEN = re.compile(
    rb"<(?:!--.*?-->|!\[CDATA\[.*?\]\]>|\?.*?\?>|!(DOCTYPE)|(/?)([^\s/>!?]+)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>)",
    re.S,
)
_XMLNS = re.compile(rb"""\sxmlns(?::([^\s=]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')""")
FAST_SKIP = frozenset({"sheetData"})


@dataclass
class Child:
    """A direct child of the root element."""

    local: str  # local name; for mc:AlternateContent, the name of the first element it wraps
    ns: str
    start: int  # offset of '<'
    tag_end: int  # offset after the start tag
    end: int  # offset after the end tag (== tag_end when self-closing)
    wrapped: bool = False  # inside mc:AlternateContent

    @property
    def empty(self) -> bool:
        return self.tag_end == self.end


@dataclass
class Root:
    qname: bytes
    local: str
    ns: str
    prefix: bytes  # b"" or b"x:" (with the colon): write new children in it
    start: int
    tag_end: int
    close: int  # offset of the root's end tag ('<' of '</...>'); == tag_end when self-closing
    end: int
    namespaces: dict[bytes, bytes]  # prefix (b"" for default) -> uri, as declared on the root
    children: list[Child] = field(default_factory=list)

    @property
    def self_closing(self) -> bool:
        return self.close == self.tag_end and self.end == self.tag_end

    def q(self, local: str) -> bytes:
        """A tag name in the root's own prefix."""
        return self.prefix + local.encode()

    def named(self, local: str) -> list[Child]:
        return [c for c in self.children if c.local == local and c.ns == self.ns]

    def prefix_for(self, uri: str) -> bytes | None:
        for prefix, bound in self.namespaces.items():
            if prefix and bound == uri.encode():
                return prefix
        return None


def _declarations(attrs: bytes) -> dict[bytes, bytes]:
    return {(m.group(1) or b""): (m.group(2) if m.group(2) is not None else m.group(3) or b"") for m in _XMLNS.finditer(attrs)}


def _resolve(qname: bytes, scopes: dict[bytes, bytes]) -> tuple[str, str]:
    prefix, _, local = qname.rpartition(b":")
    if prefix == b"xml":
        return local.decode(), XML_NS
    if prefix not in scopes:
        if prefix:
            raise Unsupported(f"an undeclared namespace prefix {prefix.decode(errors='replace')!r}")
        return local.decode(), ""
    return local.decode(errors="replace"), scopes[prefix].decode(errors="replace")


def _walk_to_end(xml: bytes, pos: int, qname: bytes, scopes: dict[bytes, bytes]) -> tuple[int, tuple[str, str] | None]:
    """From just after a start tag, the offset after its end tag, and the first element met inside."""
    depth = 1
    first: tuple[str, str] | None = None
    scopes = dict(scopes)  # declarations met on the way down are kept (an over-approximation that only widens)
    while True:
        m = _TOKEN.search(xml, pos)
        if m is None:
            raise Unsupported(f"an unclosed <{qname.decode(errors='replace')}>")
        pos = m.end()
        if m.group(1):
            raise Unsupported("a DTD inside a part")
        name = m.group(3)
        if name is None:
            continue
        if m.group(2):
            depth -= 1
            if depth == 0:
                return pos, first
            continue
        if first is None and b"xmlns" in m.group(4):
            scopes.update(_declarations(m.group(4)))
        if not m.group(5):
            depth += 1
            if first is None:
                first = _first_wrapped(name, m.group(4), scopes)
        elif first is None:
            first = _first_wrapped(name, m.group(4), scopes)


def _first_wrapped(name: bytes, attrs: bytes, scopes: dict[bytes, bytes]) -> tuple[str, str] | None:
    local, ns = _resolve(name, {**scopes, **_declarations(attrs)})
    return None if ns == MC_NS else (local, ns)


def scan(xml: bytes, fast_skip: frozenset[str] = FAST_SKIP, scopes: dict[bytes, bytes] | None = None) -> Root:
    """The root element and its direct children, or Unsupported for a part that cannot be read so.

    `scopes`: namespace declarations in force around `xml` (when it is an element cut from a part)."""
    pos = 0
    while True:
        m = _TOKEN.search(xml, pos)
        if m is None:
            raise Unsupported("a part without a root element")
        pos = m.end()
        if m.group(1):
            raise Unsupported("a DTD inside a part")
        if m.group(3) is not None and not m.group(2):
            break
    qname, attrs = m.group(3), m.group(4)
    scopes = {**(scopes or {}), **_declarations(attrs)}
    local, ns = _resolve(qname, scopes)
    prefix = qname.rpartition(b":")[0]
    root = Root(qname, local, ns, prefix + b":" if prefix else b"", m.start(), m.end(), m.end(), m.end(), scopes)
    if m.group(5):
        return root
    while True:
        m = _TOKEN.search(xml, pos)
        if m is None:
            raise Unsupported(f"an unclosed <{qname.decode(errors='replace')}>")
        if m.group(1):
            raise Unsupported("a DTD inside a part")
        name = m.group(3)
        if name is None:
            pos = m.end()
            continue
        if m.group(2):  # the root's end tag
            root.close, root.end = m.start(), m.end()
            return root
        child_scopes = {**scopes, **_declarations(m.group(4))}
        c_local, c_ns = _resolve(name, child_scopes)
        child = Child(c_local, c_ns, m.start(), m.end(), m.end())
        if not m.group(5):
            child.end = _child_end(xml, m.end(), name, child_scopes, c_local in fast_skip)
            if c_ns == MC_NS and c_local == "AlternateContent":
                _, first = _walk_to_end(xml, m.end(), name, child_scopes)
                if first is not None:
                    child.local, child.ns, child.wrapped = first[0], first[1], True
        root.children.append(child)
        pos = child.end


def _child_end(xml: bytes, pos: int, qname: bytes, scopes: dict[bytes, bytes], fast: bool) -> int:
    if fast:
        close = xml.find(b"</" + qname, pos)
        after = re.compile(rb"\s*>").match(xml, close + 2 + len(qname)) if close >= 0 else None
        if after is not None and not _markup_between(xml, pos, close):
            return after.end()
    return _walk_to_end(xml, pos, qname, scopes)[0]


def _markup_between(xml: bytes, start: int, end: int) -> bool:
    """Whether a comment, CDATA, DTD or processing instruction starts in xml[start:end].

    '!' and '?' are rare in cell XML and found at memchr speed; each is judged by the byte before it."""
    for mark in (b"!", b"?"):
        at = xml.find(mark, start, end)
        while at >= 0:
            if xml[at - 1 : at] == b"<":
                return True
            at = xml.find(mark, at + 1, end)
    return False


def insertion_point(root: Root, local: str, order: tuple[str, ...]) -> int:
    """Where a new child `local` goes: after every child the schema puts before or with it."""
    rank = order.index(local)
    for child in root.children:
        if child.ns == root.ns and child.local in order and order.index(child.local) > rank:
            return child.start
    return root.close


def out_of_order(root: Root, order: tuple[str, ...], repeatable: frozenset[str] = frozenset()) -> list[str]:
    """Children of the root's own namespace that stand after one the schema puts later, or
    that occur more than once where the schema allows one (all but `repeatable`)."""
    wrong, highest, seen = [], -1, set()
    for child in root.children:
        if child.ns != root.ns or child.local not in order:
            continue
        rank = order.index(child.local)
        if rank < highest or (child.local in seen and child.local not in repeatable):
            wrong.append(child.local)
        highest = max(highest, rank)
        seen.add(child.local)
    return wrong


Splice = tuple[int, int, bytes]


def splice(xml: bytes, edits: list[Splice]) -> bytes:
    """Applies non-overlapping (start, end, replacement) edits in one pass."""
    if not edits:
        return xml
    out, cursor = [], 0
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < cursor:
            raise Unsupported("overlapping edits of one part")
        out.append(xml[cursor:start])
        out.append(new)
        cursor = end
    out.append(xml[cursor:])
    return b"".join(out)


def append_child(xml: bytes, root: Root, entry: bytes) -> Splice:
    """A splice that adds `entry` as the root's last child (opening a self-closing root)."""
    if root.self_closing:
        tag = xml[root.start : root.tag_end]
        opened = tag[:-2].rstrip() + b">"
        return (root.start, root.tag_end, opened + entry + b"</" + root.qname + b">")
    return (root.close, root.close, entry)


def declare(xml: bytes, root: Root, preferred: bytes, uri: str) -> tuple[bytes, Splice | None]:
    """The prefix bound to `uri` on the root, declaring it (under a free name) when missing."""
    found = root.prefix_for(uri)
    if found is not None:
        return found, None
    prefix, number = preferred, 1
    while prefix in root.namespaces:
        prefix = preferred + str(number).encode()
        number += 1
    end = root.tag_end - (2 if root.self_closing else 1)
    return prefix, (end, end, b" xmlns:" + prefix + b'="' + uri.encode() + b'"')


# Children of a worksheet in schema order (ECMA-376 Part 1, CT_Worksheet).
WORKSHEET_ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData",
    "sheetCalcPr", "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
    "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
    "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
    "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
    "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
    "webPublishItems", "tableParts", "extLst",
)
WORKSHEET_REPEATABLE = frozenset({"conditionalFormatting"})  # the only child a worksheet may hold more than once
# Children of a workbook in schema order (CT_Workbook); each at most once.
WORKBOOK_ORDER = (
    "fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets", "functionGroups",
    "externalReferences", "definedNames", "calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr",
    "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst",
)
# Children of a stylesheet in schema order (CT_Stylesheet).
STYLESHEET_ORDER = (
    "numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
    "tableStyles", "colors", "extLst",
)
