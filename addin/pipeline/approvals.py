"""Recorded approvals of a quote, and the fingerprint that voids them after a change.

domain.md "Pipeline and approvals", Approval: a quote's required level comes
from its effective discount (rep / manager / director, pricing/waterfall.py).
A recorded approval (approved_by, approved_role, approved_at) lifts the
draft for that reason when the approver's role is at or above the required
level; otherwise it is `approval-insufficient`. The approver's role is the
one on the settings' Reps sheet (销售团队); the typed approved_role is used
only for a person not on that sheet (or when there is no such sheet).

The approval covers the priced content as it was when approved: every
line's SKU, quantity, list price and negotiated discount, and the quote's
prepayment share. salesdesk keeps a fingerprint of that content in the
quote's own row (the computed, read-back column `approval_fingerprint`,
"<approver> <approved at> · <hash>"): written on the first run that sees
the approval, compared on every later run. A change of that content voids
the approval (`approval-stale`) until a new approval is recorded (another
approver or approval time re-records the fingerprint). The fingerprint
travels with the row (sorting, copying the sheet, the live workbook), so no
second file must be kept beside the workbook. Clearing the cell re-records
what is there on the next run: the cell is protected in the templates.

Pure: values in, a verdict out; nothing here reads a file or the clock.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Iterable

LEVELS = ("rep", "manager", "director")
SEPARATOR = " · "


@dataclass(frozen=True)
class PricedContent:
    """What an approval covers: (sku, qty, list price, negotiated discount) per line, and the prepayment share."""

    lines: tuple[tuple[str, int, Decimal, Decimal], ...]
    prepay_share: Decimal

    def digest(self) -> str:
        """12 hex digits of SHA-256 over the normalised content (line order does not matter)."""
        parts = [f"prepay={self.prepay_share.normalize()}"]
        parts += sorted(f"{sku}|{qty}|{price.normalize()}|{discount.normalize()}" for sku, qty, price, discount in self.lines)
        return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Approval:
    """A quote's approval verdict: `status` is the approval_status key (schema QUOTES)."""

    status: str  # not_needed | needed | approved | insufficient | stale
    required: str  # rep | manager | director
    approver: str = ""
    approver_role: str | None = None  # the role the decision used (Reps sheet, else typed)
    fingerprint: str | None = None  # the value to keep in approval_fingerprint

    @property
    def covers(self) -> bool:
        """The recorded approval lifts the draft for the approval reason."""
        return self.status in ("approved", "not_needed")


def stamp(approved_by: str, approved_at: datetime | None) -> str:
    """Who and when, as written before the hash: a new approval (other person or time) re-records."""
    when = approved_at.strftime("%Y-%m-%d %H:%M") if approved_at is not None else "-"
    return f"{approved_by.strip()} {when}"


def role_of(approver: str, team: dict[str, str], typed_role: str | None) -> str | None:
    """The approver's role: the Reps sheet's, else the typed approved_role (None: unknown)."""
    role = team.get(approver.strip())
    return role if role in LEVELS else (typed_role if typed_role in LEVELS else None)


def judge(
    required: str,
    approved_by: str | None,
    approved_at: datetime | None,
    typed_role: str | None,
    kept: str | None,
    content: PricedContent,
    team: dict[str, str],
) -> Approval:
    """The verdict for one quote.

    `required`: the level its effective discount needs; `kept`: the fingerprint
    salesdesk wrote on an earlier run (None when blank); `team`: name -> role
    from the Reps sheet. Raises nothing; an unknown role is insufficient.
    """
    kept = (kept or "").strip() or None
    if not approved_by or not approved_by.strip():
        return Approval("not_needed" if required == "rep" else "needed", required, fingerprint=kept)
    approver = approved_by.strip()
    role = role_of(approver, team, typed_role)
    if required == "rep":
        return Approval("not_needed", required, approver, role, kept)
    if role is None or LEVELS.index(role) < LEVELS.index(required):
        return Approval("insufficient", required, approver, role, kept)
    now = f"{stamp(approver, approved_at)}{SEPARATOR}{content.digest()}"
    if kept is None or kept.rsplit(SEPARATOR, 1)[0] != stamp(approver, approved_at):
        return Approval("approved", required, approver, role, now)  # first seen: recorded as it is now
    if kept != now:
        return Approval("stale", required, approver, role, kept)  # kept as approved, until approved again
    return Approval("approved", required, approver, role, kept)


def team_roles(rows: Iterable[tuple[str | None, str | None]]) -> dict[str, str]:
    """name -> role from the Reps sheet's (name, role) rows; the first row of a name wins."""
    team: dict[str, str] = {}
    for name, role in rows:
        if name and role and name.strip() not in team:
            team[name.strip()] = role
    return team
