"""The price waterfall of one line, with the approval it needs and what nearly applied.

domain.md: net unit = list x (1 - volume) x (1 - prepayment) x (1 - loyalty)
x (1 - negotiated), in that order, rounded half-up to 0.01 once, at the
unit price; line total = net unit x quantity, rounded again. Effective
discount = 1 - net / list. A net unit price under the floor is blocked
whatever the approval.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from functools import cache, lru_cache
from typing import Callable

from ..core.values import money
from ..i18n import N_, both, pick, translator
from .policy import Policy
from .text import pct, yuan

ONE = Decimal(1)
APPROVAL_ORDER = ("rep", "manager", "director")
APPROVAL_LABELS = {"rep": N_("the rep"), "manager": N_("a sales manager"), "director": N_("a director")}


def approval_label(approval: str, lang: str) -> str:
    return translator(lang)(APPROVAL_LABELS[approval])


@dataclass(frozen=True)
class Step:
    kind: str  # volume | prepayment | loyalty | negotiated
    rate: Decimal
    price_after: Decimal  # rounded for display; the net price is rounded once, at the end
    reason_zh: str
    reason_en: str


@dataclass(frozen=True)
class NextTier:
    extra_qty: int
    rate: Decimal
    net_unit: Decimal
    saving: Decimal  # on the larger quantity, against today's net unit price


@dataclass(frozen=True)
class LinePrice:
    sku: str
    qty: int
    list_price: Decimal
    floor_price: Decimal
    volume: Decimal
    prepay: Decimal
    loyalty: Decimal
    negotiated: Decimal
    net_unit: Decimal
    line_total: Decimal
    effective_discount: Decimal
    approval: str
    blocked: bool
    steps: tuple[Step, ...]
    max_negotiated_for_rep: Decimal | None  # None: policy discounts alone exceed the rep's authority
    max_negotiated_above_floor: Decimal | None
    next_volume: NextTier | None

    @property
    def list_total(self) -> Decimal:
        return money(self.list_price * self.qty)


def approval_for(discount: Decimal, policy: Policy) -> str:
    if discount <= policy.rep_max:
        return "rep"
    if discount <= policy.manager_max:
        return "manager"
    return "director"


def highest(approvals: list[str]) -> str:
    return max(approvals, key=APPROVAL_ORDER.index, default="rep")


def _largest_negotiated(limit_factor: Decimal, base: Decimal) -> Decimal | None:
    """Largest n (to 0.01%, rounded down) with base x (1 - n) >= limit_factor; None if even n = 0 fails."""
    if base <= 0 or base < limit_factor:
        return None
    n = (ONE - limit_factor / base).quantize(Decimal("0.0001"), rounding=ROUND_DOWN)
    return max(n, Decimal(0))


def net_unit_price(list_price: Decimal, rates: tuple[Decimal, ...]) -> Decimal:
    factor = ONE
    for rate in rates:
        factor *= ONE - rate
    return money(list_price * factor)


@lru_cache(maxsize=4096)
def _worded(message: str, name: str, text: str) -> tuple[str, str]:
    """both(message, name=text), once per distinct text of a run (the same tiers and shares on every line)."""
    return both(message, **{name: text})


@cache
def _negotiated() -> tuple[str, str]:
    return both("negotiated")


def price_line(
    sku: str,
    qty: int,
    list_price: Decimal,
    floor_price: Decimal,
    negotiated: Decimal,
    prepay_share: Decimal,
    loyalty: tuple[Decimal, str, str],
    policy: Policy,
) -> LinePrice:
    volume_tier, next_volume_tier = policy.reached(policy.volume, Decimal(qty))
    prepay_tier, _ = policy.reached(policy.prepay, prepay_share)
    volume = volume_tier.rate if volume_tier else Decimal(0)
    prepay = prepay_tier.rate if prepay_tier else Decimal(0)
    loyalty_rate, *loyalty_reason = loyalty
    rates = (volume, prepay, loyalty_rate, negotiated)
    net = net_unit_price(list_price, rates)
    effective = ONE - net / list_price if list_price else Decimal(0)

    steps = []
    factor = ONE
    reasons: tuple[tuple[str, Callable[[], tuple[str, str]]], ...] = (  # each worded only when its step applies (most lines have one or two)
        ("volume", lambda: _worded(N_("volume >= {n} units"), "n", str(volume_tier.threshold if volume_tier else 0))),
        ("prepayment", lambda: _worded(N_("{share} prepaid"), "share", pct(prepay_share))),
        ("loyalty", lambda: (loyalty_reason[0], loyalty_reason[1])),
        ("negotiated", _negotiated),
    )
    for rate, (kind, reason) in zip(rates, reasons):
        factor *= ONE - rate
        if rate:
            zh, en = reason()
            steps.append(Step(kind, rate, money(list_price * factor), zh, en))

    policy_base = (ONE - volume) * (ONE - prepay) * (ONE - loyalty_rate)
    next_volume = None
    if next_volume_tier is not None:
        better = net_unit_price(list_price, (next_volume_tier.rate, prepay, loyalty_rate, negotiated))
        new_qty = int(next_volume_tier.threshold)
        next_volume = NextTier(new_qty - qty, next_volume_tier.rate, better, money((net - better) * new_qty))
    return LinePrice(
        sku=sku,
        qty=qty,
        list_price=list_price,
        floor_price=floor_price,
        volume=volume,
        prepay=prepay,
        loyalty=loyalty_rate,
        negotiated=negotiated,
        net_unit=net,
        line_total=money(net * qty),
        effective_discount=effective,
        approval=approval_for(effective, policy),
        blocked=net < floor_price,
        steps=tuple(steps),
        max_negotiated_for_rep=_largest_negotiated(ONE - policy.rep_max, policy_base),
        max_negotiated_above_floor=_largest_negotiated(floor_price / list_price, policy_base) if list_price else None,
        next_volume=next_volume,
    )


def explain(line: LinePrice, lang: str) -> str:
    _ = translator(lang)
    parts = [_("list {price}", price=yuan(line.list_price))]
    for step in line.steps:
        reason = pick((step.reason_zh, step.reason_en), lang)
        parts.append(f"{reason} -{pct(step.rate)} = {yuan(step.price_after)}")
    if not line.steps:
        parts.append(_("no discount"))
    text = " → ".join(parts)
    text += _(". Net {net} x {qty} = {total}; effective discount {discount}; approved by {who}.", net=yuan(line.net_unit), qty=line.qty,
              total=yuan(line.line_total), discount=pct(line.effective_discount), who=approval_label(line.approval, lang))
    if line.blocked:
        cap = line.max_negotiated_above_floor
        floor = yuan(line.floor_price)
        if cap is not None:
            text += _(" Below the floor price {floor}: cannot be quoted; negotiate at most {cap}.", floor=floor, cap=pct(cap))
        else:
            text += _(" Below the floor price {floor}: cannot be quoted.", floor=floor)
    return text


def next_tier_hint(line: LinePrice, lang: str, nearness: Decimal = Decimal("1.5")) -> str:
    """What nearly applied: the next volume tier, when the quantity is within reach of it."""
    tier = line.next_volume
    if tier is None or Decimal(line.qty + tier.extra_qty) > Decimal(line.qty) * nearness:
        return ""
    return translator(lang)(N_("+{extra} units reach the {rate} volume tier: unit price {price}, saves {saving}"), extra=tier.extra_qty, rate=pct(tier.rate),
                            price=yuan(tier.net_unit), saving=yuan(tier.saving))
