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

from ..core.identity import SEP, CustomerIndex, customer_index, folder_of, joined
from ..core.tables import RowModel, Table, Tables
from ..domain.tiers import suggest_tier
from .common import CENT, TEAM, add_months, label, money_div, month_start, ratio, text
from .frames import Derive, Frames, month
from .performance import GAP, _cost, _cost_rejected, _target

Row = dict[str, Any]
ZERO = Decimal("0.00")
COLUMNS = {  # what the tabs below read: each frame is built once, with these columns
    "visits": ("visit_date", "rep", "customer_id"),
    "orders": ("order_id", "customer_id", "owner_rep", "signed_on", "contract_amount"),
    "customers": ("customer_id", "owner_rep", "channel", "first_contact", "tier", "demand_score", "capacity_score"),
    "tickets": ("customer_id", "kind", "received_at"),
    "order_lines": ("order_id", "sku"),
}


def frames_of(tables: Tables, index: CustomerIndex | None = None) -> Frames:
    """The frames, each row of a customer-bearing sheet with `ckey` (its customer (rep, id), joined: the
    same resolution as the row path, core/identity.py) and orders and lines with their `folder`."""
    index = index or customer_index(tables)

    def referred(table: Table, row: RowModel) -> str:
        return joined(index.key_of(table, row))

    def own(table: Table, row: RowModel) -> str:
        return joined(index.key_of_customer(table, row))

    def folder(table: Table, row: RowModel) -> str:
        return folder_of(table)

    derived: dict[str, dict[str, Derive]] = {"visits": {"ckey": referred}, "tickets": {"ckey": referred}, "customers": {"ckey": own},
               "orders": {"ckey": referred, "folder": folder}, "order_lines": {"folder": folder}}
    return Frames(tables, COLUMNS, derived)


def exact(value: Any) -> Decimal:
    """A frame's Decimal sum as the row path writes it: 2 places when no more are needed (100000.0000 -> 100000.00)."""
    if value is None:
        return ZERO
    amount = Decimal(value)
    short = amount.quantize(CENT)
    return short if short == amount else amount


def _money(col: str) -> pl.Expr:
    return pl.col(col).fill_null(0).sum()


def _rejected(col: str = "contract_amount") -> pl.Expr:
    return pl.col(col).is_null().sum()


def _in_months(df: pl.DataFrame, column: str, months: list[date]) -> pl.DataFrame:
    return df.filter(pl.col(column).is_not_null()).with_columns(m=month(column)).filter(pl.col("m").is_in(months))


def _keyed(df: pl.DataFrame, keys: list[str]) -> dict[tuple[Any, ...], dict[str, Any]]:
    return {tuple(r[k] for k in keys): r for r in df.to_dicts()}


def _canon(df: pl.DataFrame, canonical: dict[str, str]) -> pl.DataFrame:
    if not canonical:
        return df.with_columns(canon=pl.col("ckey"))
    table = pl.DataFrame({"ckey": list(canonical), "canon": list(canonical.values())}, schema={"ckey": pl.String, "canon": pl.String})
    return df.join(table, on="ckey", how="left").with_columns(canon=pl.col("canon").fill_null(pl.col("ckey")))


def _both(visits: pl.DataFrame, orders: pl.DataFrame, keys: list[str], who: str) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Per group: customers visited who were also won (distinct `who`)."""
    met = visits.select(*keys, who).unique().join(orders.select(*keys, who).unique(), on=[*keys, who])
    return _keyed(met.group_by(keys).agg(n=pl.len()), keys)


def overview(frames: Frames, months: list[date], canonical: dict[str, str] | None = None) -> list[Row]:
    """performance.overview on columns."""
    visits = _canon(_in_months(frames("visits"), "visit_date", months), canonical or {})
    undated = dict(frames("orders").filter(pl.col("signed_on").is_null()).group_by("owner_rep").agg(n=pl.len()).iter_rows())
    orders = _in_months(frames("orders"), "signed_on", months)
    orders = _canon(orders.rename({"owner_rep": "rep"}), canonical or {})
    reps = set(visits["rep"].to_list()) | set(orders["rep"].to_list()) | set(undated)
    v_rep = _keyed(visits.group_by("rep", "m").agg(visits=pl.len(), visited=pl.col("ckey").n_unique()), ["rep", "m"])
    o_rep = _keyed(orders.group_by("rep", "m").agg(deals=pl.len(), won=pl.col("ckey").n_unique(), revenue=_money("contract_amount"), rejected=_rejected()), ["rep", "m"])
    v_team = _keyed(visits.group_by("m").agg(visits=pl.len(), visited=pl.col("canon").n_unique()), ["m"])
    o_team = _keyed(orders.group_by("m").agg(deals=pl.len(), won=pl.col("canon").n_unique(), revenue=_money("contract_amount"), rejected=_rejected()), ["m"])
    both_rep, both_team = _both(visits, orders, ["rep", "m"], "ckey"), _both(visits, orders, ["m"], "canon")
    targets = [t for _, t in frames.tables.rows("targets")]
    out: list[Row] = []
    for rep in [*sorted(reps), TEAM]:
        previous: Decimal | None = None
        for m in months:
            if rep == TEAM:
                v, o, met = v_team.get((m,), {}), o_team.get((m,), {}), both_team.get((m,), {})
                deals_target = sum((_target(targets, r, m, "deals_target") or 0) for r in reps) or None
                revenue_target = sum((_target(targets, r, m, "revenue_target") or Decimal(0)) for r in reps) or None
            else:
                v, o, met = v_rep.get((rep, m), {}), o_rep.get((rep, m), {}), both_rep.get((rep, m), {})
                deals_target = _target(targets, rep, m, "deals_target")
                revenue_target = _target(targets, rep, m, "revenue_target")
            deals, visited, won, rejected = o.get("deals", 0), v.get("visited", 0), o.get("won", 0), o.get("rejected", 0)
            revenue = None if rejected else exact(o.get("revenue"))
            out.append({
                "rep": rep, "month": label(m), "visits": v.get("visits", 0), "customers_visited": visited, "deals": deals, "customers_won": won,
                "visited_and_won": met.get("n", 0), "revenue": revenue, "revenue_rejected": rejected,
                "orders_undated": sum(undated.values()) if rep == TEAM else undated.get(rep, 0),
                "average_order_value": None if revenue is None else money_div(revenue, deals), "conversion_rate": ratio(met.get("n", 0), visited),
                "deals_target": deals_target, "revenue_target": revenue_target, "conversion_target": _target(targets, rep, m, "conversion_target"),
                "revenue_change": ratio(revenue - previous, previous) if previous and revenue is not None else None,
            })
            previous = revenue
    return out


def _first_per_customer(frames: Frames) -> pl.DataFrame:
    """The first row of each customer (rep, id) (core/identity.py: the row every output uses)."""
    return frames("customers").filter(pl.col("customer_id") != "").unique(subset="ckey", keep="first", maintain_order=True)


def channels(frames: Frames, months: list[date], canonical: dict[str, str] | None = None) -> list[Row]:
    """performance.channels on columns."""
    customers = _first_per_customer(frames)
    customers = customers.with_columns(channel=pl.when(pl.col("channel") == "").then(pl.lit("other")).otherwise(pl.col("channel")))
    channel_of = customers.select("ckey", "channel")
    leads = _canon(customers.filter(pl.col("first_contact").is_not_null()), canonical or {}).with_columns(m=month("first_contact"))
    leads = leads.group_by("channel", "m").agg(leads=pl.col("canon").n_unique())
    orders = frames("orders").filter(pl.col("signed_on").is_not_null())
    orders = orders.join(channel_of, on="ckey", how="left").with_columns(channel=pl.col("channel").fill_null("other"), m=month("signed_on"))
    deals = orders.group_by("channel", "m").agg(deals=pl.len(), revenue=_money("contract_amount"), rejected=_rejected())
    costs = [c for _, c in frames.tables.rows("channel_costs")]
    names = sorted(set(leads["channel"].to_list()) | set(deals["channel"].to_list()) | {text(c.channel) for c in costs if c.channel})
    by_leads, by_deals = _keyed(leads, ["channel", "m"]), _keyed(deals, ["channel", "m"])
    out: list[Row] = []
    for m in months:
        for channel in names:
            cost, n_leads, d = _cost(costs, channel, m), by_leads.get((channel, m), {}).get("leads", 0), by_deals.get((channel, m), {})
            n_deals, rejected = d.get("deals", 0), d.get("rejected", 0)
            revenue = None if rejected else exact(d.get("revenue"))
            if not (cost is None or cost or n_leads or n_deals):
                continue
            out.append({
                "month": label(m), "channel": channel, "cost": cost, "leads": n_leads, "deals": n_deals, "revenue": revenue, "revenue_rejected": rejected,
                "cost_rejected": _cost_rejected(costs, channel, m),
                "cost_per_lead": None if cost is None else money_div(cost, n_leads), "cost_per_deal": None if cost is None else money_div(cost, n_deals),
                "revenue_per_cost": None if revenue is None or cost is None else ratio(revenue, cost),
            })
    return out


def tiers(frames: Frames, months: list[date]) -> list[Row]:
    """performance.tiers on columns."""
    first = _first_per_customer(frames)
    tier_of = pl.DataFrame({
        "ckey": first["ckey"],
        "tier": [t or suggest_tier(d, c) or "?" for t, d, c in zip(first["tier"].to_list(), first["demand_score"].to_list(), first["capacity_score"].to_list())],
    }, schema={"ckey": pl.String, "tier": pl.String})

    def tiered(df: pl.DataFrame) -> pl.DataFrame:
        return df.join(tier_of, on="ckey", how="left").with_columns(tier=pl.col("tier").fill_null("?"))

    visits = tiered(_in_months(frames("visits"), "visit_date", months))
    orders = tiered(_in_months(frames("orders"), "signed_on", months))
    orders = orders.rename({"owner_rep": "rep"})
    counts: dict[tuple[str, date], dict[str, list[Any]]] = defaultdict(dict)
    for team in (False, True):
        keys = ["m", "tier"] if team else ["rep", "m", "tier"]
        for r in visits.group_by(keys).agg(n=pl.len()).to_dicts():
            counts[(TEAM if team else r["rep"], r["m"])].setdefault(r["tier"], [0, 0, ZERO, 0])[0] = r["n"]
        for r in orders.group_by(keys).agg(n=pl.len(), revenue=_money("contract_amount"), rejected=_rejected()).to_dicts():
            cell = counts[(TEAM if team else r["rep"], r["m"])].setdefault(r["tier"], [0, 0, ZERO, 0])
            cell[1], cell[2], cell[3] = r["n"], exact(r["revenue"]), r["rejected"]
    out: list[Row] = []
    for (rep, m), by_tier in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0] == TEAM, kv[0][0])):
        totals = [sum((t[i] for t in by_tier.values()), Decimal(0)) for i in range(4)]
        for tier in sorted(by_tier):
            visit_share, deal_share, revenue_share = (ratio(by_tier[tier][i], totals[i]) for i in range(3))
            gap = (deal_share or Decimal(0)) - (visit_share or Decimal(0))
            out.append({"month": label(m), "rep": rep, "tier": tier, "visits": by_tier[tier][0], "deals": by_tier[tier][1], "visit_share": visit_share,
                        "deal_share": deal_share, "revenue_share": None if totals[3] else revenue_share, "revenue_rejected": int(totals[3]),
                        "gap": gap, "flag": abs(gap) >= GAP})
    return out


def _split(ckey: str) -> tuple[str, str]:
    rep, _sep, cid = ckey.partition(SEP)
    return rep, cid


def churn(frames: Frames, today: date, share: Decimal = Decimal("0.30")) -> list[Row]:
    """customers.churn on columns."""
    this = month_start(today)
    windows = (add_months(this, -6), add_months(this, -3), this)

    def window(column: str) -> pl.Expr:
        return pl.when(pl.col(column) < windows[1]).then(0).otherwise(1)

    orders = frames("orders")
    orders = orders.filter(pl.col("signed_on").is_between(windows[0], windows[2], closed="left")).with_columns(w=window("signed_on"))
    volume: dict[str, list[Decimal]] = {key: [ZERO, ZERO] for key in orders["ckey"].unique().to_list()}
    unknown = set(orders.filter(pl.col("contract_amount").is_null())["ckey"].to_list())
    for r in orders.group_by("ckey", "w").agg(amount=_money("contract_amount")).iter_rows(named=True):
        volume[r["ckey"]][r["w"]] = exact(r["amount"])
    tickets = frames("tickets").filter((pl.col("kind") == "complaint") & pl.col("received_at").is_not_null())
    tickets = tickets.with_columns(day=pl.col("received_at").dt.date()).filter(pl.col("day").is_between(windows[0], windows[2], closed="left"))
    complaints: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in tickets.with_columns(w=window("day")).group_by("ckey", "w").agg(n=pl.len()).iter_rows(named=True):
        complaints[r["ckey"]][r["w"]] = r["n"]
    out: list[Row] = []
    for key, (before, after) in sorted(volume.items(), key=lambda kv: _split(kv[0])[::-1]):
        was, now = complaints.get(key, [0, 0])
        change = ratio(after - before, before)
        if key not in unknown and change is not None and change <= -share and now > was:
            rep, cid = _split(key)
            out.append({
                "customer_id": cid, "owner_rep": rep, "volume_before": before, "volume_recent": after, "volume_change": change,
                "complaints_before": was, "complaints_recent": now,
                "window_before": f"{windows[0].isoformat()}..{(windows[1] - timedelta(days=1)).isoformat()}",
                "window_recent": f"{windows[1].isoformat()}..{(windows[2] - timedelta(days=1)).isoformat()}",
            })
    return out


def preferences(frames: Frames, today: date) -> list[Row]:
    """customers.preferences on columns: baskets, item counts and pairs are joins and group-bys; each
    customer's row is assembled from its aggregates. Lines belong to the order of their id in their folder."""
    lines = frames("order_lines").filter((pl.col("order_id") != "") & (pl.col("sku") != "")).select("folder", "order_id", "sku").unique()
    orders = frames("orders").filter(pl.col("signed_on").is_not_null() & (pl.col("customer_id") != ""))
    orders = orders.sort("ckey", "signed_on", "order_id").with_columns(rank=pl.int_range(pl.len()).over("ckey"))
    placed = orders.group_by("ckey").agg(pl.col("signed_on"))
    items = orders.join(lines, on=["folder", "order_id"]).group_by("ckey", "sku").agg(n=pl.len())
    usual: dict[str, list[str]] = defaultdict(list)
    pairs = lines.join(lines, on=["folder", "order_id"], suffix="_b").filter(pl.col("sku") < pl.col("sku_b"))
    pairs = orders.join(pairs, on=["folder", "order_id"]).group_by("ckey", "sku", "sku_b").agg(n=pl.len(), first=pl.col("rank").min())
    best = pairs.sort("ckey", pl.col("n"), "first", "sku", "sku_b", descending=[False, True, False, False, False]).unique("ckey", keep="first")
    together = {r["ckey"]: f"{r['sku']} + {r['sku_b']}" for r in best.filter(pl.col("n") >= 2).iter_rows(named=True)}
    counts = dict(placed.select("ckey", pl.col("signed_on").list.len()).iter_rows())
    for key, sku, n in items.iter_rows():
        if n * 2 > counts[key]:
            usual[key].append(sku)
    out: list[Row] = []
    for key, dates in sorted(placed.iter_rows(), key=lambda kv: _split(kv[0])[::-1]):
        dates = sorted(dates)
        gaps = [(b - a).days for a, b in zip(dates, dates[1:])]
        median = round(statistics.median(gaps)) if gaps else None
        expected = dates[-1] + timedelta(days=median) if median is not None else None
        rep, cid = _split(key)
        out.append({
            "customer_id": cid, "owner_rep": rep, "orders": len(dates), "orders_per_year": sum(1 for d in dates if today - timedelta(days=365) < d <= today),
            "usual_items": ", ".join(sorted(usual.get(key, []))), "bought_together": together.get(key, ""), "last_order_date": dates[-1],
            "median_gap_days": median, "expected_next": expected, "overdue": bool(expected and expected < today),
        })
    return out
