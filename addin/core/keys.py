"""Keys and owners real books lack (issue 10, item 4).

Many real customer lists have no customer id and no owner column; order and
ticket sheets name the customer instead of its id, and order sheets may have
no order id. salesdesk supplies these in the typed tables only (the rep's
cells are never written), and says so with one warning per sheet and
column (`value-supplied`), naming where the value came from:

- customer_id: generated in the kind's pattern (C0001, C0002 ...), never
  the name (女士 and 王先生 repeat in every lead list): the number is drawn
  from the row's content fingerprint (its normalised name, phone, tax ID and
  e-mail), so a re-import of the same rows gives the same ids, and a
  collision moves to the next free number (issue 22, item 3). A rep who
  wants the phone or the e-mail as the key maps that header to the id
  column in the mapping;
- order_id / ticket_id: from the sheet and row (`订单!12`), the same on
  every run of an unchanged sheet;
- owner_rep: from the confirmed mapping's supplied value, else the
  settings' rep for the workbook's folder or file (the rep_folders sheet;
  domain.md, Customers across a team); never the workbook's last author
  (WPS_385287289, newuser: issue 22) nor any machine account
  (`is_machine_account`). Without either, the missing-column issue names
  the mapping column and the settings sheet where the owner is supplied.

Pure: tables and values in, values and issues out.
"""

from __future__ import annotations

import hashlib
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


# Accounts a workbook's author field holds when no person typed a name: WPS's numbered ids, Windows and Office defaults.
_MACHINE = re.compile(
    r"(wps_?\d*|administrator|admin|newuser|new user|user|users|owner|guest|default|microsoft( office)?( user)?|office|"
    r"windows( user)?|windows 用户|微软用户|用户|管理员|pc|dell|lenovo|hp|asus|acer|thinkpad|sky(-\w+)?|\d+)",
    re.IGNORECASE,
)


def is_machine_account(name: object) -> bool:
    """True for an author or owner that names a machine or an installation, not a person (issue 22, item 3)."""
    text = unicodedata.normalize("NFKC", str(name or "")).strip()
    return not text or bool(_MACHINE.fullmatch(text)) or bool(re.fullmatch(r"wps_?\w*\d{4,}\w*", text, re.IGNORECASE))


_CJK = re.compile(r"[\u3400-\u9fff]")


def join_names(given: object, family: object) -> object:
    """One customer name from a list that splits it in two (first and last name columns, 名 and 姓; issue 22):
    Chinese family name first without a space (王 + 小明 = 王小明), else given name, space, family name
    (James Lee). Either alone is the name; neither is None."""
    parts = [str(v).strip() for v in (given, family) if v is not None and str(v).strip()]
    if len(parts) < 2:
        return parts[0] if parts else given
    if _CJK.search(parts[0] + parts[1]):
        return parts[1] + parts[0]
    return f"{parts[0]} {parts[1]}"


# The words around a rep's name in a block's title row: 李四 负责, 销售：张三, 张三的客户, Rep: Ann Lee, Ann Lee's accounts.
_TITLE_WORDS = re.compile(r"负责人|负责|销售代表|销售员|销售|业务员|客户名单|客户清单|客户|名单|清单|的|[:：()（）\-–—]|'s\b|\b(?:rep|owner|sales|customers|accounts|list)\b", re.IGNORECASE)


def owner_from_title(title: object) -> str | None:
    """The rep a stacked block's title row names (李四 负责 -> 李四), or None when it names no person:
    empty, longer than a name, a number, or a machine account (issue 22, item 1)."""
    text = re.sub(r"\s+", " ", _TITLE_WORDS.sub(" ", unicodedata.normalize("NFKC", str(title or "")))).strip()
    if not text or len(text) > 20 or is_machine_account(text) or any(ch.isdigit() for ch in text):
        return None
    return text


def block_owners(title_above: object, blocks: list[tuple[int, str]], header_row: int, excel_rows: list[int]) -> list[object] | None:
    """Per row, the owner its stacked block's title names: the title above the first header (`title_above`) for the
    rows up to the first repeated header, then each block's (header row, title). None unless the sheet has stacked
    blocks and every block's title names a person: a sheet of site blocks keeps asking for its owner."""
    starts = [(header_row, owner_from_title(title_above)), *((row, owner_from_title(title)) for row, title in blocks if row > 0)]
    if len(starts) < 2 or any(owner is None for _row, owner in starts):
        return None
    starts.sort()
    return [next(owner for start, owner in reversed(starts) if row > start) for row in excel_rows]


ID_PATTERNS = {"customer_id": "C"}  # the kind's id pattern: C0001 (schema/customers.py help)


def generated_ids(key: str, rows: list[tuple[object, ...] | None]) -> list[str | None]:
    """Ids in the column's pattern for rows lacking one: `rows` are each row's fingerprint values
    (None for a row that names nothing: it gets no id). Stable: a number depends only on the row's
    fingerprint and on the fingerprints of the rows it collides with, not on the row order."""
    prefix = ID_PATTERNS.get(key, "ID")
    count = sum(1 for r in rows if r is not None)
    digits = max(4, len(str(count * 10)))
    space = 10**digits - 1
    seen: dict[str, int] = {}
    prints: list[str | None] = []
    for row in rows:
        if row is None:
            prints.append(None)
            continue
        base = "\x1f".join(normalise_name(v) if v is not None and str(v).strip() else "" for v in row)
        seen[base] = seen.get(base, 0) + 1
        prints.append(f"{base}\x1e{seen[base]}")  # the same row twice: two customers, the second told apart by its occurrence
    taken: dict[str, int] = {}
    used: set[int] = set()
    for fingerprint in sorted({p for p in prints if p is not None}, key=lambda p: hashlib.sha256(p.encode()).hexdigest()):
        number = int(hashlib.sha256(fingerprint.encode()).hexdigest(), 16) % space + 1
        while number in used:
            number = number % space + 1
        used.add(number)
        taken[fingerprint] = number
    return [None if p is None else f"{prefix}{taken[p]:0{digits}d}" for p in prints]


@dataclass(frozen=True)
class Supplied:
    """A column's values salesdesk supplied for one sheet, and where they came from."""

    key: str
    source: str  # generated | item_name | row | mapping | settings


def supplied_issue(file: str, sheet: str, headers: tuple[str, str], rows: int, source: str, detail: str = "", key: str | None = None) -> Issue:
    """One warning per sheet and supplied column: shown as supplied, never written into the rep's cells.
    `headers` is the column's (Chinese, English) name: each message names it in its own language.
    Its `value` says where the values came from, for a program: `settings:张三`, `mapping:小王`, `generated:C0001`."""
    messages = []
    for lang, header in zip(("zh", "en"), headers):
        _ = translator(lang)
        where = {
            "name": _("keyed by the customer's normalised name"),
            "generated": _("generated in the pattern {value} from each row's name, phone, e-mail and tax ID (not the name itself)", value=detail),
            "item_name": _("keyed by the item's name"),
            "row": _("numbered from the sheet and row"),
            "mapping": _("from the mapping: {value}", value=detail),
            "settings": _("from the settings' rep for this folder or file: {value}", value=detail),
            "block": _("from each block's title row above its repeated header: {value}", value=detail),
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
            headers = (column.header("zh"), column.header("en"))
            issues.append(supplied_issue(table.file, table.sheet, headers, resolved, "reference", key=column.key))
    return issues
