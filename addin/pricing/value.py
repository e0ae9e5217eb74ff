"""The value calculator (价值可视化): what a quote saves the customer a year, and when it pays back.

Pure and exact (`Decimal`). The seed (domain.md section 1 and 3.2, "value
first, then price") asks that "saves 30% energy" become "saves X CNY of power
a year"; the rules below make that a number the rep can defend.

Inputs: the price list's value drivers per SKU and the quote's baseline
(the customer's situation today, typed on the quote row):

- energy: ``energy_saving`` (a share) × ``baseline_power_cost`` (a year);
- labour: ``labour_hours_saved`` (hours per unit a year) × quantity ×
  ``baseline_hourly_rate``;
- downtime: ``downtime_cut`` (a share) × ``baseline_downtime_cost`` (a year).

A share applies to the customer's whole baseline, so shares of one kind do
not add up across lines: the quote takes the largest share of its priced
lines (two machines that each save 30% of the same power bill save 30%, not
60%). Labour hours are per unit and do add up. A driver whose baseline is
blank, or a baseline no line has a driver for, is left out; with none left
there is no value section and no error (the issue: "missing baselines: no
value section, no error"). Each amount is rounded half-up to 0.01, then the
yearly saving is their sum.

The price difference (差价) the payback recovers: our quote's total excl.
VAT minus the quote's ``alternative_price`` (the offer the customer weighs
against ours, e.g. a competitor's, excl. VAT), when typed; without one, the
whole total excl. VAT (the customer's full outlay). Payback months =
difference × 12 ÷ yearly saving, rounded **up** to a whole month (the month
in which the difference is fully recovered: "约 14 个月收回差价"); a
difference of 0 or less pays back in 0 months; a saving of 0 never pays back
(None). So a higher price never gives a shorter payback.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from ..core.tables import RowModel, Tables
from ..core.values import money
from ..i18n import N_, translator
from .text import pct, yuan

ZERO = Decimal(0)
TWELVE = Decimal(12)


@dataclass(frozen=True)
class Drivers:
    """One SKU's value drivers from the price list (None: not given)."""

    energy_saving: Decimal | None = None
    labour_hours_saved: Decimal | None = None
    downtime_cut: Decimal | None = None


@dataclass(frozen=True)
class Baseline:
    """The customer's situation today, from the quote row (None: not given)."""

    power_cost: Decimal | None = None
    hourly_rate: Decimal | None = None
    downtime_cost: Decimal | None = None
    alternative_price: Decimal | None = None


@dataclass(frozen=True)
class Saving:
    kind: str  # energy | labour | downtime
    amount: Decimal  # CNY a year
    message: str  # a catalogue msgid, translated when shown
    fields: tuple[tuple[str, str], ...]

    def text(self, lang: str) -> str:
        return translator(lang)(self.message, **dict(self.fields))


@dataclass(frozen=True)
class ValueCase:
    savings: tuple[Saving, ...]
    yearly_saving: Decimal
    difference: Decimal  # the amount the payback recovers (差价)
    against_alternative: bool  # True: total minus the alternative offer; False: the whole total
    payback_months: int | None  # None: no saving, never recovered
    total: Decimal = ZERO  # the quote's total excl. VAT
    alternative: Decimal | None = None  # the alternative offer it is weighed against

    def text(self, lang: str) -> str:
        """The whole case in words, one language: each saving, then the payback."""
        _ = translator(lang)
        return _("; ").join([*(s.text(lang) for s in self.savings), self.payback_text(lang)])

    def payback_text(self, lang: str) -> str:
        _ = translator(lang)
        if self.difference <= 0:
            return _("no price difference to recover") if self.against_alternative else _("nothing to recover")
        if self.payback_months is None:
            return _("no saving: the price difference is never recovered")
        if self.against_alternative:
            return _("about {n} months to recover the price difference {diff}", n=self.payback_months, diff=whole_yuan(self.difference))
        return _("about {n} months to recover the price {diff}", n=self.payback_months, diff=whole_yuan(self.difference))


def _share(value: object) -> Decimal | None:
    return value if isinstance(value, Decimal) and value > 0 else None


def _amount(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)) or value <= 0:
        return None
    return Decimal(value)


def drivers_of(tables: Tables) -> dict[str, Drivers]:
    """Every SKU's drivers (the first price-list row of each SKU, as pricing reads it)."""
    found: dict[str, Drivers] = {}
    for _, row in tables.rows("price_list"):
        if row.sku and row.sku not in found:
            found[row.sku] = Drivers(_share(row.energy_saving), _amount(row.labour_hours_saved), _share(row.downtime_cut))
    return found


def baseline_of(quote: RowModel) -> Baseline:
    alternative = quote.alternative_price
    return Baseline(_amount(quote.baseline_power_cost), _amount(quote.baseline_hourly_rate), _amount(quote.baseline_downtime_cost),
                    Decimal(alternative) if isinstance(alternative, (int, Decimal)) and not isinstance(alternative, bool) and alternative >= 0 else None)


def payback_months(difference: Decimal, yearly_saving: Decimal) -> int | None:
    """Whole months, rounded up, to recover `difference` from `yearly_saving`; 0 when nothing is to recover."""
    if difference <= 0:
        return 0
    if yearly_saving <= 0:
        return None
    return int((difference * TWELVE / yearly_saving).to_integral_value(rounding=ROUND_CEILING))


def value_case(lines: list[tuple[str, int]], drivers: dict[str, Drivers], baseline: Baseline, total_excl_vat: Decimal) -> ValueCase | None:
    """`lines`: the quote's priced (SKU, quantity). None when no driver meets a baseline."""
    energy = max((d.energy_saving for sku, _ in lines if (d := drivers.get(sku)) and d.energy_saving), default=None)
    downtime = max((d.downtime_cut for sku, _ in lines if (d := drivers.get(sku)) and d.downtime_cut), default=None)
    hours = sum((d.labour_hours_saved * qty for sku, qty in lines if (d := drivers.get(sku)) and d.labour_hours_saved), ZERO)
    savings: list[Saving] = []
    if energy is not None and baseline.power_cost:
        amount = money(energy * baseline.power_cost)
        savings.append(Saving("energy", amount, N_("energy saving {share} × annual power cost {base} = {saving} a year"),
                              (("share", pct(energy)), ("base", whole_yuan(baseline.power_cost)), ("saving", whole_yuan(amount)))))
    if hours and baseline.hourly_rate:
        amount = money(hours * baseline.hourly_rate)
        savings.append(Saving("labour", amount, N_("{hours} labour hours saved × {rate} an hour = {saving} a year"),
                              (("hours", f"{hours.normalize():f}"), ("rate", whole_yuan(baseline.hourly_rate)), ("saving", whole_yuan(amount)))))
    if downtime is not None and baseline.downtime_cost:
        amount = money(downtime * baseline.downtime_cost)
        savings.append(Saving("downtime", amount, N_("breakdowns cut {share} × annual downtime cost {base} = {saving} a year"),
                              (("share", pct(downtime)), ("base", whole_yuan(baseline.downtime_cost)), ("saving", whole_yuan(amount)))))
    if not savings:
        return None
    yearly = sum((s.amount for s in savings), ZERO)
    against = baseline.alternative_price is not None
    difference = money(total_excl_vat - baseline.alternative_price) if baseline.alternative_price is not None else total_excl_vat
    return ValueCase(tuple(savings), yearly, difference, against, payback_months(difference, yearly), total_excl_vat, baseline.alternative_price)


def whole_yuan(amount: Decimal) -> str:
    """¥120,000 for a whole amount, ¥1,234.50 otherwise: the words read like the seed's example."""
    return f"¥{amount:,.0f}" if amount == amount.to_integral_value() else yuan(amount)
