"""The demo's paperwork: one of each document `salesdesk forms` writes, for a quote and an order that are clean."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Callable

from ..i18n import translator
from ..pricing.quote import price_quotes
from .forms import FormRequest, FormsRun, FormsSession, open_session

ORDER_KINDS = ("requirement", "acceptance", "service", "survey")


def _clean_quote(session: FormsSession) -> str | None:
    """The first quote whose contract is no draft: not a draft quote, its requirements confirmed and clean."""
    ctx = session.ctx
    quotes, _ = price_quotes(ctx.tables, ctx.policy, as_of=ctx.today, input_issues=ctx.found)
    for quote in quotes:
        if not quote.draft and ctx.requirements(None, quote.quote_id):
            document = session.run("contract", FormRequest(quote_id=quote.quote_id), write=False).document
            if document is not None and not document.draft:
                return quote.quote_id
    return None


def _clean_order(session: FormsSession) -> str | None:
    """The latest accepted order with confirmed requirements whose documents are no drafts."""
    ctx = session.ctx
    candidates = {r.order_id for _, r in ctx.tables.rows("requirements") if r.order_id}
    for _, order in reversed(list(ctx.tables.rows("orders"))):
        if order.order_id in candidates and order.accepted_at is not None:
            runs = [session.run(kind, FormRequest(order_id=order.order_id), write=False) for kind in ORDER_KINDS]
            if all(r.document is not None and not r.document.draft for r in runs):
                return str(order.order_id)
    return None


def run_demo_forms(files: list[Path], today: date, lang: str, out: Callable[[str], None]) -> list[FormsRun]:
    _ = translator(lang)
    session = open_session(files, datetime.combine(today, time(9)))
    quote_id, order_id = _clean_quote(session), _clean_order(session)
    runs = []
    if order_id:
        runs += [session.run(kind, FormRequest(order_id=order_id)) for kind in ORDER_KINDS[:1]]
    if quote_id:
        runs.append(session.run("contract", FormRequest(quote_id=quote_id)))
    if order_id:
        runs += [session.run(kind, FormRequest(order_id=order_id)) for kind in ORDER_KINDS[1:]]
    out("")
    out(_("Documents (salesdesk forms): quote {quote}, order {order}", quote=quote_id or "-", order=order_id or "-"))
    for run in runs:
        if run.sheet:
            out(f"  {run.document.title if run.document else run.kind}: {run.sheet}")
    return runs
