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

from ..core.tables import Tables
from ..deadlines.run import Deadlines
from .common import add_months, month_start, ratio, text

Row = dict[str, Any]


def _months_between(earlier: date, later: date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def dormant(deadlines: Deadlines, today: date, skip: set[str] = frozenset()) -> list[Row]:  # type: ignore[assignment]
    """Customers the deadline engine marks dormant (no order for N months, or never ordered and first
    contacted N months ago; lost customers excluded), with owner, last order, whole months dormant and
    the suggested action (win-back offer; first offer for the never-ordered). `skip`: duplicates of a conflict."""
    out: list[Row] = []
    seen: set[str] = set()
    for result in deadlines.rows["customers"]:
        row, cid = result.row, text(result.row.customer_id)
        if not result.values.get("dormant") or cid in skip or cid in seen:
            continue
        seen.add(cid)
        last = result.values.get("last_order_date")
        since = last if isinstance(last, date) else row.first_contact
        reason = str(result.extra.get("dormant_reason") or "")
        out.append({
            "customer_id": cid,
            "name": text(row.name),
            "owner_rep": text(row.owner_rep),
            "last_order_date": last,
            "first_contact": row.first_contact,
            "months_dormant": _months_between(since, today) if since else None,
            "reason": reason,
            "action": "first_offer" if reason == "never_ordered" else "win_back_offer",
        })
    return sorted(out, key=lambda r: (-(r["months_dormant"] or 0), r["customer_id"]))


def churn(tables: Tables, today: date, share: Decimal = Decimal("0.30")) -> list[Row]:
    """Churn warning ("Summary details"): contract volume signed in the 3 full months before the as-of
    month fell by `share` (30%) or more against the 3 months before those, AND the customer's complaints
    (tickets of kind complaint, by received date) rose between the same two windows. Evidence: both windows."""
    this = month_start(today)
    recent, prior = (add_months(this, -3), this), (add_months(this, -6), add_months(this, -3))
    volume: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    complaints: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    owner: dict[str, str] = {}
    for _, c in tables.rows("customers"):
        owner.setdefault(text(c.customer_id), text(c.owner_rep))
    for _, o in tables.rows("orders"):
        if o.signed_on is None:
            continue
        for i, (start, end) in enumerate((prior, recent)):
            if start <= o.signed_on < end:
                volume[text(o.customer_id)][i] += o.contract_amount or Decimal(0)
    for _, t in tables.rows("tickets"):
        if t.kind != "complaint" or t.received_at is None:
            continue
        day = t.received_at.date()
        for i, (start, end) in enumerate((prior, recent)):
            if start <= day < end:
                complaints[text(t.customer_id)][i] += 1
    out: list[Row] = []
    for cid, (before, after) in sorted(volume.items()):
        was, now = complaints.get(cid, [0, 0])
        change = ratio(after - before, before)
        if change is not None and change <= -share and now > was:
            out.append({
                "customer_id": cid,
                "owner_rep": owner.get(cid, ""),
                "volume_before": before,
                "volume_recent": after,
                "volume_change": change,
                "complaints_before": was,
                "complaints_recent": now,
                "window_before": f"{prior[0].isoformat()}..{(prior[1] - timedelta(days=1)).isoformat()}",
                "window_recent": f"{recent[0].isoformat()}..{(recent[1] - timedelta(days=1)).isoformat()}",
            })
    return out


def preferences(tables: Tables, today: date) -> list[Row]:
    """Per customer with orders: orders per year (signed in the 365 days up to today), usual items (SKUs in
    more than half of the customer's orders), items bought together (the SKU pair most often in one order,
    at least twice), expected next purchase = last order + the median gap between orders (2+ orders), and
    `overdue` when that date has passed."""
    lines: dict[str, set[str]] = defaultdict(set)
    for _, line in tables.rows("order_lines"):
        if line.order_id and line.sku:
            lines[text(line.order_id)].add(text(line.sku))
    orders: dict[str, list[tuple[date, str]]] = defaultdict(list)
    for _, o in tables.rows("orders"):
        if o.signed_on is not None and o.customer_id:
            orders[text(o.customer_id)].append((o.signed_on, text(o.order_id)))
    out: list[Row] = []
    for cid, placed in sorted(orders.items()):
        placed.sort()
        dates = [d for d, _ in placed]
        baskets = [lines.get(oid, set()) for _, oid in placed]
        sku_count = Counter(s for b in baskets for s in b)
        usual = sorted(s for s, n in sku_count.items() if n * 2 > len(baskets))
        pairs = Counter(p for b in baskets for p in combinations(sorted(b), 2))
        together = [f"{a} + {b}" for (a, b), n in pairs.most_common(1) if n >= 2]
        gaps = [(b - a).days for a, b in zip(dates, dates[1:])]
        expected = dates[-1] + timedelta(days=round(statistics.median(gaps))) if gaps else None
        out.append({
            "customer_id": cid,
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


def conflicts(tables: Tables) -> tuple[list[Row], dict[str, str]]:
    """Customers kept by two or more reps: the same normalised name, phone or e-mail under different owner reps.
    Returns the conflicts and a map customer id -> the id it is counted under (each customer counted once)."""
    keyed: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for _, c in tables.rows("customers"):
        cid, rep = text(c.customer_id), text(c.owner_rep)
        if not cid:
            continue
        for kind, key in (("name", normalised_name(text(c.name))), ("phone", _phone(text(c.phone))), ("email", unicodedata.normalize("NFKC", text(c.email)).casefold())):
            if key:
                keyed[(kind, key)].append((cid, rep))
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for holders in keyed.values():
        if len({rep for _, rep in holders}) < 2:
            continue
        ids = sorted({cid for cid, _ in holders})
        for other in ids[1:]:
            a, b = find(ids[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, set[str]] = defaultdict(set)
    reps: dict[str, set[str]] = defaultdict(set)
    for (kind, _), holders in keyed.items():
        if len({rep for _, rep in holders}) < 2:
            continue
        root = find(holders[0][0])
        kinds[root].add(kind)
        for cid, rep in holders:
            groups[root].add(cid)
            reps[root].add(rep)
    canonical = {cid: root for root, ids in groups.items() for cid in ids}
    rows = [{"customer_ids": sorted(ids), "reps": sorted(reps[root]), "matched_on": sorted(kinds[root])} for root, ids in sorted(groups.items())]
    return rows, canonical
