"""What each tab of the manager summary shows: sheet titles, columns (key, header, format) and value labels.

All user-facing text of the summary workbook is here, as catalogue msgids (addin/i18n).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_


@dataclass(frozen=True)
class Col:
    key: str
    header: str  # msgid
    kind: str = "text"  # text | label | int | money | ratio | multiple | date | bool | list
    width: int = 12


SHEETS: dict[str, str] = {
    "overview": N_("Overview"),
    "channels": N_("Channels"),
    "tiers": N_("Tiers"),
    "dormant": N_("Dormant"),
    "churn": N_("Churn warnings"),
    "preferences": N_("Preferences"),
    "service": N_("Service"),
    "cash": N_("Orders and cash"),
    "quality": N_("Data quality"),
    "conflicts": N_("Conflicts"),
}

COLUMNS: dict[str, tuple[Col, ...]] = {
    "overview": (
        Col("rep", N_("Rep"), "label", 10), Col("month", N_("Month"), "text", 9), Col("visits", N_("Visits"), "int"),
        Col("customers_visited", N_("Customers visited"), "int"), Col("deals", N_("Deals"), "int"), Col("customers_won", N_("Customers won"), "int"),
        Col("visited_and_won", N_("Visited and won"), "int"), Col("revenue", N_("Revenue"), "money", 14),
        Col("revenue_rejected", N_("Orders without an amount"), "int", 14), Col("orders_undated", N_("Orders without a signing date"), "int", 14),
        Col("average_order_value", N_("Average order value"), "money", 14),
        Col("conversion_rate", N_("Conversion rate"), "ratio"), Col("deals_target", N_("Deals target"), "int"),
        Col("revenue_target", N_("Revenue target"), "money", 14), Col("conversion_target", N_("Conversion target"), "ratio"),
        Col("revenue_change", N_("Revenue vs month before"), "ratio", 14),
    ),
    "channels": (
        Col("month", N_("Month"), "text", 9), Col("channel", N_("Channel"), "label"), Col("cost", N_("Cost"), "money", 14),
        Col("leads", N_("Leads"), "int"), Col("deals", N_("Deals"), "int"), Col("revenue", N_("Revenue"), "money", 14),
        Col("revenue_rejected", N_("Orders without an amount"), "int", 14), Col("cost_rejected", N_("Cost rows without a cost"), "int", 14),
        Col("cost_per_lead", N_("Cost per lead"), "money", 14), Col("cost_per_deal", N_("Cost per deal"), "money", 14),
        Col("revenue_per_cost", N_("Revenue per cost"), "multiple", 14),
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
        Col("customer_id", N_("Customer ID"), "text"), Col("owner_rep", N_("Owner rep"), "text", 10),
        Col("volume_before", N_("Volume, 3 months before"), "money", 16), Col("volume_recent", N_("Volume, last 3 months"), "money", 16),
        Col("volume_change", N_("Volume change"), "ratio"), Col("complaints_before", N_("Complaints, 3 months before"), "int", 14),
        Col("complaints_recent", N_("Complaints, last 3 months"), "int", 14), Col("window_before", N_("Earlier window"), "text", 22),
        Col("window_recent", N_("Recent window"), "text", 22),
    ),
    "preferences": (
        Col("customer_id", N_("Customer ID"), "text"), Col("owner_rep", N_("Owner rep"), "text", 10), Col("orders", N_("Orders"), "int"), Col("orders_per_year", N_("Orders in the last 12 months"), "int", 14),
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
        Col("receivable_due", N_("Receivable, due"), "money", 14), Col("overdue_1_30", N_("Overdue 1-30 days"), "money", 14),
        Col("overdue_31_60", N_("Overdue 31-60 days"), "money", 14), Col("overdue_61_90", N_("Overdue 61-90 days"), "money", 14),
        Col("overdue_90_plus", N_("Overdue over 90 days"), "money", 14), Col("penalties", N_("Penalties incurred"), "money", 14),
    ),
    "quality": (
        Col("rep", N_("Rep"), "text", 10), Col("file", N_("File"), "text", 32), Col("code", N_("Code"), "text", 24),
        Col("severity", N_("Severity"), "label"), Col("count", N_("Count"), "int"),
    ),
    "conflicts": (
        Col("kind", N_("Conflict"), "label", 22), Col("customer_ids", N_("Customer IDs"), "list", 20), Col("reps", N_("Reps"), "list", 20),
        Col("matched_on", N_("Matched on"), "list", 16), Col("where", N_("Rows (file:sheet!row)"), "list", 64), Col("used", N_("Row used"), "text", 30),
    ),
}

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
    "error": N_("Error"), "warning": N_("Warning"), "name": N_("Name"), "phone": N_("Phone"), "email": N_("E-mail"),
    "tax_id": N_("Tax ID"), "customer_id": N_("Customer ID"),
    "kept_by_two_reps": N_("One customer kept by two reps"), "duplicate_id": N_("One ID on two rows of one book"),
}

# Figures that are unknown (None) when some of their inputs were rejected: blank with a note naming the count
# of rejected rows (the row's counts named here), never 0 (domain.md "Unknown is not zero").
UNKNOWN_WHEN_REJECTED: dict[str, tuple[str, ...]] = {
    "revenue": ("revenue_rejected",), "average_order_value": ("revenue_rejected",), "revenue_change": ("revenue_rejected",),
    "revenue_share": ("revenue_rejected",), "cost": ("cost_rejected",), "cost_per_lead": ("cost_rejected",),
    "cost_per_deal": ("cost_rejected",), "revenue_per_cost": ("revenue_rejected", "cost_rejected"),
}
