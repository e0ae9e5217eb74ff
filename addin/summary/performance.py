"""Overview (performance per rep and month), Channels and Tiers: domain.md section 5 and "Summary details"."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from ..core.identity import CustomerIndex, customer_index, joined
from ..core.tables import Tables
from ..domain.tiers import suggest_tier
from .common import TEAM, amount, label, money_div, month_start, ratio, text

Row = dict[str, Any]


def _target(targets: list[Any], rep: str, month: date, field: str) -> Any:
    """The most specific target: (rep, month), (rep, every month), (every rep, month), (every rep, every month)."""
    for want_rep, want_month in ((rep, month), (rep, None), (TEAM, month), (TEAM, None)):
        for t in targets:
            if text(t.rep) == want_rep and (t.month if t.month is None else month_start(t.month)) == want_month and getattr(t, field) is not None:
                return getattr(t, field)
    return None


def overview(tables: Tables, months: list[date], canonical: dict[str, str] | None = None, index: CustomerIndex | None = None) -> list[Row]:
    """Per rep and month, and for the team (rep "*") ("Summary details"):

    - visits: visit rows dated in the month (rep = the visit's rep);
    - customers_visited: distinct customers with a visit in the month;
    - deals: orders signed in the month (rep = the order's owner rep);
    - customers_won: distinct customers with an order signed in the month;
    - visited_and_won: customers visited in the month who were also won in it;
    - conversion_rate: visited_and_won / customers_visited, to 4 places (50 visited, 10 of them won = 0.2000;
      never above 1: a customer won without a visit counts in deals and revenue, not here);
    - revenue: sum of those orders' contract amounts (exact Decimal); average_order_value: revenue / deals,
      half-up to 0.01; revenue_change: against the month before. When an order of the month has no
      amount (blank, or rejected by check), revenue, average and change are unknown (None: blank with a
      note in the workbook, null in JSON) and `revenue_rejected` counts those orders (domain.md "Unknown is not zero");
    - orders_undated: the rep's orders with no signing date (blank, or rejected by check), in no month's figures;
    - targets from the settings' targets sheet (most specific row wins; the team's deal and
      revenue targets are the sum of its reps').
    A customer is (rep, id) (core/identity.py): two reps' C0001 are two customers. Customers kept by two
    reps (conflicts) count once in the team's distinct counts (`canonical`: joined key -> joined key).
    """
    canonical = canonical or {}
    index = index or customer_index(tables)
    wanted = set(months)
    visits: dict[tuple[str, date], list[str]] = defaultdict(list)
    orders: dict[tuple[str, date], list[tuple[str, Decimal | None]]] = defaultdict(list)
    reps: set[str] = set()
    for table, visit in tables.rows("visits"):
        if visit.visit_date is None or month_start(visit.visit_date) not in wanted:
            continue
        rep = text(visit.rep)
        reps.add(rep)
        visits[(rep, month_start(visit.visit_date))].append(joined(index.key_of(table, visit)))
    undated: dict[str, int] = defaultdict(int)
    for table, order in tables.rows("orders"):
        if order.signed_on is None:
            undated[text(order.owner_rep)] += 1
            reps.add(text(order.owner_rep))
        if order.signed_on is None or month_start(order.signed_on) not in wanted:
            continue
        rep = text(order.owner_rep)
        reps.add(rep)
        orders[(rep, month_start(order.signed_on))].append((joined(index.key_of(table, order)), amount(order.contract_amount)))
    targets = [t for _, t in tables.rows("targets")]
    out: list[Row] = []
    for rep in [*sorted(reps), TEAM]:
        previous: Decimal | None = None
        for month in months:
            v: list[str]
            o: list[tuple[str, Decimal | None]]
            if rep == TEAM:
                v = [canonical.get(c, c) for r in reps for c in visits.get((r, month), [])]
                o = [(canonical.get(c, c), a) for r in reps for c, a in orders.get((r, month), [])]
                deals_target = sum((_target(targets, r, month, "deals_target") or 0) for r in reps) or None
                revenue_target = sum((_target(targets, r, month, "revenue_target") or Decimal(0)) for r in reps) or None
            else:
                v, o = visits.get((rep, month), []), orders.get((rep, month), [])
                deals_target = _target(targets, rep, month, "deals_target")
                revenue_target = _target(targets, rep, month, "revenue_target")
            rejected = sum(1 for _, a in o if a is None)
            revenue = None if rejected else sum((a for _, a in o if a is not None), Decimal("0.00"))
            visited, won = set(v), {c for c, _ in o}
            out.append({
                "rep": rep,
                "month": label(month),
                "visits": len(v),
                "customers_visited": len(visited),
                "deals": len(o),
                "customers_won": len(won),
                "visited_and_won": len(visited & won),
                "revenue": revenue,
                "revenue_rejected": rejected,
                "orders_undated": sum(undated.values()) if rep == TEAM else undated.get(rep, 0),
                "average_order_value": None if revenue is None else money_div(revenue, len(o)),
                "conversion_rate": ratio(len(visited & won), len(visited)),
                "deals_target": deals_target,
                "revenue_target": revenue_target,
                "conversion_target": _target(targets, rep, month, "conversion_target"),
                "revenue_change": ratio(revenue - previous, previous) if previous and revenue is not None else None,
            })
            previous = revenue
    return out


def _cost(costs: list[Any], channel: str, month: date) -> Decimal | None:
    """A channel's cost in a month: the rows for that month, else the every-month rows (blank month), else 0;
    unknown (None) when one of those rows has no cost (blank, or rejected by check)."""
    rows = [c for c in costs if text(c.channel) == channel and c.month is not None and month_start(c.month) == month]
    rows = rows or [c for c in costs if text(c.channel) == channel and c.month is None]
    if any(c.cost is None for c in rows):
        return None
    return sum((c.cost for c in rows), Decimal(0))


def _cost_rejected(costs: list[Any], channel: str, month: date) -> int:
    rows = [c for c in costs if text(c.channel) == channel and c.month is not None and month_start(c.month) == month]
    rows = rows or [c for c in costs if text(c.channel) == channel and c.month is None]
    return sum(1 for c in rows if c.cost is None)


def channels(tables: Tables, months: list[date], canonical: dict[str, str] | None = None, index: CustomerIndex | None = None) -> list[Row]:
    """Per month and acquisition channel (domain.md "Reference rules"):

    - leads: customers first contacted in the month who came through the channel (a customer (rep, id) once,
      by its first row; a customer kept by two reps once for the team: `canonical`);
    - deals: orders signed in the month by customers who came through the channel (the channel of the
      order's own customer (rep, id): two reps' C0001 are two customers); revenue: their contract amounts,
      unknown (None) when one of them has no amount, `revenue_rejected` counting those orders;
    - cost: the settings' channel_costs (a month's own row, else the every-month row); unknown (None) when such
      a row has no cost, `cost_rejected` counting them, and so are the figures per cost;
    - cost_per_lead = cost / leads, cost_per_deal = cost / deals (half-up 0.01);
      revenue_per_cost = revenue / cost (4 places). Seed: online 10,000 CNY, 20 leads, 5 deals ->
      500.00 per lead, 2,000.00 per deal; referral 5,000 CNY, 15 leads, 8 deals -> 333.33, 625.00.
    """
    canonical = canonical or {}
    index = index or customer_index(tables)
    channel_of: dict[str, str] = {}
    leads: dict[tuple[str, date], set[str]] = defaultdict(set)
    for found in index.customers():
        c, key = found.row, joined(found.key)
        channel = text(c.channel) or "other"
        channel_of[key] = channel
        if c.first_contact is not None:
            leads[(channel, month_start(c.first_contact))].add(canonical.get(key, key))
    deals: dict[tuple[str, date], list[Decimal | None]] = defaultdict(list)
    for table, o in tables.rows("orders"):
        if o.signed_on is not None:
            deals[(channel_of.get(joined(index.key_of(table, o)), "other"), month_start(o.signed_on))].append(amount(o.contract_amount))
    costs = [c for _, c in tables.rows("channel_costs")]
    names = sorted({k[0] for k in leads} | {k[0] for k in deals} | {text(c.channel) for c in costs if c.channel})
    out: list[Row] = []
    for month in months:
        for channel in names:
            cost, n_leads, amounts = _cost(costs, channel, month), len(leads.get((channel, month), ())), deals.get((channel, month), [])
            rejected = sum(1 for a in amounts if a is None)
            revenue = None if rejected else sum((a for a in amounts if a is not None), Decimal("0.00"))
            if not (cost is None or cost or n_leads or amounts):
                continue
            out.append({
                "month": label(month),
                "channel": channel,
                "cost": cost,
                "leads": n_leads,
                "deals": len(amounts),
                "revenue": revenue,
                "revenue_rejected": rejected,
                "cost_rejected": _cost_rejected(costs, channel, month),
                "cost_per_lead": None if cost is None else money_div(cost, n_leads),
                "cost_per_deal": None if cost is None else money_div(cost, len(amounts)),
                "revenue_per_cost": None if revenue is None or cost is None else ratio(revenue, cost),
            })
    return out


GAP = Decimal("0.20")


def tiers(tables: Tables, months: list[date], index: CustomerIndex | None = None) -> list[Row]:
    """Per month, rep (and team "*") and tier: the tier's share of the visits, of the deals and of the revenue,
    by the customer's tier (typed, else suggested from its scores; "?" when neither), the customer being
    the (rep, id) the visit or order refers to (core/identity.py), by its first row. `flag` is set when the
    deal share and the visit share differ by 20 points or more ("A wins 70% of deals with 30% of visits").
    Revenue shares are unknown (None) in a rep's month where an order has no amount (`revenue_rejected`)."""
    index = index or customer_index(tables)
    tier_of: dict[str, str] = {}
    for found in index.customers():
        c = found.row
        tier_of[joined(found.key)] = text(c.tier) or suggest_tier(c.demand_score, c.capacity_score) or "?"
    wanted = set(months)
    counts: dict[tuple[str, date], dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(lambda: [Decimal(0)] * 4))
    for table, v in tables.rows("visits"):
        if v.visit_date is not None and month_start(v.visit_date) in wanted:
            tier = tier_of.get(joined(index.key_of(table, v)), "?")
            for rep in (text(v.rep), TEAM):
                counts[(rep, month_start(v.visit_date))][tier][0] += 1
    for table, o in tables.rows("orders"):
        if o.signed_on is not None and month_start(o.signed_on) in wanted:
            tier = tier_of.get(joined(index.key_of(table, o)), "?")
            for rep in (text(o.owner_rep), TEAM):
                cell = counts[(rep, month_start(o.signed_on))][tier]
                cell[1] += 1
                cell[2] += amount(o.contract_amount) or Decimal(0)
                cell[3] += o.contract_amount is None
    out: list[Row] = []
    for (rep, month), by_tier in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0] == TEAM, kv[0][0])):
        totals = [sum((t[i] for t in by_tier.values()), Decimal(0)) for i in range(4)]
        for tier in sorted(by_tier):
            visit_share, deal_share, revenue_share = (ratio(by_tier[tier][i], totals[i]) for i in range(3))
            gap = (deal_share or Decimal(0)) - (visit_share or Decimal(0))
            out.append({
                "month": label(month),
                "rep": rep,
                "tier": tier,
                "visits": int(by_tier[tier][0]),
                "deals": int(by_tier[tier][1]),
                "visit_share": visit_share,
                "deal_share": deal_share,
                "revenue_share": None if totals[3] else revenue_share,
                "revenue_rejected": int(totals[3]),
                "gap": gap,
                "flag": abs(gap) >= GAP,
            })
    return out
