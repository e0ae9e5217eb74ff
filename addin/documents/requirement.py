"""Requirement confirmation (需求确认单): the form for the customer to sign, checked first.

The checks (addin/checks/requirements.py, stable codes in both languages)
run on the form's rows; any finding makes the form a DRAFT with reasons.
"""

from __future__ import annotations

from ..checks.requirements import fastest_response
from ..checks.requirements import requirement_checks as checks_on
from ..core.issues import Issue, file_issue
from ..i18n import both, both_with, translator
from ..schema.catalog import sheet_spec
from .context import FormContext, Row, hours, one_language, reasons, yes_no
from .model import Block, Document, Facts, Grid, Paragraphs, Signatures


def requirement_checks(ctx: FormContext, rows: list[Row]) -> list[Issue]:
    """The form's own checks (addin/checks/requirements.py, as `check` runs them), on the form's rows."""
    return checks_on(ctx.tables, rows, fastest_response(ctx.tables))


def not_found(order_id: str | None, quote_id: str | None) -> Issue:
    if order_id:
        return file_issue("", "requirement-not-found", *both("No requirement rows for order {ref}", ref=order_id))
    return file_issue("", "requirement-not-found", *both("No requirement rows for quote {ref}", ref=quote_id or ""))


def _customisation(r: object, lang: str) -> str:
    _ = translator(lang)
    parts = ((_("colour"), getattr(r, "colour", None)), (_("interface"), getattr(r, "interface_type", None)), ("", getattr(r, "customisation", None)))
    return _("; ").join(f"{label}: {value}" if label else str(value) for label, value in parts if value)


def requirement_form(ctx: FormContext, order_id: str | None, quote_id: str | None) -> tuple[Document | None, list[Issue]]:
    rows = ctx.requirements(order_id, quote_id)
    ref = order_id or quote_id or ""
    if not rows:
        return None, [not_found(order_id, quote_id)]
    own = requirement_checks(ctx, rows)
    lang = rows[0][0].layout.lang
    _ = translator(lang)
    order = ctx.first("orders", "order_id", order_id or rows[0][1].order_id)
    quote = ctx.first("quotes", "quote_id", quote_id or rows[0][1].quote_id or (order[1].quote_id if order else None))
    source = order or quote
    customer_id = source[1].customer_id if source else None
    name, contact, phone = ctx.customer(customer_id)
    facts = Facts("", (
        (_("Customer"), name), (_("Contact"), contact), (_("Phone"), phone),
        (_("Quote no."), quote[1].quote_id if quote else ""), (_("Order no."), order[1].order_id if order else ""),
        (_("Sales rep"), source[1].owner_rep if source else ""), (_("Form date"), ctx.today),
    ))
    items = Grid(_("Products"), (_("SKU"), _("Product"), _("Specification"), _("Qty"), _("Customisation"), _("Accessories")),
                 tuple((r.sku, ctx.product(r.sku, lang)[0], r.specification, r.qty, _customisation(r, lang), r.accessories) for _t, r in rows),
                 ("text", "text", "text", "int", "text", "text"), (1, 1, 2, 1, 2, 1))
    delivery = Grid(_("Delivery and service"), (_("SKU"), _("Delivery place"), _("Arrival"), _("Installation complete"), _("Upstairs / unloading"), _("Training (people)"), _("Response (h)")),
                    tuple((r.sku, r.delivery_place, r.arrival_date, r.install_date if r.installation is not False else _("not in scope"),
                           f"{yes_no(r.carry_upstairs, lang) or '-'} / {yes_no(r.unloading, lang) or '-'}",
                           (yes_no(r.training, lang) + (f" ({r.trainees})" if r.trainees else "")) if r.training is not None else "", hours(r.response_hours))
                          for _t, r in rows),
                    ("text", "text", "date", "date", "text", "text", "text"), (1, 1, 1, 1, 2, 1, 1))
    criteria = tuple(f"{r.sku}: {one_language(r.acceptance_criteria, lang)}" for _t, r in rows if r.acceptance_criteria)
    blocks: list[Block] = [facts]
    needs = _needs(ctx, customer_id, lang)
    if needs:
        blocks.append(Paragraphs(_("Background: what we heard (latest visit)"), needs, numbered=False))
    blocks += [items, delivery]
    if criteria:
        blocks.append(Paragraphs(_("Acceptance criteria"), criteria))
    cases = _cases(ctx, customer_id, [str(r.sku) for _t, r in rows if r.sku], lang)
    if cases:
        blocks.append(Paragraphs(_("Customers like you (case library)"), cases))
    blocks.append(Paragraphs(_("Confirmation"), (_("The customer confirms the requirements above; any change after signing is agreed in writing by both parties."),), numbered=False))
    blocks.append(Signatures(((_("Customer (confirmed by)"), name), (_("Seller"), ctx.text("company_name")))))
    doubtful = ctx.doubtful(rows + [p for p in (order, quote) if p])
    draft = reasons(own, doubtful)
    if not ctx.text("company_name"):
        draft = (*draft, *reasons([company_missing()], []))
    title = _("Requirement Confirmation")
    return Document("requirement", ref or rows[0][1].quote_id or "", lang, title, ctx.letterhead(), tuple(blocks), draft), own


def _needs(ctx: FormContext, customer_id: str | None, lang: str) -> tuple[str, ...]:
    """The three discovery layers of the customer's latest visit that recorded them (situation, pain, desired outcome)."""
    keys = ("situation", "pain", "desired_outcome")
    visits = [r for _t, r in ctx.every("visits", "customer_id", customer_id) if any(getattr(r, k, None) for k in keys)]
    if not visits:
        return ()
    latest = max(visits, key=lambda r: (r.visit_date is not None, r.visit_date or ctx.today))
    spec = sheet_spec("visits")
    _ = translator(lang)
    return tuple(_.labelled(spec.column(k).header(lang), getattr(latest, k)) for k in keys if getattr(latest, k, None))


def _cases(ctx: FormContext, customer_id: str | None, skus: list[str], lang: str) -> tuple[str, ...]:
    """The case library's best fits for this customer's industry and these products (playbook/cases.py), with the testimonial."""
    from ..playbook.cases import case_library, pick_cases

    found = ctx.first("customers", "customer_id", customer_id) if customer_id else None
    picked = pick_cases(case_library(ctx.tables), found[1].industry if found else None, skus)
    return tuple(c.line(lang) + (f" {c.testimonial}" if c.testimonial else "") for c in picked)


def company_missing() -> Issue:
    return file_issue("", "company-name-missing", *both_with(lambda _: _("Company name is empty: fill in company_name on the settings sheet.")))
