"""Every deadline of a run: tables + settings + as_of -> computed values, to-do list, issues, patch.

Pure: no file, no Excel, no real clock. The command (commands/refresh.py)
loads the tables, picks the clock and applies the patch.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable, Iterable, Iterator, Sequence, overload

from ..core.computed import computed_columns
from ..core.identity import CustomerIndex, Key, customer_index, first_rows, folder_of
from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.patch import Patch
from ..core.settings import zone_of
from ..core.tables import RowModel, Table, Tables
from ..domain.calendar import OfficialCalendar, WorkCalendar, build_calendar
from ..i18n import both_with
from ..pipeline.opportunities import stage_probabilities
from .customers import VisitFacts, customer_values, visit_follow_up
from .opportunities import opportunity_values
from .orders import OrderFacts, order_values, payments_values
from .rules import Contact, Rules, TodoItem, rules_from_settings
from .tickets import ticket_values

SHEETS = ("customers", "visits", "orders", "payments", "tickets", "opportunities")
STATE_ORDER = {"breached": 0, "at_risk": 1, "today": 2, "upcoming": 3}


@dataclass
class RowResult:
    table: Table
    row: RowModel
    values: dict[str, object]  # computed columns
    extra: dict[str, object] = field(default_factory=dict)  # facts for --json only


class Results(Sequence[RowResult]):
    """One sheet kind's computed cells, stored by column: no dict (nor RowResult) kept per row.

    A sequence of RowResult, each made when it is asked for (`values` a fresh dict in the engine's key
    order). Rows whose keys differ from the first row's keep their own dict (never for the engine's sheets)."""

    def __init__(self, rows: Iterable[tuple[Table, RowModel, dict[str, object]]] = ()) -> None:
        self.tables: list[Table] = []
        self.models: list[RowModel] = []
        self.keys: tuple[str, ...] | None = None
        self.columns: list[list[object]] = []
        self.odd: dict[int, dict[str, object]] = {}  # index -> values, for a row of other keys
        self.extras: list[dict[str, object] | None] | None = None
        self.by_table: dict[int, Table] = {}
        self.owned: dict[int, set[str]] = {}  # per table, every key some row of it has
        self._standard: set[int] = set()
        for table, row, values in rows:
            self.add(table, row, values)

    def add(self, table: Table, row: RowModel, values: dict[str, object], extra: dict[str, object] | None = None) -> None:
        i = len(self.models)
        self.tables.append(table)
        self.models.append(row)
        if self.keys is None:
            self.keys = tuple(values)
            self.columns = [[] for _ in self.keys]
        if tuple(values) == self.keys:
            for column, value in zip(self.columns, values.values()):
                column.append(value)
        else:
            self.odd[i] = dict(values)
            for column in self.columns:
                column.append(None)
        tid = id(table)
        if tid not in self.by_table:
            self.by_table[tid] = table
            self.owned[tid] = set()
        if i in self.odd:
            self.owned[tid].update(values)
        elif tid not in self._standard:  # the first row of the usual keys in this table
            self._standard.add(tid)
            self.owned[tid].update(self.keys)
        if extra:
            if self.extras is None:
                self.extras = [None] * i
            self.extras.append(extra)
        elif self.extras is not None:
            self.extras.append(None)

    def values_at(self, i: int) -> dict[str, object]:
        odd = self.odd.get(i)
        if odd is not None:
            return dict(odd)
        return dict(zip(self.keys or (), (c[i] for c in self.columns)))

    def __len__(self) -> int:
        return len(self.models)

    @overload
    def __getitem__(self, i: int) -> RowResult: ...

    @overload
    def __getitem__(self, i: slice) -> list[RowResult]: ...

    def __getitem__(self, i: int | slice) -> RowResult | list[RowResult]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        extra = self.extras[i] if self.extras is not None else None
        return RowResult(self.tables[i], self.models[i], self.values_at(i), dict(extra) if extra else {})

    def __iter__(self) -> Iterator[RowResult]:
        return (self[i] for i in range(len(self)))


@dataclass
class Deadlines:
    rules: Rules
    rows: dict[str, Results]
    todo: list[TodoItem]
    issues: list[Issue]
    stage_messages: Sequence[Any] = field(default_factory=list)  # playbook.stage_messages.StageMessage: every order stage reached

    def paths(self, among: set[str] | None = None) -> list[str]:
        """The files whose sheets have computed columns (of those `among`, when given), in a stable order."""
        tables = {tid: t for results in self.rows.values() for tid, t in results.by_table.items()}.values()
        return sorted({str(t.path) for t in tables if t.path is not None and (among is None or str(t.path) in among)})

    def patch(self, path: str | None = None) -> Patch:
        """SetCell ops for every computed column (of one file's sheets, given `path`), missing columns added.

        Only cells whose value changes: a re-run writes nothing, and a blank stays blank (no empty cells).
        A column the engine computes elsewhere but not for this row (its dates were cleared, or are
        unreadable) is cleared: an old deadline never stays beside a stage it no longer belongs to.
        (Computed cells are not read back into rows, so a blank written over an existing column is a clear.)
        Every computed column gets its header, even while it is empty. Worked column by column."""
        owned: dict[int, set[str]] = {}  # per table, every column the engine computes for some row
        for results in self.rows.values():
            for tid, keys in results.owned.items():
                owned.setdefault(tid, set()).update(keys)
        found: dict[int, tuple[Table, dict[str, tuple[list[int], list[object]]]]] = {}
        for results in self.rows.values():
            for tid, table in results.by_table.items():
                if path is not None and str(table.path) != path:
                    continue
                columns = _changed_columns(results, table, owned[tid])
                if columns is not None:
                    found[tid] = (table, columns)
        patch = Patch()
        for table, columns in found.values():
            patch.extend(computed_columns(table, columns))
        return patch


def _changed_columns(results: Results, table: Table, owned: set[str]) -> dict[str, tuple[list[int], list[object]]] | None:
    """Per owned key of `table`'s rows in `results`: (rows, values) of the cells to write; None when nothing changes."""
    where = [i for i, t in enumerate(results.tables) if t is table]
    if not where:
        return None
    layout, models, keys = table.layout, results.models, results.keys or ()
    position = {k: n for n, k in enumerate(keys)}
    columns: dict[str, tuple[list[int], list[object]]] = {}
    any_change = False
    for key in owned:
        rows_out: list[int] = []
        values_out: list[object] = []
        has_letter = layout.letter(key) is not None
        column = results.columns[position[key]] if key in position else None
        for n, i in enumerate(where):
            odd = results.odd.get(i) if results.odd else None
            if odd is not None:
                value = odd.get(key)
            else:
                value = column[i] if column is not None else None
            model = models[i]
            if value is None:
                changed = has_letter or getattr(model, key, None) is not None or n == 0
            else:
                changed = value != getattr(model, key, None) or n == 0 and not has_letter
            if changed:
                rows_out.append(model.row)
                values_out.append(value)
        if rows_out:
            any_change = True
            if any(a >= b for a, b in zip(rows_out, rows_out[1:])):
                pairs = sorted(dict(zip(rows_out, values_out)).items())
                rows_out, values_out = [r for r, _ in pairs], [v for _, v in pairs]
            columns[key] = (rows_out, values_out)
    return columns if any_change else None


def calendar_for(tables: Tables, settings: Any) -> tuple[OfficialCalendar, list[Issue]]:
    overrides: dict[date, bool] = {}
    for _, row in tables.rows("calendar_overrides"):
        if row.date is not None and row.kind in ("holiday", "workday"):
            overrides[row.date] = row.kind == "workday"
    return build_calendar(zone_of(settings), str(getattr(settings, "calendar_country", "CN")), overrides, getattr(settings, "business_hours", None))


def _guarded(issues: list[Issue], table: Table, row: RowModel, rule: Callable[..., Any], *args: Any) -> Any:
    """A rule that crashes on a row becomes an `internal-error` issue for that row; the run goes on.

    The message is in words in both languages (which deadline of the row could not be computed); the
    exception's own text, English and technical, is not shown to the rep."""
    try:
        return rule(table, row, *args)
    except Exception as exc:  # a broken rule must not hide every other deadline (nor another row's)
        kind = type(exc).__name__
        detail = both_with(lambda _: _("the deadlines of this {sheet} row could not be computed ({kind})", sheet=table.spec.title(_.lang), kind=kind))
        issues.append(issue_at(table, row.row, None, "internal-error", detail))
        return None


# What a rep does first in the morning: what can still be saved today (at risk, due today), then the
# overdue ones, most recent first (hundreds of old ones must not bury yesterday's), then the coming week.
SECTION = {"at_risk": 0, "today": 0, "breached": 1, "upcoming": 2}


def sort_todo(items: list[TodoItem]) -> list[TodoItem]:
    """Due today and at risk (by due time), then overdue (latest first), then the next 7 days (by due time)."""
    ordered = sorted(items, key=lambda i: (i.file, i.sheet, i.row, i.action))
    ordered.sort(key=lambda i: i.due, reverse=False)
    late = sorted((i for i in ordered if i.state == "breached"), key=lambda i: i.due, reverse=True)  # stable: ties keep file order
    return [i for i in ordered if SECTION[i.state] == 0] + late + [i for i in ordered if SECTION[i.state] == 2]


def contact_of(row: RowModel) -> Contact:
    """A customer row's name, key contact, phone and owner rep, as a to-do item carries them."""
    def text(value: object) -> str | None:
        return str(value) if value not in (None, "") else None

    return Contact(str(row.name or ""), text(getattr(row, "key_contact", None)), text(getattr(row, "phone", None)), text(getattr(row, "owner_rep", None)))


_UNKNOWN: Any = object()  # not resolved yet


class _Near(dict[str, Contact]):
    """The customers a row's to-do items name: its own customer_id resolved as every output resolves it
    (its rep's customer, else its folder's: core/identity.py), any other id by the first row of that id."""

    def __init__(self, names: dict[str, Contact], index: CustomerIndex, table: Table, row: RowModel, resolved: Any = _UNKNOWN,
                 contacts: dict[int, Contact] | None = None) -> None:
        super().__init__()
        self.names, self.index, self.table, self.row = names, index, table, row
        self.resolved = resolved  # the row's own customer, when the caller has resolved it already
        self.contacts = contacts if contacts is not None else {}  # contact_of per customer row (by id), shared by the run

    def get(self, cid: str, default: Any = None) -> Any:
        if cid and cid == str(getattr(self.row, "customer_id", None) or "").strip():
            found = self.index.resolve(self.table, self.row) if self.resolved is _UNKNOWN else self.resolved
            if found is not None:
                contact = self.contacts.get(id(found.row))
                if contact is None:
                    contact = self.contacts[id(found.row)] = contact_of(found.row)
                return contact
        return self.names.get(cid, default)


def shared_order_ids(tables: Tables) -> dict[tuple[str, str], list[int]]:
    """(folder, order id) -> the sheet rows of its orders, for every id that more than one order of a folder
    keeps (an id means one thing within the folder of its book: checks/reconcile.py)."""
    rows: dict[tuple[str, str], list[int]] = defaultdict(list)
    for table, row in tables.rows("orders"):
        if row.order_id is not None:
            rows[(folder_of(table), str(row.order_id))].append(row.row)
    return {key: found for key, found in rows.items() if len(found) > 1}


def ambiguous_payments(rows: list[tuple[Table, RowModel]], shared: dict[tuple[str, str], list[int]]) -> list[Issue]:
    """One `payment-order-ambiguous` error per order id kept by several orders, on the first payment row of that id
    (its order_id cell): which order the milestones belong to is unknown, so they are not priced, chased nor
    counted as receivables (domain.md "Payments"; the duplicate itself is `duplicate-id` on the orders)."""
    found: list[Issue] = []
    said: set[tuple[str, str]] = set()
    for table, row in rows:
        key = (folder_of(table), str(row.order_id))
        if key not in shared or key in said:
            continue
        said.add(key)
        found.append(issue_at(table, row.row, "order_id", "payment-order-ambiguous", _shared_id_detail(key[1], [str(n) for n in shared[key]]), key[1]))
    return found


def _shared_id_detail(order_id: str, rows: list[str]) -> tuple[str, str]:
    """(zh, en): which order rows keep the id, listed with 、 in Chinese."""
    return both_with(lambda _: _("order id {order_id} is used by {count} orders (rows {rows}): its milestones cannot be priced until the ids differ",
                                 order_id=order_id, count=len(rows), rows=_.join(rows)))


def compute_deadlines(tables: Tables, settings: Any, as_of: datetime, lang: str = "zh", calendar: WorkCalendar | None = None) -> Deadlines:
    issues: list[Issue] = []
    if calendar is None:
        calendar, calendar_issues = calendar_for(tables, settings)
        issues += calendar_issues
    rules = rules_from_settings(settings, calendar, as_of)
    names = {cid: contact_of(r) for cid, (_t, r) in first_rows(tables).items()}  # the row every output uses (core/identity.py)
    index = customer_index(tables)  # a customer is (rep, id): two reps' C0001 keep their own visits and orders

    contacts: dict[int, Contact] = {}  # customer rows live through the run: their ids are stable

    def near(table: Table, row: RowModel) -> dict[str, Contact]:
        referring = table.spec.key != "customers" and getattr(row, "customer_id", None)
        resolved = index.resolve(table, row) if referring else None
        note = resolved.note() if resolved is not None else None
        if note is not None:  # the row's to-do items name the first row's customer: said on the row itself
            issues.append(issue_at(table, row.row, "customer_id", "customer-row-used", note, resolved.key[1] if resolved else None))
        return _Near(names, index, table, row, resolved if referring else _UNKNOWN, contacts)

    visits: dict[Key, VisitFacts] = defaultdict(lambda: VisitFacts([], [], []))
    for vt, v in tables.rows("visits"):
        if v.customer_id and v.visit_date:
            seen = visits[index.key_of(vt, v)]
            seen.dates.append(v.visit_date)
            if v.kind == "deep_revisit":
                seen.deep_revisits.append(v.visit_date)
            elif v.kind == "inspection":
                seen.inspections.append(v.visit_date)

    out: dict[str, Results] = {key: Results() for key in SHEETS}
    todo: list[TodoItem] = []
    orders: dict[str, OrderFacts] = {}
    last_order: dict[Key, date] = {}
    for table, row in tables.rows("orders"):
        cid = index.key_of(table, row)
        inspections = visits[cid].inspections if cid in visits else []
        computed = _guarded(issues, table, row, order_values, rules, inspections, near(table, row))
        if computed is None:
            continue
        values, facts, items = computed
        out["orders"].add(table, row, values)
        todo += items
        if row.order_id is not None:
            orders.setdefault(str(row.order_id), facts)
        if row.signed_on is not None and (cid not in last_order or row.signed_on > last_order[cid]):
            last_order[cid] = row.signed_on

    # One milestone that cannot be computed is that row's issue: every other reminder is still computed.
    shared = shared_order_ids(tables)
    payment_rows = list(tables.rows("payments"))
    issues += ambiguous_payments(payment_rows, shared)
    payment_values, items = payments_values(payment_rows, orders, rules, lambda t, r, rule: _guarded(issues, t, r, rule),
                                            lambda t, r: (folder_of(t), str(r.order_id)) in shared)
    todo += items
    out["payments"] = Results((t, r, found) for t, r in tables.rows("payments") if (found := payment_values.pop((id(t), r.row), None)) is not None)

    for table, row in tables.rows("tickets"):
        computed = _guarded(issues, table, row, ticket_values, rules, orders, near(table, row), table.layout.lang)  # written values: the sheet's language
        if computed is None:
            continue
        values, items, found = computed
        out["tickets"].add(table, row, values)
        todo += items
        issues += found

    for table, row in tables.rows("customers"):
        cid = index.key_of_customer(table, row)
        computed = _guarded(issues, table, row, customer_values, rules, last_order.get(cid), visits.get(cid), near(table, row), table.layout.lang)
        if computed is None:
            continue
        values, extra, items = computed
        out["customers"].add(table, row, values, extra)
        todo += items

    for table, row in tables.rows("visits"):
        cid = index.key_of(table, row)
        later = any(d > row.visit_date for d in visits[cid].dates) if row.kind == "trade_show" and row.visit_date else False
        computed = _guarded(issues, table, row, visit_follow_up, rules, later, near(table, row))
        if computed is None:
            continue
        values, items = computed
        out["visits"].add(table, row, values)
        todo += items

    stale_days, defaults = int(getattr(settings, "opportunity_stale_days", 14) or 14), stage_probabilities(tables)
    for table, row in tables.rows("opportunities"):
        computed = _guarded(issues, table, row, opportunity_values, rules, stale_days, defaults, names)
        if computed is None:
            continue
        values, items, found = computed
        out["opportunities"].add(table, row, values)
        todo += items
        issues += found
    from ..playbook.clocks import playbook_run  # the playbook's sheets (issue 24): imported here, it builds on these rules

    playbook = playbook_run(tables, settings, rules, names)
    out.update({key: Results(rows) for key, rows in playbook.rows.items()})
    todo += playbook.todo
    issues += playbook.issues

    if isinstance(calendar, OfficialCalendar):
        issues += calendar.warnings()
    return Deadlines(rules, out, sort_todo(todo), issues, playbook.stage_messages)
