"""The rest of the seller's playbook (issue 24): sheets and settings.

- referrals (老客裂变, customer register): who referred whom, the reward kind
  (推荐返佣 rebate / 服务升级 service upgrade) and whether it was paid; the
  reward owed is computed (addin/playbook/referrals.py).
- trade_show_leads (展会线索, customer register): the questionnaire of an
  event, one row per lead with the hour met; the 24 h follow-up is due at
  met_at + trade_show_follow_up_hours (domain.md "Deadlines").
- stage_messages (阶段通知, order progress): per order and stage, when the
  customer was told; the message text and its due time are computed.
- cases (案例库, quote calculator): cases by industry with before/after
  figures, picked for a quote or requirement form by industry and products.
- settings sheets: stage message templates and the complaint root causes.
"""

from __future__ import annotations

from decimal import Decimal as D

from . import aliases as A
from .dsl import T, choices, col
from .types import Setting, SheetSpec

REWARD_KINDS = choices(("rebate", "推荐返佣", "rebate"), ("service_upgrade", "服务升级", "service upgrade"))

# The order stages a customer hears about (domain.md §3 "Order progress"), in order; each is reached
# when the order's own column is filled.
ORDER_STAGES = choices(
    ("signed", "已签约", "signed"),
    ("shipped", "已发货", "shipped"),
    ("arrived", "已到货", "arrived"),
    ("installed", "安装完成", "installed"),
    ("accepted", "已验收", "accepted"),
)
STAGE_COLUMNS = {"signed": "signed_on", "shipped": "shipped_at", "arrived": "arrived_at", "installed": "installed_at", "accepted": "accepted_at"}

FEEDBACK_SOURCES = choices(
    ("survey", "满意度调研", "survey"),
    ("callback", "售后回访", "callback"),
    ("meeting", "客户座谈会", "customer meeting"),
    ("phone", "电话", "phone"),
    ("visit", "拜访", "visit"),
    ("other", "其他", "other"),
)

REFERRALS = SheetSpec(
    key="referrals",
    zh="转介绍",
    en="Referrals",
    help_zh="老客转介绍：返佣 = 被推荐客户前 N 笔订单金额 × 返佣比例（见设置）；服务升级按设置计成本。",
    help_en="Referrals: a rebate = the referred customer's first N orders x the rebate share (settings); a service upgrade costs what settings say.",
    columns=(
        col("referrer_id", "推荐客户", "Referrer", T.ID, req=True, ref="customers", aka=("推荐人", "介绍人", "Referred By")),
        col("referred_id", "被推荐客户", "Referred customer", T.ID, req=True, ref="customers", aka=("新客户", "被介绍客户", "Referred")),
        col("referred_on", "推荐日期", "Referred on", T.DATE, aka=("介绍日期", "Referral Date")),
        col("reward_kind", "奖励方式", "Reward kind", opts=REWARD_KINDS, help=("留空按设置的默认方式", "Blank: the settings' default")),
        col("reward_paid_on", "奖励发放日期", "Reward paid on", T.DATE),
        col("reward_paid_amount", "已发放金额", "Reward paid amount", T.MONEY, lo=0),
        col("notes", "备注", "Notes", width=24),
        col("first_orders_amount", "首批订单金额", "First orders amount", T.MONEY, calc=True),
        col("reward_owed", "应发奖励", "Reward owed", T.MONEY, calc=True),
        col("reward_status", "奖励状态", "Reward status", calc=True, opts=choices(
            ("not_earned", "未成交", "not earned yet"), ("owed", "待发放", "owed"), ("paid", "已发放", "paid"), ("part_paid", "部分发放", "part paid"))),
    ),
)

TRADE_SHOW_LEADS = SheetSpec(
    key="trade_show_leads",
    zh="展会线索",
    en="Trade-show leads",
    help_zh="展会需求问卷，每行一个线索：会后 24 小时内（从见面的时刻算起）发送定制化跟进邮件。",
    help_en="The trade-show questionnaire, one lead per row: a tailored follow-up within 24 hours of the hour you met.",
    columns=(
        col("event", "展会", "Event", req=True, aka=("展会名称", "活动", "Trade Show")),
        col("met_at", "见面时间", "Met at", T.DATETIME, req=True, aka=("接待时间", "到访时间", "Time Met")),
        col("lead_name", "姓名", "Name", req=True, aka=A.CONTACT),
        col("company", "公司", "Company", width=24, aka=("公司名称", "单位", "Company Name")),
        col("phone", "电话", "Phone", T.ID, aka=A.PHONE),
        col("email", "邮箱", "Email", aka=A.EMAIL),
        col("wechat", "微信", "WeChat", T.ID, aka=("微信号", "WeChat ID")),
        col("industry", "行业", "Industry", aka=A.INDUSTRY),
        col("need", "需求", "Need", width=30, aka=("需求描述", "问卷需求", "Needs")),
        col("interest_sku", "意向产品", "Product of interest", T.ID, ref="price_list", aka=("意向型号", "产品", "Product")),
        col("customer_id", "客户编号", "Customer ID", T.ID, ref="customers", help=("转为客户后填写", "Once the lead is a customer")),
        col("rep", "销售代表", "Rep", aka=("接待人", "业务员")),
        col("followed_up_at", "跟进时间", "Followed up at", T.DATETIME, aka=("已跟进", "Follow-up Sent")),
        col("follow_up_due", "跟进截止", "Follow-up due", T.DATETIME, calc=True),
        col("follow_up_email", "跟进邮件草稿", "Follow-up e-mail draft", calc=True, width=40),
        col("follow_up_wechat", "跟进微信草稿", "Follow-up WeChat draft", calc=True, width=40),
    ),
)

STAGE_MESSAGES = SheetSpec(
    key="stage_messages",
    zh="阶段通知",
    en="Stage messages",
    help_zh="每个订单阶段变化后，在设置的时限（默认 1 小时）内向客户同步进度；发送后填写发送时间。",
    help_en="After each order stage change, tell the customer within the set time (default 1 hour); fill in when it was sent.",
    columns=(
        col("order_id", "订单编号", "Order ID", T.ID, req=True, ref="orders", aka=A.ORDER_ID),
        col("stage", "阶段", "Stage", req=True, opts=ORDER_STAGES),
        col("sent_at", "发送时间", "Sent at", T.DATETIME, aka=("已发送", "Sent")),
        col("channel", "发送方式", "Channel", opts=choices(("wechat", "微信", "WeChat"), ("email", "邮件", "e-mail"), ("sms", "短信", "SMS"), ("phone", "电话", "phone"))),
        col("changed_at", "阶段变化时间", "Stage changed at", T.DATETIME, calc=True),
        col("message_due", "通知截止", "Message due", T.DATETIME, calc=True),
        col("message", "通知内容", "Message", calc=True, width=48),
    ),
)

CASES = SheetSpec(
    key="cases",
    zh="案例库",
    en="Case library",
    id_column="case_id",
    help_zh="价值可视化：按行业记录使用前后数据与客户证言；报价单与需求确认单按客户行业和所报产品挑选。",
    help_en="Value made visible: before/after figures and testimonials by industry; picked for quotes and requirement forms by industry and products.",
    columns=(
        col("case_id", "案例编号", "Case ID", T.ID, req=True),
        col("industry", "行业", "Industry", req=True, aka=A.INDUSTRY),
        col("customer_name", "客户", "Customer", width=20),
        col("skus", "产品", "Products", help=("产品编号，多个用逗号分隔", "SKUs, comma separated"), aka=("型号", "SKU")),
        col("before", "使用前", "Before", width=24),
        col("after", "使用后", "After", width=24),
        col("result", "成效", "Result", width=28, help=("如：年省电费 12 万元", "e.g. saves 120,000 CNY of power a year")),
        col("testimonial", "客户证言", "Testimonial", width=36),
    ),
)

STAGE_TEMPLATES = SheetSpec(
    key="stage_templates",
    zh="阶段通知模板",
    en="Stage message templates",
    help_zh="可用占位符：{customer} {order_id} {stage} {date} {planned_arrival} {tracking_no}",
    help_en="Placeholders: {customer} {order_id} {stage} {date} {planned_arrival} {tracking_no}",
    columns=(
        col("stage", "阶段", "Stage", req=True, opts=ORDER_STAGES),
        col("language", "语言", "Language", req=True, opts=choices(("zh", "中文", "Chinese"), ("en", "英文", "English"))),
        col("template", "模板", "Template", req=True, width=60),
    ),
    defaults=(
        {"stage": "signed", "language": "zh", "template": "{customer}您好：订单 {order_id} 已签约并进入生产排期，预计 {planned_arrival} 到货。"},
        {"stage": "shipped", "language": "zh", "template": "{customer}您好：订单 {order_id} 已于 {date} 发货，运单号 {tracking_no}，预计 {planned_arrival} 到货。"},
        {"stage": "arrived", "language": "zh", "template": "{customer}您好：订单 {order_id} 已于 {date} 到货，我们将尽快安排安装调试。"},
        {"stage": "installed", "language": "zh", "template": "{customer}您好：订单 {order_id} 已于 {date} 安装调试完成，请在 3 天内验收。"},
        {"stage": "accepted", "language": "zh", "template": "{customer}您好：订单 {order_id} 已于 {date} 验收，感谢信任！售后问题请随时联系我们。"},
        {"stage": "signed", "language": "en", "template": "Dear {customer}, order {order_id} is signed and scheduled for production; expected arrival {planned_arrival}."},
        {"stage": "shipped", "language": "en", "template": "Dear {customer}, order {order_id} shipped on {date}, tracking number {tracking_no}; expected arrival {planned_arrival}."},
        {"stage": "arrived", "language": "en", "template": "Dear {customer}, order {order_id} arrived on {date}; we will schedule installation shortly."},
        {"stage": "installed", "language": "en", "template": "Dear {customer}, order {order_id} was installed on {date}; please accept it within 3 days."},
        {"stage": "accepted", "language": "en", "template": "Dear {customer}, order {order_id} was accepted on {date}. Thank you! We are here for any after-sales need."},
    ),
)

COMPLAINT_CAUSES = SheetSpec(
    key="complaint_causes",
    zh="投诉根因",
    en="Complaint causes",
    id_column="cause",
    help_zh="投诉复盘时从此表选择根因。",
    help_en="The root causes a complaint review picks from.",
    columns=(
        col("cause", "根因", "Cause", req=True, width=20),
        col("note", "说明", "Note", width=30),
    ),
    defaults=(
        {"cause": "交付延误", "note": "delivery delay"},
        {"cause": "产品质量", "note": "product quality"},
        {"cause": "安装调试", "note": "installation"},
        {"cause": "沟通不畅", "note": "communication"},
        {"cause": "账单错误", "note": "billing"},
    ),
)

PLAYBOOK_SETTINGS = (
    Setting("referral_reward_kind", "默认转介绍奖励", "Default referral reward", T.TEXT, "rebate", "rebate（返佣）或 service_upgrade（服务升级）", "rebate or service_upgrade"),
    Setting("referral_rebate_share", "转介绍返佣比例", "Referral rebate share", T.PERCENT, D("0.03"), "被推荐客户首批订单金额的比例", "Share of the referred customer's first orders"),
    Setting("referral_first_orders", "返佣计算订单数", "Orders the rebate counts", T.INT, 1, "被推荐客户的前 N 笔订单", "The referred customer's first N orders"),
    Setting("referral_upgrade_cost", "服务升级成本", "Service upgrade cost", T.MONEY, D("2000"), "每次服务升级奖励的成本", "What one service-upgrade reward costs"),
    Setting("stage_message_hours", "阶段通知时限（小时）", "Stage message within (hours)", T.NUMBER, D("1")),
)

TICKET_COLUMNS = (
    col("source", "反馈来源", "Feedback source", opts=FEEDBACK_SOURCES, aka=("来源", "Source")),
    col("root_cause", "根因", "Root cause", help=("投诉复盘：从设置“投诉根因”中选择", "Complaint review: one of the settings' complaint causes"), aka=("原因", "Cause")),
    col("compensation", "补偿措施", "Compensation", width=24, aka=("补偿", "超额补偿")),
    col("compensation_cost", "补偿成本", "Compensation cost", T.MONEY, lo=0, aka=("补偿金额",)),
)

# On customers: the language the customer is written to in (stage messages); blank: the workbook's.
CUSTOMER_COLUMNS = (
    col("language", "沟通语言", "Language", opts=choices(("zh", "中文", "Chinese"), ("en", "英文", "English")),
        help=("阶段通知等客户消息使用的语言；留空按工作簿语言", "Language of messages to the customer (stage messages); blank: the workbook's")),
)
