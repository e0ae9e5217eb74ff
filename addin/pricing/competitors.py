"""Competitor comparison (竞品对比表): our offer against each competitor, point by point.

Pure: tables, settings and an `as_of` date in; comparisons and issues out.

Rules (domain.md section 1: "competitor tracking: price, promotions,
service: our after-sales responds 4 hours faster"):
- Each row of the competitors sheet is one observation. Our side is the
  price list's SKU named in `our_sku`, else the first SKU of the price list
  whose category equals the row's category (case and spaces ignored); none:
  a `competitor-no-match` warning, the observation still listed.
- Points: price (our list price against theirs, both excl. VAT; the
  difference as a share of **their** price: "price 6% higher"), promotion
  (our active promotions for the SKU on `as_of`, side by side, no
  arithmetic), after-sales response hours (settings `sla_first_response_hours`;
  fewer is better), warranty months (settings `warranty_months`; more is
  better), delivery days (settings `delivery_days`; fewer is better). A
  point with a side blank is shown without a difference.
- Stale: observed more than settings' `competitor_stale_days` (default 90)
  calendar days before `as_of`: a `competitor-stale` warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.tables import RowModel, Table, Tables
from ..i18n import N_, both, translator
from .text import pct

POINTS = ("price", "promotion", "response", "warranty", "delivery")
LABELS = {
    "price": N_("Price (excl. VAT)"),
    "promotion": N_("Promotion"),
    "response": N_("After-sales response (hours)"),
    "warranty": N_("Warranty (months)"),
    "delivery": N_("Delivery (days)"),
}
# (ours better, ours worse, same) per point; {n} the difference, {share} a percentage.
WORDS = {
    "price": (N_("price {share} lower"), N_("price {share} higher"), N_("same price")),
    "response": (N_("our after-sales responds {n} hours faster"), N_("our after-sales responds {n} hours slower"), N_("same after-sales response time")),
    "warranty": (N_("warranty {n} months longer"), N_("warranty {n} months shorter"), N_("same warranty")),
    "delivery": (N_("delivery {n} days sooner"), N_("delivery {n} days later"), N_("same delivery time")),
}
LOWER_IS_BETTER = {"price": True, "response": True, "warranty": False, "delivery": True}


@dataclass(frozen=True)
class Point:
    key: str  # one of POINTS
    ours: Decimal | str | None
    theirs: Decimal | str | None
    better: bool | None  # True: ours is better; False: worse; None: the same, or not comparable
    message: str | None  # the difference in words (a msgid), translated when shown
    fields: tuple[tuple[str, str], ...] = ()

    def label(self, lang: str) -> str:
        return translator(lang)(LABELS[self.key])

    def words(self, lang: str) -> str:
        return translator(lang)(self.message, **dict(self.fields)) if self.message else ""


@dataclass(frozen=True)
class Comparison:
    competitor: str
    product: str
    category: str
    our_sku: str | None
    our_name: str
    observed_on: date | None
    stale: bool
    notes: str
    points: tuple[Point, ...]
    table: Table
    row: int

    def summary(self, lang: str) -> str:
        """Every worded difference, one line: "price 6% higher; warranty 12 months longer"."""
        _ = translator(lang)
        return _("; ").join(w for p in self.points if (w := p.words(lang)))


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return None
    return Decimal(value)


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def compare_point(key: str, ours: Decimal | None, theirs: Decimal | None) -> Point:
    """One numeric point; the difference worded when both sides are known."""
    if ours is None or theirs is None:
        return Point(key, ours, theirs, None, None)
    better, worse, same = WORDS[key]
    if ours == theirs:
        return Point(key, ours, theirs, None, same)
    ours_lower = ours < theirs
    good = ours_lower == LOWER_IS_BETTER[key]
    if key == "price":
        if theirs == 0:
            return Point(key, ours, theirs, good, None)
        share = pct(abs(ours - theirs) / theirs)
        return Point(key, ours, theirs, good, better if ours_lower else worse, (("share", share),))
    return Point(key, ours, theirs, good, better if good else worse, (("n", _plain(abs(ours - theirs))),))


def _key(text: object) -> str:
    return "".join(str(text or "").split()).casefold()


def _ours(row: RowModel, price_list: list[RowModel]) -> RowModel | None:
    if row.our_sku:
        return next((p for p in price_list if p.sku == row.our_sku), None)
    wanted = _key(row.category)
    return next((p for p in price_list if wanted and _key(p.category) == wanted), None) if wanted else None


def compare_competitors(tables: Tables, settings: Any, as_of: date, category: str | None = None) -> tuple[list[Comparison], list[Issue]]:
    """Every observation (of `category`, when given: the row's category or our SKU's), compared with our offer."""
    price_list = [row for _, row in tables.rows("price_list") if row.sku]
    stale_days = int(getattr(settings, "competitor_stale_days", None) or 90)
    our_terms = {
        "response": _number(getattr(settings, "sla_first_response_hours", None)),
        "warranty": _number(getattr(settings, "warranty_months", None)),
        "delivery": _number(getattr(settings, "delivery_days", None)),
    }
    promotions = [(r.promotion, r.sku, r.valid_from, r.valid_until) for _, r in tables.rows("promotions") if r.promotion]
    comparisons: list[Comparison] = []
    issues: list[Issue] = []
    for table, row in tables.rows("competitors"):
        if not row.competitor:
            continue
        ours = _ours(row, price_list)
        if category and _key(category) not in (_key(row.category), _key(ours.category if ours else "")):
            continue
        if ours is None:
            issues.append(issue_at(table, row.row, "our_sku" if row.our_sku else "category", "competitor-no-match", value=row.our_sku or row.category))
        observed = row.observed_on if isinstance(row.observed_on, date) else None
        stale = observed is not None and observed < as_of - timedelta(days=stale_days)
        if stale:
            issues.append(issue_at(table, row.row, "observed_on", "competitor-stale",
                                   both("older than {days} days on {today}", days=stale_days, today=as_of.isoformat()), observed))
        active = [name for name, sku, start, end in promotions
                  if ours is not None and sku in (None, ours.sku) and (start is None or start <= as_of) and (end is None or as_of <= end)]
        points = (
            compare_point("price", _number(ours.list_price) if ours else None, _number(row.price)),
            Point("promotion", "\n".join(active) or None, str(row.promotion) if row.promotion else None, None, None),
            compare_point("response", our_terms["response"], _number(row.response_hours)),
            compare_point("warranty", our_terms["warranty"], _number(row.warranty_months)),
            compare_point("delivery", our_terms["delivery"], _number(row.delivery_days)),
        )
        comparisons.append(Comparison(
            competitor=str(row.competitor), product=str(row.product or ""), category=str(row.category or (ours.category if ours else "") or ""),
            our_sku=ours.sku if ours else None, our_name=str(ours.name or ours.sku) if ours else "",
            observed_on=observed, stale=stale, notes=str(row.notes or ""), points=points, table=table, row=row.row,
        ))
    return comparisons, issues
