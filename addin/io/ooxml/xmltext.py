"""Small helpers for text-level XML edits (bytes in, bytes out)."""

from __future__ import annotations

import re
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_COMMENTS = REL_NS + "/comments"
REL_VML = REL_NS + "/vmlDrawing"


class Unsupported(Exception):
    """A package feature the surgical editor does not handle (yet); nothing is written."""


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def text(value: str) -> bytes:
    # Characters XML 1.0 cannot carry are dropped rather than corrupting the part.
    return escape(_ILLEGAL.sub("", value)).encode("utf-8")


def attr(value: str) -> bytes:
    return quoteattr(value).encode("utf-8")


@lru_cache(maxsize=64)
def _attr_pattern(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"\s" + re.escape(name) + rb'\s*=\s*(["\'])(.*?)\1', re.S)


def get_attr(tag: bytes, name: bytes) -> bytes | None:
    m = _attr_pattern(name).search(tag)
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
