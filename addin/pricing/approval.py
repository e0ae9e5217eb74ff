"""A quote's recorded approval, applied to its pricing (rules: pipeline/approvals.py, domain.md "Pipeline and approvals")."""

from __future__ import annotations

from decimal import Decimal

from ..core.issue_factory import issue_at
from ..core.issues import Issue
from ..core.tables import RowModel, Table, Tables
from ..i18n import both_with
from ..pipeline.approvals import Approval, PricedContent, judge, team_roles
from .waterfall import LinePrice, approval_label

ZERO = Decimal(0)


def team_of(tables: Tables) -> dict[str, str]:
    """name -> role from every Reps sheet (settings)."""
    return team_roles((row.name, row.role) for _, row in tables.rows("reps"))


def content_of(prices: list[LinePrice], prepay_share: Decimal) -> PricedContent:
    return PricedContent(tuple((p.sku, p.qty, p.list_price, p.negotiated) for p in prices), prepay_share)


def apply_approval(table: Table, quote: RowModel, prices: list[LinePrice], prepay_share: Decimal, required: str,
                   issues: list[Issue], team: dict[str, str]) -> tuple[Approval, list[Issue]]:
    """The verdict, and the pricing issues with it: a covering approval drops `approval-required`
    (the draft's reason); an approver without the authority adds `approval-insufficient`, a change
    since the approval `approval-stale` (both errors: the quote stays a draft)."""
    verdict = judge(required, quote.approved_by, quote.approved_at, quote.approved_role,
                    quote.approval_fingerprint, content_of(prices, prepay_share), team)
    if verdict.status == "approved":
        return verdict, [i for i in issues if i.code != "approval-required"]
    if verdict.status == "insufficient":
        needed, who, role = verdict.required, verdict.approver, verdict.approver_role
        detail = both_with(lambda _: _("{who} ({role}) cannot approve what needs {needed}", who=who,
                                      role=approval_label(role, _.lang) if role else _("role unknown: not on the Reps sheet"),
                                      needed=approval_label(needed, _.lang)))
        return verdict, [*issues, issue_at(table, quote.row, "approved_by", "approval-insufficient", detail, who)]
    if verdict.status == "stale":
        detail = both_with(lambda _: _("approved by {who}; lines, quantities, prices, discounts or prepayment changed since", who=verdict.approver))
        return verdict, [*issues, issue_at(table, quote.row, "approved_by", "approval-stale", detail)]
    return verdict, issues
