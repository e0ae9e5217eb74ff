"""Why a customer quote is a draft: every doubtful input it rests on, as data.

A quote is final only when every input it rests on is clean: its own row,
its lines, the price-list rows of its SKUs, its customer's row and the
policy sheets. Each issue found on one of those (by reading, by the checks or
by pricing) becomes a `DraftReason`: a stable code, where, and a text in zh
and en that is safe to print on the draft itself (no floor price, cost or
margin, even in a message's detail).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from ..core.issues import CODES, Issue, Severity
from ..core.tables import RowModel, Table, Tables
from ..i18n import both_with, pick

POLICY_SHEETS = ("policy", "volume_tiers", "prepay_tiers", "gift_bundles", "value_package", "promotions")
# The columns a quote rests on, per sheet kind (None: every column of the row).
USED_COLUMNS: dict[str, frozenset[str] | None] = {
    "quotes": None,
    "quote_lines": None,
    "price_list": frozenset({"sku", "name", "unit", "list_price", "floor_price"}),
    "customers": frozenset({"customer_id", "name", "tier", "demand_score", "capacity_score", "cooperation_since"}),
}
INTERNAL_COLUMNS = frozenset({"floor_price", "cost", "margin", "margin_rate"})
INTERNAL_DETAIL = frozenset({"price-below-floor", "policy-floor-above-list"})  # their details quote the floor
# Pricing's own finding replaces the general one found on the same cell.
SUPERSEDES = {"unknown-sku": "unknown-reference", "customer-not-found": "unknown-reference", "quote-valid-before-date": "date-order"}


@dataclass(frozen=True)
class DraftReason:
    code: str
    file: str
    sheet: str
    row: int | None
    column: str | None
    zh: str
    en: str

    def text(self, lang: str) -> str:
        return pick((self.zh, self.en), lang)

    def to_json(self, lang: str) -> dict[str, object]:
        return {"code": self.code, "file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column,
                "message": self.text(lang), "message_zh": self.zh, "message_en": self.en}


def _where(issue: Issue) -> str:
    if issue.cell:
        return f"{issue.sheet}!{issue.cell}"
    if issue.row is not None:
        return f"{issue.sheet}!{issue.row}"
    return issue.sheet or issue.file


def reason_from(issue: Issue) -> DraftReason:
    """The issue's own message where it is safe for the draft; else its title and where."""
    info = CODES[issue.code]
    where = _where(issue)
    if issue.code in INTERNAL_DETAIL or issue.column_key in INTERNAL_COLUMNS:
        zh, en = info.title("zh"), info.title("en")
    else:
        zh, en = issue.message_zh, issue.message_en
    return DraftReason(issue.code, issue.file, issue.sheet, issue.row, issue.column, *both_with(lambda _: _("{where}: {message}", where=where, message=pick((zh, en), _.lang))))


def doubtful(issue: Issue) -> bool:
    """Errors, and warnings about how a typed value was read (e.g. 15 read as 15%)."""
    return issue.severity is Severity.ERROR or "value" in CODES[issue.code].tags


class InputIssues:
    """The run's issues indexed by the row they sit on, to find those a quote rests on."""

    def __init__(self, issues: list[Issue], tables: Tables) -> None:
        self.by_row: dict[tuple[str, str, int], list[Issue]] = {}
        self.by_sheet: dict[tuple[str, str], list[Issue]] = {}
        # An id kept twice (a SKU, a customer, a quote) makes every row carrying it doubtful, not only
        # the second one the duplicate check points at: which price, which tier, which quote is meant?
        self.duplicated: dict[tuple[str, str], list[Issue]] = {}
        kinds = {(t.file, t.sheet): t.spec.key for t in tables.tables}
        headers = {(t.file, t.sheet): t.layout.header_row for t in tables.tables}
        self.policy: list[Issue] = []
        policy_sheets = {(t.file, t.sheet) for key in POLICY_SHEETS for t in tables.of(key)}
        for issue in issues:
            if not doubtful(issue):
                continue
            place = (issue.file, issue.sheet)
            if issue.code == "duplicate-id" and place in kinds and issue.value is not None:
                self.duplicated.setdefault((kinds[place], issue.value), []).append(issue)
            if place in policy_sheets:
                if issue.severity is Severity.ERROR:
                    self.policy.append(issue)
            elif issue.row is None or issue.row <= headers.get(place, 0):
                self.by_sheet.setdefault(place, []).append(issue)
            else:
                self.by_row.setdefault((issue.file, issue.sheet, issue.row), []).append(issue)

    def on(self, table: Table, row: RowModel | int, key: str | None = None) -> list[Issue]:
        """The doubtful issues on one row the quote uses (its used columns only), and on its sheet;
        `key` is the row's id when `row` is only its number."""
        number = row if isinstance(row, int) else row.row
        used = USED_COLUMNS.get(table.spec.key)
        found = [i for i in self.by_row.get((table.file, table.sheet, number), []) if used is None or i.column_key is None or i.column_key in used]
        if key is None and not isinstance(row, int) and table.spec.id_column:
            key = getattr(row, table.spec.id_column, None)
        if key is not None:
            found += [i for i in self.twice(table, table.spec.key, key) if i not in found]
        return found + self.by_sheet.get((table.file, table.sheet), [])

    def twice(self, table: Table, kind: str, key: object) -> list[Issue]:
        """The duplicate-id findings of `key` among `kind`'s rows. A customer id counts per book (the folder of
        `table`): another rep's C0001 kept twice puts no doubt on this rep's C0001 (core/identity.py)."""
        found = self.duplicated.get((kind, str(key).strip()), [])
        if kind != "customers":
            return found
        here = PurePath(table.file).parent
        return [i for i in found if PurePath(i.file).parent == here]

    def cell_flagged(self, table: Table, row: int, key: str) -> bool:
        return any(i.column_key == key for i in self.by_row.get((table.file, table.sheet, row), []))


def draft_reasons(own: list[Issue], inputs: list[Issue]) -> tuple[DraftReason, ...]:
    """Pricing's own findings first, then the inputs', once per cell and code, superseded ones dropped."""
    replaced = {(i.file, i.sheet, i.row, i.column, SUPERSEDES[i.code]) for i in own if i.code in SUPERSEDES}
    seen: set[tuple[object, ...]] = set()
    reasons = []
    for issue in [*own, *inputs]:
        key = (issue.file, issue.sheet, issue.row, issue.column, issue.code)
        if key in seen or key in replaced:
            continue
        seen.add(key)
        reasons.append(reason_from(issue))
    return tuple(reasons)


def superseded(own: list[Issue], issues: list[Issue]) -> list[Issue]:
    """`issues` without those a pricing finding replaces (e.g. unknown-reference where unknown-sku says it better)."""
    replaced = {(i.file, i.sheet, i.row, i.column, SUPERSEDES[i.code]) for i in own if i.code in SUPERSEDES}
    return [i for i in issues if (i.file, i.sheet, i.row, i.column, i.code) not in replaced]
