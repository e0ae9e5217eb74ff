"""Keys and owners real books lack (issue 10, item 4).

Many real customer lists have no customer id and no owner column; order and
ticket sheets name the customer instead of its id, and order sheets may have
no order id. salesdesk supplies these in the typed tables only (the rep's
cells are never written), and says so with one warning per sheet and
column (`value-supplied`), naming where the value came from:

- customer_id: the customer's name, keyed by its normalised form (width,
  case, spaces, punctuation and company suffixes such as 有限公司 or
  Co., Ltd. ignored), so 华东机电有限公司 and 华东机电 are one customer;
- order_id / ticket_id: from the sheet and row (`订单!12`), the same on
  every run of an unchanged sheet;
- owner_rep: from the confirmed mapping, else the settings' rep for the
  workbook's folder or file (the rep_folders sheet), else the workbook's
  last author (docProps/core.xml lastModifiedBy), given by the reading adapter.

Pure: tables and values in, values and issues out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fnmatch import fnmatchcase

from ..i18n import translator
from .issues import CODES, Issue
from .tables import Tables

_SUFFIXES_ZH = ("集团股份有限公司", "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "分公司", "公司")
# Latin suffixes count only as whole words at the end: "Costco" keeps its "co".
_SUFFIX_EN = re.compile(r"(?:^|[\s,.&])(?:co|ltd|limited|inc|incorporated|gmbh|llc|l\.l\.c|corp|corporation|company|plc|ag|s\.a|pvt|private|kg|bv|srl|sarl)[\s,.]*$")
_NOISE = re.compile(r"[\s,，.。·'’\"“”()（）\-–—&/]+")


def normalise_name(name: object) -> str:
    """The key a customer is known by when it has no id: 华东机电有限公司 == 华东机电 == ＨＵＡＤＯＮＧ."""
    text = unicodedata.normalize("NFKC", str(name)).casefold().strip()
    text = re.sub(r"\s+", " ", text)
    changed = True
    while changed and text:
        changed = False
        bare = text.rstrip(" ,.")
        latin = _SUFFIX_EN.search(bare)
        if latin and latin.start() > 0:
            text, changed = bare[: latin.start() + (1 if latin.group()[0] in " ,.&" else 0)], True
            continue
        for suffix in _SUFFIXES_ZH:
            if bare.endswith(suffix) and len(bare) > len(suffix):
                text, changed = bare[: -len(suffix)], True
                break
    return _NOISE.sub("", text) or _NOISE.sub("", str(name)).casefold()


@dataclass(frozen=True)
class Supplied:
    """A column's values salesdesk supplied for one sheet, and where they came from."""

    key: str
    source: str  # name | item_name | row | mapping | settings | last_author


def supplied_issue(file: str, sheet: str, header: str, rows: int, source: str, detail: str = "", key: str | None = None) -> Issue:
    """One warning per sheet and supplied column: shown as supplied, never written into the rep's cells.
    Its `value` says where the values came from, for a program: `settings:张三`, `last_author:陈静`, `name`."""
    messages = []
    for lang in ("zh", "en"):
        _ = translator(lang)
        where = {
            "name": _("keyed by the customer's normalised name"),
            "item_name": _("keyed by the item's name"),
            "row": _("numbered from the sheet and row"),
            "mapping": _("from the mapping: {value}", value=detail),
            "last_author": _("from the workbook's last author: {value}", value=detail),
            "settings": _("from the settings' rep for this folder or file: {value}", value=detail),
            "reference": _("customers referred to by name"),
        }[source]
        messages.append(_("{column} supplied by salesdesk for {n} row(s), {how}; the sheet is not changed", column=header, n=rows, how=where))
    info = CODES["value-supplied"]
    return Issue(file=file, sheet=sheet, row=None, column=None, code=info.code, message_zh=messages[0], message_en=messages[1],
                 column_key=key, value=f"{source}:{detail}" if detail else source)


def rep_for_path(parts: tuple[str, ...], rules: list[tuple[str, str]]) -> str | None:
    """The settings' rep for a workbook: the first rule whose pattern matches one of its folder
    names or its file name, or its path's end (`华东/*.xlsx`); case and width ignored."""
    fold = lambda text: unicodedata.normalize("NFKC", text).casefold().strip()  # noqa: E731
    names = [fold(p) for p in parts]
    for pattern, rep in rules:
        wanted = fold(pattern).replace("\\", "/").strip("/")
        depth = wanted.count("/") + 1
        tail = "/".join(names[-depth:])
        if any(fnmatchcase(n, wanted) for n in names) or (depth > 1 and fnmatchcase(tail, wanted)):
            return rep
    return None


def resolve_customer_names(tables: Tables) -> list[Issue]:
    """Orders, tickets, visits and quotes that name a customer instead of its id refer to it by name.

    A value that is no customer's id but is the normalised name of exactly
    one customer is replaced, in the typed table, by that customer's id.
    """
    by_id: set[object] = set()
    by_name: dict[str, set[object]] = {}
    for _table, row in tables.rows("customers"):
        cid = getattr(row, "customer_id", None)
        if cid is None:
            continue
        by_id.add(cid)
        name = getattr(row, "name", None)
        if name:
            by_name.setdefault(normalise_name(name), set()).add(cid)
        by_name.setdefault(normalise_name(cid), set()).add(cid)
    issues: list[Issue] = []
    if not by_id:
        return issues
    for table in tables.tables:
        column = next((c for c in table.spec.columns if c.ref == "customers"), None)
        if column is None or table.spec.key == "customers":
            continue
        resolved = 0
        for position, row in enumerate(table.rows):
            value = getattr(row, column.key, None)
            if value is None or value in by_id:
                continue
            ids = by_name.get(normalise_name(value), set())
            if len(ids) == 1:  # rows are frozen: the typed table gets a copy, the sheet is untouched
                table.rows[position] = row.model_copy(update={column.key: next(iter(ids))})
                resolved += 1
        if resolved:
            header = column.header(table.layout.lang)
            issues.append(supplied_issue(table.file, table.sheet, header, resolved, "reference", key=column.key))
    return issues
