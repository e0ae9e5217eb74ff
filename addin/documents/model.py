"""The document model: what a printable form says, independent of how it is laid out.

A `Document` is a letterhead, a title, facts (label/value pairs), tables,
numbered paragraphs, checkbox rows and signature blocks, in order, plus the
reasons it is a DRAFT. Texts are already in the document's language; numbers
stay `Decimal`/`date` so the writer formats them and `--json` keeps them exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Union

from ..pricing.drafts import DraftReason

# A table column's format: the writer picks the number format and alignment.
FORMATS = ("text", "int", "qty", "money", "percent", "date", "box")


@dataclass(frozen=True)
class Facts:
    title: str
    pairs: tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class Grid:
    """A table. `spans` says how many of the page's 8 layout columns each column takes (sum 8)."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    formats: tuple[str, ...]
    spans: tuple[int, ...]
    totals: tuple[tuple[str, object], ...] = ()  # (label, amount) rows under the table, right-aligned


@dataclass(frozen=True)
class Paragraphs:
    title: str
    items: tuple[str, ...]
    numbered: bool = True


@dataclass(frozen=True)
class Signatures:
    """One block per party: (role, name); each gets signature, stamp (when `stamp`) and date lines."""

    parties: tuple[tuple[str, str], ...]
    stamp: bool = True


Block = Union[Facts, Grid, Paragraphs, Signatures]


@dataclass(frozen=True)
class Letterhead:
    """The seller, from settings (the writer words and lays it out)."""

    company: str = ""
    address: str = ""
    phone: str = ""
    tax_id: str = ""
    bank: str = ""
    bank_account: str = ""


@dataclass(frozen=True)
class Document:
    kind: str  # the registry key: requirement, contract, acceptance, service, survey, ...
    ref: str  # the order or quote id it is for (file name)
    lang: str
    title: str
    letterhead: Letterhead
    blocks: tuple[Block, ...]
    draft_reasons: tuple[DraftReason, ...] = field(default=())

    @property
    def draft(self) -> bool:
        return bool(self.draft_reasons)

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "ref": self.ref,
            "lang": self.lang,
            "title": self.title,
            "company": self.letterhead.company,
            "draft": self.draft,
            "draft_reasons": [r.to_json(self.lang) for r in self.draft_reasons],
            "blocks": [_block_json(b) for b in self.blocks],
        }


def json_value(value: object) -> object:
    """Money and rates as exact strings, dates as ISO: nothing lost to floats."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _block_json(block: Block) -> dict[str, object]:
    if isinstance(block, Facts):
        return {"type": "facts", "title": block.title, "pairs": [[k, json_value(v)] for k, v in block.pairs]}
    if isinstance(block, Grid):
        return {"type": "table", "title": block.title, "headers": list(block.headers), "formats": list(block.formats),
                "rows": [[json_value(v) for v in row] for row in block.rows], "totals": [[k, json_value(v)] for k, v in block.totals]}
    if isinstance(block, Paragraphs):
        return {"type": "paragraphs", "title": block.title, "items": list(block.items)}
    return {"type": "signatures", "parties": [list(p) for p in block.parties]}
