"""Trade-show leads (展会, domain.md §2 "Offline": a tailored follow-up within 24 hours after meeting a lead).

Reference rule (domain.md "Deadlines": follow-up after trade-show lead, met +24 h, calendar hours):
follow_up_due = met_at + trade_show_follow_up_hours, from the hour met (a lead met 2026-10-15 14:30 is
due 2026-10-16 14:30, not at midnight); finished by followed_up_at. The drafted follow-up (e-mail and
WeChat text) uses the lead's answers (need, product of interest), the product's elevator pitch on the
price list and the best-fitting case of the library (cases.py), in the lead sheet's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..core.tables import RowModel, Table, Tables
from ..deadlines.rules import Contact, Rules, TodoItem, todo
from ..domain.clocks import Clock, clock_state
from ..i18n import translator
from .cases import Case, case_library, pick_cases


@dataclass(frozen=True)
class Product:
    name: str
    name_en: str
    pitch: str

    def shown(self, lang: str) -> str:
        return self.name_en or self.name if lang == "en" else self.name


def products(tables: Tables) -> dict[str, Product]:
    return {str(p.sku): Product(str(p.name or p.sku), str(p.name_en or ""), str(p.pitch or "")) for _, p in tables.rows("price_list") if p.sku}


def drafts(row: RowModel, lang: str, product: Product | None, case: Case | None, settings: Any) -> tuple[str, str]:
    """(e-mail, WeChat) follow-up texts for one lead, in `lang`."""
    _ = translator(lang)
    company_name = str(getattr(settings, "company_name", "") or "")
    rep = str(row.rep or "")
    met = row.met_at.strftime("%Y-%m-%d") if isinstance(row.met_at, datetime) else ""
    name, event, need = str(row.lead_name or ""), str(row.event or ""), str(row.need or "")
    lines = [_("Subject: following up on {event}", event=event), _("Dear {name},", name=name),
             _("Thank you for visiting our stand at {event} on {date}.", event=event, date=met)]
    if need:
        lines.append(_("You told us what you need: {need}.", need=need))
    if product is not None:
        lines.append(_("{product}: {pitch}", product=product.shown(lang), pitch=product.pitch) if product.pitch else product.shown(lang))
    if case is not None:
        lines.append(_("A customer in your industry: {case}", case=case.line(lang)))
    lines.append(_("May we arrange a call this week to go through a plan for you?"))
    lines.append(" ".join(p for p in (rep, company_name) if p))
    wechat = [_("Hello {name}, this is {rep} from {company}; we met at {event}.", name=name, rep=rep, company=company_name, event=event)]
    if product is not None and product.pitch:
        wechat.append(product.pitch)
    if case is not None:
        wechat.append(_("A customer in your industry: {case}", case=case.line(lang)))
    wechat.append(_("Could we talk this week?"))
    return "\n".join(lines), " ".join(wechat)


def lead_values(tables: Tables, settings: Any, rules: Rules, customers: dict[str, Contact]) -> tuple[list[tuple[Table, RowModel, dict[str, object]]], list[TodoItem]]:
    """Per lead row: follow_up_due and the two drafts; a to-do item per open follow-up (action trade_show)."""
    library = case_library(tables)
    catalogue = products(tables)
    out: list[tuple[Table, RowModel, dict[str, object]]] = []
    items: list[TodoItem] = []
    for table, row in tables.rows("trade_show_leads"):
        met = rules.local(row.met_at)
        try:
            due = None if met is None else met + rules.trade_show_follow_up  # calendar hours from the hour met
        except OverflowError:  # met at the end of time: reported by check as implausible, no clock
            met = None
        if met is None or due is None:
            out.append((table, row, {"follow_up_due": None, "follow_up_email": None, "follow_up_wechat": None}))
            continue
        product = catalogue.get(str(row.interest_sku)) if row.interest_sku else None
        picked = pick_cases(library, row.industry, [str(row.interest_sku)] if row.interest_sku else [], limit=1)
        email, wechat = drafts(row, table.layout.lang, product, picked[0] if picked else None, settings)
        out.append((table, row, {"follow_up_due": due, "follow_up_email": email, "follow_up_wechat": wechat}))
        done = rules.local(row.followed_up_at)
        if done is None:
            state = clock_state(Clock("follow_up_due", met, due, None), rules.now, rules.at_risk)
            subject = " ".join(p for p in (str(row.lead_name or ""), str(row.company or "")) if p)
            items += todo(rules, "trade_show", due, table, row, subject, customers, state, customer_id=str(row.customer_id) if row.customer_id else None)
    return out, items
