"""Highlights as conditional formats, so no cell's own style is ever changed.

Each rule's formula is always true and carries a marker
(`ISTEXT("salesdesk-error")`): re-runs find and remove exactly salesdesk's
rules and nothing of the user's.
"""

from __future__ import annotations

import re

from .styles import Styles
from .xmltext import insert_in_tail

FILLS = {"error": b"FFFFC7CE", "warning": b"FFFFEB9C"}
# Excel escapes the quotes as &quot;, other writers (openpyxl) leave them bare.
_OURS = re.compile(
    rb'<conditionalFormatting\b[^>]*>(?:(?!</conditionalFormatting>).)*?ISTEXT\((?:&quot;|")salesdesk-\w+(?:&quot;|")\).*?</conditionalFormatting>',
    re.S,
)


def dxf_for(severity: str) -> bytes:
    return b'<dxf><fill><patternFill patternType="solid"><bgColor rgb="' + FILLS[severity] + b'"/></patternFill></fill></dxf>'


def remove_highlights(tail: bytes) -> bytes:
    return _OURS.sub(b"", tail)


def add_highlights(tail: bytes, styles: Styles, cells: dict[str, list[str]]) -> bytes:
    """`cells` maps severity to cell refs ("C14"); errors win where a cell has both."""
    priorities = [int(p) for p in re.findall(rb'priority="(\d+)"', tail)]
    priority = max(priorities, default=0)
    for severity in ("error", "warning"):
        refs = sorted(set(cells.get(severity, ())), key=_cell_order)
        if not refs:
            continue
        priority += 1
        dxf = styles.dxf_index(dxf_for(severity))
        block = (
            b'<conditionalFormatting sqref="' + " ".join(refs).encode() + b'">'
            b'<cfRule type="expression" dxfId="%d" priority="%d">' % (dxf, priority)
            + b"<formula>ISTEXT(&quot;salesdesk-" + severity.encode() + b"&quot;)</formula></cfRule></conditionalFormatting>"
        )
        tail = insert_in_tail(tail, "conditionalFormatting", block)
    return tail


def _cell_order(ref: str) -> tuple[int, str]:
    m = re.match(r"([A-Z]+)(\d+)", ref)
    return (int(m.group(2)), m.group(1)) if m else (0, ref)
