"""`salesdesk quote`: price every quote, write the computed columns, a customer quote sheet each."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Callable

from ..core.annotate import annotation_patch
from ..core.issues import Issue, Severity, file_issue, has_errors
from ..core.tables import Tables
from ..i18n import both
from ..io.apply_patch import ApplyReport, apply_patch
from ..io.fsguard import os_refusal
from ..io.libreoffice import convert
from ..io.load import Loaded, Progress, load
from ..io.package import FileRefused
from ..io.quote_sheet import quote_party, write_quote_sheet
from ..pricing.computed import quotes_patch
from ..pricing.drafts import POLICY_SHEETS, DraftReason, reason_from, superseded
from ..pricing.policy import Policy, load_policy
from ..pricing.quote import QuotePrice, price_quotes, rep_advice
from ..pricing.waterfall import explain
from .check import collect_issues, own_tables, refused_issue
from .report import issue_line, issues_json, sort_key, summary_line
from .scope import context_files, split, with_siblings


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
    paths: list[Path],
    quote_id: str | None = None,
    lang: str = "zh",
    write: bool = True,
    pdf: bool = False,
    out: Path | None = None,
    progress: Progress | None = None,
    as_of: date | None = None,
) -> QuoteRun:
    """`lang` is the language of messages; what is written into a workbook follows that workbook's language."""
    today = as_of or date.today()  # the adapter reads the clock; the core is given it
    inputs = with_siblings(paths)
    loaded = load(inputs.all, progress)
    context = context_files(loaded, inputs)
    policy, policy_issues = load_policy(loaded.tables)
    found = collect_issues(loaded) + policy_issues
    # Every quote is priced, so the rep's sheets are annotated whole; only the chosen ones are reported and written.
    every, every_pricing = price_quotes(loaded.tables, policy, as_of=today, input_issues=found)
    every = [q for q in every if q.table.file not in context]
    quotes = [q for q in every if not quote_id or q.quote_id == quote_id]
    pricing = every_pricing if not quote_id else price_quotes(loaded.tables, policy, quote_id, as_of=today, input_issues=found)[1]
    party = quote_party(loaded.settings, loaded.tables)
    if not party.company and quotes:  # a quote without the company's name is not one to send: a draft, with a warning
        missing_company = company_missing(loaded)
        quotes = [replace(q, draft_reasons=(*q.draft_reasons, reason_from(missing_company))) for q in quotes]
        pricing = [*pricing, missing_company]
        every_pricing = [*every_pricing, missing_company]
    pool = every_pricing + superseded(every_pricing, found)
    if quote_id and not quotes:
        pricing = [file_issue(", ".join(str(p) for p in paths), "quote-not-found", f"没有找到报价单 {quote_id}", f"No quote {quote_id} found")]
        pool += pricing
    mine = own_tables(loaded, context)
    run = QuoteRun(loaded, policy, quotes, split(pool, _own(quotes, pricing, mine, context, whole=not quote_id), "quote"))
    if not write or not quotes:
        return run
    marked = Tables([t for key in ANNOTATED for t in mine.of(key)])
    patch = quotes_patch(quotes, policy)
    patch.extend(annotation_patch(marked, pool, lang))
    run.applied = apply_patch(patch, int(getattr(loaded.settings, "backups_kept", 5)))
    run.issues.extend(refused_issue(r) for r in run.applied.refused)
    for number, quote in enumerate(quotes, 1):
        doc_lang = quote.table.layout.lang  # the customer's document is in the workbook's language
        folder = out or (quote.table.path.parent / ("报价单" if doc_lang == "zh" else "quotes"))  # type: ignore[union-attr]
        if progress and number % 20 == 0:
            progress(f"quote sheets {number}/{len(quotes)}")
        try:
            sheet = write_quote_sheet(quote, policy, party, folder, doc_lang)
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
    return run


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _rate(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.0001'))}"


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
                "blocked": q.blocked,
                "margin": _money(q.margin),
                "rep_advice": rep_advice(q, run.policy, lang),
                "draft": q.draft,
                "draft_reasons": [r.to_json(lang) for r in q.draft_reasons],
                "unpriced_lines": [{"row": u.row, "sku": u.sku, "qty": u.qty if isinstance(u.qty, int) else None} for u in q.unpriced],
                "gifts": [{"sku": g.sku, "qty": g.qty, "list_price": _money(g.list_price), "value": _money(g.value), "for_sku": g.for_sku} for g in q.gifts],
                "value_package": [{"service": s.name, "value": _money(s.value)} for s in q.value_package],
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


def _as_of(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def run_quote_cli(args: argparse.Namespace) -> int:
    progress = None if args.quiet or args.json else (lambda m: print(m, file=sys.stderr, flush=True))
    run = run_quote([Path(p) for p in args.paths], quote_id=args.quote_id, lang=args.lang, pdf=args.pdf, out=Path(args.out) if args.out else None,
                    progress=progress, as_of=_as_of(getattr(args, "as_of", None)))
    zh = args.lang == "zh"
    if args.json:
        json.dump(quotes_json(run, args.lang), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for q in run.quotes:
            flag = ("  低于底价！" if zh else "  BLOCKED") if q.blocked else ""
            draft = ("  草稿" if zh else "  DRAFT") if q.draft else ""
            print(f"{q.quote_id}  {q.customer_name}  {q.total_excl_vat:,.2f} + VAT {q.vat:,.2f} = {q.total_incl_vat:,.2f}  {q.approval}{flag}{draft}")
            for reason in q.draft_reasons:
                print(f"    - [{reason.code}] {reason.text(args.lang)}")
            advice = rep_advice(q, run.policy, args.lang)
            if advice:
                print(("    权限内建议：" if zh else "    within your authority: ") + advice)
        shown = {_key(r) for q in run.quotes for r in q.draft_reasons}
        for issue in sorted(run.issues, key=sort_key):
            if _key(issue) not in shown or issue.code == "price-below-floor":  # the floor itself is only for the rep's eyes
                print(issue_line(issue, args.lang))
        print(summary_line(run.issues, args.lang))
        if run.drafts:
            print((f"{len(run.drafts)} 张报价单为草稿（原因见上），不可发送给客户。" if zh else f"{len(run.drafts)} quote(s) left as DRAFT (reasons above): not for the customer."))
        if run.sheets:
            print(("客户报价单已写入：" if zh else "Customer quote sheets: ") + str(run.sheets[0].parent) + f" ({len(run.sheets)})")
        for path in run.pdfs[:1]:
            print("PDF: " + str(path.parent) + f" ({len(run.pdfs)})")
        for problem in run.problems[:3]:
            print(problem, file=sys.stderr)
    return run.exit_code()
