"""Small helpers for text-level XML edits (bytes in, bytes out)."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_COMMENTS = REL_NS + "/comments"
REL_VML = REL_NS + "/vmlDrawing"


class Unsupported(Exception):
    """A package feature the surgical editor does not handle (yet); nothing is written."""


def text(value: str) -> bytes:
    # Characters XML 1.0 cannot carry are dropped rather than corrupting the part.
    cleaned = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", value)
    return escape(cleaned).encode("utf-8")


def attr(value: str) -> bytes:
    return quoteattr(value).encode("utf-8")


def get_attr(tag: bytes, name: bytes) -> bytes | None:
    m = re.search(rb"\s" + re.escape(name) + rb'\s*=\s*(["\'])(.*?)\1', tag, re.S)
    return m.group(2) if m else None


def set_count(xml: bytes, element: bytes, count: int) -> bytes:
    """Sets the count attribute of the first <element ...> tag (adds it when missing)."""
    m = re.search(rb"<" + element + rb"\b[^>]*?/?>", xml)
    if not m:
        return xml
    tag = m.group(0)
    if get_attr(tag, b"count") is not None:
        new = re.sub(rb'\scount\s*=\s*(["\'])\d*\1', b' count="%d"' % count, tag, count=1)
    else:
        new = tag.replace(b"<" + element, b"<" + element + b' count="%d"' % count, 1)
    return xml[: m.start()] + new + xml[m.end() :]


# Order of a worksheet's children after <sheetData> (ECMA-376, CT_Worksheet).
WORKSHEET_TAIL_ORDER = (
    "sheetCalcPr", "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
    "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
    "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
    "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
    "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
    "webPublishItems", "tableParts", "extLst",
)


def insert_in_tail(tail: bytes, element: str, xml: bytes, after_existing: bool = True) -> bytes:
    """Inserts `xml` into the part of a worksheet after </sheetData>, in schema order.

    With after_existing, it goes after the last existing element of the same
    name (so several <conditionalFormatting> stay together).
    """
    later = WORKSHEET_TAIL_ORDER[WORKSHEET_TAIL_ORDER.index(element) + 1 :]
    pattern = rb"<(" + b"|".join(n.encode() for n in later) + rb")[\s/>]|</worksheet>"
    m = re.search(pattern, tail)
    position = m.start() if m else len(tail)
    return tail[:position] + xml + tail[position:]
