"""`salesdesk import SURVEY.xlsx [BOOKS...]`: a filled satisfaction survey appended to the feedback log (issue 24).

The survey is the form `salesdesk forms survey` wrote (its marker says form-survey), filled in by the
customer. Its answers (addin/playbook/survey.py) become new rows at the end of the tickets sheet of the
feedback log found in BOOKS (default: the folder above the survey's documents folder, where the forms
were made from), written through the guard (safe_edit: backup, atomic replace, verify). The order's
customer comes from the order progress book. Re-importing the same survey appends nothing
(`survey-already-imported`: its ticket IDs SV-<order> are there).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..core.computed import display, header_width
from ..core.issue_factory import issue_at
from ..core.issues import Issue, file_issue
from ..core.patch import HEADER_STYLE, Patch, SetCell, SetWidth
from ..core.tables import Table
from ..i18n import both, translator
from ..io.generated import output_kind
from ..io.load import load
from ..io.package import FileRefused
from ..io.reader import read_book
from ..playbook.survey import SurveyAnswers, read_survey
from .check import refused_issue
from .place import FileSink, Sink, Where
from .refresh import resolve_as_of

SURVEY_KIND = "form-survey"


@dataclass
class SurveyImport:
    appended: dict[str, int] = field(default_factory=dict)  # survey file -> rows appended
    written: list[str] = field(default_factory=list)  # feedback logs written
    issues: list[Issue] = field(default_factory=list)


def is_survey(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() == ".xlsx" and output_kind(path) == SURVEY_KIND


def _rows(answers: SurveyAnswers, customer_id: str, received: datetime, lang: str) -> list[dict[str, object]]:
    """The feedback-log rows of one survey (column key -> value), as the form says they go."""
    _ = translator(lang)
    scores = _("; ").join(f"{q} {s if s is not None else '?'}" for q, s in answers.scores)
    base: dict[str, object] = {"customer_id": customer_id, "order_id": answers.order_id, "received_at": received, "kind": "suggestion", "source": "survey"}
    rows: list[dict[str, object]] = []
    if answers.scores:
        rows.append({**base, "ticket_id": f"SV-{answers.order_id}", "satisfaction": answers.overall,
                     "description": _("Survey scores: {scores}", scores=scores)})
    for n, (category, text) in enumerate(answers.suggestions, 1):
        rows.append({**base, "ticket_id": f"SV-{answers.order_id}-{n}", "category": category, "description": text})
    return rows


def _append(table: Table, rows: list[dict[str, object]], last: int) -> Patch:
    """SetCells for `rows` below Excel row `last`; a column the sheet lacks gets its header first."""
    patch, layout, lang, path = Patch(), table.layout, table.layout.lang, str(table.path)
    for offset, values in enumerate(rows, 1):
        for key, value in values.items():
            if value is None:
                continue
            column = table.spec.column(key)
            letter, is_new = layout.letter_or_new(key)
            if is_new:
                header = column.header(lang)
                patch.add(SetCell(path, table.sheet, layout.header_row, letter, header, style=HEADER_STYLE))
                patch.add(SetWidth(path, table.sheet, letter, header_width(header)))
            shown = display(column, value, lang)
            patch.add(SetCell(path, table.sheet, last + offset, letter, str(shown) if isinstance(shown, str) else shown, column.number_format))
    return patch


def surveys_under(folder: Path) -> list[Path]:
    """The survey forms in `folder` and below (the documents folder the forms are written to)."""
    return sorted(p for p in folder.rglob("*.xlsx") if not p.name.startswith("~$") and is_survey(p))


def run_survey_import(
    surveys: list[Path], books: Where, as_of: datetime | None = None, write: bool = True, sink: Sink | None = None,
) -> SurveyImport:
    """`books`: files and folders holding the feedback log and the orders (default: the folder above the
    surveys' own), or a Source (the workbook open in Excel, with `sink` writing back into it)."""
    result = SurveyImport()
    if isinstance(books, list):
        books = books or sorted({s.resolve().parent.parent for s in surveys})
        loaded = load(books)
    else:
        loaded = books.read(siblings=True)[0]
    result.issues.extend(refused_issue(r) for r in loaded.refused)
    now = resolve_as_of(as_of, loaded)
    logs = [t for t in loaded.tables.of("tickets") if t.path is not None]
    customers = {str(o.order_id): str(o.customer_id) for _, o in loaded.tables.rows("orders") if o.order_id and o.customer_id}
    patch = Patch()
    next_row: dict[int, int] = {}
    have = {str(r.ticket_id) for t in logs for r in t.rows if r.ticket_id}
    for survey in surveys:
        name = survey.name
        try:
            book = read_book(survey)
        except FileRefused as exc:
            result.issues.append(refused_issue(exc))
            continue
        answers = read_survey(book.grids[0].rows if book.grids else [])
        result.issues += [file_issue(name, "survey-score-ambiguous", *both("More than one score ticked on a survey line: {question}", question=q)) for q in answers.doubtful]
        if not answers.filled:
            result.issues.append(file_issue(name, "survey-not-filled", *both("Survey form has no score ticked")))
            continue
        if not logs:
            result.issues.append(file_issue(name, "survey-no-feedback-log", *both("No feedback log to append the survey to")))
            continue
        customer_id = customers.get(str(answers.order_id))
        if customer_id is None:
            result.issues.append(file_issue(name, "order-not-found", *both("No order {order_id} found", order_id=answers.order_id or "?")))
            continue
        log = logs[0]
        rows = _rows(answers, customer_id, now, log.layout.lang)
        if any(str(r["ticket_id"]) in have for r in rows):
            result.issues.append(issue_at(log, None, None, "survey-already-imported", (name, name)))
            continue
        last = next_row.get(id(log), max([r.row for r in log.rows], default=log.layout.header_row))
        patch.extend(_append(log, rows, last))
        next_row[id(log)] = last + len(rows)  # a second survey of this run goes below this one
        have.update(str(r["ticket_id"]) for r in rows)
        result.appended[name] = len(rows)
    if write and len(patch):
        report = (sink or FileSink()).write(patch, int(getattr(loaded.settings, "backups_kept", 5)))
        result.written = [str(w.path) for w in report.written]
        result.issues.extend(refused_issue(r) for r in report.refused)
    return result
