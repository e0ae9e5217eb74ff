"""`salesdesk demo [DIR]`: realistic workbooks, then every command run on them."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time
from pathlib import Path
from typing import Callable

from ..deadlines.todo_sheet import STATE_LABELS
from ..demo.generate import generate
from ..io.fsguard import ensure_folder
from ..io.load import Progress
from ..io.package import FileRefused
from ..io.safe_write import refuse_unless_own_output, save_new_file
from ..io.templates import template_workbook
from ..schema import CATALOG
from .check import run_check
from .quote import run_quote
from .refresh import run_refresh, todo_lines
from .report import summary_line


def write_demo(folder: Path, lang: str, as_of: date, seed: int, force: bool = False) -> tuple[list[Path], list[str]]:
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


def run_demo(
    folder: Path, lang: str = "zh", seed: int = 2026, out: Callable[[str], None] = print, progress: Progress | None = None, as_of: date | None = None, force: bool = False
) -> int:
    zh = lang == "zh"
    today = as_of or date.today()
    try:
        files, mistakes = write_demo(folder, lang, today, seed, force)
    except FileRefused as exc:
        out(f"{exc.path}: [{exc.code}] {exc.message(lang)}")
        return 1
    out(("已生成演示工作簿：" if zh else "Demo workbooks written to: ") + str(folder.resolve()))
    for path in files:
        out(f"  {path.name}")
    out(("故意埋下的错误：" if zh else "Deliberate mistakes planted:"))
    for mistake in mistakes:
        out(f"  - {mistake}")

    # Only the demo's own workbooks: anything else in the folder is the rep's and stays untouched.
    result = run_check(files, annotate=True, lang=lang, progress=progress)
    rows = sum(len(t) for t in result.loaded.tables.tables)
    out("")
    out(("检查结果(salesdesk check --annotate):" if zh else "Check (salesdesk check --annotate):") + f" {rows:,} " + ("行" if zh else "rows"))
    for code, count in sorted(Counter(i.code for i in result.issues).items()):
        out(f"  {code}: {count}")
    out("  " + summary_line(result.issues, lang))
    if result.applied:
        for written in result.applied.written:
            if written.backup:
                out(("  已写入批注与高亮：" if zh else "  notes and highlights written: ") + f"{written.path.name} (backup {written.backup.name})")

    _run_quotes(files, lang, out, progress)
    _run_refresh(files, lang, today, out, progress)
    _run_summary(folder, lang, today, out)
    out("")
    out(("下一步：用 Excel 打开上面的文件查看批注，或运行" if zh else "Next: open the files in Excel to see the notes, or run")
        + f"  salesdesk check {folder} --lang {lang}" + ("（或 python3 dev.py salesdesk ...）" if zh else " (or python3 dev.py salesdesk ...)"))
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
    as_of = datetime.combine(today, time(9))
    result = run_refresh(files, as_of, lang, ics=files[0].parent / "salesdesk.ics", progress=progress)
    zh = lang == "zh"
    out("")
    out(("截止日期(salesdesk refresh):" if zh else "Deadlines (salesdesk refresh):") + f" {len(result.deadlines.todo)} " + ("项待办" if zh else "to-do items"))
    states = Counter(i.state for i in result.deadlines.todo)
    out("  " + ", ".join(f"{STATE_LABELS[lang][k]}: {v}" for k, v in sorted(states.items())))
    sla = Counter(str(r.values.get("sla_status")) for r in result.deadlines.rows["tickets"])
    out("  SLA: " + ", ".join(f"{k}: {v}" for k, v in sorted(sla.items())))
    for line in todo_lines(result.deadlines.todo[:5], lang):
        out("  " + line)
    for book in result.todo_books:
        out(("  今日待办表：" if zh else "  to-do tab: ") + str(book))
    if result.ics:
        out(("  日历文件：" if zh else "  calendar file: ") + str(result.ics))


def _run_quotes(files: list[Path], lang: str, out: Callable[[str], None], progress: Progress | None) -> None:
    result = run_quote(files, lang=lang, progress=progress)
    zh = lang == "zh"
    out("")
    out(("报价计算(salesdesk quote):" if zh else "Quotes (salesdesk quote):") + f" {len(result.quotes)} " + ("张报价单" if zh else "quotes"))
    approvals = Counter(q.approval for q in result.quotes)
    blocked = sum(1 for q in result.quotes if q.blocked)
    out("  " + ", ".join(f"{k}: {v}" for k, v in sorted(approvals.items())) + (f"；低于底价被拦截：{blocked}" if zh else f"; blocked below floor: {blocked}"))
    for sheet in result.sheets[:3]:
        out(("  客户报价单：" if zh else "  customer quote sheet: ") + str(sheet))
    if len(result.sheets) > 3:
        out(f"  ... (+{len(result.sheets) - 3})")
