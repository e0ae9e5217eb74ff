"""The capabilities a rep reaches from the Excel ribbon: one registry entry each.

Every entry names a function of this package that runs the SAME command function
the CLI runs (run_check, run_quote, run_refresh, run_summary), on the workbook the
button was pressed on: a `Place` (commands/place.py), in Excel a LiveBook that is
both the source of the grids and the sink of the patch. Adding a capability is one
command function plus one entry here: `salesdesk addin build` puts the button on the
销售助手 tab (excel/ribbon.py generates the ribbon from BUTTONS), with no VBA edit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..core.issues import Severity, has_errors
from ..core.patch import Patch
from ..i18n import N_, both, pick, translator

if TYPE_CHECKING:  # a button imports what it runs when pressed (the ribbon's click starts a fresh Python)
    from ..io.load import Loaded
    from .place import Place

# (the workbook: a Place, the rep's language[, as_of=the clock, None: now]) -> the message the rep sees
# The codes of a refused write (io/fsguard.py, io/safe_write.py): a button's message names them instead of claiming the write.
WRITE_REFUSALS = frozenset({"file-disk-full", "file-permission", "file-write-failed", "file-read-only", "folder-read-only", "file-changed-during-run",
                            "file-owner-not-kept", "file-not-ours", "output-name-clash", "output-is-folder", "output-not-folder", "output-folder-missing",
                            "write-verify-failed",
                            "file-write-invalid", "file-unsupported", "file-open-in-excel"})
Command = Callable[..., str]


class NothingRecognised(Exception):
    """The workbook holds no sheet salesdesk knows: the rep is told what to do."""


def _own_tables(loaded: Loaded, place: Place) -> list[Any]:
    return [t for t in loaded.tables.tables if t.path is not None and Path(t.path) == place.path]


def _recognised(loaded: Loaded, place: Place) -> None:
    if not _own_tables(loaded, place):
        raise NothingRecognised()


def _backups(loaded: Loaded) -> int:
    return int(getattr(loaded.settings, "backups_kept", 5))


def _not_written(refused: list[Any], lang: str) -> str:
    """What could not be written (FileRefused or its Issue), said after the button's message: a write is never claimed."""
    _ = translator(lang)
    lines = [_("Not written: {file}: {reason}", file=Path(str(getattr(r, "path", None) or r.file)).name, reason=r.message(lang)) for r in refused[:3]]
    return "".join("\n" + line for line in lines)


# ---- the capabilities ---------------------------------------------------------------
def check(place: Place, lang: str, as_of: datetime | None = None) -> str:
    """`salesdesk check --annotate` on this workbook: notes, highlights and the status column."""
    from .check import run_check

    result = run_check(place, annotate=True, lang=lang, sink=place, as_of=as_of.date() if as_of else None)
    _recognised(result.loaded, place)
    errors = sum(1 for i in result.issues if i.severity is Severity.ERROR)
    refused = result.applied.refused if result.applied else []
    if refused:
        return translator(lang)(N_("Check done: {errors} error(s), {warnings} warning(s). The notes and highlights could not be written:"),
                                errors=errors, warnings=len(result.issues) - errors) + _not_written(refused, lang)
    return translator(lang)(N_("Check done: {errors} error(s), {warnings} warning(s). Problem cells carry a note and a highlight."),
                            errors=errors, warnings=len(result.issues) - errors)


def quote(place: Place, lang: str, as_of: datetime | None = None) -> str:
    """`salesdesk quote` on this workbook: computed columns and notes; the customer quote sheets beside a saved workbook."""
    from .quote import run_quote

    run = run_quote(place, lang=lang, sink=place, documents=place.path.is_file(), as_of=as_of.date() if as_of else None)
    _recognised(run.loaded, place)
    blocked = sum(1 for q in run.quotes if q.blocked)
    _ = translator(lang)
    message = _("Priced {n} quote(s); {blocked} below the floor; {drafts} draft(s).", n=len(run.quotes), blocked=blocked, drafts=len(run.drafts))
    message += _(" See the Explanation column.") if has_errors(run.issues) else ""
    if run.sheets:
        message += "\n" + _("Customer quote sheets: {folder} ({n})", folder=run.sheets[0].parent, n=len(run.sheets))
    return message + _not_written([i for i in run.issues if i.code in WRITE_REFUSALS], lang)


def refresh(place: Place, lang: str, as_of: datetime | None = None) -> str:
    """`salesdesk refresh` on this workbook: every deadline's computed columns and the to-do tab (今日待办 / Today)."""
    from .refresh import run_refresh

    run = run_refresh(place, as_of, lang=lang, sink=place)
    _recognised(run.loaded, place)
    late = sum(1 for i in run.deadlines.todo if i.state == "breached")
    message = translator(lang)(N_("Deadlines refreshed: {n} to-do item(s), {late} overdue."), n=len(run.deadlines.todo), late=late)
    return message + _not_written(run.applied.refused if run.applied else [], lang)


def my_summary(place: Place, lang: str, as_of: datetime | None = None) -> str:
    """The rep's summary (`salesdesk summary --into`) as a tab of this workbook: for the rep who owns most
    of its customers, or (no customer register here) the rep with most rows in it."""
    from .summary import run_summary
    from .summary_into import into_patch, rep_tab_op

    run = run_summary(place, None, as_of, lang=lang)
    _recognised(run.loaded, place)
    patch = into_patch(run.loaded, run.summary, {str(place.path)})
    if not patch.ops:
        reps = [r["rep"] for r in run.summary.sections["overview"] if r["rep"] != "*"]
        if not reps:
            raise NothingRecognised()
        book_lang = _own_tables(run.loaded, place)[0].layout.lang
        patch = Patch([rep_tab_op(str(place.path), run.summary, Counter(reps).most_common(1)[0][0], book_lang)])
    applied = place.write(patch, _backups(run.loaded))
    if applied.refused:
        return translator(lang)(N_("The summary tab was not written.")) + _not_written(applied.refused, lang)
    tabs = sorted({op.sheet for op in patch.ops})
    return translator(lang)(N_("Summary tab written into: {path}"), path=f"{place.path.name} [{', '.join(tabs)}]")


def team_summary(place: Place, lang: str, as_of: datetime | None = None) -> str:
    """`salesdesk summary FOLDER -o salesdesk-summary.xlsx` for this workbook's folder (every rep's workbooks in it and below)."""
    from .summary import run_summary

    folder = place.path.parent
    run = run_summary([folder], folder / "salesdesk-summary.xlsx", as_of, lang=lang)
    _ = translator(lang)
    skipped = ("\n" + _("Skipped: {file}: {reason}", file=run.skipped[0][0], reason=run.skipped[0][1])) if run.skipped else ""
    if run.out is None:  # refused (read-only folder, full disk, a file of that name that is not salesdesk's): said, never claimed
        return _("The summary was not written.") + _not_written([i for i in run.issues if i.code in WRITE_REFUSALS], lang) + skipped
    return _("Summary written: {path}", path=run.out) + skipped


def order_from_quote(place: Place, lang: str, as_of: datetime | None = None) -> str:
    """`salesdesk order --from-quote Q` for the quote of the selected row: the order appended to the order progress book beside the saved workbook."""
    from .document_buttons import request_from_row
    from .order import run_order_from_quote

    _ = translator(lang)
    if not place.path.is_file():
        return _("Save the workbook first: documents are written beside it.")
    loaded, _context = place.read(siblings=False)
    request = request_from_row(loaded, place)
    if request is None or not request.quote_id:
        return _("Select a cell in the row of the quote the order is drawn from, then press the button again.")
    run = run_order_from_quote([place.path], request.quote_id, lang, as_of=as_of)
    if run.status == "exists":
        return _("Quote {quote_id} is already order {order_id} ({file}): nothing written.", quote_id=run.quote_id, order_id=run.order_id, file=run.file)
    if run.status != "appended" or run.drawn is None:
        return _("The order was not written: {reason}", reason="; ".join(i.message(lang) for i in run.issues[:3]) or "-")
    return _("Order {order_id} from quote {quote_id}: {amount} incl. VAT, {lines} line(s), {payments} payment milestone(s) -> {file}",
             order_id=run.order_id, quote_id=run.quote_id, amount=format(run.drawn.order["contract_amount"], ",.2f"),
             lines=len(run.drawn.lines), payments=len(run.drawn.payments), file=run.file)


def import_surveys(place: Place, lang: str, as_of: datetime | None = None) -> str:
    """`salesdesk import SURVEY...` for the filled survey forms in this workbook's folder and below: their
    scores and suggestions appended to the feedback log (issue 24)."""
    from .survey_import import run_survey_import, surveys_under

    surveys = surveys_under(place.path.parent)
    result = run_survey_import(surveys, place, as_of, sink=place)
    done = sum(1 for i in result.issues if i.code == "survey-already-imported")
    return translator(lang)(N_("Surveys: {n} imported ({rows} row(s) appended to the feedback log), {done} already there."),
                            n=len(result.appended), rows=sum(result.appended.values()), done=done)


def open_settings(place: Place, lang: str, as_of: datetime | None = None) -> str:
    """Shows the workbook's settings sheet (or the quote policy), where the rules' numbers live."""
    from ..excel.feedback import text

    loaded, _context = place.read(siblings=False)
    for key in ("settings", "policy"):
        table = next((t for t in _own_tables(loaded, place) if t.spec.key == key), None)
        if table is not None:
            place.show(table.sheet)
            return text("settings_opened", lang, sheet=table.sheet)
    return text("no_settings", lang)


def show_help(place: Place, lang: str, as_of: datetime | None = None) -> str:
    """What each button does, and where the log file is."""
    from ..excel.feedback import log_path, text

    lines = [text("help_head", lang), ""]
    lines += [f"{b.label(lang)}: {b.tip(lang)}" for b in (*BUTTONS, *DOCUMENTS)]
    return "\n".join(lines + ["", text("help_log", lang, log=log_path())])


# ---- the registry -------------------------------------------------------------------
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
    Button("salesdesk_check", *both("Check & annotate"), "ReviewNewComment", check,
           *both("Check every sheet; problem cells get a note and a highlight.")),
    Button("salesdesk_quote", *both("Price quotes"), "CalculateNow", quote,
           *both("Price every quote by the policy: waterfall, approval level, floor check.")),
    Button("salesdesk_settings", *both("Open settings"), "PropertySheet", open_settings,
           *both("Open the Settings sheet (lead times, backups kept, ...).")),
    Button("salesdesk_help", *both("Help"), "Help", show_help,
           *both("What each button does, and where the log file is.")),
    Button("salesdesk_refresh", *both("Refresh deadlines"), "CalendarMonthDetails", refresh,
           *both("Compute every deadline (delivery, payments, after-sales SLA, care) into the computed columns and the to-do tab.")),
    Button("salesdesk_my_summary", *both("My summary"), "ChartInsert", my_summary,
           *both("This rep's KPIs (performance, channels, tiers, dormant, ...) as a summary tab of this workbook.")),
    Button("salesdesk_import_surveys", *both("Import surveys"), "ImportExcel", import_surveys,
           *both("Append the filled satisfaction surveys in this folder to the feedback log (scores and suggestions).")),
    Button("salesdesk_team_summary", *both("Team summary"), "PivotTableInsert", team_summary,
           *both("Consolidate every rep's workbooks in this folder and below into salesdesk-summary.xlsx.")),
    Button("salesdesk_order_from_quote", *both("Order from quote"), "TableInsert", order_from_quote,
           *both("Append the selected quote's order, lines and payment milestones to the order progress book (once).")),
)

# The "documents" menu: `salesdesk forms KIND` for the row the rep has selected (commands/document_buttons.py).
def _documents() -> tuple[Button, ...]:
    from .document_buttons import document_command

    return (
        Button("salesdesk_doc_requirement", *both("Requirement form"), "FileNew", document_command("requirement"),
               *both("Requirement confirmation form for the selected order or quote, for the customer to sign.")),
        Button("salesdesk_doc_contract", *both("Contract draft"), "FileSaveAs", document_command("contract"),
               *both("Contract draft from the selected quote: items, prices, payment milestones, acceptance and penalty clauses.")),
        Button("salesdesk_doc_acceptance", *both("Acceptance checklist"), "FilePrint", document_command("acceptance"),
               *both("Acceptance checklist for the selected order, with the deemed-acceptance date.")),
        Button("salesdesk_doc_service", *both("Service report"), "FilePrintPreview", document_command("service"),
               *both("Service report for the selected order after acceptance.")),
        Button("salesdesk_doc_survey", *both("Satisfaction survey"), "ReviewNewComment", document_command("survey"),
               *both("Satisfaction survey for the selected order.")),
        Button("salesdesk_doc_approval", *both("Approval request"), "ReviewProtectWorkbook", document_command("approval"),
               *both("One-page approval request for the selected quote: why, the waterfall, margins, advice (internal).")),
        Button("salesdesk_doc_compare", *both("Competitor comparison"), "ChartInsert", document_command("compare"),
               *both("Our offer against each competitor observation, stale observations flagged.")),
    )


DOCUMENTS: tuple[Button, ...] = _documents()
