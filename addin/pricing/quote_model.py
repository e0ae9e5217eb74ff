"""What pricing a quote gives: its products, priced and unpriced lines, gifts, and the quote's price (pricing/quote.py makes them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..core.tables import Table
from ..core.values import money
from ..pipeline.approvals import Approval
from .drafts import DraftReason
from .policy import Promotion, Service
from .value import ValueCase
from .waterfall import LinePrice

ZERO = Decimal(0)


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    unit: str
    list_price: Decimal | None  # None: not readable (e.g. 面议): the line cannot be priced
    floor_price: Decimal | None  # None: the floor cannot be checked
    cost: Decimal | None
    table: Table | None = None  # the price-list row it came from
    row: int = 0
    name_en: str = ""  # the price list's English name ("": none)


@dataclass(frozen=True)
class GiftLine:
    sku: str
    name: str
    unit: str
    qty: int
    list_price: Decimal
    for_sku: str
    name_en: str = ""  # the price list's English name ("": none)

    @property
    def value(self) -> Decimal:
        return money(self.list_price * self.qty)


@dataclass(frozen=True)
class PricedLine:
    row: int
    price: LinePrice
    product: Product
    table: Table


@dataclass(frozen=True)
class UnpricedLine:
    """A line that could not be priced; it stays on the (draft) quote, without a price."""

    row: int
    sku: str
    name: str
    unit: str
    qty: object
    table: Table


@dataclass(frozen=True)
class QuotePrice:
    quote_id: str
    customer_id: str
    customer_name: str
    owner_rep: str
    quote_date: date | None
    valid_until: date | None
    prepay_share: Decimal
    tier: str | None
    cooperation_years: int | None
    lines: tuple[PricedLine, ...]
    gifts: tuple[GiftLine, ...]
    value_package: tuple[Service, ...]
    promotions: tuple[Promotion, ...]
    total_list: Decimal
    total_excl_vat: Decimal
    vat_rate: Decimal
    vat: Decimal
    total_incl_vat: Decimal
    effective_discount: Decimal
    approval: str
    blocked: bool
    margin: Decimal | None
    margin_rate: Decimal | None
    table: Table
    row: int
    unpriced: tuple[UnpricedLine, ...] = ()
    draft_reasons: tuple[DraftReason, ...] = ()
    value: ValueCase | None = None  # the value calculator's case (pricing/value.py); None: no baseline
    turnaround_hours: Decimal | None = None  # working hours from request to sent (pricing/turnaround.py)
    approval_state: Approval | None = None  # the recorded approval's verdict (pricing/approval.py)

    @property
    def draft(self) -> bool:
        """Final only when every input it rests on is clean and nobody else must approve it."""
        return bool(self.draft_reasons)
