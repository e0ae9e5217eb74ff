"""The discount policy as read from the policy sheets, with its own checks.

Every rate and threshold comes from the workbook (or the schema's defaults
from domain.md when a sheet is absent); nothing here hard-codes a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.settings import read_key_values
from ..core.tables import Tables
from ..i18n import both
from ..schema.quotes import POLICY, PREPAY_TIERS, VALUE_PACKAGE, VOLUME_TIERS


@dataclass(frozen=True)
class Tier:
    threshold: Decimal  # quantity, or prepayment share
    rate: Decimal


@dataclass(frozen=True)
class GiftBundle:
    buy_sku: str
    min_qty: int
    gift_sku: str
    gift_qty: int


@dataclass(frozen=True)
class Promotion:
    name: str
    sku: str | None
    valid_from: date | None
    valid_until: date | None

    def active(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class Service:
    name: str
    value: Decimal


@dataclass(frozen=True)
class Policy:
    volume: tuple[Tier, ...]
    prepay: tuple[Tier, ...]
    loyalty_rate: Decimal
    loyalty_tiers: frozenset[str]
    loyalty_min_years: Decimal
    rep_max: Decimal
    manager_max: Decimal
    vat_rate: Decimal
    valid_days: int
    gifts: tuple[GiftBundle, ...] = ()
    promotions: tuple[Promotion, ...] = ()
    value_package: tuple[Service, ...] = ()
    value_package_min: Decimal = Decimal(0)  # the order value (excl. VAT) from which the package applies

    def package_for(self, total_excl_vat: Decimal) -> tuple[Service, ...]:
        """The value package where the policy says it applies (from `value_package_min`), else none."""
        return self.value_package if total_excl_vat >= self.value_package_min else ()

    @staticmethod
    def reached(tiers: tuple[Tier, ...], amount: Decimal) -> tuple[Tier | None, Tier | None]:
        """The highest tier reached (tiers are sorted by threshold), and the next one up."""
        current = next_tier = None
        for tier in tiers:
            if amount >= tier.threshold:
                current = tier
            elif next_tier is None:
                next_tier = tier
        return current, next_tier


def _tiers(tables: Tables, key: str, defaults: tuple[dict[str, object], ...]) -> tuple[tuple[Tier, ...], list[Issue]]:
    found = tables.of(key)
    if not found:
        return tuple(Tier(Decimal(str(d["min_value"])), Decimal(str(d["rate"]))) for d in defaults), []
    issues: list[Issue] = []
    tiers: list[Tier] = []
    for table in found:
        previous = None
        for row in table.rows:
            if row.min_value is None or row.rate is None:
                continue
            tier = Tier(Decimal(row.min_value), row.rate)
            if previous and (tier.threshold <= previous.threshold or tier.rate < previous.rate):
                issues.append(issue_at(table, row.row, "min_value", "policy-tiers-unordered", both("previous tier {threshold} -> {rate}", threshold=previous.threshold, rate=format(previous.rate, ".2%")), row.min_value))
            previous = tier
            tiers.append(tier)
    return tuple(sorted(tiers, key=lambda t: t.threshold)), issues


def _policy_scalars_issues(tables: Tables, values: dict[str, object]) -> list[Issue]:
    issues = []
    located = {row.rule: (table, row) for table, row in tables.rows(POLICY.key) if row.rule}
    for key in ("vat_rate", "loyalty_rate", "approval_rep_max", "approval_manager_max"):
        value = values[key]
        if not Decimal(0) <= value <= Decimal(1) and key in located:  # type: ignore[operator]
            table, row = located[key]
            issues.append(issue_at(table, row.row, "value", "policy-rate-out-of-range", value=value))
    if values["approval_rep_max"] > values["approval_manager_max"] and "approval_rep_max" in located:  # type: ignore[operator]
        table, row = located["approval_rep_max"]
        issues.append(issue_at(table, row.row, "value", "policy-ladder-unordered", value=values["approval_rep_max"]))
    return issues


def price_list_issues(tables: Tables) -> list[Issue]:
    issues = []
    for table, row in tables.rows("price_list"):
        if row.floor_price is not None and row.list_price is not None and row.floor_price > row.list_price:
            issues.append(issue_at(table, row.row, "floor_price", "policy-floor-above-list", both("list price {price}", price=row.list_price), row.floor_price))
    return issues


def load_policy(tables: Tables) -> tuple[Policy, list[Issue]]:
    scalars, issues = read_key_values(tables, POLICY)
    values = scalars.model_dump()
    issues.extend(_policy_scalars_issues(tables, values))
    volume, volume_issues = _tiers(tables, VOLUME_TIERS.key, VOLUME_TIERS.defaults)
    prepay, prepay_issues = _tiers(tables, PREPAY_TIERS.key, PREPAY_TIERS.defaults)
    issues += volume_issues + prepay_issues + price_list_issues(tables)
    packages = [Service(r.service, r.value) for _, r in tables.rows("value_package") if r.service and r.value is not None]
    if not tables.of("value_package"):
        packages = [Service(str(d["service"]), Decimal(str(d["value"]))) for d in VALUE_PACKAGE.defaults]
    policy = Policy(
        volume=volume,
        prepay=prepay,
        loyalty_rate=values["loyalty_rate"],
        loyalty_tiers=frozenset(t.strip().upper() for t in str(values["loyalty_tiers"]).replace("，", ",").split(",") if t.strip()),
        loyalty_min_years=Decimal(values["loyalty_min_years"]),
        rep_max=values["approval_rep_max"],
        manager_max=values["approval_manager_max"],
        vat_rate=values["vat_rate"],
        valid_days=int(values["quote_valid_days"]),
        gifts=tuple(GiftBundle(r.buy_sku, r.min_qty, r.gift_sku, r.gift_qty) for _, r in tables.rows("gift_bundles") if r.buy_sku and r.gift_sku and r.min_qty and r.gift_qty),
        promotions=tuple(Promotion(r.promotion, r.sku, r.valid_from, r.valid_until) for _, r in tables.rows("promotions") if r.promotion),
        value_package=tuple(packages),
        value_package_min=values["value_package_min_order"],
    )
    return policy, issues
