"""The numbers every deadline rule reads (from settings), the run's clock, and the to-do item shape."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from functools import cached_property
from typing import Any

from ..core.tables import RowModel, Table
from ..domain.calendar import WorkCalendar
from ..domain.clocks import Measure, calendar_time
from ..i18n import N_, translator
from ..schema.orders import PAYMENTS

END_OF_DAY = time(23, 59, 59)
UPCOMING_DAYS = 7

# What each to-do item asks the rep to do: one table of msgids, translated where shown.
ACTIONS: dict[str, str] = {
    "notice": N_("pre-delivery notice"),
    "tracking": N_("send tracking number"),
    "arrival": N_("chase delivery"),
    "acceptance": N_("customer acceptance"),
    "inspection": N_("on-site inspection"),
    "payment": N_("collect payment"),
    "response_due": N_("first response"),
    "resolution_due": N_("resolve ticket"),
    "plan_due": N_("complaint plan"),
    "carry_out_due": N_("carry out complaint plan"),
    "follow_up_due": N_("complaint follow-up visit"),
    "acknowledge": N_("acknowledge suggestion"),
    "notify": N_("tell customer the improvement shipped"),
    "trade_show": N_("trade-show follow-up"),
    "revisit": N_("deep revisit"),
    "care": N_("customer care"),
    "opportunity_next_step": N_("opportunity next step"),
    "opportunity_stale": N_("stale opportunity: update or close it"),
    "stage_message": N_("send stage message to customer"),
}


@dataclass(frozen=True)
class Rules:
    """One run's clock, calendar and every configurable number (domain.md defaults via settings)."""

    as_of: datetime
    calendar: WorkCalendar
    at_risk: Decimal = Decimal("0.25")
    first_response: timedelta = timedelta(hours=1)
    solution: timedelta = timedelta(hours=48)
    plan: timedelta = timedelta(minutes=30)
    carry_out: timedelta = timedelta(hours=24)
    follow_up: timedelta = timedelta(hours=72)
    acknowledge: timedelta = timedelta(hours=24)  # a suggestion's acknowledgement
    reply: int = 5  # a suggestion's closed-loop reply: working days after it is resolved
    notice_days: int = 2
    tracking: timedelta = timedelta(hours=1)
    acceptance_days: int = 3
    trade_show_follow_up: timedelta = timedelta(hours=24)
    revisit_days: int = 90
    dormant_months: int = 6
    warranty_months: int = 12
    inspection_days: int = 90
    business_hours: bool = False  # after-sales clocks in working hours instead of 7x24
    penalty_rate: Decimal | None = Decimal("0.0005")  # per day, when the order names none
    penalty_cap: Decimal | None = Decimal("0.05")  # share of the contract, when the order names none
    upcoming_days: int = UPCOMING_DAYS  # how far ahead the to-do list looks (every open clock due by then)
    amount_tolerance: Decimal = Decimal("1")  # yuan: a milestone short by at most this much is paid (settings' amount_tolerance_yuan)

    # Cached: every rule asks for them on every row.
    @cached_property
    def zone(self) -> tzinfo:
        return self.calendar.zone

    @cached_property
    def now(self) -> datetime:
        return self.as_of.astimezone(self.zone)

    @cached_property
    def today(self) -> date:
        return self.now.date()

    @cached_property
    def horizon(self) -> datetime:
        """The end of the to-do list's window: the end of the 7th day (`upcoming_days`) from today."""
        return self.end_of(self.today + timedelta(days=self.upcoming_days))

    def end_of(self, day: date) -> datetime:
        return datetime.combine(day, END_OF_DAY, self.zone)

    def local(self, moment: datetime | None) -> datetime | None:
        return None if moment is None else moment.astimezone(self.zone)

    def sla_due(self, start: datetime, length: timedelta) -> datetime:
        if self.business_hours:
            return self.calendar.add_working_time(start, length).astimezone(self.zone)
        return (start + length).astimezone(self.zone)

    @property
    def sla_measure(self) -> Measure:
        return self.calendar.working_time_between if self.business_hours else calendar_time


def _hours(value: Any, default: timedelta, unit: str = "hours") -> timedelta:
    return default if value is None else timedelta(**{unit: float(value)})


def rules_from_settings(settings: Any, calendar: WorkCalendar, as_of: datetime) -> Rules:
    s = settings
    return Rules(
        as_of=as_of,
        calendar=calendar,
        at_risk=Decimal(str(getattr(s, "sla_at_risk_share", "0.25"))),
        first_response=_hours(getattr(s, "sla_first_response_hours", None), timedelta(hours=1)),
        solution=_hours(getattr(s, "sla_solution_hours", None), timedelta(hours=48)),
        plan=_hours(getattr(s, "complaint_plan_minutes", None), timedelta(minutes=30), "minutes"),
        carry_out=_hours(getattr(s, "complaint_carry_out_hours", None), timedelta(hours=24)),
        follow_up=_hours(getattr(s, "complaint_follow_up_hours", None), timedelta(hours=72)),
        acknowledge=_hours(getattr(s, "suggestion_ack_hours", None), timedelta(hours=24)),
        reply=int(getattr(s, "suggestion_reply_days", 5)),
        notice_days=int(getattr(s, "notice_days_before", 2)),
        tracking=_hours(getattr(s, "tracking_hours", None), timedelta(hours=1)),
        acceptance_days=int(getattr(s, "acceptance_days", 3)),
        trade_show_follow_up=_hours(getattr(s, "trade_show_follow_up_hours", None), timedelta(hours=24)),
        revisit_days=int(getattr(s, "revisit_days", 90)),
        dormant_months=int(getattr(s, "dormant_months", 6)),
        warranty_months=int(getattr(s, "warranty_months", 12)),
        inspection_days=int(getattr(s, "inspection_days", 90)),
        business_hours=bool(getattr(s, "sla_business_hours", False)),
        penalty_rate=_fraction(getattr(s, "penalty_rate_per_day", Decimal("0.0005"))),
        penalty_cap=_fraction(getattr(s, "penalty_cap", Decimal("0.05"))),
        amount_tolerance=_yuan(getattr(s, "amount_tolerance_yuan", Decimal("1"))),
        upcoming_days=max(int(getattr(s, "todo_days", UPCOMING_DAYS) or 0), 0),
    )


def _fraction(value: Any) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def _yuan(value: Any) -> Decimal:
    """A tolerance in yuan; blank is none (0)."""
    return Decimal(0) if value is None or value == "" else abs(Decimal(str(value)))


def add_months(day: date, months: int) -> date:
    """Calendar months; the 31st becomes the month's last day (2026-08-31 + 6 -> 2027-02-28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Contact:
    """Who a to-do item is about, as the rep needs it to act: from the customer's register row."""

    name: str | None = None
    contact: str | None = None  # key_contact
    phone: str | None = None
    owner_rep: str | None = None


NOBODY = Contact()


@dataclass(frozen=True)
class TodoItem:
    """One line of the to-do list: an open clock that is late, at risk, due today or within a week.

    `amount` (CNY, Decimal) is what is still to collect for a payment (the open remainder of a part
    payment), else None; `owner_rep` is the rep who owns the record (the order's, else the customer's)."""

    due: datetime
    state: str  # breached / at_risk / today / upcoming
    action: str  # key of ACTIONS
    customer_id: str | None
    customer_name: str | None
    subject: str  # the order, ticket or customer it is about
    file: str
    sheet: str
    row: int
    path: str | None = None
    record: str | None = None  # a payment's order (its subject adds the milestone key)
    milestone: str | None = None  # a payment's milestone key, shown by its label in the reader's language
    owner_rep: str | None = None
    amount: Decimal | None = None
    contact: str | None = None
    phone: str | None = None

    def action_text(self, lang: str) -> str:
        return translator(lang)(ACTIONS[self.action])

    def subject_text(self, lang: str) -> str:
        """The subject as a rep reads it: a payment's milestone by its label (验收款 / on acceptance), not its key."""
        if self.milestone is None:
            return self.subject
        return f"{self.record or ''} {PAYMENTS.column('milestone').choice_label(self.milestone, lang)}".strip()


def todo_state(rules: Rules, due: datetime, clock_state: str | None = None) -> str | None:
    """Where an open item belongs on the list, or None when it is further out than a week."""
    if rules.now > due:
        return "breached"
    if clock_state == "at_risk":
        return "at_risk"
    if due.astimezone(rules.zone).date() == rules.today:
        return "today"
    if due <= rules.horizon:
        return "upcoming"
    return None


def todo(
    rules: Rules, action: str, due: datetime, table: Table, row: RowModel, subject: str, customers: dict[str, Contact],
    clock_state: str | None = None, customer_id: str | None = None, owner: str | None = None, amount: Decimal | None = None,
    record: str | None = None, milestone: str | None = None,
) -> list[TodoItem]:
    """The to-do item of one open clock (none when it is due further out than the to-do looks ahead).

    `customers` maps a customer id to its Contact (deadlines.run resolves the row's own id to its rep's
    customer); the owner rep is `owner`, else the row's own owner_rep (or a visit's rep), else the customer's.
    `record` and `milestone`: a payment's order and milestone key (shown by TodoItem.subject_text)."""
    state = todo_state(rules, due, clock_state)
    if state is None:
        return []
    cid = customer_id or getattr(row, "customer_id", None)
    who = customers.get(str(cid or ""), NOBODY) or NOBODY  # the row's own customer as core/identity.py resolves it (deadlines.run)
    rep = owner or getattr(row, "owner_rep", None) or getattr(row, "rep", None) or who.owner_rep
    return [TodoItem(due, state, action, cid, who.name, subject, table.file, table.sheet, row.row, str(table.path) if table.path else None,
                     record=record, milestone=milestone, owner_rep=str(rep) if rep else None, amount=amount, contact=who.contact, phone=who.phone)]
