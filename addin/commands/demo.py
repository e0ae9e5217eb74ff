"""`salesdesk demo [DIR]`: realistic workbooks, then every command run on them."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time
from pathlib import Path
from typing import Callable

from ..deadlines.todo_sheet import state_label
from ..demo.generate import Mistake, generate
from ..i18n import translator
from ..io.fsguard import ensure_folder
from ..io.load import Progress
from ..io.package import FileRefused
from ..io.safe_write import refuse_unless_own_output, save_new_file
from ..io.templates import template_workbook
from ..pricing.waterfall import APPROVAL_ORDER, approval_label
from ..schema import CATALOG
from ..schema.catalog import sheet_spec
from .check import run_check
from .compare import compare
from .demo_forms import run_demo_forms
from .quote import run_quote
from .refresh import run_refresh, todo_lines
from .report import summary_line
from .shell import command_line


def write_demo(folder: Path, lang: str, as_of: date, seed: int, force: bool = False) -> tuple[list[Path], list[Mistake]]:
    """The demo workbooks, through the guard: a rep's workbook of the same name is refused
    (FileRefused; with `force` replaced after a backup), an earlier demo's is replaced."""
    ensure_folder(folder)
    targets = [folder / spec.file_name for spec in CATALOG]
    if not force:
        for path in targets:  # refuse before writing any, so a half-written demo never mixes with a rep's files
            refuse_unless_own_output(path, "demo")
    data = generate(as_of, seed)
    written = []
    for spec, path in zip(CATALOG, targets):
        save_new_file(template_workbook(spec, lang, data.tables), path, kind="demo", force=force)
        written.append(path)
    return written, data.mistakes


def next_step_commands(folder: Path, lang: str) -> list[str]:
    """Commands that work as printed on a fresh machine after the README's `python3 dev.py demo`:
    `salesdesk` is not on PATH there, `python3 dev.py salesdesk ...` is (paths relative to here when they can be;
    commands/shell.py)."""
    return [command_line(command, folder, "--lang", lang) for command in ("check", "quote", "refresh")]


def run_demo(
    folder: Path, lang: str = "zh", seed: int = 2026, out: Callable[[str], None] = print, progress: Progress | None = None, as_of: date | None = None, force: bool = False
) -> int:
    _ = translator(lang)
    today = as_of or date.today()
    try:
        files, mistakes = write_demo(folder, lang, today, seed, force)
    except FileRefused as exc:
        out(f"{exc.path}: [{exc.code}] {exc.message(lang)}")
        return 1
    out(_("Demo workbooks written to: {folder}", folder=folder.resolve()))
    for path in files:
        out(f"  {path.name}")
    out(_("Deliberate mistakes planted:"))
    for code, message, fields in mistakes:
        out(f"  - {_(message, **fields)} ({code})")

    # Only the demo's own workbooks: anything else in the folder is the rep's and stays untouched.
    result = run_check(files, annotate=True, lang=lang, progress=progress)
    rows = sum(len(t) for t in result.loaded.tables.tables)
    out("")
    out(_("Check (salesdesk check --annotate): {rows} rows", rows=format(rows, ",")))
    for code, count in sorted(Counter(i.code for i in result.issues).items()):
        out(f"  {code}: {count}")
    out("  " + summary_line(result.issues, lang))
    for written in result.applied.written if result.applied else []:
        if written.backup:
            out(_("  notes and highlights written: {name} (backup {backup})", name=written.path.name, backup=written.backup.name))

    _run_quotes(files, lang, out, progress)
    _run_compare(files, lang, today, out)
    _run_refresh(files, lang, today, out, progress)
    _run_summary(folder, lang, today, out)
    run_demo_forms(files, today, lang, out)
    out("")
    out(_("Next: open the files in Excel to see the notes, or run:"))
    for command in next_step_commands(folder, lang):
        out(f"  {command}")
    return 0


def _run_summary(folder: Path, lang: str, today: date, out: Callable[[str], None]) -> None:
    """The manager summary of the demo: the file a newcomer opens first."""
    from ..i18n import translator
    from .summary import run_summary

    _ = translator(lang)
    result = run_summary([folder], folder / "salesdesk-summary.xlsx", datetime.combine(today, time(9)), lang=lang)
    out("")
    if result.out:
        out(_("Manager summary (salesdesk summary): {path}", path=result.out.resolve()))
    for issue in result.issues:
        if issue.code.startswith(("file-", "output-")) and issue.row is None and issue.file == str(folder / "salesdesk-summary.xlsx"):
            out(f"  [{issue.code}] {issue.message_zh if lang == 'zh' else issue.message_en}")


def _run_refresh(files: list[Path], lang: str, today: date, out: Callable[[str], None], progress: Progress | None) -> None:
    """Deadlines at 09:00 on the demo's day (the demo's data put an item in every state)."""
    _ = translator(lang)
    as_of = datetime.combine(today, time(9))
    result = run_refresh(files, as_of, lang, ics=files[0].parent / "salesdesk.ics", progress=progress)
    out("")
    out(_("Deadlines (salesdesk refresh): {n} to-do items", n=len(result.deadlines.todo)))
    states = Counter(i.state for i in result.deadlines.todo)
    out("  " + _(", ").join(f"{state_label(k, lang)}: {v}" for k, v in sorted(states.items())))
    sla = Counter(str(r.values.get("sla_status")) for r in result.deadlines.rows["tickets"])
    column = next(c for c in sheet_spec("tickets").columns if c.key == "sla_status")  # the schema's labels of each state
    out(_("  service tickets: {states}", states=_(", ").join(f"{column.choice_label(k, lang)}: {v}" for k, v in sorted(sla.items()))))
    for line in todo_lines(result.deadlines.todo[:5], lang):
        out("  " + line)
    for book in result.todo_books:
        out(_("  to-do tab: {path}", path=book))
    if result.ics:
        out(_("  calendar file: {path}", path=result.ics))


def _run_quotes(files: list[Path], lang: str, out: Callable[[str], None], progress: Progress | None) -> None:
    _ = translator(lang)
    result = run_quote(files, lang=lang, progress=progress)
    out("")
    out(_("Quotes (salesdesk quote): {n} quotes", n=len(result.quotes)))
    approvals = Counter(q.approval for q in result.quotes)
    blocked = sum(1 for q in result.quotes if q.blocked)
    approved = _(", ").join(f"{approval_label(k, lang)}: {v}" for k, v in sorted(approvals.items(), key=lambda kv: APPROVAL_ORDER.index(kv[0])))
    out("  " + _("{approvals}; blocked below floor: {n}", approvals=approved, n=blocked))
    for sheet in result.sheets[:3]:
        out(_("  customer quote sheet: {path}", path=sheet))
    if len(result.sheets) > 3:
        out(f"  ... (+{len(result.sheets) - 3})")


def _run_compare(files: list[Path], lang: str, today: date, out: Callable[[str], None]) -> None:
    _ = translator(lang)
    result = compare(files, lang=lang, as_of=today)
    out("")
    out(_("Competitor comparison (salesdesk forms compare): {n} observations, {stale} stale", n=len(result.comparisons), stale=sum(c.stale for c in result.comparisons)))
    if result.sheet:
        out(_("  document: {path}", path=result.sheet))
