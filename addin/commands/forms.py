"""`salesdesk forms KIND PATH ...`: the order's paperwork, one document per run.

The kinds are a small registry (addin/commands/form_kinds.py): each names
its builder (a pure function of the loaded tables, settings, policy and
clock: addin/documents/), which ids it needs and any options of its own.
The document is written as a printable workbook through the guard (and, with
--pdf, exported by LibreOffice), in the language of the workbook it comes
from. Exit codes as everywhere: 0 clean, 1 errors / a DRAFT / unreadable
input / failed export, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from ..core.issues import Issue, Severity, has_errors
from ..documents.context import FormContext
from ..documents.model import Document
from ..i18n import translator
from ..io.fsguard import os_refusal
from ..io.libreoffice import convert
from ..io.load import Loaded, display_name, load
from ..io.package import FileRefused
from ..pricing.policy import load_policy
from .check import collect_issues, refused_issue
from .clock import AsOfUsage, as_of_argument
from .form_kinds import ID_OPTIONS, KINDS, FormRequest
from .refresh import resolve_as_of
from .report import issue_line, issues_json, print_json, sort_key, summary_line
from .scope import OrderScope, context_files, file_paths, split, with_siblings

# The folder of documents beside the workbook, named in the document's language (data, like a header).
FORMS_FOLDER = {"zh": "单据", "en": "documents"}


@dataclass
class FormsRun:
    kind: str
    loaded: Loaded
    document: Document | None
    issues: list[Issue]
    sheet: Path | None = None
    pdf: Path | None = None
    problems: list[str] = field(default_factory=list)

    def exit_code(self) -> int:
        return 1 if self.document is None or self.document.draft or has_errors(self.issues) or self.problems else 0


def _key(item: object) -> tuple[object, ...]:
    return tuple(getattr(item, k) for k in ("file", "sheet", "row", "column", "code"))


@dataclass
class FormsSession:
    """The workbooks read once; any number of documents built from them (the demo writes five)."""

    paths: list[Path]
    loaded: Loaded
    context: set[str]
    ctx: FormContext
    scoped: list[Issue] = field(default_factory=list)  # the sheets read in part (one order's rows), said after the findings

    def run(self, kind: str, request: FormRequest, write: bool = True, pdf: bool = False, out: Path | None = None) -> FormsRun:
        build = KINDS[kind].build
        if build is None:
            raise ValueError(f"forms {kind} runs as its own command, not through a session")
        document, own = build(self.ctx, request)
        where = ", ".join(str(p) for p in self.paths)
        own = [replace(i, file=where) if not i.file else i for i in own]
        resting = {_key(r) for r in document.draft_reasons} if document else set()
        mine = {_key(i) for i in own}

        def is_own(issue: Issue) -> bool:
            if _key(issue) in mine or _key(issue) in resting:
                return True
            return issue.file not in self.context and issue.row is None and issue.severity is Severity.ERROR and not issue.sheet  # an input it could not read

        run = FormsRun(kind, self.loaded, document, split(own + [i for i in self.ctx.found if _key(i) not in mine], is_own, "forms", file_paths(self.loaded)) + self.scoped)
        if write and document is not None:
            first = self.paths[0]
            folder = out or ((first if first.is_dir() else first.parent) / FORMS_FOLDER.get(document.lang, FORMS_FOLDER["en"]))
            _write(run, document, folder, pdf)
        return run


def open_session(paths: list[Path], as_of: datetime | None = None, scope: OrderScope | None = None) -> FormsSession:
    """The workbooks read once. `scope` (one order or quote): in a large book only the rows its documents rest on
    are typed and checked (commands/scope.py); the session's documents are then for that order or quote only."""
    inputs = with_siblings(paths)
    loaded = load(inputs.all, scope=scope.apply if scope else None)
    policy, policy_issues = load_policy(loaded.tables)
    ctx = FormContext(loaded.tables, loaded.settings, policy, collect_issues(loaded) + policy_issues, resolve_as_of(as_of, loaded))
    scoped = scope.notes(lambda path: display_name(path, inputs.all)) if scope else []
    return FormsSession(paths, loaded, context_files(loaded, inputs), ctx, scoped)


def run_forms(kind: str, paths: list[Path], request: FormRequest, write: bool = True, pdf: bool = False,
              out: Path | None = None, as_of: datetime | None = None) -> FormsRun:
    """One document for the order or quote of `request`: read and checked as far as that document rests on it."""
    scope = OrderScope(request.order_id, request.quote_id) if request.order_id or request.quote_id else None
    return open_session(paths, as_of, scope).run(kind, request, write, pdf, out)


def _write(run: FormsRun, document: Document, folder: Path, pdf: bool) -> None:
    from ..io.form_sheet import write_form

    try:
        run.sheet = write_form(document, folder)
    except FileRefused as exc:
        run.issues.append(refused_issue(exc))
        return
    except OSError as exc:
        run.issues.append(refused_issue(os_refusal(folder, exc)))
        return
    if pdf:
        try:
            run.pdf = convert(run.sheet, "pdf", run.sheet.parent)
        except RuntimeError as exc:
            run.problems.append(str(exc))
        except FileRefused as exc:  # the PDF beside it refused (a customer's signed copy, a full disk): said, never claimed
            run.issues.append(refused_issue(exc))
        except OSError as exc:
            run.issues.append(refused_issue(os_refusal(run.sheet.with_suffix(".pdf"), exc)))


def cmd_forms(args: argparse.Namespace) -> int:
    _ = translator(args.lang)
    kind = KINDS[args.kind]
    if kind.command is not None:
        return kind.command(args)
    if kind.one_of and not any(getattr(args, d, None) for d in kind.one_of):
        flags = " | ".join(o.flag for o in ID_OPTIONS if o.dest in kind.one_of)
        print(_("salesdesk forms {kind} needs {flags}", kind=kind.key, flags=flags), file=sys.stderr)
        return 2
    if args.out and Path(args.out).exists() and not Path(args.out).is_dir():
        from ..io.fsguard import refusal

        print(issue_line(refused_issue(refusal(args.out, "output-not-folder")), args.lang), file=sys.stderr)
        return 1
    try:
        moment = as_of_argument(args)
    except AsOfUsage:
        return 2
    extra = {o.dest: getattr(args, o.dest, None) for k in KINDS.values() for o in k.options}
    request = FormRequest(getattr(args, "order_id", None), getattr(args, "quote_id", None), extra)
    run = run_forms(kind.key, [Path(p) for p in args.paths], request, pdf=args.pdf, out=Path(args.out) if args.out else None, as_of=moment)
    if args.json:
        print_json({"document": run.document.to_json() if run.document else None, "file": str(run.sheet) if run.sheet else None,
                    "pdf": str(run.pdf) if run.pdf else None, "issues": issues_json(run.issues, args.lang)})
        return run.exit_code()
    doc = run.document
    if doc is not None:
        print(f"{doc.title}  {doc.ref}" + (_("  DRAFT") if doc.draft else ""))
        for reason in doc.draft_reasons:
            print(f"    - [{reason.code}] {reason.text(args.lang)}")
    shown = {_key(r) for r in doc.draft_reasons} if doc else set()
    for issue in sorted(run.issues, key=sort_key):
        if _key(issue) not in shown:
            print(issue_line(issue, args.lang))
    print(summary_line(run.issues, args.lang))
    if run.sheet:
        print(_("Document: {path}", path=run.sheet))
    if run.pdf:
        print(_("PDF: {path}", path=run.pdf))
    for problem in run.problems:
        print(_(problem), file=sys.stderr)
    return run.exit_code()
