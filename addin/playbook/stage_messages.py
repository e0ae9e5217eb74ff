"""Stage messages (每阶段向客户同步进度, domain.md §3 "the customer hears of each stage").

Reference rule: an order's stages are signed (signed_on), shipped (shipped_at), arrived (arrived_at),
installed (installed_at), accepted (accepted_at); a stage is reached when its column is filled (a date
without a time counts as the end of that day). The message of a stage is due `stage_message_hours`
(default 1 h: the seed's hour for the tracking number) after the change, calendar hours; it is sent when
a stage_messages row of that order and stage has sent_at. Its text is the settings' template for that
stage in the customer's language (customers.language, else the order sheet's; stage_templates, else the schema's defaults).
Only the order's latest stage reaches the to-do list when unsent (earlier stages are overtaken), and
only when the workbooks keep a stage_messages sheet (the practice is in use) and the change happened
within the last RECENT_DAYS days ("since the last refresh": a rep refreshes at least weekly; older
changes are history, not a task). Every stage_messages row gets its change time, due time and text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Iterator, Sequence, overload

from ..core.tables import RowModel, Table, Tables
from ..deadlines.rules import Contact, Rules, TodoItem, todo
from ..domain.clocks import Clock, clock_state
from ..schema.playbook import ORDER_STAGES, STAGE_COLUMNS, STAGE_TEMPLATES

STAGES = tuple(c.key for c in ORDER_STAGES)
RECENT_DAYS = 7


class _Keep(dict):  # an unknown placeholder stays as typed
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class StageMessage:
    order_id: str
    customer_id: str
    stage: str
    changed_at: datetime
    due: datetime
    text: str
    sent_at: datetime | None


def templates(tables: Tables) -> dict[tuple[str, str], str]:
    found = {(str(r.stage), str(r.language)): str(r.template) for _, r in tables.rows("stage_templates") if r.stage and r.language and r.template}
    defaults = {(str(d["stage"]), str(d["language"])): str(d["template"]) for d in STAGE_TEMPLATES.defaults}
    return {**defaults, **found}


def _moment(value: date | datetime | None, rules: Rules) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return rules.local(value)
    return rules.end_of(value)


def _shown(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    return "-" if value is None or value == "" else str(value)  # a blank reads as a gap, never as nothing


def stage_times(order: RowModel, rules: Rules, length: timedelta) -> list[tuple[str, datetime, datetime]]:
    """(stage, changed at, message due) of every stage the order has reached, in STAGES order (no text made)."""
    out = []
    for stage in STAGES:
        try:
            changed = _moment(getattr(order, STAGE_COLUMNS[stage], None), rules)
            due = None if changed is None else changed + length
        except OverflowError:  # a date at the end of time (9999-12-31): reported by check as implausible, no clock
            continue
        if changed is None or due is None:
            continue
        out.append((stage, changed, due))
    return out


def stage_text(table: Table, order: RowModel, stage: str, texts: dict[tuple[str, str], str], customers: dict[str, Contact], lang: str | None = None) -> str:
    """The message of one stage the order reached, in `lang` (default: the order sheet's language)."""
    lang = lang or table.layout.lang
    fields = _Keep(customer=_name(customers.get(str(order.customer_id or ""))) or str(order.customer_id or ""), order_id=str(order.order_id or ""),
                   stage=ORDER_STAGES[STAGES.index(stage)].label(lang), date=_shown(getattr(order, STAGE_COLUMNS[stage])),
                   planned_arrival=_shown(order.planned_arrival), tracking_no=_shown(order.tracking_no))
    template = texts.get((stage, lang)) or texts.get((stage, "zh"), "")
    return template.format_map(fields)


def order_stages(
    table: Table, order: RowModel, rules: Rules, texts: dict[tuple[str, str], str], customers: dict[str, Contact], length: timedelta, lang: str | None = None,
) -> list[StageMessage]:
    """Every stage the order has reached, with its message in `lang` (default: the order sheet's language)."""
    return [StageMessage(str(order.order_id or ""), str(order.customer_id or ""), stage, changed, due, stage_text(table, order, stage, texts, customers, lang), None)
            for stage, changed, due in stage_times(order, rules, length)]


# One reached stage, its text not yet made: (table, order, stage, changed at, due, sent at, customer's language).
Reached = tuple[Table, RowModel, str, datetime, datetime, "datetime | None", "str | None"]


class StageMessages(Sequence[StageMessage]):
    """Every stage reached, each StageMessage (and its text) made when asked for: a full sheet of orders keeps no text per stage."""

    def __init__(self, reached: list[Reached], texts: dict[tuple[str, str], str], customers: dict[str, Contact]) -> None:
        self.reached, self.texts, self.customers = reached, texts, customers

    def message(self, found: Reached) -> StageMessage:
        table, order, stage, changed, due, sent, lang = found
        return StageMessage(str(order.order_id or ""), str(order.customer_id or ""), stage, changed, due,
                            stage_text(table, order, stage, self.texts, self.customers, lang), sent)

    def __len__(self) -> int:
        return len(self.reached)

    @overload
    def __getitem__(self, i: int) -> StageMessage: ...

    @overload
    def __getitem__(self, i: slice) -> list[StageMessage]: ...

    def __getitem__(self, i: int | slice) -> StageMessage | list[StageMessage]:
        if isinstance(i, slice):
            return [self.message(f) for f in self.reached[i]]
        return self.message(self.reached[i])

    def __iter__(self) -> Iterator[StageMessage]:
        return (self.message(f) for f in self.reached)


def stage_message_values(tables: Tables, settings: Any, rules: Rules, customers: dict[str, Contact]) -> tuple[StageMessages, list[tuple[Table, RowModel, dict[str, object]]], list[TodoItem]]:
    """(every stage reached with its message, computed cells of stage_messages rows, to-do items)."""
    length = timedelta(hours=float(Decimal(str(getattr(settings, "stage_message_hours", 1) or 1))))
    texts = templates(tables)
    sent: dict[tuple[str, str], datetime] = {}
    for _, r in tables.rows("stage_messages"):
        if r.order_id and r.stage and r.sent_at is not None:
            sent[(str(r.order_id), str(r.stage))] = r.sent_at
    reached: dict[tuple[str, str], Reached] = {}
    latest: dict[str, tuple[Table, RowModel, Reached]] = {}
    items: list[TodoItem] = []
    languages = {str(c.customer_id): str(c.language) for _, c in tables.rows("customers") if c.customer_id and c.language}
    for table, order in tables.rows("orders"):
        times = stage_times(order, rules, length)
        if not times:
            continue
        order_id = str(order.order_id or "")
        lang = languages.get(str(order.customer_id or ""))
        for stage, changed, due in times:
            if (order_id, stage) not in reached:
                reached[(order_id, stage)] = (table, order, stage, changed, due, sent.get((order_id, stage)), lang)
        if order_id and order_id not in latest:
            latest[order_id] = (table, order, reached[(order_id, times[-1][0])])
    in_use = bool(tables.of("stage_messages"))
    since = rules.now - timedelta(days=RECENT_DAYS)
    for table, order, found in latest.values():
        changed, due, sent_at = found[3], found[4], found[5]
        if in_use and sent_at is None and changed >= since:
            state = clock_state(Clock("message_due", changed, due), rules.now, rules.at_risk)
            items += todo(rules, "stage_message", due, table, order, order_id_of(found), customers, state)
    messages = StageMessages(list(reached.values()), texts, customers)
    rows: list[tuple[Table, RowModel, dict[str, object]]] = []
    for table, r in tables.rows("stage_messages"):
        hit = reached.get((str(r.order_id or ""), str(r.stage or "")))
        text = messages.message(hit).text if hit else None
        rows.append((table, r, {"changed_at": hit[3] if hit else None, "message_due": hit[4] if hit else None, "message": text}))
    return messages, rows, items


def order_id_of(found: Reached) -> str:
    """The order id a reached stage's message names (its order row's, as first met)."""
    return str(found[1].order_id or "")


def _name(found: object) -> str:
    """The customer's name from the deadline engine's contact index (a Contact with .name; a plain name in older callers)."""
    return str(getattr(found, "name", found) or "")
