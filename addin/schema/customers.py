"""Customer register (客户档案): customers and visits."""

from . import aliases as A
from .dsl import CHANNELS, TIERS, T, choices, col
from .pipeline import OPPORTUNITIES
from .playbook import CUSTOMER_COLUMNS, REFERRALS, TRADE_SHOW_LEADS
from .types import Choice, SheetSpec, WorkbookSpec

# CRM lead and account statuses (English and Chinese exports) read as salesdesk's three (issue 22, item 4).
STATUSES = (
    Choice("lead", "潜在", "lead", aliases=A.STATUS_LEAD),
    Choice("active", "合作中", "active", aliases=A.STATUS_ACTIVE),
    Choice("lost", "流失", "lost", aliases=A.STATUS_LOST),
)

CUSTOMERS = SheetSpec(
    key="customers",
    suppliable=("customer_id", "owner_rep"),
    identifying=(("name", "customer_id"), ("phone", "email", "tax_id")),  # a lead list: who (a name, or an id), and how to reach or tell them apart
    zh="客户",
    en="Customers",
    id_column="customer_id",
    help_zh="每行一个客户。需求强度与采购能力各 1-5 分，决定建议分层。",
    help_en="One row per customer. Demand and capacity scores (1-5) decide the suggested tier.",
    columns=(
        col("customer_id", "客户编号", "Customer ID", T.ID, req=True, aka=A.CUSTOMER_ID, help=("唯一编号，如 C0001", "Unique ID, e.g. C0001")),
        col("name", "客户名称", "Customer name", req=True, width=24, aka=A.CUSTOMER_NAME),
        col("industry", "行业", "Industry", aka=A.INDUSTRY),
        col("region", "区域", "Region", aka=A.REGION),
        col("owner_rep", "负责销售", "Owner rep", req=True, aka=A.REP),
        col("channel", "获客渠道", "Channel", opts=CHANNELS, aka=A.SOURCE),
        col("channel_detail", "渠道明细", "Channel detail", help=("如展会名称、平台名称", "e.g. trade show or platform name")),
        col("first_contact", "首次接触", "First contact", T.DATE, aka=A.CREATED),
        col("cooperation_since", "合作起始", "Cooperation since", T.DATE),
        col("demand_score", "需求强度", "Demand score", T.INT, lo=1, hi=5, help=("1-5 分", "1 to 5")),
        col("capacity_score", "采购能力", "Capacity score", T.INT, lo=1, hi=5, help=("1-5 分", "1 to 5")),
        col("tier", "客户分层", "Tier", opts=TIERS, aka=A.TIER, help=("手填分层；与评分不符时提示，不覆盖", "Typed tier; flagged, never overwritten, when it disagrees with the scores")),
        col("key_contact", "关键决策人", "Key contact", aka=A.CONTACT),
        col("phone", "电话", "Phone", T.ID, aka=A.PHONE),
        col("email", "邮箱", "Email", aka=A.EMAIL),
        col("tax_id", "税号", "Tax ID", T.ID, aka=A.TAX_ID,
            help=("统一社会信用代码；两位销售的客户税号相同即为同一客户", "Unified social credit code; two reps' customers with the same tax ID are one customer")),
        col("contact_birthday", "决策人生日", "Contact birthday", T.DATE),
        col("company_anniversary", "公司周年", "Company anniversary", T.DATE),
        col("preferences", "偏好", "Preferences", width=20),
        col("status", "状态", "Status", opts=STATUSES, aka=A.STATUS),
        col("notes", "备注", "Notes", width=24, aka=A.NOTES),
        *CUSTOMER_COLUMNS,
        col("tier_suggested", "建议分层", "Suggested tier", calc=True, opts=TIERS),
        col("tier_mismatch", "分层不符", "Tier mismatch", T.BOOL, calc=True),
        col("last_order_date", "最近下单", "Last order date", T.DATE, calc=True),
        col("dormant", "沉睡客户", "Dormant", T.BOOL, calc=True),
        col("revisit_due", "深度回访到期", "Deep revisit due", T.DATE, calc=True),
        col("next_care", "下次关怀", "Next care", calc=True, width=24, help=("日期与事由", "Date and reason")),
        # last, so the register's columns keep their letters (a list's own order does not matter when reading)
        col("family_name", "姓", "Family name", aka=A.FAMILY_NAME,
            help=("名与姓分两列时的姓：读入时并入客户名称", "The family name when a list splits first and last names: joined into the customer name on reading")),
    ),
)

VISITS = SheetSpec(
    key="visits",
    identifying=(("customer_id",), ("visit_date",)),  # whom, and when: a contact log (issue 22)
    zh="拜访记录",
    en="Visits",
    columns=(
        col("visit_date", "拜访日期", "Visit date", T.DATE, req=True, aka=("拜访时间", "日期", "Date", "Visit Date", "Activity Date", "Activity Time", "Timestamp", "Contact Date", "联系日期", "跟进日期", "跟进时间")),
        col("customer_id", "客户编号", "Customer ID", T.ID, req=True, ref="customers", aka=A.CUSTOMER_REF),
        col("rep", "销售代表", "Rep", req=True, aka=("业务员", "拜访人", "销售", "Sales Rep", "Visited By")),
        col(
            "kind",
            "方式",
            "Kind",
            # Not required: a rep's own visit log often has no such column; an empty kind is a plain visit.
            aka=("拜访方式", "类型", "Type", "Visit Type", "Activity Type", "Action", "跟进方式"),
            opts=choices(
                ("visit", "拜访", "visit"),
                ("call", "电话", "call"),
                ("trade_show", "展会", "trade show"),
                ("online", "线上", "online"),
                ("deep_revisit", "深度回访", "deep revisit"),
                ("inspection", "巡检", "inspection"),
            ),
        ),
        col("outcome", "结果", "Outcome", width=24, aka=("内容", "拜访内容", "拜访结果", "Notes", "Summary")),
        col("next_step", "下一步", "Next step", width=24),
        col("situation", "现状", "Situation", width=28, help=("三维追问一：目前的采购/使用场景", "Needs discovery 1: how they buy and use it today")),
        col("pain", "痛点", "Pain", width=28, help=("三维追问二：现状带来的困扰", "Needs discovery 2: what the situation costs them")),
        col("desired_outcome", "方案/期望收益", "Desired outcome", width=28, help=("三维追问三：解决后对业务的帮助", "Needs discovery 3: what solving it is worth to their business")),
        col("follow_up_due", "跟进截止", "Follow-up due", T.DATETIME, calc=True, help=("展会线索 24 小时内发跟进邮件", "Trade-show leads get a follow-up e-mail within 24 hours")),
    ),
)

CUSTOMER_REGISTER = WorkbookSpec(
    key="customer_register",
    zh="客户档案",
    en="Customer register",
    file_name="customer_register.xlsx",
    sheets=(CUSTOMERS, VISITS, OPPORTUNITIES, REFERRALS, TRADE_SHOW_LEADS),
)
