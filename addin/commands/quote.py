"""`salesdesk quote`: price every quote, write the computed columns, a customer quote sheet each."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..core.issues import Issue, has_errors
from ..io.apply_patch import ApplyReport, apply_patch
from ..io.fsguard import os_refusal
from ..io.libreoffice import convert
from ..io.load import Loaded, Progress, load
from ..io.package import FileRefused
from ..io.quote_sheet import write_quote_sheet
from ..pricing.computed import quotes_patch
from ..pricing.policy import Policy, load_policy
from ..pricing.quote import QuotePrice, price_quotes, rep_advice
from ..pricing.waterfall import explain
from .check import collect_issues, refused_issue
from .report import issue_line, issues_json, sort_key, summary_line


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


def run_quote(
    paths: list[Path],
    quote_id: str | None = None,
    lang: str = "zh",
    write: bool = True,
    pdf: bool = False,
    out: Path | None = None,
    progress: Progress | None = None,
) -> QuoteRun:
    loaded = load(paths, progress)
    policy, policy_issues = load_policy(loaded.tables)
    quotes, pricing_issues = price_quotes(loaded.tables, policy, only=quote_id)
    issues = collect_issues(loaded) + policy_issues + pricing_issues
    run = QuoteRun(loaded, policy, quotes, issues)
    if not write or not quotes:
        return run
    run.applied = apply_patch(quotes_patch(quotes, policy, lang), int(getattr(loaded.settings, "backups_kept", 5)))
    run.issues.extend(refused_issue(r) for r in run.applied.refused)
    company = str(getattr(loaded.settings, "company_name", ""))
    for number, quote in enumerate(quotes, 1):
        folder = out or (quote.table.path.parent / ("报价单" if lang == "zh" else "quotes"))  # type: ignore[union-attr]
        if progress and number % 20 == 0:
            progress(f"quote sheets {number}/{len(quotes)}")
        try:
            sheet = write_quote_sheet(quote, policy, company, folder, lang)
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


def run_quote_cli(args: argparse.Namespace) -> int:
    progress = None if args.quiet or args.json else (lambda m: print(m, file=sys.stderr, flush=True))
    run = run_quote([Path(p) for p in args.paths], quote_id=args.quote_id, lang=args.lang, pdf=args.pdf, out=Path(args.out) if args.out else None, progress=progress)
    zh = args.lang == "zh"
    if args.json:
        json.dump(quotes_json(run, args.lang), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        if args.quote_id and not run.quotes:
            print((f"没有找到报价单 {args.quote_id}" if zh else f"No quote {args.quote_id} found"), file=sys.stderr)
        for q in run.quotes:
            flag = ("  低于底价！" if zh else "  BLOCKED") if q.blocked else ""
            print(f"{q.quote_id}  {q.customer_name}  {q.total_excl_vat:,.2f} + VAT {q.vat:,.2f} = {q.total_incl_vat:,.2f}  {q.approval}{flag}")
            advice = rep_advice(q, run.policy, args.lang)
            if advice:
                print(("    权限内建议：" if zh else "    within your authority: ") + advice)
        for issue in sorted(run.issues, key=sort_key):
            print(issue_line(issue, args.lang))
        print(summary_line(run.issues, args.lang))
        if run.sheets:
            print(("客户报价单已写入：" if zh else "Customer quote sheets: ") + str(run.sheets[0].parent) + f" ({len(run.sheets)})")
        for path in run.pdfs[:1]:
            print("PDF: " + str(path.parent) + f" ({len(run.pdfs)})")
        for problem in run.problems[:3]:
            print(problem, file=sys.stderr)
    if args.quote_id and not run.quotes:
        return 1
    return 1 if has_errors(run.issues) or run.problems else 0
