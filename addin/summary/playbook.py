"""The summary's playbook figures (issue 24): referral ROI per referrer and complaint causes per month."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from ..core.tables import Tables
from ..playbook.complaints import complaint_causes
from ..playbook.referrals import orders_by_customer, referrals
from .common import ratio

Row = dict[str, Any]
ZERO = Decimal("0.00")

__all__ = ["complaint_causes", "referral_roi"]


def referral_roi(tables: Tables, settings: Any, today: date) -> list[Row]:
    """Per referrer (domain.md §2 "Referral"; beside the channel ROI of the Channels tab):

    - referrals: rows naming the referrer; referred_won: referred customers with an order counted for a reward;
    - referred_revenue: contract amounts of every order the referred customers signed on or after the
      referral date, up to `today` (CNY, exact);
    - reward_cost: the rewards owed (addin/playbook/referrals.py); reward_paid: what was paid (a paid date
      without an amount: the owed reward);
    - revenue_per_cost = referred_revenue / reward_cost (4 places; None when nothing is owed), the same
      measure as a channel's revenue_per_cost.
    """
    orders = orders_by_customer(tables)
    acc: dict[str, Row] = defaultdict(lambda: {"referrals": 0, "referred_won": 0, "referred_revenue": ZERO, "reward_cost": ZERO, "reward_paid": ZERO})
    for r in referrals(tables, settings):
        row = acc[r.referrer]
        row["referrals"] += 1
        row["referred_won"] += 1 if r.first_orders else 0
        since = r.row.referred_on
        row["referred_revenue"] += sum((a for d, a in orders.get(r.referred, []) if (since is None or d >= since) and d <= today), ZERO)
        row["reward_cost"] += r.owed
        paid = r.row.reward_paid_amount if r.row.reward_paid_amount is not None else (r.owed if r.row.reward_paid_on is not None else ZERO)
        row["reward_paid"] += paid
    names = {str(c.customer_id): str(c.name or "") for _, c in tables.rows("customers") if c.customer_id}
    return [{"referrer": k, "name": names.get(k, ""), **v, "revenue_per_cost": ratio(v["referred_revenue"], v["reward_cost"])} for k, v in sorted(acc.items())]
