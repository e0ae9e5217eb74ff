"""Delivery and close (交付验收与收尾): acceptance checklist, service report, satisfaction survey, per order.

The deemed-acceptance date comes from the deadline rules (addin/deadlines):
the end of the `acceptance_days`th day after arrival; before arrival, from
the planned arrival. The survey's answers go back into the feedback log
(tickets sheet: kind suggestion, `satisfaction` 1-5, one row per suggestion
with its category), and the form says so in the workbook's own headers.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from ..core.issues import Issue, file_issue
from ..deadlines.orders import acceptance
from ..deadlines.rules import add_months
from ..i18n import both, translator
from ..schema.catalog import sheet_spec
from .context import FormContext, Row, hours, one_language, reasons, row_issue
from .model import Document, Facts, Grid, Paragraphs, Signatures

BOX = "□"


def _order(ctx: FormContext, order_id: str) -> tuple[Row | None, list[Issue]]:
    found = ctx.first("orders", "order_id", order_id)
    if found is None:
        return None, [file_issue("", "order-not-found", *both("No order {order_id} found", order_id=order_id))]
    return found, []


def _lines(ctx: FormContext, order_id: str) -> list[Row]:
    return ctx.every("order_lines", "order_id", order_id)


def deemed_acceptance(ctx: FormContext, order: Row) -> tuple[date | None, str | None, bool]:
    """(deemed-acceptance date, acceptance status, from the planned arrival?) by the deadline rules."""
    rules = ctx.rules()
    due, status, _accepted = acceptance(order[1], rules)
    if due is not None:
        return due.date(), status, False
    planned = order[1].planned_arrival
    return (planned + timedelta(days=rules.acceptance_days) if planned else None), None, True


def _base(ctx: FormContext, order: Row, lang: str, extra: tuple[tuple[str, object], ...] = ()) -> Facts:
    _ = translator(lang)
    o = order[1]
    name, contact, phone = ctx.customer(o.customer_id)
    return Facts("", ((_("Customer"), name), (_("Contact"), contact), (_("Phone"), phone), (_("Order no."), o.order_id), (_("Sales rep"), o.owner_rep), *extra))


def _draft(ctx: FormContext, own: list[Issue], rows: list[Row]) -> tuple:
    return reasons(own, ctx.doubtful(rows))


def acceptance_checklist(ctx: FormContext, order_id: str) -> tuple[Document | None, list[Issue]]:
    order, missing = _order(ctx, order_id)
    if order is None:
        return None, missing
    lang = order[0].layout.lang
    _ = translator(lang)
    lines, reqs = _lines(ctx, order_id), ctx.requirements(order_id)
    accessories = {r.sku: r.accessories for _t, r in reqs if r.accessories}
    deemed, status, planned = deemed_acceptance(ctx, order)
    arrived = order[1].arrived_at
    facts = _base(ctx, order, lang, ((_("Arrived"), arrived.date() if arrived else _("not yet (planned {d})", d=order[1].planned_arrival)),
                                     (_("Delivery place"), next((r.delivery_place for _t, r in reqs if r.delivery_place), "")),
                                     (_("Deemed accepted"), deemed)))
    check = _("{box} pass  {box} fail", box=BOX)
    rows = tuple((l.sku, ctx.product(l.sku, lang)[0], l.qty, "", one_language(accessories.get(l.sku, ""), lang) or "-", check, check, "") for _t, l in lines)
    grid = Grid(_("Items delivered"), (_("SKU"), _("Product"), _("Qty"), _("Qty received"), _("Accessories"), _("Appearance"), _("Function"), _("Remarks")),
                rows, ("text", "text", "qty", "text", "text", "text", "text", "text"), (1,) * 8)
    criteria = tuple(f"{r.sku}: {one_language(r.acceptance_criteria, lang)}" for _t, r in reqs if r.acceptance_criteria) or (
        _("Appearance: no visible damage, every accessory present."), _("Function: the function test passes."))
    days = ctx.setting("acceptance_days", 3)
    clause = (_("The customer accepts within {days} days of arrival; without acceptance or a written objection the delivery is deemed accepted on {date}.",
                days=days, date=deemed.isoformat() if deemed else "______")
              + (" " + _("(Counted from the planned arrival; the actual arrival date decides.)") if planned else ""))
    evidence = ctx.text("evidence_location") or "______________________"
    blocks = (facts, grid, Paragraphs(_("Acceptance criteria"), criteria),
              Paragraphs(_("Photos and video"), (_("Photos or video of the acceptance are taken on site and kept at: {place}", place=evidence),), numbered=False),
              Paragraphs(_("Deemed acceptance"), (clause,), numbered=False),
              Paragraphs(_("Result"), (_("{box} Accepted    {box} Accepted with remarks    {box} Not accepted (reasons in the remarks)", box=BOX),), numbered=False),
              Signatures(((_("Customer (accepted by)"), ctx.customer(order[1].customer_id)[0]), (_("Seller (delivered by)"), ctx.text("company_name")))))
    own: list[Issue] = [] if lines else [row_issue(order, "order_id", "order-has-no-lines", value=order_id)]
    doc = Document("acceptance", order_id, lang, _("Acceptance Checklist"), ctx.letterhead(), blocks, _draft(ctx, own, [order, *lines, *reqs]))
    return doc, own


def service_report(ctx: FormContext, order_id: str) -> tuple[Document | None, list[Issue]]:
    order, missing = _order(ctx, order_id)
    if order is None:
        return None, missing
    lang = order[0].layout.lang
    _ = translator(lang)
    o, lines, reqs = order[1], _lines(ctx, order_id), ctx.requirements(order_id)
    deemed, status, _planned = deemed_acceptance(ctx, order)
    accepted_on = o.accepted_at.date() if status == "accepted" and o.accepted_at else deemed if status == "deemed_accepted" else None
    warranty = add_months(accepted_on, int(ctx.setting("warranty_months", 12))) if accepted_on else None
    own: list[Issue] = []
    if accepted_on is None:
        own.append(row_issue(order, "accepted_at", "service-before-acceptance"))
    response = min((r.response_hours for _t, r in reqs if r.response_hours is not None), default=o.response_hours)
    response = response if response is not None else Decimal(str(ctx.setting("sla_first_response_hours", 1)))
    facts = _base(ctx, order, lang, ((_("Arrived"), o.arrived_at.date() if o.arrived_at else None), (_("Installed"), o.installed_at.date() if o.installed_at else None),
                                     (_("Accepted"), accepted_on), (_("Warranty until"), warranty)))
    skus = {l.sku for _t, l in lines}
    notes = [(n.kind, one_language(n.title, lang), one_language(n.text, lang)) for _t, n in ctx.tables.rows("service_notes") if n.title and (not n.sku or n.sku in skus)]
    if not ctx.tables.of("service_notes"):
        notes = [(str(d["kind"]), one_language(str(d["title"]), lang), one_language(str(d["text"]), lang)) for d in sheet_spec("service_notes").defaults]
    contact, phone = ctx.text("service_contact"), ctx.text("service_phone")
    if not (contact or phone):
        own.append(file_issue("", "service-contact-missing", *both("No after-sales contact: fill in service_contact and service_phone on the settings sheet.")))
    blocks = (
        facts,
        Grid(_("Delivered"), (_("SKU"), _("Product"), _("Unit"), _("Qty")), tuple((l.sku, *ctx.product(l.sku, lang), l.qty) for _t, l in lines),
             ("text", "text", "text", "qty"), (1, 5, 1, 1)),
        Paragraphs(_("Usage guides"), tuple(f"{t}: {x}" for k, t, x in notes if k == "guide") or (_("none"),)),
        Facts(_("After-sales"), ((_("Sales rep"), o.owner_rep), (_("After-sales contact"), contact or "-"), (_("After-sales phone"), phone or "-"),
                                 (_("First response"), _("within {h} hours, 7×24", h=hours(response))),
                                 (_("Solution"), _("within {h} hours", h=hours(Decimal(str(ctx.setting("sla_solution_hours", 48)))))),
                                 (_("On-site inspection"), _("every {days} days during the warranty", days=ctx.setting("inspection_days", 90))))),
        Paragraphs(_("Frequently asked questions"), tuple(_("Q: {q}  A: {a}", q=t, a=x) for k, t, x in notes if k == "faq") or (_("none"),)),
        Signatures(((_("Customer (received by)"), ctx.customer(o.customer_id)[0]), (_("Seller"), ctx.text("company_name")))),
    )
    return Document("service", order_id, lang, _("Service Report"), ctx.letterhead(), blocks, _draft(ctx, own, [order, *lines])), own


def satisfaction_survey(ctx: FormContext, order_id: str) -> tuple[Document | None, list[Issue]]:
    """The customer's survey: scores and suggestions only (nothing addressed to the rep is printed on it).
    The rep types the answers into the feedback log's tickets: the overall score as a suggestion row of this
    customer and order (satisfaction = the score), each suggestion as its own row with its category."""
    order, missing = _order(ctx, order_id)
    if order is None:
        return None, missing
    lang = order[0].layout.lang
    _ = translator(lang)
    boxes = tuple(f"{BOX} {n}" for n in range(1, 6))
    questions = (_("Overall satisfaction"), _("Product quality"), _("Delivery on time"), _("Installation and training"), _("After-sales response"), _("Would you recommend us?"))
    category = sheet_spec("tickets").column("category")
    blank = "_" * 60
    blocks = (
        _base(ctx, order, lang, ((_("Form date"), ctx.today),)),
        Grid(_("Please tick one score per line (5 = very satisfied)"), (_("Question"), "1", "2", "3", "4", "5"),
             tuple((q, *boxes) for q in questions), ("text", *("box",) * 5), (3, 1, 1, 1, 1, 1)),
        Paragraphs(_("Your suggestions"), tuple(f"{BOX} {category.choice_label(c, lang)}: {blank}" for c in ("product", "service", "process"))),
        Signatures(((_("Customer"), ctx.customer(order[1].customer_id)[0]),), stamp=False),
    )
    return Document("survey", order_id, lang, _("Satisfaction Survey"), ctx.letterhead(), blocks, _draft(ctx, [], [order])), []
