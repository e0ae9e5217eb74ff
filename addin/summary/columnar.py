"""Overview, Channels, Tiers, Churn and Preferences computed on columns (polars frames, summary/frames.py).

The same definitions and the same numbers as the row path (summary/performance.py, summary/customers.py:
its docstrings define every figure); tests/test_summary_columnar.py holds the two paths to agreeing.
Sums stay exact Decimals; ratios and per-unit amounts go through the same half-up helpers (common.py).
Only the per-group results (reps x months, channels, tiers, customers) are assembled in Python.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import polars as pl

from ..core.tables import Tables
from ..domain.tiers import suggest_tier
from .common import CENT, TEAM, add_months, label, money_div, month_start, ratio, text
from .frames import Frames, month
from .performance import GAP, _cost, _target

Row = dict[str, Any]
ZERO = Decimal("0.00")
COLUMNS = {  # what the tabs below read: each frame is built once, with these columns
    "visits": ("visit_date", "rep", "customer_id"),
    "orders": ("order_id", "customer_id", "owner_rep", "signed_on", "contract_amount"),
    "customers": ("customer_id", "owner_rep", "channel", "first_contact", "tier", "demand_score", "capacity_score"),
    "tickets": ("customer_id", "kind", "received_at"),
    "order_lines": ("order_id", "sku"),
}


def frames_of(tables: Tables) -> Frames:
    return Frames(tables, COLUMNS)


def exact(value: Any) -> Decimal:
    """A frame's Decimal sum as the row path writes it: 2 places when no more are needed (100000.0000 -> 100000.00)."""
    if value is None:
        return ZERO
    amount = Decimal(value)
    short = amount.quantize(CENT)
    return short if short == amount else amount


def _money(col: str) -> pl.Expr:
    return pl.col(col).fill_null(0).sum()


def _in_months(df: pl.DataFrame, column: str, months: list[date]) -> pl.DataFrame:
    return df.filter(pl.col(column).is_not_null()).with_columns(m=month(column)).filter(pl.col("m").is_in(months))


def _keyed(df: pl.DataFrame, keys: list[str]) -> dict[tuple[Any, ...], dict[str, Any]]:
    return {tuple(r[k] for k in keys): r for r in df.to_dicts()}


def _canon(df: pl.DataFrame, canonical: dict[str, str]) -> pl.DataFrame:
    if not canonical:
        return df.with_columns(canon=pl.col("customer_id"))
    table = pl.DataFrame({"customer_id": list(canonical), "canon": list(canonical.values())}, schema={"customer_id": pl.String, "canon": pl.String})
    return df.join(table, on="customer_id", how="left").with_columns(canon=pl.col("canon").fill_null(pl.col("customer_id")))


def overview(frames: Frames, months: list[date], canonical: dict[str, str] | None = None) -> list[Row]:
    """performance.overview on columns."""
    visits = _canon(_in_months(frames("visits"), "visit_date", months), canonical or {})
    orders = _in_months(frames("orders"), "signed_on", months)
    orders = _canon(orders.rename({"owner_rep": "rep"}), canonical or {})
    reps = set(visits["rep"].to_list()) | set(orders["rep"].to_list())
    v_rep = _keyed(visits.group_by("rep", "m").agg(visits=pl.len(), visited=pl.col("customer_id").n_unique()), ["rep", "m"])
    o_rep = _keyed(orders.group_by("rep", "m").agg(deals=pl.len(), won=pl.col("customer_id").n_unique(), revenue=_money("contract_amount")), ["rep", "m"])
    v_team = _keyed(visits.group_by("m").agg(visits=pl.len(), visited=pl.col("canon").n_unique()), ["m"])
    o_team = _keyed(orders.group_by("m").agg(deals=pl.len(), won=pl.col("canon").n_unique(), revenue=_money("contract_amount")), ["m"])
    targets = [t for _, t in frames.tables.rows("targets")]
    out: list[Row] = []
    for rep in [*sorted(reps), TEAM]:
        previous: Decimal | None = None
        for m in months:
            if rep == TEAM:
                v, o = v_team.get((m,), {}), o_team.get((m,), {})
                deals_target = sum((_target(targets, r, m, "deals_target") or 0) for r in reps) or None
                revenue_target = sum((_target(targets, r, m, "revenue_target") or Decimal(0)) for r in reps) or None
            else:
                v, o = v_rep.get((rep, m), {}), o_rep.get((rep, m), {})
                deals_target = _target(targets, rep, m, "deals_target")
                revenue_target = _target(targets, rep, m, "revenue_target")
            revenue, deals, visited, won = exact(o.get("revenue")), o.get("deals", 0), v.get("visited", 0), o.get("won", 0)
            out.append({
                "rep": rep, "month": label(m), "visits": v.get("visits", 0), "customers_visited": visited, "deals": deals, "customers_won": won,
                "revenue": revenue, "average_order_value": money_div(revenue, deals), "conversion_rate": ratio(won, visited),
                "deals_target": deals_target, "revenue_target": revenue_target, "conversion_target": _target(targets, rep, m, "conversion_target"),
                "revenue_change": ratio(revenue - previous, previous) if previous else None,
            })
            previous = revenue
    return out


def _first_per_customer(frames: Frames) -> pl.DataFrame:
    """The first row of each customer id (the row path's setdefault: the first one read wins)."""
    return frames("customers").unique(subset="customer_id", keep="first", maintain_order=True)


def channels(frames: Frames, months: list[date]) -> list[Row]:
    """performance.channels on columns."""
    customers = frames("customers")
    customers = customers.with_columns(channel=pl.when(pl.col("channel") == "").then(pl.lit("other")).otherwise(pl.col("channel")))
    channel_of = customers.unique(subset="customer_id", keep="first", maintain_order=True).select("customer_id", "channel")
    leads = customers.filter(pl.col("first_contact").is_not_null()).with_columns(m=month("first_contact")).group_by("channel", "m").agg(leads=pl.len())
    orders = frames("orders").filter(pl.col("signed_on").is_not_null())
    orders = orders.join(channel_of, on="customer_id", how="left").with_columns(channel=pl.col("channel").fill_null("other"), m=month("signed_on"))
    deals = orders.group_by("channel", "m").agg(deals=pl.len(), revenue=_money("contract_amount"))
    costs = [c for _, c in frames.tables.rows("channel_costs")]
    names = sorted(set(leads["channel"].to_list()) | set(deals["channel"].to_list()) | {text(c.channel) for c in costs if c.channel})
    by_leads, by_deals = _keyed(leads, ["channel", "m"]), _keyed(deals, ["channel", "m"])
    out: list[Row] = []
    for m in months:
        for channel in names:
            cost, n_leads, d = _cost(costs, channel, m), by_leads.get((channel, m), {}).get("leads", 0), by_deals.get((channel, m), {})
            n_deals, revenue = d.get("deals", 0), exact(d.get("revenue"))
            if not (cost or n_leads or n_deals):
                continue
            out.append({
                "month": label(m), "channel": channel, "cost": cost, "leads": n_leads, "deals": n_deals, "revenue": revenue,
                "cost_per_lead": money_div(cost, n_leads), "cost_per_deal": money_div(cost, n_deals), "revenue_per_cost": ratio(revenue, cost),
            })
    return out


def tiers(frames: Frames, months: list[date]) -> list[Row]:
    """performance.tiers on columns."""
    first = _first_per_customer(frames)
    tier_of = pl.DataFrame({
        "customer_id": first["customer_id"],
        "tier": [t or suggest_tier(d, c) or "?" for t, d, c in zip(first["tier"].to_list(), first["demand_score"].to_list(), first["capacity_score"].to_list())],
    }, schema={"customer_id": pl.String, "tier": pl.String})

    def tiered(df: pl.DataFrame) -> pl.DataFrame:
        return df.join(tier_of, on="customer_id", how="left").with_columns(tier=pl.col("tier").fill_null("?"))

    visits = tiered(_in_months(frames("visits"), "visit_date", months))
    orders = tiered(_in_months(frames("orders"), "signed_on", months))
    orders = orders.rename({"owner_rep": "rep"})
    counts: dict[tuple[str, date], dict[str, list[Any]]] = defaultdict(dict)
    for team in (False, True):
        keys = ["m", "tier"] if team else ["rep", "m", "tier"]
        for r in visits.group_by(keys).agg(n=pl.len()).to_dicts():
            counts[(TEAM if team else r["rep"], r["m"])].setdefault(r["tier"], [0, 0, ZERO])[0] = r["n"]
        for r in orders.group_by(keys).agg(n=pl.len(), revenue=_money("contract_amount")).to_dicts():
            cell = counts[(TEAM if team else r["rep"], r["m"])].setdefault(r["tier"], [0, 0, ZERO])
            cell[1], cell[2] = r["n"], exact(r["revenue"])
    out: list[Row] = []
    for (rep, m), by_tier in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0] == TEAM, kv[0][0])):
        totals = [sum((t[i] for t in by_tier.values()), Decimal(0)) for i in range(3)]
        for tier in sorted(by_tier):
            visit_share, deal_share, revenue_share = (ratio(by_tier[tier][i], totals[i]) for i in range(3))
            gap = (deal_share or Decimal(0)) - (visit_share or Decimal(0))
            out.append({"month": label(m), "rep": rep, "tier": tier, "visits": by_tier[tier][0], "deals": by_tier[tier][1], "visit_share": visit_share,
                        "deal_share": deal_share, "revenue_share": revenue_share, "gap": gap, "flag": abs(gap) >= GAP})
    return out


def churn(frames: Frames, today: date, share: Decimal = Decimal("0.30")) -> list[Row]:
    """customers.churn on columns."""
    this = month_start(today)
    windows = (add_months(this, -6), add_months(this, -3), this)
    owner = dict(_first_per_customer(frames).select("customer_id", "owner_rep").iter_rows())

    def window(column: str) -> pl.Expr:
        return pl.when(pl.col(column) < windows[1]).then(0).otherwise(1)

    orders = frames("orders")
    orders = orders.filter(pl.col("signed_on").is_between(windows[0], windows[2], closed="left")).with_columns(w=window("signed_on"))
    volume: dict[str, list[Decimal]] = {cid: [ZERO, ZERO] for cid in orders["customer_id"].unique().to_list()}
    for r in orders.group_by("customer_id", "w").agg(amount=_money("contract_amount")).iter_rows(named=True):
        volume[r["customer_id"]][r["w"]] = exact(r["amount"])
    tickets = frames("tickets").filter((pl.col("kind") == "complaint") & pl.col("received_at").is_not_null())
    tickets = tickets.with_columns(day=pl.col("received_at").dt.date()).filter(pl.col("day").is_between(windows[0], windows[2], closed="left"))
    complaints: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in tickets.with_columns(w=window("day")).group_by("customer_id", "w").agg(n=pl.len()).iter_rows(named=True):
        complaints[r["customer_id"]][r["w"]] = r["n"]
    out: list[Row] = []
    for cid, (before, after) in sorted(volume.items()):
        was, now = complaints.get(cid, [0, 0])
        change = ratio(after - before, before)
        if change is not None and change <= -share and now > was:
            out.append({
                "customer_id": cid, "owner_rep": owner.get(cid, ""), "volume_before": before, "volume_recent": after, "volume_change": change,
                "complaints_before": was, "complaints_recent": now,
                "window_before": f"{windows[0].isoformat()}..{(windows[1] - timedelta(days=1)).isoformat()}",
                "window_recent": f"{windows[1].isoformat()}..{(windows[2] - timedelta(days=1)).isoformat()}",
            })
    return out


def preferences(frames: Frames, today: date) -> list[Row]:
    """customers.preferences on columns: baskets, item counts and pairs are joins and group-bys; each
    customer's row is assembled from its aggregates."""
    lines = frames("order_lines").filter((pl.col("order_id") != "") & (pl.col("sku") != "")).select("order_id", "sku").unique()
    orders = frames("orders").filter(pl.col("signed_on").is_not_null() & (pl.col("customer_id") != ""))
    orders = orders.sort("customer_id", "signed_on", "order_id").with_columns(rank=pl.int_range(pl.len()).over("customer_id"))
    placed = orders.group_by("customer_id").agg(pl.col("signed_on"))
    items = orders.join(lines, on="order_id").group_by("customer_id", "sku").agg(n=pl.len())
    usual: dict[str, list[str]] = defaultdict(list)
    pairs = lines.join(lines, on="order_id", suffix="_b").filter(pl.col("sku") < pl.col("sku_b"))
    pairs = orders.join(pairs, on="order_id").group_by("customer_id", "sku", "sku_b").agg(n=pl.len(), first=pl.col("rank").min())
    best = pairs.sort("customer_id", pl.col("n"), "first", "sku", "sku_b", descending=[False, True, False, False, False]).unique("customer_id", keep="first")
    together = {r["customer_id"]: f"{r['sku']} + {r['sku_b']}" for r in best.filter(pl.col("n") >= 2).iter_rows(named=True)}
    counts = dict(placed.select("customer_id", pl.col("signed_on").list.len()).iter_rows())
    for cid, sku, n in items.iter_rows():
        if n * 2 > counts[cid]:
            usual[cid].append(sku)
    out: list[Row] = []
    for cid, dates in sorted(placed.iter_rows()):
        dates = sorted(dates)
        gaps = [(b - a).days for a, b in zip(dates, dates[1:])]
        median = round(statistics.median(gaps)) if gaps else None
        expected = dates[-1] + timedelta(days=median) if median is not None else None
        out.append({
            "customer_id": cid, "orders": len(dates), "orders_per_year": sum(1 for d in dates if today - timedelta(days=365) < d <= today),
            "usual_items": ", ".join(sorted(usual.get(cid, []))), "bought_together": together.get(cid, ""), "last_order_date": dates[-1],
            "median_gap_days": median, "expected_next": expected, "overdue": bool(expected and expected < today),
        })
    return out
