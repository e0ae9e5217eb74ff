"""The pipeline in the manager summary: funnel, forecast, win/loss, lost reasons, quote outcomes (pure).

Rules: domain.md "Pipeline and approvals". Every opportunity read counts
(the funnel is the pipeline as it stands, not one month's); per owner rep
and for the team (rep "*"). Money is exact Decimal, ratios 4 places.

- `pipeline` (rep, stage, count, amount, weighted, conversion): per stage
  lead .. won, the opportunities whose stage is that stage or later (won is
  the last stage; a lost one counts up to the stage it reached: lost_at_stage,
  else quoted when it has a quote, else lead), their expected amounts and
  weighted amounts (amount x probability, the row's own else the stage's);
  conversion = count at the stage / count at the stage before. A last row
  `lost` holds the lost ones (no conversion).
- `forecast` (rep, month, weighted, committed): for the as-of month and the
  next: the weighted amount of open opportunities expected to close in it;
  committed = the amounts of those at negotiating closing in it plus the
  won ones closed in it.
- `win_loss` (rep, month, won, lost, win_rate, avg_cycle_days): per month of
  closing (closed_on, else expected_close): win rate = won / (won + lost);
  sales cycle = closing date - created_on in days, averaged over the won ones.
- `lost_reasons` (rep, source, reason, count, amount, rank): the lost
  opportunities' reasons (source "opportunity", amount their expected
  amounts), then the lost quotes' (source "quote"), most frequent first
  (then the larger amount).
- `quote_outcomes` (rep, quotes, open, sent, won, lost, expired, ordered,
  conversion): quotes by status (an open or sent quote past its validity
  counts as expired); ordered = quotes an order names (its quote_id) or that
  name their order; conversion = ordered / quotes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..core.tables import RowModel, Tables
from ..core.values import money
from ..pipeline.opportunities import closed_on, probability_of, stage_probabilities
from ..schema.pipeline import OPEN_STAGES, STAGE_ORDER
from .common import TEAM, add_months, label, month_start, ratio, text

ZERO = Decimal(0)
CENT = Decimal("0.01")


def _rows(tables: Tables) -> list[RowModel]:
    return [row for _, row in tables.rows("opportunities") if row.opportunity_id and row.stage]


def reached(row: RowModel) -> int:
    """The index in STAGE_ORDER of the furthest stage the opportunity reached."""
    if row.stage == "lost":
        stage = row.lost_at_stage or ("quoted" if row.quote_id else "lead")
        return STAGE_ORDER.index(stage) if stage in STAGE_ORDER else 0
    return STAGE_ORDER.index(row.stage)


def _weighted(row: RowModel, defaults: dict[str, Decimal]) -> Decimal:
    p = probability_of(row, defaults)
    return money(row.expected_amount * p) if row.expected_amount is not None and p is not None else ZERO


def _reps(rows: list[RowModel]) -> list[str]:
    """Each rep with an opportunity, then the team; none without any (no empty funnel, no chart of zeros)."""
    return [*sorted({text(r.owner_rep) for r in rows}), TEAM] if rows else []


def _mine(rows: list[RowModel], rep: str) -> list[RowModel]:
    return rows if rep == TEAM else [r for r in rows if text(r.owner_rep) == rep]


def funnel(tables: Tables) -> list[dict[str, Any]]:
    rows, defaults = _rows(tables), stage_probabilities(tables)
    out = []
    for rep in _reps(rows):
        mine = _mine(rows, rep)
        before = None
        for index, stage in enumerate(STAGE_ORDER):
            at = [r for r in mine if reached(r) >= index]
            out.append({"rep": rep, "stage": stage, "count": len(at), "amount": sum((r.expected_amount or ZERO for r in at), ZERO),
                        "weighted": sum((_weighted(r, defaults) for r in at), ZERO), "conversion": ratio(len(at), before) if before is not None else None})
            before = len(at)
        lost = [r for r in mine if r.stage == "lost"]
        out.append({"rep": rep, "stage": "lost", "count": len(lost), "amount": sum((r.expected_amount or ZERO for r in lost), ZERO),
                    "weighted": sum((_weighted(r, defaults) for r in lost), ZERO), "conversion": None})
    return out


def forecast(tables: Tables, today: date) -> list[dict[str, Any]]:
    rows, defaults = _rows(tables), stage_probabilities(tables)
    months = [month_start(today), add_months(month_start(today), 1)]
    out = []
    for rep in _reps(rows):
        mine = _mine(rows, rep)
        for month in months:
            closing = [r for r in mine if r.stage in OPEN_STAGES and r.expected_close is not None and month_start(r.expected_close) == month]
            won = [r for r in mine if r.stage == "won" and (d := closed_on(r)) is not None and month_start(d) == month]
            committed = [r for r in closing if r.stage == "negotiating"] + won
            out.append({"rep": rep, "month": label(month), "weighted": sum((_weighted(r, defaults) for r in closing), ZERO),
                        "committed": sum((r.expected_amount or ZERO for r in committed), ZERO)})
    return out


def win_loss(tables: Tables) -> list[dict[str, Any]]:
    rows = [r for r in _rows(tables) if r.stage in ("won", "lost") and closed_on(r) is not None]
    groups: dict[tuple[str, date], list[RowModel]] = defaultdict(list)
    for r in rows:
        for rep in (text(r.owner_rep), TEAM):
            groups[(rep, month_start(closed_on(r)))].append(r)  # type: ignore[arg-type]
    out = []
    for (rep, month), group in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0] == TEAM, kv[0][0])):
        won = [r for r in group if r.stage == "won"]
        cycles = [(closed_on(r) - r.created_on).days for r in won if r.created_on is not None]
        average = (Decimal(sum(cycles)) / len(cycles)).quantize(CENT, ROUND_HALF_UP) if cycles else None
        out.append({"rep": rep, "month": label(month), "won": len(won), "lost": len(group) - len(won),
                    "win_rate": ratio(len(won), len(group)), "avg_cycle_days": average})
    return out


def lost_reasons(tables: Tables) -> list[dict[str, Any]]:
    opportunities: list[tuple[str, str, Decimal | None]] = [
        (text(r.owner_rep), text(r.lost_reason), r.expected_amount) for r in _rows(tables) if r.stage == "lost" and text(r.lost_reason)]
    quotes: list[tuple[str, str, Decimal | None]] = [
        (text(q.owner_rep), text(q.lost_reason), None) for _, q in tables.rows("quotes") if q.quote_id and q.status == "lost" and text(q.lost_reason)]
    return _ranked(opportunities, "opportunity") + _ranked(quotes, "quote")


def _ranked(lost: list[tuple[str, str, Decimal | None]], source: str) -> list[dict[str, Any]]:
    """Per rep and team: each reason's count and amount, ranked by count, then amount, then the reason."""
    out = []
    for rep in [*sorted({r for r, _, _ in lost}), TEAM] if lost else []:
        counts: Counter[str] = Counter()
        amounts: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for owner, reason, amount in lost:
            if rep in (TEAM, owner):
                counts[reason] += 1
                amounts[reason] += amount or ZERO
        ranked = sorted(counts, key=lambda reason: (-counts[reason], -amounts[reason], reason))
        out += [{"rep": rep, "source": source, "reason": reason, "count": counts[reason], "amount": amounts[reason], "rank": n}
                for n, reason in enumerate(ranked, 1)]
    return out


def quote_outcomes(tables: Tables, today: date) -> list[dict[str, Any]]:
    ordered_ids = {text(o.quote_id) for _, o in tables.rows("orders") if o.quote_id}
    quotes = [q for _, q in tables.rows("quotes") if q.quote_id]
    out = []
    for rep in [*sorted({text(q.owner_rep) for q in quotes}), TEAM] if quotes else []:
        mine = quotes if rep == TEAM else [q for q in quotes if text(q.owner_rep) == rep]
        status = Counter(quote_status(q, today) for q in mine)
        ordered = sum(1 for q in mine if q.order_id or text(q.quote_id) in ordered_ids)
        out.append({"rep": rep, "quotes": len(mine), **{s: status[s] for s in ("open", "sent", "won", "lost", "expired")},
                    "ordered": ordered, "conversion": ratio(ordered, len(mine))})
    return out


def quote_status(quote: RowModel, today: date) -> str:
    """The typed status (blank: sent when it has a sent time, else open); an open or sent quote past valid_until is expired."""
    status = quote.status or ("sent" if quote.sent_at is not None else "open")
    if status in ("open", "sent") and quote.valid_until is not None and quote.valid_until < today:
        return "expired"
    return status


def pipeline_sections(tables: Tables, today: date) -> dict[str, list[dict[str, Any]]]:
    return {"pipeline": funnel(tables), "forecast": forecast(tables, today), "win_loss": win_loss(tables),
            "lost_reasons": lost_reasons(tables), "quote_outcomes": quote_outcomes(tables, today)}
