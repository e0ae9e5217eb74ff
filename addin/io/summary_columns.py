"""What each tab of the manager summary shows: sheet titles, columns (key, header, format) and value labels.

All user-facing text of the summary workbook is here, as catalogue msgids (addin/i18n).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..i18n import N_


@dataclass(frozen=True)
class Col:
    key: str
    header: str  # msgid
    kind: str = "text"  # text | label | int | money | ratio | multiple | date | bool | list
    width: int = 12
    missing: str = ""  # msgid written where the value is unknown (never shown as 0), e.g. "no target set"


NO_TARGET = N_("no target set")
NO_COST = N_("no cost recorded")

SHEETS: dict[str, str] = {
    "overview": N_("Overview"),
    "channels": N_("Channels"),
    "referrals": N_("Referral ROI"),
    "tiers": N_("Tiers"),
    "dormant": N_("Dormant"),
    "churn": N_("Churn warnings"),
    "preferences": N_("Preferences"),
    "service": N_("Service"),
    "complaint_causes": N_("Complaint causes"),
    "cash": N_("Orders and cash"),
    "receivables": N_("Receivables"),
    "quality": N_("Data quality"),
    "conflicts": N_("Conflicts"),
    "pipeline": N_("Pipeline"),
    "forecast": N_("Forecast"),
    "win_loss": N_("Won and lost"),
    "lost_reasons": N_("Lost reasons"),
    "quote_outcomes": N_("Quote outcomes"),
}

COLUMNS: dict[str, tuple[Col, ...]] = {
    "overview": (
        Col("rep", N_("Rep"), "label", 10), Col("month", N_("Month"), "text", 9), Col("visits", N_("Visits"), "int"),
        Col("customers_visited", N_("Customers visited"), "int"), Col("deals", N_("Deals"), "int"), Col("customers_won", N_("Customers won"), "int"),
        Col("visited_and_won", N_("Visited and won"), "int"), Col("revenue", N_("Revenue"), "money", 14),
        Col("revenue_rejected", N_("Orders without an amount"), "int", 14), Col("orders_undated", N_("Orders without a signing date"), "int", 14),
        Col("average_order_value", N_("Average order value"), "money", 14),
        Col("conversion_rate", N_("Conversion rate"), "ratio"), Col("deals_target", N_("Deals target"), "int", missing=NO_TARGET),
        Col("revenue_target", N_("Revenue target"), "money", 14, missing=NO_TARGET), Col("conversion_target", N_("Conversion target"), "ratio", missing=NO_TARGET),
        Col("revenue_change", N_("Revenue vs month before"), "ratio", 14),
    ),
    "channels": (
        Col("month", N_("Month"), "text", 9), Col("channel", N_("Channel"), "label"), Col("cost", N_("Cost"), "money", 14, missing=NO_COST),
        Col("leads", N_("Leads"), "int"), Col("deals", N_("Deals"), "int"), Col("revenue", N_("Revenue"), "money", 14),
        Col("revenue_rejected", N_("Orders without an amount"), "int", 14), Col("cost_rejected", N_("Cost rows without a cost"), "int", 14),
        Col("cost_per_lead", N_("Cost per lead"), "money", 14), Col("cost_per_deal", N_("Cost per deal"), "money", 14),
        Col("revenue_per_cost", N_("Revenue per cost"), "multiple", 14),
    ),
    "referrals": (
        Col("referrer", N_("Referrer"), "text"), Col("name", N_("Customer name"), "text", 24), Col("referrals", N_("Referrals"), "int"), Col("referred_won", N_("Referred customers who ordered"), "int", 16),
        Col("referred_revenue", N_("Revenue of referred customers"), "money", 16), Col("reward_cost", N_("Rewards owed"), "money", 14),
        Col("reward_paid", N_("Rewards paid"), "money", 14), Col("revenue_per_cost", N_("Revenue per cost"), "multiple", 14),
    ),
    "complaint_causes": (
        Col("month", N_("Month"), "text", 9), Col("rank", N_("Rank by cost"), "int"), Col("root_cause", N_("Root cause"), "label", 16),
        Col("count", N_("Complaints"), "int"), Col("cost", N_("Compensation cost"), "money", 16),
        Col("costs_unknown", N_("Compensations without a cost"), "int", 16),
    ),
    "tiers": (
        Col("month", N_("Month"), "text", 9), Col("rep", N_("Rep"), "label", 10), Col("tier", N_("Tier"), "text", 6),
        Col("visits", N_("Visits"), "int"), Col("deals", N_("Deals"), "int"), Col("visit_share", N_("Share of visits"), "ratio"),
        Col("deal_share", N_("Share of deals"), "ratio"), Col("revenue_share", N_("Share of revenue"), "ratio"),
        Col("revenue_rejected", N_("Orders without an amount"), "int", 14),
        Col("gap", N_("Deal share - visit share"), "ratio", 14), Col("flag", N_("Gap of 20 points or more"), "bool", 14),
    ),
    "dormant": (
        Col("customer_id", N_("Customer ID"), "text"), Col("name", N_("Customer name"), "text", 24), Col("owner_rep", N_("Owner rep"), "text", 10),
        Col("last_order_date", N_("Last order"), "date"), Col("first_contact", N_("First contact"), "date"),
        Col("months_dormant", N_("Months dormant"), "int"), Col("reason", N_("Reason"), "label", 16), Col("action", N_("Suggested action"), "label", 28),
    ),
    "churn": (
        Col("customer_id", N_("Customer ID"), "text"), Col("customer_name", N_("Customer"), "text", 20), Col("owner_rep", N_("Owner rep"), "text", 10),
        Col("volume_before", N_("Volume, 3 months before"), "money", 16), Col("volume_recent", N_("Volume, last 3 months"), "money", 16),
        Col("volume_change", N_("Volume change"), "ratio"), Col("complaints_before", N_("Complaints, 3 months before"), "int", 14),
        Col("complaints_recent", N_("Complaints, last 3 months"), "int", 14), Col("window_before", N_("Earlier window"), "text", 22),
        Col("window_recent", N_("Recent window"), "text", 22),
    ),
    "preferences": (
        Col("customer_id", N_("Customer ID"), "text"), Col("customer_name", N_("Customer"), "text", 20), Col("owner_rep", N_("Owner rep"), "text", 10),
        Col("orders", N_("Orders"), "int"), Col("orders_per_year", N_("Orders in the last 12 months"), "int", 14),
        Col("usual_items", N_("Usual items"), "text", 20), Col("bought_together", N_("Bought together"), "text", 20),
        Col("last_order_date", N_("Last order"), "date"), Col("median_gap_days", N_("Median gap (days)"), "int"),
        Col("expected_next", N_("Expected next purchase"), "date", 14), Col("overdue", N_("Past expected date"), "bool", 12),
    ),
    "service": (
        Col("group", N_("Group"), "label", 18), Col("key", N_("Item"), "label", 22), Col("count", N_("Count"), "int"), Col("met", N_("Met"), "int"),
        Col("missed", N_("Missed"), "int"), Col("breached", N_("Open, breached"), "int"), Col("open", N_("Open, on time"), "int"),
        Col("share", N_("Share met"), "ratio"),
    ),
    "cash": (
        Col("rep", N_("Rep"), "label", 10), Col("orders_overdue", N_("Orders with an overdue stage"), "int", 14),
        Col("outstanding", N_("Outstanding"), "money", 14), Col("receivable_due", N_("Not yet due"), "money", 14), Col("overdue_1_30", N_("Overdue 1-30 days"), "money", 14),
        Col("overdue_31_60", N_("Overdue 31-60 days"), "money", 14), Col("overdue_61_90", N_("Overdue 61-90 days"), "money", 14),
        Col("overdue_90_plus", N_("Overdue over 90 days"), "money", 14), Col("penalties", N_("Penalties incurred"), "money", 14),
        Col("payments_unknown", N_("Open payments without an amount"), "int", 14),
    ),
    "receivables": (
        Col("rep", N_("Rep"), "label", 10), Col("customer_id", N_("Customer ID"), "text"), Col("customer_name", N_("Customer"), "text", 20),
        Col("outstanding", N_("Outstanding"), "money", 14), Col("not_due", N_("Not yet due"), "money", 14),
        Col("overdue_1_30", N_("Overdue 1-30 days"), "money", 14), Col("overdue_31_60", N_("Overdue 31-60 days"), "money", 14),
        Col("overdue_61_90", N_("Overdue 61-90 days"), "money", 14), Col("overdue_90_plus", N_("Overdue over 90 days"), "money", 14),
        Col("oldest_due", N_("Oldest open item due on"), "date", 14),
    ),
    "quality": (
        Col("rep", N_("Rep"), "text", 10), Col("file", N_("File"), "text", 24), Col("sheet", N_("Sheet"), "text", 12),
        Col("rows", N_("Rows"), "list", 16), Col("code", N_("Issue"), "issue", 28),
        Col("severity", N_("Severity"), "label"), Col("count", N_("Count"), "int"),
    ),
    "conflicts": (
        Col("kind", N_("Conflict"), "label", 22), Col("customer_ids", N_("Customer IDs"), "list", 20), Col("customer_names", N_("Customer names"), "list", 30),
        Col("reps", N_("Reps"), "list", 20), Col("matched_on", N_("Matched on"), "list", 16), Col("where", N_("Rows (file:sheet!row)"), "list", 64),
        Col("used", N_("Row used"), "text", 30),
    ),
    # The pipeline (summary/pipeline.py, domain.md "Pipeline and approvals").
    "pipeline": (
        Col("rep", N_("Rep"), "label", 10), Col("stage", N_("Stage"), "label", 14), Col("count", N_("Opportunities at this stage or later"), "int", 16),
        Col("amount", N_("Expected amount"), "money", 14), Col("weighted", N_("Weighted amount"), "money", 14),
        Col("conversion", N_("Conversion from the stage before"), "ratio", 16),
    ),
    "forecast": (
        Col("rep", N_("Rep"), "label", 10), Col("month", N_("Month"), "text", 9), Col("weighted", N_("Weighted pipeline closing"), "money", 16),
        Col("committed", N_("Committed (negotiating or won)"), "money", 16),
    ),
    "win_loss": (
        Col("rep", N_("Rep"), "label", 10), Col("month", N_("Month"), "text", 9), Col("won", N_("Won"), "int"), Col("lost", N_("Lost"), "int"),
        Col("win_rate", N_("Win rate"), "ratio"), Col("avg_cycle_days", N_("Average sales cycle (days)"), "number", 14),
    ),
    "lost_reasons": (
        Col("rep", N_("Rep"), "label", 10), Col("source", N_("What was lost"), "label", 12), Col("rank", N_("Rank"), "int", 6), Col("reason", N_("Lost reason"), "text", 24),
        Col("count", N_("Count"), "int"), Col("amount", N_("Expected amount"), "money", 14),
    ),
    "quote_outcomes": (
        Col("rep", N_("Rep"), "label", 10), Col("quotes", N_("Quotes"), "int"), Col("open", N_("Open"), "int"), Col("sent", N_("Sent"), "int"),
        Col("won", N_("Won"), "int"), Col("lost", N_("Lost"), "int"), Col("expired", N_("Expired"), "int"), Col("ordered", N_("Became an order"), "int", 14),
        Col("conversion", N_("Quote-to-order conversion"), "ratio", 16),
    ),
}

def sheet_title(key: str, _: Callable[[str], str]) -> str:
    """A tab's name in the workbook's language (Excel allows 31 characters)."""
    return _(SHEETS[key])[:31]


# Values that are keys in the data, shown translated.
LABELS: dict[str, str] = {
    "*": N_("Team"),
    "online": N_("Online"), "offline": N_("Offline"), "referral": N_("Referral"), "other": N_("Other"),
    "never_ordered": N_("Never ordered"), "no_recent_order": N_("No order for 6 months"),
    "win_back_offer": N_("Win-back offer"), "first_offer": N_("First offer to a lead"),
    "clock": N_("Clock"), "category": N_("Feedback category"), "route_to": N_("Department"), "closed_loop": N_("Closed loop"),
    "first_response": N_("First response"), "solution": N_("Solution"), "plan": N_("Complaint plan"), "carry_out": N_("Complaint carried out"),
    "follow_up": N_("Complaint follow-up"), "acknowledge": N_("Suggestion acknowledged"), "reply": N_("Suggestion outcome told"),
    "product": N_("Product-related"), "service": N_("Service"), "process": N_("Process"),
    "rnd": N_("R&D"), "after_sales": N_("After-sales"), "operations": N_("Operations"), "?": N_("Not given"),
    "source": N_("Feedback source"), "survey": N_("Satisfaction survey"), "callback": N_("After-sales callback"), "meeting": N_("Customer meeting"),
    "visit": N_("Visit"),
    "error": N_("Error"), "warning": N_("Warning"), "name": N_("Name"), "phone": N_("Phone"), "email": N_("E-mail"),
    "lead": N_("Lead"), "qualified": N_("Qualified"), "needs_confirmed": N_("Needs confirmed"), "quoted": N_("Quoted"),
    "negotiating": N_("Negotiating"), "won": N_("Won"), "lost": N_("Lost"), "opportunity": N_("Opportunity"), "quote": N_("Quote"),
    "tax_id": N_("Tax ID"), "customer_id": N_("Customer ID"),
    "kept_by_two_reps": N_("One customer kept by two reps"), "duplicate_id": N_("One ID on two rows of one book"),
}

# Figures that are unknown (None) when some of their inputs were rejected: blank with a note naming the count
# of rejected rows (the row's counts named here), never 0 (domain.md "Unknown is not zero").
UNKNOWN_WHEN_REJECTED: dict[str, tuple[str, ...]] = {
    "revenue": ("revenue_rejected",), "average_order_value": ("revenue_rejected",), "revenue_change": ("revenue_rejected",),
    "revenue_share": ("revenue_rejected",), "cost": ("cost_rejected",), "cost_per_lead": ("cost_rejected",),
    "cost_per_deal": ("cost_rejected",), "revenue_per_cost": ("revenue_rejected", "cost_rejected"),
    **{k: ("payments_unknown",) for k in ("receivable_due", "overdue_1_30", "overdue_31_60", "overdue_61_90", "overdue_90_plus")},
}
