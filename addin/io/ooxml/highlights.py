"""Highlights as conditional formats, so no cell's own style is ever changed.

Each rule's formula is always true and carries a marker
(`ISTEXT("salesdesk-error")`): re-runs find and remove exactly salesdesk's
rules and nothing of the user's. Rules are found and placed among the
worksheet root's own children (never inside a user's rule, whose data bar
carries an `<extLst>` of its own).
"""

from __future__ import annotations

import re

from .structure import WORKSHEET_ORDER, Root, Splice, insertion_point
from .styles import Styles

FILLS = {"error": b"FFFFC7CE", "warning": b"FFFFEB9C"}
# Excel escapes the quotes as &quot;, other writers (openpyxl) leave them bare.
_MARK = re.compile(rb'ISTEXT\((?:&quot;|")salesdesk-\w+(?:&quot;|")\)')
_PRIORITY = re.compile(rb'\spriority\s*=\s*["\'](\d+)["\']')


def dxf_for(severity: str, p: bytes = b"") -> bytes:
    return (b"<" + p + b"dxf><" + p + b"fill><" + p + b'patternFill patternType="solid"><' + p + b'bgColor rgb="' + FILLS[severity]
            + b'"/></' + p + b"patternFill></" + p + b"fill></" + p + b"dxf>")


def ours(xml: bytes, root: Root) -> list[Splice]:
    """Removals of salesdesk's own conditional formats."""
    return [(c.start, c.end, b"") for c in root.named("conditionalFormatting") if not c.wrapped and _MARK.search(xml, c.start, c.end)]


def add_highlights(xml: bytes, root: Root, styles: Styles, cells: dict[str, list[str]], removed: list[Splice]) -> Splice | None:
    """`cells` maps severity to cell refs ("C14"); errors win where a cell has both.

    New rules rank after every rule the sheet keeps (those in `removed` go)."""
    sheet_data = root.named("sheetData")
    after = sheet_data[0].end if sheet_data else root.tag_end
    kept = (int(m.group(1)) for m in _PRIORITY.finditer(xml, after) if not any(s <= m.start() < e for s, e, _ in removed))
    priority = max(kept, default=0)
    p = root.prefix
    blocks = []
    for severity in ("error", "warning"):
        refs = sorted(set(cells.get(severity, ())), key=_cell_order)
        if not refs:
            continue
        priority += 1
        dxf = styles.dxf_index(dxf_for(severity, styles.prefix))
        blocks.append(
            b"<" + p + b'conditionalFormatting sqref="' + " ".join(refs).encode() + b'"><'
            + p + b'cfRule type="expression" dxfId="%d" priority="%d"><' % (dxf, priority)
            + p + b"formula>ISTEXT(&quot;salesdesk-" + severity.encode() + b"&quot;)</" + p + b"formula></"
            + p + b"cfRule></" + p + b"conditionalFormatting>"
        )
    if not blocks:
        return None
    position = insertion_point(root, "conditionalFormatting", WORKSHEET_ORDER)
    return (position, position, b"".join(blocks))


def _cell_order(ref: str) -> tuple[int, str]:
    m = re.match(r"([A-Z]+)(\d+)", ref)
    return (int(m.group(2)), m.group(1)) if m else (0, ref)
