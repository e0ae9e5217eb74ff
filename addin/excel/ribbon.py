"""The ribbon: a registry of buttons, each calling a command function.

The VBA callback (macros/salesdesk.bas) passes the button's tag to `run`;
the ribbon XML in the add-in (and macros/ribbon.xml, kept in step by a test)
is generated from BUTTONS, so a button added here needs no VBA edit:
`salesdesk addin build` puts it on the 销售助手 tab.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable
from xml.sax.saxutils import quoteattr

from ..checks.run import run_checks
from ..core.annotate import annotation_patch
from ..core.issues import has_errors
from ..i18n import N_, both, pick, translator
from ..io.load import Loaded, load_grids
from ..pricing.computed import quotes_patch
from ..pricing.policy import load_policy
from ..pricing.quote import price_quotes
from . import feedback
from .install import saved_language
from .live_book import ADDIN_NAME, LiveBook

Command = Callable[[LiveBook, str], str]
CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"  # the Office 2007 part customUI/customUI.xml
CALLBACK = "SalesdeskButton"  # the one VBA Sub every button calls (macros/salesdesk.bas)


class NothingRecognised(Exception):
    """The workbook holds no sheet salesdesk knows: the rep is told what to do."""


class NoWorkbook(Exception):
    """A button pressed with no workbook open (only the add-in itself)."""

    def __init__(self, addin: Any) -> None:
        super().__init__()
        self.addin = addin


def target_book(caller: Any) -> Any:
    """The rep's workbook. RunPython called from an add-in makes `Book.caller()` the
    add-in itself (xlwings.bas passes ThisWorkbook): the rep's book is the active one."""
    if str(caller.name).lower() != ADDIN_NAME:
        return caller
    active = caller.app.books.active
    if active is None or str(active.name).lower() == ADDIN_NAME:
        raise NoWorkbook(caller)
    return active


def _load(book: LiveBook, lang: str) -> Loaded:
    book.progress(feedback.text("reading", lang))
    loaded = load_grids(book.grids())
    if not loaded.tables.tables:
        raise NothingRecognised()
    return loaded


def check_book(book: LiveBook, lang: str) -> str:
    loaded = _load(book, lang)
    issues = loaded.issues + run_checks(loaded.tables)
    book.progress(feedback.text("writing", lang))
    book.apply(annotation_patch(loaded.tables, issues))
    errors = sum(1 for i in issues if i.severity.value == "error")
    return translator(lang)(N_("Check done: {errors} error(s), {warnings} warning(s). Problem cells carry a note and a highlight."), errors=errors, warnings=len(issues) - errors)


def price_book(book: LiveBook, lang: str) -> str:
    loaded = _load(book, lang)
    policy, policy_issues = load_policy(loaded.tables)
    found = loaded.issues + run_checks(loaded.tables) + policy_issues
    quotes, issues = price_quotes(loaded.tables, policy, as_of=date.today(), input_issues=found)  # the adapter reads the clock
    book.progress(feedback.text("writing", lang))
    book.apply(quotes_patch(quotes, policy))
    blocked = sum(1 for q in quotes if q.blocked)
    drafts = sum(1 for q in quotes if q.draft)
    _ = translator(lang)
    return _("Priced {n} quote(s); {blocked} below the floor; {drafts} draft(s).", n=len(quotes), blocked=blocked, drafts=drafts) + (_(" See the Explanation column.") if has_errors(issues) else "")


def open_settings(book: LiveBook, lang: str) -> str:
    """Shows the workbook's settings sheet (or the quote policy), where the rules' numbers live."""
    loaded = load_grids(book.grids())
    for key in ("settings", "policy"):
        table = next((t for t in loaded.tables.tables if t.spec.key == key), None)
        if table is not None:
            book.activate(table.sheet)
            return feedback.text("settings_opened", lang, sheet=table.sheet)
    return feedback.text("no_settings", lang)


def show_help(book: LiveBook, lang: str) -> str:
    lines = [feedback.text("help_head", lang), ""]
    for b in BUTTONS:
        lines.append(f"{b.label(lang)}: {b.tip(lang)}")
    return "\n".join(lines + ["", feedback.text("help_log", lang, log=feedback.log_path())])


def refresh_book(book: LiveBook, lang: str) -> str:
    """Deadlines of the open workbook at the current time; the to-do tab itself is written by `salesdesk refresh`."""
    from datetime import datetime

    from ..core.settings import zone_of
    from ..deadlines.run import compute_deadlines

    loaded = load_grids(book.grids())
    result = compute_deadlines(loaded.tables, loaded.settings, datetime.now(zone_of(loaded.settings)), lang)
    book.apply(result.patch())
    late = sum(1 for i in result.todo if i.state == "breached")
    return translator(lang)(N_("Deadlines refreshed: {n} to-do item(s), {late} overdue."), n=len(result.todo), late=late)


def _summary(book: LiveBook, lang: str, rep_only: bool) -> str:
    """The manager summary of the workbook's folder (every rep's workbooks in it and under it), or this
    workbook's rep alone, written beside the workbook through the guard (commands/summary.py)."""
    from ..commands.summary import run_summary
    from ..i18n import translator

    _ = translator(lang)
    book.progress(feedback.text("reading", lang))
    folder = book.path.parent
    if rep_only:
        name = f"{book.path.stem}-summary.xlsx"
        run = run_summary([book.path], None, lang=lang)
        reps = [r["rep"] for r in run.summary.sections["overview"] if r["rep"] != "*"]
        if not reps:
            raise NothingRecognised()
        from ..io.summary_book import About, save_summary

        view = run.summary.rep_view(max(set(reps), key=reps.count))
        out = save_summary(view, About([book.path.name], run.skipped), folder / name, lang).path
    else:
        run = run_summary([folder], folder / "salesdesk-summary.xlsx", lang=lang)
        out = run.out or folder / "salesdesk-summary.xlsx"
    return _("Summary written: {path}", path=out) + ("\n" + _("Skipped: {file}: {reason}", file=run.skipped[0][0], reason=run.skipped[0][1]) if run.skipped else "")


def team_summary(book: LiveBook, lang: str) -> str:
    return _summary(book, lang, rep_only=False)


def my_summary(book: LiveBook, lang: str) -> str:
    return _summary(book, lang, rep_only=True)


@dataclass(frozen=True)
class Button:
    id: str
    label_zh: str
    label_en: str
    image: str  # a built-in Office icon (imageMso)
    command: Command
    tip_zh: str = ""
    tip_en: str = ""

    def label(self, lang: str) -> str:
        return pick((self.label_zh, self.label_en), lang)

    def tip(self, lang: str) -> str:
        return pick((self.tip_zh, self.tip_en), lang) or self.label(lang)


BUTTONS: tuple[Button, ...] = (
    Button("salesdesk_check", *both("Check & annotate"), "ReviewNewComment", check_book,
           *both("Check every sheet; problem cells get a note and a highlight.")),
    Button("salesdesk_quote", *both("Price quotes"), "CalculateNow", price_book,
           *both("Price every quote by the policy: waterfall, approval level, floor check.")),
    Button("salesdesk_settings", *both("Open settings"), "PropertySheet", open_settings,
           *both("Open the Settings sheet (lead times, backups kept, ...).")),
    Button("salesdesk_help", *both("Help"), "Help", show_help,
           *both("What each button does, and where the log file is.")),
    Button("salesdesk_refresh", *both("Refresh deadlines"), "CalendarMonthDetails", refresh_book,
           *both("Compute every deadline (delivery, payments, after-sales SLA, care) into the computed columns.")),
    Button("salesdesk_my_summary", *both("My summary"), "ChartInsert", my_summary,
           *both("This rep's KPIs (performance, channels, tiers, dormant, ...) as a workbook with charts beside this one.")),
    Button("salesdesk_team_summary", *both("Team summary"), "PivotTableInsert", team_summary,
           *both("Consolidate every rep's workbooks in this folder and below into salesdesk-summary.xlsx.")),
)


def run(button_id: str, book: Any = None, lang: str | None = None) -> str:
    """Entry point of every ribbon button (called through xlwings' RunPython).

    Whatever happens, the rep gets one message box in their language; a
    failure's details go to the log file, never a traceback on screen."""
    lang = lang or os.environ.get("SALESDESK_LANG") or saved_language() or "zh"
    log = feedback.logger()
    button = next((b for b in BUTTONS if b.id == button_id), None)
    label = button.label(lang) if button else button_id
    critical = False
    try:
        if book is None:
            import xlwings  # only inside Excel

            book = target_book(xlwings.Book.caller())
        if button is None:
            raise KeyError(f"no button {button_id!r} in the registry: rebuild the add-in (salesdesk addin build)")
        feedback.status(book, feedback.text("working", lang, label=label))
        log.info("%s on %s", button_id, getattr(book, "fullname", "?"))
        message = button.command(LiveBook(book), lang)
    except NothingRecognised:
        message = feedback.text("nothing", lang)
    except NoWorkbook as exc:
        book, message = exc.addin, feedback.text("no_book", lang)
    except Exception as exc:  # noqa: BLE001 - the top of a button: logged in full, shown to the rep in words
        log.exception("%s failed", button_id)
        message, critical = feedback.failure_message(exc, label, lang), True
    finally:
        if book is not None:
            feedback.status(book, False)
    if book is not None:
        feedback.show(book, message, critical)
    return message


def ribbon_xml(lang: str = "zh") -> str:
    buttons = "\n".join(
        f"          <button id={quoteattr(b.id)} tag={quoteattr(b.id)} label={quoteattr(b.label(lang))} "
        f'screentip={quoteattr(b.label(lang))} supertip={quoteattr(b.tip(lang))} '
        f'imageMso={quoteattr(b.image)} size="large" onAction="{CALLBACK}"/>'
        for b in BUTTONS
    )
    return (
        f'<customUI xmlns="{CUSTOMUI_NS}">\n'
        "  <ribbon>\n    <tabs>\n"
        '      <tab id="salesdesk_tab" label="销售助手 salesdesk">\n'
        '        <group id="salesdesk_group" label="salesdesk">\n'
        f"{buttons}\n"
        "        </group>\n      </tab>\n    </tabs>\n  </ribbon>\n</customUI>\n"
    )


if __name__ == "__main__":
    print(ribbon_xml(), end="")
