"""`salesdesk refresh`: every deadline computed, the computed columns and the to-do tab written, optionally an .ics."""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from ..checks.reconcile import AMOUNT_CODES
from ..core.issues import Issue, Severity, has_errors
from ..core.settings import zone_of
from ..deadlines.rules import TodoItem
from ..deadlines.run import SHEETS, Deadlines, RowResult, compute_deadlines
from ..deadlines.todo_sheet import counts_text, due_text, state_label, todo_op
from ..domain.plausible import CODES as PLAUSIBLE_CODES
from ..i18n import N_, translator
from ..io.apply_patch import ApplyReport
from ..io.fsguard import os_refusal
from ..io.ics import write_ics
from ..io.load import Loaded, Progress
from ..io.package import FileRefused
from ..io.progress import progress_bar
from ..schema.types import ColumnType
from .check import collect_issues, own_tables, refused_issue
from .clock import AsOfUsage, as_of_argument
from .place import FileSink, Sink, Where, source_of
from .report import issue_line, issues_json, print_json, sort_key, summary_line
from .scope import file_paths, split


@dataclass
class RefreshRun:
    loaded: Loaded
    as_of: datetime
    deadlines: Deadlines
    issues: list[Issue]
    applied: ApplyReport | None = None
    todo_books: list[Path] = field(default_factory=list)
    ics: Path | None = None


def resolve_as_of(as_of: datetime | None, loaded: Loaded) -> datetime:
    """The run's clock in the configured zone; a time typed without a zone is read in it."""
    zone = zone_of(loaded.settings)
    if as_of is None:
        return datetime.now(zone)
    return as_of.replace(tzinfo=zone) if as_of.tzinfo is None else as_of.astimezone(zone)


def register_rep(loaded: Loaded, path: str) -> str | None:
    """The rep whose book a register is: the owner_rep of most of its customers (ties: the first met)."""
    reps = Counter(str(r.owner_rep) for t in loaded.tables.of("customers") if str(t.path) == path for r in t.rows if r.owner_rep)
    return reps.most_common(1)[0][0] if reps else None


def for_rep(items: list[TodoItem], rep: str | None) -> list[TodoItem]:
    """The items one rep owns (all of them when `rep` is None)."""
    return items if rep is None else [i for i in items if i.owner_rep == rep]


def run_refresh(
    paths: Where, as_of: datetime | None = None, lang: str = "zh", write: bool = True, ics: Path | None = None, progress: Progress | None = None,
    sink: Sink | None = None, rep: str | None = None,
) -> RefreshRun:
    """`paths`: files and folders, or any Source (a workbook open in Excel); `sink`: where the columns and the to-do tab go.

    `rep`: only that rep's items in the .ics (the to-do tab lists everyone's, the book's own rep first, with an
    autofilter on the owner column; the CLI's list and --json filter with the same function)."""
    loaded, context = source_of(paths).read(progress)  # a register given alone still sees its orders and tickets beside it
    moment = resolve_as_of(as_of, loaded)
    deadlines = compute_deadlines(loaded.tables, loaded.settings, moment, lang)  # siblings' rows count; only given files are written
    # Its own: the deadlines' findings, every input it could not read, and the amounts its payment
    # milestones rest on that disagree with the order's lines or quote (checks/reconcile.py); check's
    # other findings are summarised.
    found = collect_issues(loaded)
    unreadable = [i for i in found if i.row is None and i.severity is Severity.ERROR and i.file not in context]
    # A value left out as implausible changes the deadlines computed here: refresh names its cell itself.
    implausible = [i for i in found if i.code in PLAUSIBLE_CODES and i.file not in context]
    rest = [i for i in found if i not in unreadable and i not in implausible]
    run = RefreshRun(loaded, moment, deadlines, deadlines.issues + unreadable + implausible + split(rest, lambda i: i.code in AMOUNT_CODES and i.file not in context, "refresh", file_paths(loaded)))
    backups = int(getattr(loaded.settings, "backups_kept", 5))
    if write:
        if progress:
            progress(translator(lang)(N_("Writing the computed columns and the to-do tab ...")))
        own = {str(t.path) for t in own_tables(loaded, context).tables if t.path is not None}
        mine = own_tables(loaded, context)  # a register is a workbook with customers, or only opportunities (a rep's 商机 book)
        registers = {str(t.path): t.layout.lang for key in ("customers", "opportunities") for t in mine.of(key) if t.path is not None}
        run.applied = ApplyReport()
        for path in sorted(set(deadlines.paths(own)) | set(registers)):  # one file's patch at a time: peak memory
            patch = deadlines.patch(path)
            if path in registers:
                patch.add(todo_op(path, deadlines.todo, moment, registers[path], register_rep(loaded, path)))  # the tab speaks the register's language
                run.todo_books.append(Path(path))
            applied = (sink or FileSink()).write(patch, backups)
            run.applied.written += applied.written
            run.applied.refused += applied.refused
        run.issues.extend(refused_issue(r) for r in run.applied.refused)
    if ics is not None:
        try:
            run.ics = write_ics(ics, for_rep(deadlines.todo, rep), moment, lang, int(getattr(loaded.settings, "reminder_minutes", 60)), backups)
        except FileRefused as exc:  # e.g. the rep's own calendar file: refused, the run's results still reported
            run.issues.append(refused_issue(exc))
        except OSError as exc:
            run.issues.append(refused_issue(os_refusal(ics, exc)))
    return run


# ---- output -----------------------------------------------------------------
def json_value(value: object, column_type: ColumnType | None) -> object:
    """Times in ISO-8601 with their offset, money (and every decimal) as strings."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}" if column_type is ColumnType.MONEY else str(value)
    return value


def row_json(result: RowResult) -> dict[str, object]:
    spec, row = result.table.spec, result.row
    data: dict[str, object] = {"file": result.table.file, "sheet": result.table.sheet, "row": row.row}
    for column in spec.columns:
        value = result.values[column.key] if column.key in result.values else getattr(row, column.key, None)
        data[column.key] = json_value(value, column.type)
    data.update({k: json_value(v, None) for k, v in result.extra.items()})
    return data


def todo_json(item: TodoItem, lang: str) -> dict[str, object]:
    return {
        "due": item.due.isoformat(),
        "state": item.state,
        "action": item.action,
        "action_text": item.action_text(lang),
        "customer_id": item.customer_id,
        "customer_name": item.customer_name,
        "subject": item.subject,
        "subject_text": item.subject_text(lang),
        "file": item.file,
        "sheet": item.sheet,
        "row": item.row,
        "owner_rep": item.owner_rep,
        "amount": f"{item.amount:.2f}" if item.amount is not None else None,
        "contact": item.contact,
        "phone": item.phone,
    }


def refresh_json(run: RefreshRun, lang: str, rep: str | None = None) -> dict[str, object]:
    data: dict[str, object] = {key: [row_json(r) for r in run.deadlines.rows[key]] for key in SHEETS}
    # The playbook's sheets (issue 24: referrals, trade_show_leads, stage_messages) and every order stage reached with its message.
    data.update({key: [row_json(r) for r in rows] for key, rows in run.deadlines.rows.items() if key not in SHEETS})
    data["stage_changes"] = [{"order_id": m.order_id, "customer_id": m.customer_id, "stage": m.stage, "changed_at": m.changed_at.isoformat(),
                              "due": m.due.isoformat(), "sent_at": m.sent_at.isoformat() if m.sent_at else None, "message": m.text}
                             for m in run.deadlines.stage_messages]
    data["todo"] = [todo_json(i, lang) for i in for_rep(run.deadlines.todo, rep)]
    data["issues"] = issues_json(run.issues, lang)
    data["as_of"] = run.as_of.isoformat()
    return data


def todo_lines(items: list[TodoItem], lang: str) -> list[str]:
    """One line per item: state, due, customer, action, record, then the owner rep, the open amount, contact and phone."""

    def line(i: TodoItem) -> str:
        amount = f"¥{i.amount:,.2f}" if i.amount is not None else ""
        parts = [f"{state_label(i.state, lang):<8} {due_text(i.due)}", f"{i.customer_id or '-'} {i.customer_name or ''}".strip(), i.action_text(lang),
                 i.subject_text(lang), i.owner_rep or "", amount, " ".join(x for x in (i.contact, i.phone) if x), f"({i.file}:{i.sheet}!{i.row})"]
        return "  ".join(p for p in parts if p)

    return [line(i) for i in items]


def run_refresh_cli(args: argparse.Namespace) -> int:
    _ = translator(args.lang)
    try:
        as_of = as_of_argument(args)
    except AsOfUsage:
        return 2
    rep = (getattr(args, "rep", None) or "").strip() or None
    with progress_bar(enabled=not (args.quiet or args.json)) as advance:
        run = run_refresh([Path(p) for p in args.paths], as_of, args.lang, ics=Path(args.ics) if args.ics else None, progress=advance, rep=rep)
    if args.json:
        print_json(refresh_json(run, args.lang, rep))
        return 1 if has_errors(run.issues) else 0
    items = for_rep(run.deadlines.todo, rep)
    counts = counts_text(items, args.lang)
    print(_("To do (as of {time}): {n} item(s)", time=due_text(run.as_of), n=len(items)) + (f" ({counts})" if counts else ""))
    if not args.quiet:  # --quiet: the count, the issues and what was written; no item lines
        for line in todo_lines(items, args.lang):
            print("  " + line)
    for issue in sorted(run.issues, key=sort_key):
        print(issue_line(issue, args.lang))
    print(summary_line(run.issues, args.lang))
    if run.applied:
        for written in run.applied.written:
            print(_("Updated: {path} (backup {backup})", path=written.path, backup=written.backup.name) if written.backup else _("Unchanged: {path}", path=written.path))
    if run.ics:
        print(_("Calendar file: {path}", path=run.ics))
    return 1 if has_errors(run.issues) else 0
