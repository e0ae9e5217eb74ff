"""The demo's pipeline: opportunities in every stage, recorded approvals and quote outcomes (issue #19).

Its own random generator, so the rest of the demo stays what it was. Half the
quotes carry the sales manager's approval (those needing a director stay
drafts: approval-insufficient); one carries its own rep's (insufficient
where it needs more); some are won or lost with a reason.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..i18n import N_
from .names import MANAGER

STAGES = ("lead", "qualified", "needs_confirmed", "quoted", "negotiating", "won", "lost")
REASONS = ("价格偏高", "竞品交期更短", "预算推迟", "选择了竞品", "需求取消")
NEXT_STEPS = ("电话回访", "上门演示", "发送方案", "报价跟进", "约见采购负责人")


def add_pipeline(tables: dict[str, list[dict[str, Any]]], mistakes: list[tuple[str, str, dict[str, object]]], as_of: date, seed: int) -> None:
    rng = random.Random(f"{seed}-{as_of}-pipeline")
    quotes = tables["quotes"]
    for n, quote in enumerate(quotes):
        sent = quote.get("sent_at")
        if n % 2 == 0 and sent is not None:
            quote.update(approved_by=MANAGER, approved_at=sent - timedelta(minutes=15))
        if n % 5 == 1:
            quote.update(status="won")
        elif n % 7 == 2:
            quote.update(status="lost", lost_reason=rng.choice(REASONS))
        elif sent is not None:
            quote.update(status="sent")
    own = quotes[3]
    own.update(approved_by=own["owner_rep"], approved_at=own.get("sent_at"))
    mistakes.append(("approval-insufficient", N_("Quote {id}: approved by its own rep"), {"id": own["quote_id"]}))

    customers = tables["customers"]
    rows = []
    for n in range(1, 31):
        customer = rng.choice(customers)
        stage = STAGES[n % len(STAGES)]
        created = as_of - timedelta(days=rng.randint(3, 90))
        row: dict[str, Any] = {
            "opportunity_id": f"OP-{n:03d}", "customer_id": customer["customer_id"], "owner_rep": customer["owner_rep"], "created_on": created,
            "stage": stage, "expected_amount": Decimal(rng.choice((8, 15, 26, 40, 65, 120)) * 1000),
            "expected_close": as_of + timedelta(days=rng.randint(-10, 50)), "channel": customer.get("channel"),
        }
        if stage in ("lead", "qualified", "needs_confirmed", "quoted", "negotiating"):
            row.update(next_step=rng.choice(NEXT_STEPS), next_step_due=as_of + timedelta(days=rng.randint(-6, 10)))
        if stage in ("quoted", "negotiating", "won"):
            row["quote_id"] = rng.choice(quotes)["quote_id"]
        if stage in ("won", "lost"):
            row["closed_on"] = min(as_of, created + timedelta(days=rng.randint(10, 60)))
            row["expected_close"] = row["closed_on"]
        if stage == "lost":
            row.update(lost_reason=rng.choice(REASONS), lost_at_stage=rng.choice(("qualified", "quoted", "negotiating")), competitor="冰峰制冷")
        rows.append(row)
    tables["opportunities"] = rows
