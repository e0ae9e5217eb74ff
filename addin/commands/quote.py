"""`salesdesk quote`: price every quote, write the computed columns, a customer quote sheet each."""

from __future__ import annotations

import argparse
import gc
import sys
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterator

from ..core.annotate import annotation_patch
from ..core.issues import Issue, Severity, file_issue, has_errors
from ..core.tables import Tables
from ..deadlines.run import calendar_for
from ..i18n import N_, both, translator
from ..io.apply_patch import ApplyReport
from ..io.fsguard import os_refusal
from ..io.libreoffice import convert
from ..io.load import Loaded, Progress
from ..io.package import FileRefused
from ..io.progress import progress_bar, steps
from ..io.quote_sheet import quote_party, write_quote_sheet
from ..playbook.cases import cases_for_quotes
from ..pricing.computed import quotes_patch
from ..pricing.drafts import POLICY_SHEETS, DraftReason, reason_from, superseded
from ..pricing.policy import Policy, load_policy
from ..pricing.quote import QuotePrice, price_each, rep_advice
from ..pricing.turnaround import with_turnaround
from ..pricing.waterfall import approval_label, explain
from .check import collect_issues, own_tables, refused_issue
from .clock import AsOfUsage, as_of_argument
from .place import FileSink, Sink, Where, source_of
from .report import issue_line, issues_json, print_json, sort_key, summary_line
from .scope import file_paths, split

# The folder of customer quote sheets, named in the workbook's language (like its headers: data, not a message).
QUOTE_FOLDER = {"zh": "报价单", "en": "quotes"}


@dataclass
class QuoteRun:
    loaded: Loaded
    policy: Policy
    quotes: list[QuotePrice]
    issues: list[Issue]
    applied: ApplyReport | None = None
    sheets: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def drafts(self) -> list[QuotePrice]:
        return [q for q in self.quotes if q.draft]

    def exit_code(self) -> int:
        """0 clean; 1 errors in pricing's inputs, an unreadable input, a draft, or a failed export."""
        return 1 if has_errors(self.issues) or self.drafts or self.problems else 0


def company_missing(loaded: Loaded) -> Issue:
    """The company name is empty (settings sheet, or no settings at all): where to fill it in."""
    settings = next((t for t in loaded.tables.of("settings")), None)
    file = settings.file if settings else ", ".join(sorted({t.file for t in loaded.tables.tables})) or "settings.xlsx"
    zh, en = both("Company name is empty: fill in company_name on the settings sheet; until then every customer quote is a draft.")
    return Issue(file=file, sheet=settings.sheet if settings else "", row=None, column=None, code="company-name-missing", message_zh=zh, message_en=en)


QUOTE_SHEETS = ("quotes", "quote_lines", "price_list", *POLICY_SHEETS)
ANNOTATED = ("quotes", "quote_lines", "price_list")  # the rep's sheets that get notes for what quote found


def _key(item: Issue | DraftReason) -> tuple[object, ...]:
    return (item.file, item.sheet, item.row, item.column, item.code)


def _own(quotes: list[QuotePrice], pricing: list[Issue], tables: Tables, context: set[str], whole: bool) -> Callable[[Issue], bool]:
    """quote's job: its pricing findings, every input its quotes rest on, an input it could not read;
    without --quote also everything on the quote calculator's sheets of the files it was given."""
    reasons = {_key(r) for q in quotes for r in q.draft_reasons}
    priced = {_key(i) for i in pricing}
    sheets = {(t.file, t.sheet) for key in QUOTE_SHEETS for t in tables.of(key)} if whole else set()

    def own(issue: Issue) -> bool:
        if _key(issue) in priced or _key(issue) in reasons:
            return True  # wherever it is, even in a workbook read for reference: a quote rests on it
        if issue.file in context:
            return False
        unreadable = issue.row is None and issue.severity is Severity.ERROR
        return (issue.file, issue.sheet) in sheets or unreadable

    return own


def run_quote(
    paths: Where,
    quote_id: str | None = None,
    lang: str = "zh",
    write: bool = True,
    pdf: bool = False,
    out: Path | None = None,
    progress: Progress | None = None,
    as_of: date | None = None,
    sink: Sink | None = None,
    documents: bool = True,
) -> QuoteRun:
    """`lang` is the language of messages; what is written into a workbook follows that workbook's language.
    `paths`: files and folders, or any Source; `sink`: where the computed columns go (files by default);
    `documents`: also write the customer quote sheets (files, through the guard)."""
    today = as_of or date.today()  # the adapter reads the clock; the core is given it
    loaded, context = source_of(paths).read(progress)
    policy, policy_issues = load_policy(loaded.tables)
    found = collect_issues(loaded) + policy_issues
    # Every quote is priced, so the rep's sheets are annotated whole; only the chosen ones are reported and written.
    priced = price_each(loaded.tables, policy, as_of=today, input_issues=found)  # once: the chosen quote's findings are picked from it
    every_pricing = priced.issues()
    every, late = with_turnaround([q for q in priced.quotes if q.table.file not in context], loaded.tables, calendar_for(loaded.tables, loaded.settings)[0])
    every_pricing += late
    quotes = [q for q in every if not quote_id or q.quote_id == quote_id]
    pricing = every_pricing if not quote_id else priced.issues(quote_id)
    pricing += [i for i in late if quote_id and (i.file, i.sheet, i.row) in {(q.table.file, q.table.sheet, q.row) for q in quotes}]
    party = quote_party(loaded.settings, loaded.tables)
    if not party.company and quotes:  # a quote without the company's name is not one to send: a draft, with a warning
        missing_company = company_missing(loaded)
        quotes = [replace(q, draft_reasons=(*q.draft_reasons, reason_from(missing_company))) for q in quotes]
        pricing = [*pricing, missing_company]
        every_pricing = [*every_pricing, missing_company]
    pool = every_pricing + superseded(every_pricing, found)
    if quote_id and not quotes:
        pricing = [file_issue(", ".join(str(p) for p in paths) if isinstance(paths, list) else ", ".join(str(f) for f in loaded.files), "quote-not-found", *both("No quote {quote_id} found", quote_id=quote_id))]
        pool += pricing
    mine = own_tables(loaded, context)
    run = QuoteRun(loaded, policy, quotes, split(pool, _own(quotes, pricing, mine, context, whole=not quote_id), "quote", file_paths(loaded)))
    if not write or not quotes:
        return run
    marked = Tables([t for key in ANNOTATED for t in mine.of(key)])
    patch = quotes_patch(quotes, policy)
    patch.extend(annotation_patch(marked, pool))
    run.applied = (sink or FileSink()).write(patch, int(getattr(loaded.settings, "backups_kept", 5)))
    run.issues.extend(refused_issue(r) for r in run.applied.refused)
    if not documents:
        return run
    kept_twice = {q for q, n in Counter(q.quote_id for q in quotes).items() if n > 1}
    cases = cases_for_quotes(loaded.tables)  # the case library on the quote (issue 24)
    step = steps(progress, len(quotes), translator(lang)(N_("Quote sheets")))
    for quote in quotes:
        if quote.quote_id in kept_twice:  # drafts both (duplicate-id); each keeps its own file, told apart by its row
            quote = replace(quote, quote_id=f"{quote.quote_id}-{quote.table.sheet}{quote.row}")
        doc_lang = quote.table.layout.lang  # the customer's document is in the workbook's language
        folder = out or (quote.table.path.parent / QUOTE_FOLDER.get(doc_lang, QUOTE_FOLDER["en"]))  # type: ignore[union-attr]
        if step:
            step(quote.quote_id)
        try:
            shown = tuple(c.line(doc_lang) + (f" {c.testimonial}" if c.testimonial else "") for c in cases.get(quote.quote_id, ()))
            sheet = write_quote_sheet(quote, policy, party, folder, doc_lang, shown)
        except FileRefused as exc:
            run.issues.append(refused_issue(exc))
            continue
        except OSError as exc:  # e.g. the quote folder cannot be created: a coded refusal, the run goes on
            run.issues.append(refused_issue(os_refusal(folder, exc)))
            continue
        run.sheets.append(sheet)
        if pdf:
            try:
                run.pdfs.append(convert(sheet, "pdf", sheet.parent))
            except RuntimeError as exc:
                run.problems.append(str(exc))
            except FileRefused as exc:  # the PDF refused (a customer's signed copy, a full disk): said, never claimed
                run.issues.append(refused_issue(exc))
            except OSError as exc:
                run.issues.append(refused_issue(os_refusal(sheet.with_suffix(".pdf"), exc)))
    return run


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _rate(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.0001'))}"


def value_json(quote: QuotePrice, lang: str) -> dict[str, object] | None:
    """The value calculator's case (pricing/value.py): money as strings; None when the quote has no baseline."""
    case = quote.value
    if case is None:
        return None
    return {
        "yearly_saving": _money(case.yearly_saving),
        "difference": _money(case.difference),
        "against_alternative": case.against_alternative,
        "payback_months": case.payback_months,
        "savings": [{"kind": s.kind, "amount": _money(s.amount), "text": s.text(lang)} for s in case.savings],
        "text": case.text(lang),
    }


def quotes_json(run: QuoteRun, lang: str) -> dict[str, object]:
    """The contract of issue #3: money as strings ("931.59"), nothing lost to floats."""
    return {
        "quotes": [
            {
                "quote_id": q.quote_id,
                "customer_id": q.customer_id,
                "tier": q.tier,
                "cooperation_years": q.cooperation_years,
                "total_list": _money(q.total_list),
                "total_excl_vat": _money(q.total_excl_vat),
                "vat": _money(q.vat),
                "total_incl_vat": _money(q.total_incl_vat),
                "effective_discount": _rate(q.effective_discount),
                "approval": q.approval,
                "approval_status": q.approval_state.status if q.approval_state else None,  # pipeline/approvals.py
                "approved_by": q.approval_state.approver or None if q.approval_state else None,
                "blocked": q.blocked,
                "margin": _money(q.margin),
                "rep_advice": rep_advice(q, run.policy, lang),
                "draft": q.draft,
                "draft_reasons": [r.to_json(lang) for r in q.draft_reasons],
                "unpriced_lines": [{"row": u.row, "sku": u.sku, "qty": u.qty if isinstance(u.qty, int) else None} for u in q.unpriced],
                "gifts": [{"sku": g.sku, "qty": g.qty, "list_price": _money(g.list_price), "value": _money(g.value), "for_sku": g.for_sku} for g in q.gifts],
                "value_package": [{"service": s.name, "value": _money(s.value)} for s in q.value_package],
                "turnaround_hours": None if q.turnaround_hours is None else f"{q.turnaround_hours:.2f}",
                "value": value_json(q, lang),
                "lines": [
                    {
                        "row": line.row,
                        "sku": p.sku,
                        "qty": p.qty,
                        "list_price": _money(p.list_price),
                        "volume_discount": _rate(p.volume),
                        "prepay_discount": _rate(p.prepay),
                        "loyalty_discount": _rate(p.loyalty),
                        "negotiated_discount": _rate(p.negotiated),
                        "net_unit_price": _money(p.net_unit),
                        "line_total": _money(p.line_total),
                        "effective_discount": _rate(p.effective_discount),
                        "approval": p.approval,
                        "blocked": p.blocked,
                        "explanation": explain(p, lang),
                    }
                    for line in q.lines
                    for p in (line.price,)
                ],
            }
            for q in run.quotes
        ],
        "issues": issues_json(run.issues, lang),
    }


@contextmanager
def _cycles_collected_after() -> Iterator[None]:
    """No cyclic garbage collection while a book is priced: the run allocates millions of small objects that
    live to its end, and each collector pass walks them all (a third of the CPU time at 100k quotes);
    the collector is back on when the book is priced (a long-lived process, the ribbon, keeps collecting)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def run_quote_cli(args: argparse.Namespace) -> int:
    _ = translator(args.lang)
    try:
        moment = as_of_argument(args)
    except AsOfUsage:
        return 2
    with progress_bar(enabled=not (args.quiet or args.json)) as advance, _cycles_collected_after():
        run = run_quote([Path(p) for p in args.paths], quote_id=args.quote_id, lang=args.lang, pdf=args.pdf, out=Path(args.out) if args.out else None,
                        progress=advance, as_of=moment.date() if moment else None)
    if args.json:
        print_json(quotes_json(run, args.lang))
        return run.exit_code()
    for q in run.quotes:
        flag = _("  BLOCKED") if q.blocked else ""
        draft = _("  DRAFT") if q.draft else ""
        totals = _("{excl} + VAT {vat} = {incl}", excl=format(q.total_excl_vat, ",.2f"), vat=format(q.vat, ",.2f"), incl=format(q.total_incl_vat, ",.2f"))
        state = q.approval_state
        approved = ""
        if state is not None and state.approver:  # the internal status, as the rep's sheet shows it
            approved = " " + _("({status}: {who})", status=q.table.spec.column("approval_status").choice_label(state.status, args.lang), who=state.approver)
        print(f"{q.quote_id}  {q.customer_name}  {totals}  {approval_label(q.approval, args.lang)}{approved}{flag}{draft}")
        for reason in q.draft_reasons:
            print(f"    - [{reason.code}] {reason.text(args.lang)}")
        advice = rep_advice(q, run.policy, args.lang)
        if advice:
            print(_("    within your authority: {advice}", advice=advice))
    shown = {_key(r) for q in run.quotes for r in q.draft_reasons}
    for issue in sorted(run.issues, key=sort_key):
        if _key(issue) not in shown or issue.code == "price-below-floor":  # the floor itself is only for the rep's eyes
            print(issue_line(issue, args.lang))
    print(summary_line(run.issues, args.lang))
    if run.drafts:
        print(_.n("{n} quote left as DRAFT (reasons above): not for the customer.", "{n} quotes left as DRAFT (reasons above): not for the customer.", len(run.drafts)))
    if run.sheets:
        print(_("Customer quote sheets: {folder} ({n})", folder=run.sheets[0].parent, n=len(run.sheets)))
    for path in run.pdfs[:1]:
        print(_("PDF: {folder} ({n})", folder=path.parent, n=len(run.pdfs)))
    for problem in run.problems[:3]:
        print(_(problem), file=sys.stderr)  # a known msgid (no LibreOffice) in the run's language; LibreOffice's own words as they are
    return run.exit_code()
