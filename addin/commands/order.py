"""`salesdesk order --from-quote Q PATH...`: append the order drawn from its quote to the order progress book.

The quote is priced as `quote` prices it (documents/order_from_quote.py says
what is drawn). The order, its lines and its payment milestones are
appended below the last rows of the orders, order lines and payments sheets
of the order progress book among PATH (the first one found), through the
safe writer (backup, verify, atomic replace). Twice is once: when an order
already names the quote, nothing is written (the file stays byte for byte
the same) and the existing order is reported. A draft quote is refused with
its reasons unless `draft` is given (then the order is written and the
reasons are reported as warnings of this run).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..core.computed import display
from ..core.issues import Issue, file_issue, has_errors
from ..core.patch import HEADER_STYLE, Patch, SetCell
from ..core.tables import Table
from ..documents.context import FormContext
from ..documents.order_from_quote import DrawnOrder, draw_order
from ..i18n import both, both_with, pick, translator
from ..io.apply_patch import ApplyReport
from ..pricing.policy import load_policy
from .check import collect_issues, refused_issue
from .clock import AsOfUsage, as_of_argument
from .place import FileSink, Sink, Where
from .quote import run_quote
from .refresh import resolve_as_of
from .report import issue_line, issues_json, print_json, sort_key, summary_line


@dataclass
class OrderRun:
    quote_id: str
    status: str = "refused"  # appended | exists | refused
    order_id: str | None = None
    file: str | None = None
    drawn: DrawnOrder | None = None
    issues: list[Issue] = field(default_factory=list)
    applied: ApplyReport | None = None

    def exit_code(self) -> int:
        return 0 if self.status in ("appended", "exists") and not has_errors(self.issues) else 1


def append_rows(table: Table, rows: list[dict[str, Any]]) -> Patch:
    """SetCells writing `rows` (column key -> value) below the table's last row, in the sheet's language and formats;
    a column the sheet lacks gets its header at the right."""
    patch = Patch()
    if table.path is None or not rows:
        return patch
    path, layout = str(table.path), table.layout
    start = max([r.row for r in table.rows] + [layout.header_row]) + 1
    for offset, values in enumerate(rows):
        for key, value in values.items():
            if value is None:
                continue
            column = table.spec.column(key)
            letter, new = layout.letter_or_new(key)
            if new:
                patch.add(SetCell(path, table.sheet, layout.header_row, letter, column.header(layout.lang), style=HEADER_STYLE))
            patch.add(SetCell(path, table.sheet, start + offset, letter, display(column, value, layout.lang), column.number_format))
    return patch


def _book(tables_of: dict[str, list[Table]]) -> tuple[Table, Table, Table] | None:
    """The orders, order lines and payments sheets of one file (the first file holding all three)."""
    for orders in tables_of["orders"]:
        lines = next((t for t in tables_of["order_lines"] if t.file == orders.file), None)
        payments = next((t for t in tables_of["payments"] if t.file == orders.file), None)
        if lines is not None and payments is not None:
            return orders, lines, payments
    return None


def run_order_from_quote(paths: Where, quote_id: str, lang: str = "zh", draft: bool = False, as_of: datetime | None = None,
                         write: bool = True, sink: Sink | None = None) -> OrderRun:
    """`paths`: files and folders holding the quote calculator and the order progress book (siblings are read)."""
    quoted = run_quote(paths, quote_id=quote_id, lang=lang, write=False, as_of=as_of.date() if as_of else None)
    run = OrderRun(quote_id)
    loaded = quoted.loaded
    files = ", ".join(sorted(str(f) for f in loaded.files))
    if not quoted.quotes:
        run.issues.append(file_issue(files, "quote-not-found", *both("No quote {quote_id} found", quote_id=quote_id)))
        return run
    quote = quoted.quotes[0]
    existing = next(((t, r) for t, r in loaded.tables.rows("orders") if r.quote_id == quote_id), None)
    if existing is not None:  # twice is once
        run.status, run.order_id, run.file = "exists", str(existing[1].order_id), existing[0].file
        return run
    if quote.draft:  # refused with its reasons; with --draft drawn anyway, the reasons kept as warnings
        code = "order-drawn-from-draft" if draft else "order-from-draft-quote"
        for reason in quote.draft_reasons:
            zh, en = both_with(lambda _: _("Quote {quote_id} is a draft: {reason}", quote_id=quote_id, reason=pick((reason.zh, reason.en), _.lang)))  # noqa: B023
            run.issues.append(Issue(reason.file, reason.sheet, reason.row, reason.column, code, zh, en))
        if not draft:
            return run
    book = _book({key: loaded.tables.of(key) for key in ("orders", "order_lines", "payments")})
    if book is None:
        run.issues.append(file_issue(files, "order-book-missing", *both("No order progress book (orders, order lines and payments sheets) among the files read")))
        return run
    policy, _policy_issues = load_policy(loaded.tables)
    ctx = FormContext(loaded.tables, loaded.settings, policy, collect_issues(loaded), resolve_as_of(as_of, loaded))
    drawn = draw_order(ctx, quote)
    run.drawn, run.order_id, run.file = drawn, str(drawn.order["order_id"]), book[0].file
    if not write:
        run.status = "appended"
        return run
    patch = Patch()
    for table, rows in zip(book, ([drawn.order], list(drawn.lines), list(drawn.payments))):
        patch.extend(append_rows(table, rows))
    run.applied = (sink or FileSink()).write(patch, int(getattr(loaded.settings, "backups_kept", 5)))
    run.issues.extend(refused_issue(r) for r in run.applied.refused)
    run.status = "refused" if run.applied.refused else "appended"
    return run


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def order_json(run: OrderRun, lang: str) -> dict[str, object]:
    drawn = run.drawn
    return {
        "status": run.status, "quote_id": run.quote_id, "order_id": run.order_id, "file": run.file,
        "order": {k: _json_value(v) for k, v in drawn.order.items()} if drawn else None,
        "lines": [{k: _json_value(v) for k, v in line.items()} for line in drawn.lines] if drawn else [],
        "payments": [{k: _json_value(v) for k, v in p.items()} for p in drawn.payments] if drawn else [],
        "issues": issues_json(run.issues, lang),
    }


def run_order_cli(args: argparse.Namespace) -> int:
    _ = translator(args.lang)
    try:
        moment = as_of_argument(args)
    except AsOfUsage:
        return 2
    run = run_order_from_quote([Path(p) for p in args.paths], args.from_quote, args.lang, draft=args.draft, as_of=moment)
    if args.json:
        print_json(order_json(run, args.lang))
        return run.exit_code()
    if run.status == "appended" and run.drawn is not None:
        print(_("Order {order_id} from quote {quote_id}: {amount} incl. VAT, {lines} line(s), {payments} payment milestone(s) -> {file}",
                order_id=run.order_id, quote_id=run.quote_id, amount=format(run.drawn.order["contract_amount"], ",.2f"),
                lines=len(run.drawn.lines), payments=len(run.drawn.payments), file=run.file))
    elif run.status == "exists":
        print(_("Quote {quote_id} is already order {order_id} ({file}): nothing written.", quote_id=run.quote_id, order_id=run.order_id, file=run.file))
    for issue in sorted(run.issues, key=sort_key):
        print(issue_line(issue, args.lang))
    print(summary_line(run.issues, args.lang))
    return run.exit_code()
