"""Contract draft (合同) from a quote: every number from the quote, the requirement form, the policy and the deadline rules.

Nothing is typed twice: items, prices and VAT come from pricing the quote;
arrival, installation, place and the response promise from its requirement
rows; the penalty from its order (else settings); payment milestones from
its order's payments (else the payment terms sheet), the quote's prepayment
share first; acceptance and notice days and the warranty from settings.
The clause texts come from the clauses sheet, so a lawyer edits them; their
`{placeholders}` are the names in `PLACEHOLDERS`. A draft quote, a missing
value or an unknown placeholder makes the contract a DRAFT, with reasons.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Sequence

from ..core.issues import Issue, file_issue
from ..core.values import money
from ..i18n import N_, both, pick, translator
from ..pricing.drafts import DraftReason, reason_from
from ..pricing.quote import QuotePrice
from ..pricing.text import pct, yuan
from ..schema.documents import CLAUSES, PAYMENT_TERMS, PLACEHOLDERS
from ..schema.orders import MILESTONES
from .capitals import capitals
from .context import FormContext, Row, hours, one_language, reasons, row_issue
from .contract_no import contract_no
from .model import Document, Facts, Grid, Paragraphs, Signatures
from .requirement import company_missing, not_found, requirement_checks

FIELD = re.compile(r"\{([^{}]*)\}")
BLANK = "______"
TRIGGERS = {"prepayment": N_("on signing"), "arrival": N_("on arrival"), "acceptance": N_("on acceptance or deemed acceptance")}


def _joined(rows: list[Row], key: str) -> object:
    """One value when every line agrees (a date stays a date), else "SKU: value" per line; None when none is given."""
    values = [(r.sku, getattr(r, key)) for _, r in rows if getattr(r, key) not in (None, "")]
    distinct = {v for _, v in values}
    if not distinct:
        return None
    if len(distinct) == 1:
        return distinct.pop()
    return "; ".join(f"{sku}: {v}" for sku, v in values)


def milestones(ctx: FormContext, quote: QuotePrice, order: Row | None) -> tuple[list[tuple[str, Decimal, int]], list[Issue]]:
    """(milestone, share, working days): the order's payments, else the payment terms sheet (else its defaults).

    The quote's prepayment share, when it has one, is the first milestone (domain.md, "Contract vs
    quote"): the quote's price rests on it. Order payments that prepay another share are printed with
    the quote's share instead (acceptance keeps its share while there is room, arrival takes the
    rest); the check's `prepay-share-mismatch` on those payment rows makes the contract a DRAFT
    (the payment rows are among the inputs it rests on: `payment_rows`).
    """
    if order is not None:
        rows = [(r.milestone, r.share, r.due_in_working_days) for _, r in payment_rows(ctx, order) if r.milestone and r.share is not None]
        prepaid = sum((s for m, s, _ in rows if m == "prepayment"), Decimal(0))
        if rows and (not quote.prepay_share or prepaid == quote.prepay_share):
            return [(m, s, int(d or 0)) for m, s, d in rows], []  # their sum is the check's finding (payment-shares-sum) on those rows
        if rows:
            return _with_quote_share(quote.prepay_share, rows), []
    terms = [(r.milestone, r.share, r.due_in_working_days) for _, r in ctx.tables.rows("payment_terms") if r.milestone and r.share is not None]
    if not terms:
        terms = [(str(d["milestone"]), Decimal(str(d["share"])), int(str(d["due_in_working_days"]))) for d in PAYMENT_TERMS.defaults]
    if quote.prepay_share:
        terms = _with_quote_share(quote.prepay_share, terms)
    return [(m, s, int(d or 0)) for m, s, d in terms if s], _sum_issue(terms)


def _with_quote_share(share: Decimal, terms: Sequence[tuple[str, Decimal, object]]) -> list[tuple[str, Decimal, int]]:
    """The quote's prepayment first; acceptance keeps its share while there is room; arrival takes the rest."""
    rest = max(Decimal(1) - share, Decimal(0))
    acceptance = min(next((s for m, s, _ in terms if m == "acceptance"), Decimal(0)), rest)
    shares = {"prepayment": share, "acceptance": acceptance, "arrival": rest - acceptance}
    days = {m: int(str(d or 0)) for m, _, d in terms}
    return [(m, shares[m], days.get(m, 5)) for m in ("prepayment", "arrival", "acceptance") if shares[m]]


def payment_rows(ctx: FormContext, order: Row) -> list[Row]:
    return ctx.every("payments", "order_id", order[1].order_id)


def _sum_issue(rows: Sequence[tuple[str, Decimal, object]]) -> list[Issue]:
    total = sum((s for _, s, _ in rows), Decimal(0))
    if total == 1:
        return []
    return [file_issue("", "payment-shares-sum", *both("Payment milestones add up to {total}, not 100%", total=pct(total)))]


def fill(text: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """The clause with its placeholders filled, and the names it uses that are not placeholders."""
    unknown = [name for name in FIELD.findall(text) if name not in PLACEHOLDERS]
    return FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text), unknown


def _clauses(ctx: FormContext, lang: str, values: dict[str, str]) -> tuple[list[str], list[Issue]]:
    _ = translator(lang)
    rows: list[tuple[Row | None, dict[str, object]]] = [((t, r), {k: getattr(r, k) for k in ("clause", "title_zh", "text_zh", "title_en", "text_en")})
                                                       for t, r in ctx.tables.rows("clauses") if r.clause]
    items, issues = [], []
    if not rows:  # the lawyer's clauses were not used: the contract says so, as a draft
        rows = [(None, dict(d)) for d in CLAUSES.defaults]
        issues.append(file_issue("", "clauses-defaults-used", *both("No contract clauses in the settings: salesdesk's default clauses were used")))
    for place, clause in rows:
        title, text = str(clause.get(f"title_{lang}") or ""), str(clause.get(f"text_{lang}") or "")
        if not text:
            issues.append(row_issue(place, f"text_{lang}", "clause-text-missing", value=clause["clause"]) if place else
                          file_issue("", "clause-text-missing", *both("Clause {c} has no text", c=clause["clause"])))
            continue
        filled, unknown = fill(text, values)
        for name in unknown:
            if place:
                issues.append(row_issue(place, f"text_{lang}", "clause-placeholder-unknown", (f"{{{name}}}", f"{{{name}}}"), clause["clause"]))
        items.append(_.labelled(title, filled) if title else filled)
    return items, issues


def contract_draft(ctx: FormContext, quote_id: str) -> tuple[Document | None, list[Issue]]:
    quote, pricing_issues = ctx.priced_quote(quote_id)
    if quote is None:
        return None, pricing_issues
    lang = quote.table.layout.lang
    _ = translator(lang)
    order = next(((t, r) for t, r in ctx.tables.rows("orders") if r.quote_id == quote_id), None)
    rows = ctx.requirements(order[1].order_id if order else None, quote_id)
    own = requirement_checks(ctx, rows) if rows else [not_found(None, quote_id)]
    name, contact, phone = ctx.customer(quote.customer_id)
    terms, payment_issues = milestones(ctx, quote, order)
    own += payment_issues
    o = order[1] if order else None
    response = min((r.response_hours for _, r in rows if r.response_hours is not None), default=None)
    response = response if response is not None else (o.response_hours if o and o.response_hours is not None else Decimal(str(ctx.setting("sla_first_response_hours", 1))))
    rate = o.penalty_rate_per_day if o and o.penalty_rate_per_day is not None else Decimal(str(ctx.setting("penalty_rate_per_day", "0.0005")))
    cap = o.penalty_cap if o and o.penalty_cap is not None else Decimal(str(ctx.setting("penalty_cap", "0.05")))
    total = quote.total_incl_vat
    number = contract_no(ctx.tables, quote_id, ctx.today, ctx.text("contract_no_pattern"))
    try:
        in_words = capitals(total)
    except ValueError:  # beyond the capitals' range (10^16 yuan): the figures stand alone; plausibility checks flag such a total
        in_words = BLANK
    amounts = [money(total * s) for _, s, _ in terms]
    if amounts:
        amounts[-1] = total - sum(amounts[:-1], Decimal(0))  # the last milestone takes the cents, so the amounts add up to the contract
    label = {c.key: pick((c.zh, c.en), lang) for c in MILESTONES}
    payment_text = _("; ").join(_("{milestone} {share} ({amount}) within {days} working days {trigger}", milestone=label.get(m, m), share=pct(s), amount=yuan(a), days=d, trigger=_(TRIGGERS.get(m, "")))
                                for (m, s, d), a in zip(terms, amounts))
    services = [one_language(s.name, lang) for s in quote.value_package] + [_("Gift: {name} × {qty} {unit}", name=ctx.product(g.sku, lang)[0], qty=g.qty, unit=g.unit) for g in quote.gifts]
    found = {"arrival_date": _joined(rows, "arrival_date"), "install_date": _joined(rows, "install_date"), "delivery_place": _joined(rows, "delivery_place")}
    for key, value in found.items():
        if value is None and rows:
            own.append(row_issue(rows[0], key, "contract-value-missing"))
    values = {
        "customer": name, "company": ctx.text("company_name") or BLANK, "total_incl_vat": yuan(total), "total_excl_vat": yuan(quote.total_excl_vat), "vat": yuan(quote.vat),
        "vat_rate": pct(quote.vat_rate), "notice_days": str(ctx.setting("notice_days_before", 2)), "acceptance_days": str(ctx.setting("acceptance_days", 3)),
        "payment_terms": payment_text or BLANK, "response_hours": hours(response), "penalty_rate": pct(rate), "penalty_cap": pct(cap),
        "warranty_months": str(ctx.setting("warranty_months", 12)), "services": _(", ").join(services) or _("none"),
        "contract_no": number, "quote_id": quote.quote_id, "total_in_words": in_words,
        **{k: (v.isoformat() if hasattr(v, "isoformat") else str(v)) if v is not None else BLANK for k, v in found.items()},
    }
    clauses, clause_issues = _clauses(ctx, lang, values)
    own += clause_issues
    items = tuple((l.price.sku, ctx.product(l.price.sku, lang)[0], l.product.unit, l.price.qty, l.price.net_unit, l.price.line_total) for l in quote.lines)
    gifts = tuple((g.sku, _("{name} (gift)", name=ctx.product(g.sku, lang)[0]), g.unit, g.qty, Decimal(0), Decimal(0)) for g in quote.gifts)
    blocks = (
        Facts("", ((_("Contract no."), number), (_("Buyer (Party A)"), name), (_("Contact"), contact), (_("Phone"), phone), (_("Seller (Party B)"), ctx.text("company_name")),
                   (_("Based on quote"), quote.quote_id), (_("Sales rep"), quote.owner_rep), (_("Form date"), ctx.today))),
        Grid(_("Products and price"), (_("SKU"), _("Product"), _("Unit"), _("Qty"), _("Unit price"), _("Amount")), items + gifts,
             ("text", "text", "text", "int", "money", "money"), (1, 2, 1, 1, 1, 2),
             ((_("Total excl. VAT"), quote.total_excl_vat), (_("VAT {rate}", rate=pct(quote.vat_rate)), quote.vat), (_("Total incl. VAT"), total))),
        Facts("", ((_("Contract total (in figures)"), yuan(total)), (_("Contract total (in Chinese capitals)"), in_words))),
        Grid(_("Payment milestones"), (_("Milestone"), _("Share"), _("Amount"), _("Trigger"), _("Due")),
             tuple((label.get(m, m), s, a, _(TRIGGERS.get(m, "")), _("+{days} working days", days=d)) for (m, s, d), a in zip(terms, amounts)),
             ("text", "percent", "money", "text", "text"), (2, 1, 2, 2, 1)),
        Paragraphs(_("Terms"), tuple(clauses)),
        Signatures(((_("Buyer (Party A)"), name), (_("Seller (Party B)"), ctx.text("company_name")))),
    )
    doubtful = ctx.doubtful(rows + ([order, *payment_rows(ctx, order)] if order else []))
    draft: tuple[DraftReason, ...] = (*quote.draft_reasons, *reasons(own, doubtful))
    if not ctx.text("company_name") and not any(r.code == "company-name-missing" for r in draft):
        draft = (*draft, reason_from(company_missing()))
    return Document("contract", quote_id, lang, _("Sales Contract (draft for signing)"), ctx.letterhead(), blocks, draft), own + pricing_issues
