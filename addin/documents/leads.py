"""The trade-show lead sheet (展会线索表, issue 24): the 30-second elevator pitch per product on the price list,
and the questionnaire grid a rep fills at the stand (name, company, phone, need, product, time met), whose
columns are the trade_show_leads sheet's, so the answers are typed straight into it; the 24 h follow-up
runs from the hour met (playbook/leads.py)."""

from __future__ import annotations

from ..core.issues import Issue
from ..i18n import translator
from ..schema.catalog import sheet_spec
from .context import FormContext, reasons
from .model import Document, Facts, Grid, Paragraphs

BLANK_ROWS = 12


def lead_sheet(ctx: FormContext, event: str | None) -> tuple[Document | None, list[Issue]]:
    rows = [(t, r) for t, r in ctx.tables.rows("price_list") if r.sku and r.pitch]
    lang = rows[0][0].layout.lang if rows else str(ctx.setting("language", "zh") or "zh")
    _ = translator(lang)
    spec = sheet_spec("trade_show_leads")
    keys = ("lead_name", "company", "phone", "need", "interest_sku", "met_at")
    pitches = tuple(_("{name} ({sku}): {pitch}", name=ctx.product(str(r.sku), lang)[0], sku=r.sku, pitch=r.pitch) for _t, r in rows) or (_("No pitch on the price list yet: fill in its Elevator pitch column."),)
    blocks = (
        Facts("", ((_("Event"), event or ""), (_("Form date"), ctx.today))),
        Paragraphs(_("30-second elevator pitch"), pitches),
        Grid(_("Questionnaire (one visitor per line; the gift after the last question)"), tuple(spec.column(k).header(lang) for k in keys),
             tuple(("",) * len(keys) for _n in range(BLANK_ROWS)), ("text",) * len(keys), (1, 2, 1, 2, 1, 1)),
        Paragraphs(_("For the sales rep"), (
            _("Type each line into the {sheet} sheet the same day, with the hour met: the follow-up is due 24 hours after it.", sheet=spec.title(lang)),)),
    )
    return Document("leads", event or "", lang, _("Trade-show lead sheet"), ctx.letterhead(), blocks, reasons([], ctx.doubtful(rows))), []
