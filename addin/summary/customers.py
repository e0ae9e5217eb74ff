"""Dormant customers, churn warnings, purchase preferences and conflicts (the same customer kept by two reps)."""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from itertools import combinations
from typing import Any

from ..core.identity import CustomerIndex, Key, customer_index, folder_of, joined, where
from ..core.tables import Tables
from ..deadlines.run import Deadlines
from .common import add_months, amount, month_start, ratio, text

Row = dict[str, Any]


def _months_between(earlier: date, later: date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def dormant(deadlines: Deadlines, today: date, canonical: dict[str, str] | None = None, index: CustomerIndex | None = None) -> list[Row]:
    """Customers the deadline engine marks dormant (no order for N months, or never ordered and first
    contacted N months ago; lost customers excluded), with owner, last order, whole months dormant and
    the suggested action (win-back offer; first offer for the never-ordered). One row per customer
    (rep, id), by its first row; a customer kept by two reps (`canonical`: joined key -> the key it is
    counted under) is dormant for the team only when it is dormant with each of them, and listed once."""
    index = index or CustomerIndex()
    canonical = canonical or {}
    found: dict[str, Row] = {}
    awake: set[str] = set()
    seen: set[str] = set()
    for result in deadlines.rows["customers"]:
        row, cid = result.row, text(result.row.customer_id)
        key = joined(index.key_of_customer(result.table, row))
        if key in seen:
            continue  # the same customer's second row: the first one speaks for it
        seen.add(key)
        group = canonical.get(key, key)
        if not result.values.get("dormant"):
            awake.add(group)
            continue
        if group in found:
            continue
        last = result.values.get("last_order_date")
        since = last if isinstance(last, date) else row.first_contact
        reason = str(result.extra.get("dormant_reason") or "")
        found[group] = {
            "customer_id": cid,
            "name": text(row.name),
            "owner_rep": text(row.owner_rep),
            "last_order_date": last,
            "first_contact": row.first_contact,
            "months_dormant": _months_between(since, today) if since else None,
            "reason": reason,
            "action": "first_offer" if reason == "never_ordered" else "win_back_offer",
        }
    out = [r for group, r in found.items() if group not in awake]
    return sorted(out, key=lambda r: (-(r["months_dormant"] or 0), r["customer_id"], r["owner_rep"]))


def churn(tables: Tables, today: date, share: Decimal = Decimal("0.30"), index: CustomerIndex | None = None) -> list[Row]:
    """Churn warning ("Summary details"): contract volume signed in the 3 full months before the as-of
    month fell by `share` (30%) or more against the 3 months before those, AND the customer's complaints
    (tickets of kind complaint, by received date) rose between the same two windows. Evidence: both windows.
    Per customer (rep, id) (core/identity.py): two reps' C0001 are two customers. A customer with an order
    amount that was rejected in either window has no known volume and is not judged (never read as 0)."""
    index = index or customer_index(tables)
    this = month_start(today)
    recent, prior = (add_months(this, -3), this), (add_months(this, -6), add_months(this, -3))
    volume: dict[Key, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    unknown: set[Key] = set()
    complaints: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    for table, o in tables.rows("orders"):
        if o.signed_on is None:
            continue
        for i, (start, end) in enumerate((prior, recent)):
            if start <= o.signed_on < end:
                key = index.key_of(table, o)
                volume[key][i] += amount(o.contract_amount) or Decimal(0)
                if o.contract_amount is None:
                    unknown.add(key)
    for table, t in tables.rows("tickets"):
        if t.kind != "complaint" or t.received_at is None:
            continue
        day = t.received_at.date()
        for i, (start, end) in enumerate((prior, recent)):
            if start <= day < end:
                complaints[index.key_of(table, t)][i] += 1
    out: list[Row] = []
    for key, (before, after) in sorted(volume.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        was, now = complaints.get(key, [0, 0])
        change = ratio(after - before, before)
        if key not in unknown and change is not None and change <= -share and now > was:
            out.append({
                "customer_id": key[1],
                "owner_rep": key[0],
                "volume_before": before,
                "volume_recent": after,
                "volume_change": change,
                "complaints_before": was,
                "complaints_recent": now,
                "window_before": f"{prior[0].isoformat()}..{(prior[1] - timedelta(days=1)).isoformat()}",
                "window_recent": f"{recent[0].isoformat()}..{(recent[1] - timedelta(days=1)).isoformat()}",
            })
    return out


def preferences(tables: Tables, today: date, index: CustomerIndex | None = None) -> list[Row]:
    """Per customer (rep, id) with orders: orders per year (signed in the 365 days up to today), usual items (SKUs in
    more than half of the customer's orders), items bought together (the SKU pair most often in one order,
    at least twice), expected next purchase = last order + the median gap between orders (2+ orders), and
    `overdue` when that date has passed. An order's lines are the lines of its id in its own folder (two
    reps may both number orders from 1)."""
    index = index or customer_index(tables)
    lines: dict[tuple[str, str], set[str]] = defaultdict(set)
    for table, line in tables.rows("order_lines"):
        if line.order_id and line.sku:
            lines[(folder_of(table), text(line.order_id))].add(text(line.sku))
    orders: dict[Key, list[tuple[date, str, str]]] = defaultdict(list)
    for table, o in tables.rows("orders"):
        if o.signed_on is not None and o.customer_id:
            orders[index.key_of(table, o)].append((o.signed_on, text(o.order_id), folder_of(table)))
    out: list[Row] = []
    for key, placed in sorted(orders.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        placed.sort()
        dates = [d for d, _, _f in placed]
        baskets = [lines.get((folder, oid), set()) for _, oid, folder in placed]
        sku_count = Counter(s for b in baskets for s in b)
        usual = sorted(s for s, n in sku_count.items() if n * 2 > len(baskets))
        pairs = Counter(p for b in baskets for p in combinations(sorted(b), 2))
        together = [f"{a} + {b}" for (a, b), n in pairs.most_common(1) if n >= 2]
        gaps = [(b - a).days for a, b in zip(dates, dates[1:])]
        expected = dates[-1] + timedelta(days=round(statistics.median(gaps))) if gaps else None
        out.append({
            "customer_id": key[1],
            "owner_rep": key[0],
            "orders": len(dates),
            "orders_per_year": sum(1 for d in dates if today - timedelta(days=365) < d <= today),
            "usual_items": ", ".join(usual),
            "bought_together": ", ".join(together),
            "last_order_date": dates[-1],
            "median_gap_days": round(statistics.median(gaps)) if gaps else None,
            "expected_next": expected,
            "overdue": bool(expected and expected < today),
        })
    return out


# ---- conflicts ----------------------------------------------------------------
_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "corporation", "limited", "company", "co.,ltd.", "co.,ltd", "co.ltd",
             "co.", "ltd.", "ltd", "inc.", "inc", "llc", "corp.", "corp", "gmbh")
_SPACE_PUNCT = re.compile(r"[\s,，.。·()（）\-_/]+")


def normalised_name(name: str) -> str:
    """Case, width, spaces and company suffixes (有限公司, Co., Ltd. ...) ignored: 'ACME  Co., Ltd.' == 'acme'."""
    folded = unicodedata.normalize("NFKC", name).casefold().strip()
    changed = True
    while changed:
        changed = False
        squeezed = folded.replace(" ", "")
        for suffix in _SUFFIXES:
            if squeezed.endswith(suffix) and len(squeezed) > len(suffix):
                folded, changed = squeezed[: -len(suffix)].rstrip(",. "), True
                break
    return _SPACE_PUNCT.sub("", folded)


def _phone(value: str) -> str:
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", value))
    return digits[-11:] if len(digits) >= 7 else ""


def _tax_id(value: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", value).upper())


def conflicts(tables: Tables, index: CustomerIndex | None = None) -> tuple[list[Row], dict[str, str]]:
    """Both kinds of conflict over who a customer is (domain.md "Team identity and consistency"), each with
    where its rows are (`where`: file:sheet!row):

    - `kept_by_two_reps`: customers (rep, id) of different reps whose normalised name, phone, e-mail or tax id
      agree: one customer kept by two reps, counted once for the team (never merged by id alone);
    - `duplicate_id`: one rep's book holding a customer id on two or more rows; `used` is the row every
      output uses (the first: core/identity.py).

    Returns the conflicts and a map joined key -> the joined key the customer is counted under for the team."""
    index = index or customer_index(tables)
    keyed: dict[tuple[str, str], list[Key]] = defaultdict(list)
    first = {r.key: r for r in index.customers()}
    for key, found in first.items():
        c = found.row
        for kind, value in (("name", normalised_name(text(c.name))), ("phone", _phone(text(c.phone))),
                            ("email", unicodedata.normalize("NFKC", text(c.email)).casefold()), ("tax_id", _tax_id(text(getattr(c, "tax_id", None))))):
            if value:
                keyed[(kind, value)].append(key)
    parent: dict[Key, Key] = {}

    def find(x: Key) -> Key:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    shared = {k: holders for k, holders in keyed.items() if len({rep for rep, _ in holders}) >= 2}
    for holders in shared.values():
        ids = sorted(set(holders), key=lambda k: (k[1], k[0]))
        for other in ids[1:]:
            a, b = find(ids[0]), find(other)
            if a != b:
                low, high = sorted((a, b), key=lambda k: (k[1], k[0]))
                parent[high] = low
    groups: dict[Key, set[Key]] = defaultdict(set)
    kinds: dict[Key, set[str]] = defaultdict(set)
    for (kind, _), holders in shared.items():
        root = find(holders[0])
        kinds[root].add(kind)
        groups[root].update(holders)
    canonical = {joined(key): joined(root) for root, keys in groups.items() for key in keys}
    rows: list[Row] = []
    for root, keys in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        members = sorted(keys, key=lambda k: (k[1], k[0]))
        rows.append({
            "kind": "kept_by_two_reps", "customer_ids": [k[1] for k in members], "reps": sorted({k[0] for k in members}),
            "matched_on": sorted(kinds[root]), "where": [first[k].where for k in members], "used": None,
        })
    for found in index.duplicates():
        rows.append({
            "kind": "duplicate_id", "customer_ids": [found.key[1]], "reps": [found.key[0]], "matched_on": ["customer_id"],
            "where": [found.where, *(where(t, r) for t, r in found.others)], "used": found.where,
        })
    return rows, canonical
