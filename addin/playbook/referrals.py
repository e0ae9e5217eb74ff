"""Referrals (老客裂变, domain.md §2 "Referral: referral rebate or service-upgrade incentive").

Reference rule (settings, defaults in addin/schema/playbook.py):
- the referred customer's first orders are its first `referral_first_orders` orders signed on or after
  `referred_on` (any date when blank), by signed_on;
- reward owed: a rebate = their contract amounts x `referral_rebate_share`, half-up to 0.01; a service
  upgrade = `referral_upgrade_cost` (what the upgrade costs us); nothing while the referred customer has
  no such order (status not_earned);
- status: paid when reward_paid_amount >= owed (a paid date without an amount: paid in full), part_paid
  when 0 < paid < owed, else owed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ..core.tables import RowModel, Table, Tables
from ..core.values import money
from ..schema.playbook import REWARD_KINDS

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Referral:
    table: Table
    row: RowModel
    referrer: str
    referred: str
    kind: str
    first_orders: tuple[tuple[date, Decimal], ...]  # (signed_on, contract_amount) of the counted orders
    owed: Decimal
    status: str

    @property
    def values(self) -> dict[str, object]:
        return {"first_orders_amount": sum((a for _, a in self.first_orders), ZERO) if self.first_orders else None,
                "reward_owed": self.owed, "reward_status": self.status}


def orders_by_customer(tables: Tables) -> dict[str, list[tuple[date, Decimal]]]:
    """customer_id -> [(signed_on, contract_amount)], oldest first (orders without a date or amount left out)."""
    out: dict[str, list[tuple[date, Decimal]]] = defaultdict(list)
    for _, o in tables.rows("orders"):
        if o.customer_id and o.signed_on is not None and o.contract_amount is not None:
            out[str(o.customer_id)].append((o.signed_on, o.contract_amount))
    for rows in out.values():
        rows.sort()
    return out


def referral_reward(row: RowModel, orders: list[tuple[date, Decimal]], settings: Any) -> tuple[str, tuple[tuple[date, Decimal], ...], Decimal, str]:
    """(reward kind, counted orders, reward owed, status) of one referral row."""
    kind = str(row.reward_kind or getattr(settings, "referral_reward_kind", "rebate") or "rebate").strip()
    kind = next((c.key for c in REWARD_KINDS if kind in c.labels()), kind)  # the setting may be typed as 服务升级
    n = max(1, int(getattr(settings, "referral_first_orders", 1) or 1))
    since = row.referred_on
    counted = tuple(o for o in orders if since is None or o[0] >= since)[:n]
    if not counted:
        return kind, counted, ZERO, "not_earned"
    if kind == "service_upgrade":
        owed = money(Decimal(str(getattr(settings, "referral_upgrade_cost", "2000"))))
    else:
        share = Decimal(str(getattr(settings, "referral_rebate_share", "0.03")))
        owed = money(sum((a for _, a in counted), ZERO) * share)
    paid = row.reward_paid_amount
    if paid is None and row.reward_paid_on is not None:
        paid = owed
    if paid is not None and paid >= owed:
        status = "paid"
    elif paid:
        status = "part_paid"
    else:
        status = "owed"
    return kind, counted, owed, status


def referrals(tables: Tables, settings: Any) -> list[Referral]:
    """Every referral row with its reward (see the module's reference rule)."""
    orders = orders_by_customer(tables)
    out = []
    for table, row in tables.rows("referrals"):
        if not row.referrer_id or not row.referred_id:
            continue
        kind, counted, owed, status = referral_reward(row, orders.get(str(row.referred_id), []), settings)
        out.append(Referral(table, row, str(row.referrer_id), str(row.referred_id), kind, counted, owed, status))
    return out
