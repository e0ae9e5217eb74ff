"""The approval request (审批申请单) for a quote above the rep's authority: one internal page for the manager.

What: the quote, customer, lines and totals. Why: each line's effective
discount and the level it needs (domain.md "Reference rules", Pricing:
<= 10% rep, <= 15% sales manager, above director). The waterfall in words
per line, the margin over the floor and over cost (internal figures: this
page never goes to the customer), and what stays within the rep's
authority (pricing/quote.py `rep_advice`). The approval state recorded on
the quote (pipeline/approvals.py) is shown; the request is a DRAFT only
when an input it rests on is doubtful (the approval reasons themselves are
what it asks about, not a reason to hold it back).
"""

from __future__ import annotations

from decimal import Decimal

from ..core.issues import Issue
from ..core.values import money
from ..i18n import translator
from ..pricing.quote import rep_advice
from ..pricing.text import pct, yuan
from ..pricing.waterfall import approval_label, explain
from .context import FormContext
from .model import Document, Facts, Grid, Paragraphs, Signatures

APPROVAL_CODES = frozenset({"approval-required", "approval-insufficient", "approval-stale"})


def approval_request(ctx: FormContext, quote_id: str) -> tuple[Document | None, list[Issue]]:
    quote, issues = ctx.priced_quote(quote_id)
    if quote is None:
        return None, issues
    lang = quote.table.layout.lang
    _ = translator(lang)
    name, _contact, _phone = ctx.customer(quote.customer_id)
    state = quote.approval_state
    status = quote.table.spec.column("approval_status").choice_label(state.status, lang) if state else "-"
    over_floor = money(sum(((l.price.net_unit - l.price.floor_price) * l.price.qty for l in quote.lines if l.product.floor_price is not None), Decimal(0)))
    facts = Facts("", (
        (_("Quote"), quote.quote_id), (_("Customer"), name), (_("Sales rep"), quote.owner_rep), (_("Quote date"), quote.quote_date),
        (_("Prepayment share"), pct(quote.prepay_share)), (_("Approval needed"), approval_label(quote.approval, lang)),
        (_("Approval status"), status), (_("Approved by"), state.approver if state and state.approver else "-"),
        (_("Total at list"), yuan(quote.total_list)), (_("Total excl. VAT"), yuan(quote.total_excl_vat)),
        (_("Effective discount"), pct(quote.effective_discount)), (_("Margin over floor"), yuan(over_floor)),
        (_("Margin over cost"), yuan(quote.margin) if quote.margin is not None else "-"),
        (_("Margin rate"), pct(quote.margin_rate) if quote.margin_rate is not None else "-"),
    ))
    rows = tuple((l.price.sku, l.price.qty, l.price.list_price, l.price.net_unit, l.price.effective_discount,
                  l.product.floor_price, l.product.cost, approval_label(l.price.approval, lang)) for l in quote.lines)
    grid = Grid(_("Lines"), (_("SKU"), _("Qty"), _("List price"), _("Net unit price"), _("Effective discount"), _("Floor price"), _("Cost"), _("Needs")),
                rows, ("text", "int", "money", "money", "percent", "money", "money", "text"), (1, 1, 1, 1, 1, 1, 1, 1))
    why = tuple(_("{sku}: effective discount {discount} needs {who}", sku=l.price.sku, discount=pct(l.price.effective_discount),
                  who=approval_label(l.price.approval, lang)) for l in quote.lines if l.price.approval != "rep") or (_("Within the rep's authority: no approval needed."),)
    waterfall = tuple(f"{l.price.sku}: {explain(l.price, lang)}" for l in quote.lines)
    advice = tuple(a for a in rep_advice(quote, ctx.policy, lang).split(_("; ")) if a) or (_("none"),)
    blocks = (
        facts, grid,
        Paragraphs(_("Why it needs approval"), why),
        Paragraphs(_("Price waterfall"), waterfall),
        Paragraphs(_("Within the rep's authority instead"), advice),
        Signatures(((_("Requested by"), quote.owner_rep), (_("Approved by"), "")), stamp=False),
    )
    draft = tuple(r for r in quote.draft_reasons if r.code not in APPROVAL_CODES)
    return Document("approval", quote_id, lang, _("Approval request (internal)"), ctx.letterhead(), blocks, draft), issues
