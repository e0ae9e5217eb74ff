"""Settings (设置): company-wide defaults from domain.md, all editable in the sheet."""

from decimal import Decimal as D

from .customers import CHANNELS
from .documents import CLAUSES, PAYMENT_TERMS, SERVICE_NOTES
from .dsl import APPROVALS, T, choices, col
from .key_value import Setting, key_value_sheet
from .pipeline import PIPELINE_STAGES
from .playbook import COMPLAINT_CAUSES, PLAYBOOK_SETTINGS, STAGE_TEMPLATES
from .types import SheetSpec, WorkbookSpec

GENERAL_SETTINGS = (
    Setting("company_name", "公司名称", "Company name", T.TEXT, "", "必填：印在客户报价单抬头；为空时报价单为草稿", "Required: printed at the top of customer quotes; while empty, quotes are drafts"),
    Setting("company_address", "公司地址", "Company address", T.TEXT, "", "印在客户报价单抬头", "Printed at the top of customer quotes"),
    Setting("company_phone", "公司电话", "Company phone", T.TEXT, "", "印在客户报价单抬头", "Printed at the top of customer quotes"),
    Setting("company_tax_id", "纳税人识别号", "Tax ID", T.TEXT, "", "统一社会信用代码，印在客户报价单上", "Unified social credit code, printed on customer quotes"),
    Setting("company_bank", "开户银行", "Bank", T.TEXT, "", "印在客户报价单上", "Printed on customer quotes"),
    Setting("company_bank_account", "银行账号", "Bank account", T.TEXT, "", "印在客户报价单上", "Printed on customer quotes"),
    Setting("timezone", "时区", "Time zone", T.TEXT, "Asia/Shanghai"),
    Setting("calendar_country", "工作日历国家", "Calendar country", T.TEXT, "CN", "ISO 国家代码", "ISO country code"),
    Setting("language", "界面语言", "Language", T.TEXT, "zh", "zh 或 en", "zh or en"),
    Setting("sla_first_response_hours", "首次响应时限（小时）", "First response (hours)", T.NUMBER, D("1")),
    Setting("sla_solution_hours", "解决时限（小时）", "Solution (hours)", T.NUMBER, D("48")),
    Setting("complaint_plan_minutes", "投诉出方案（分钟）", "Complaint plan (minutes)", T.NUMBER, D("30")),
    Setting("complaint_carry_out_hours", "投诉落实（小时）", "Complaint carried out (hours)", T.NUMBER, D("24")),
    Setting("complaint_follow_up_hours", "落实后回访（小时）", "Complaint follow-up (hours)", T.NUMBER, D("72")),
    Setting("notice_days_before", "到货前通知（天）", "Pre-delivery notice (days before)", T.INT, 2),
    Setting("tracking_hours", "发货后发送单号（小时）", "Tracking number sent (hours)", T.NUMBER, D("1")),
    Setting("acceptance_days", "到货后验收期（天）", "Acceptance period (days)", T.INT, 3),
    Setting("trade_show_follow_up_hours", "展会线索跟进（小时）", "Trade-show follow-up (hours)", T.NUMBER, D("24")),
    Setting("revisit_days", "深度回访周期（天）", "Deep revisit every (days)", T.INT, 90),
    Setting("dormant_months", "沉睡客户（月）", "Dormant after (months)", T.INT, 6),
    Setting("sla_at_risk_share", "即将超时提醒（剩余比例）", "At risk when time left <=", T.PERCENT, D("0.25")),
    Setting("sla_business_hours", "售后按工作时间计时", "After-sales clocks in business hours", T.BOOL, False, "默认 7x24 自然小时", "Default: 7x24 calendar hours"),
    Setting("business_hours", "工作时间", "Business hours", T.TEXT, "09:00-12:00,13:30-18:00"),
    Setting("warranty_months", "质保期（月）", "Warranty (months)", T.INT, 12),
    Setting("payback_max_months", "客户报价单显示回本期上限（月）", "Longest payback shown to customers (months)", T.INT, 36,
            "回本期长于此值且长于质保期时，客户报价单不显示回本期", "A payback longer than this and than the warranty is left off the customer's quote"),
    Setting("show_long_payback", "客户报价单显示较长回本期", "Show a long payback to customers", T.BOOL, False,
            "选“是”则超过上限的回本期也印在客户报价单上", "Yes: a payback beyond the limit is printed on the customer's quote too"),
    Setting("delivery_days", "标准交货期（天）", "Standard delivery (days)", T.INT, 15, "竞品对比表中我方的交货期", "Our delivery time on the competitor comparison"),
    Setting("competitor_stale_days", "竞品信息有效期（天）", "Competitor observations stale after (days)", T.INT, 90),
    Setting("quote_target_hours", "报价时效目标（工作小时）", "Quote turnaround target (working hours)", T.NUMBER, D("2")),
    Setting("inspection_days", "巡检间隔（天）", "Inspection every (days)", T.INT, 90),
    Setting("reminder_minutes", "日历提醒提前（分钟）", "Calendar alarm before due (minutes)", T.INT, 60),
    Setting("fastest_response_hours", "最快可承诺响应（小时）", "Fastest response we can promise (hours)", T.NUMBER, D("1"),
            "需求确认与合同中的响应承诺不得快于此", "A response promise on a requirement form or contract may not be faster"),
    Setting("penalty_rate_per_day", "默认日违约金比例", "Default penalty rate per day", T.PERCENT, D("0.0005"), "合同草稿与延期违约金使用；订单自填的优先", "Used by contract drafts and the late-delivery penalty; the order's own rate wins"),
    Setting("penalty_cap", "默认违约金上限", "Default penalty cap", T.PERCENT, D("0.05"), "占合同金额比例", "Share of the contract amount"),
    Setting("service_contact", "售后联系人", "After-sales contact", T.TEXT, "", "印在服务报告上", "Printed on the service report"),
    Setting("service_phone", "售后电话", "After-sales phone", T.TEXT, "", "印在服务报告上", "Printed on the service report"),
    Setting("evidence_location", "验收照片/视频存放位置", "Where acceptance photos/videos are kept", T.TEXT, "", "印在验收清单上", "Printed on the acceptance checklist"),
    Setting("backups_kept", "保留备份份数", "Backups kept per file", T.INT, 5),
    Setting("contract_no_pattern", "合同编号规则", "Contract number pattern", T.TEXT, "HT-{yyyy}{mm}-{seq}",
            "{yyyy} 年、{yy} 两位年、{mm} 月（报价日期）、{seq} 当月序号（3 位）", "{yyyy} year, {yy} two-digit year, {mm} month (of the quote date), {seq} number in the month (3 digits)"),
    Setting("opportunity_stale_days", "商机停滞天数", "Opportunity stale after (days)", T.INT, 14,
            "商机行内容多少天无变化视为停滞", "Days without any change on an opportunity's row before it is stale"),
    Setting("amount_tolerance_share", "金额核对容差（比例）", "Amount tolerance (share)", T.PERCENT, D("0.005"),
            "订单金额与其明细合计、报价含税总额允许的差额：取此比例与下方金额中较大者", "How far an order's amount may differ from its lines' total and its quote's total incl. VAT: the larger of this share and the amount below"),
    Setting("amount_tolerance_yuan", "金额核对容差（元）", "Amount tolerance (yuan)", T.MONEY, D("1"),
            "见上一项；付款节点金额另按 0.01 元核对；实付金额比应付少不超过此金额的付款节点视为已回款（不再催收）",
            "See above; payment amounts are checked to 0.01 yuan; a milestone paid short by at most this amount counts as paid (not chased)"),
    *PLAYBOOK_SETTINGS,
    Setting("todo_days", "待办提前天数", "To-do looks ahead (days)", T.INT, 7, "今日待办列出此天数内到期的每个未完成时限", "The to-do lists every open clock due within this many days"),
    Setting("plausible_first_year", "合理日期起始年份", "Plausible dates from year", T.INT, 2000, "早于该年的日期视为录入错误；只能放宽（默认 2000）", "Dates before this year are typos; can only widen (default 2000)"),
    Setting("plausible_last_year", "合理日期截止年份", "Plausible dates to year", T.INT, 2100, "晚于该年的日期视为录入错误；只能放宽（默认 2100）", "Dates after this year are typos; can only widen (default 2100)"),
    Setting("plausible_max_term_days", "账期上限（工作日）", "Longest payment term (working days)", T.INT, 3650),
    Setting("suggestion_ack_hours", "建议确认时限（小时）", "Suggestion acknowledged within (hours)", T.NUMBER, D("24")),
    Setting("suggestion_reply_days", "建议答复时限（工作日）", "Suggestion outcome told within (working days)", T.INT, 5, "解决后告知客户结果", "After it is resolved, the customer is told the outcome"),
)

SETTINGS = key_value_sheet(
    "settings", "设置", "Settings", GENERAL_SETTINGS,
    key_column="setting",
    key_header=("设置项", "Setting"),
    help=("公司级默认值；改这里，不改代码。", "Company-wide defaults: change them here, never in code."),
)

CALENDAR_OVERRIDES = SheetSpec(
    key="calendar_overrides",
    zh="日历调整",
    en="Calendar overrides",
    help_zh="在官方日历之外增加放假日或调休上班日。",
    help_en="Add holidays or working days on top of the official calendar.",
    columns=(
        col("date", "日期", "Date", T.DATE, req=True),
        col("kind", "类型", "Kind", req=True, opts=choices(("holiday", "放假", "holiday"), ("workday", "上班", "workday"))),
        col("note", "说明", "Note", width=24),
    ),
)

TARGETS = SheetSpec(
    key="targets",
    zh="目标",
    en="Targets",
    help_zh="每位销售每月的目标；不填则汇总显示“未设目标”，不会用示例数字计算达成率。",
    help_en="Each rep's monthly targets; left empty, the summary says \"no target set\" and computes no attainment from sample figures.",
    columns=(
        col("rep", "销售代表", "Rep", req=True, help=("* 表示每位销售", "* means every rep")),
        col("month", "月份", "Month", T.MONTH, help=("如 2026-03；留空表示每月", "e.g. 2026-03; blank means every month")),
        col("deals_target", "成交目标（单）", "Deals target", T.INT, lo=0),
        col("revenue_target", "业绩目标", "Revenue target", T.MONEY, lo=0,
            help=("填本公司的真实目标；留空则汇总显示“未设目标”", "Your company's real target; left empty, the summary says \"no target set\"")),
        col("conversion_target", "转化率目标", "Conversion target", T.PERCENT, lo=0, hi=1),
    ),
)

CHANNEL_COSTS = SheetSpec(
    key="channel_costs",
    zh="渠道成本",
    en="Channel costs",
    help_zh="各获客渠道每月的实际花费；不填则汇总显示“未记录成本”。",
    help_en="What each acquisition channel actually cost per month; left empty, the summary says \"no cost recorded\".",
    columns=(
        col("month", "月份", "Month", T.MONTH, help=("如 2026-03；留空表示每月", "e.g. 2026-03; blank means every month")),
        col("channel", "渠道", "Channel", req=True, opts=CHANNELS),
        col("cost", "成本", "Cost", T.MONEY, req=True, lo=0,
            help=("该渠道当月实际花费；没有记录的渠道汇总显示“未记录成本”", "What the channel actually cost that month; a channel without a row: \"no cost recorded\"")),
    ),
)

REPS = SheetSpec(
    key="reps",
    zh="销售团队",
    en="Reps",
    id_column="name",
    columns=(
        col("name", "姓名", "Name", req=True),
        col("role", "角色", "Role", req=True, opts=APPROVALS),
        col("manager", "上级", "Manager"),
    ),
)

REP_FOLDERS = SheetSpec(
    key="rep_folders",
    zh="文件夹负责销售",
    en="Reps by folder",
    help_zh="客户表没有负责销售列时：按文件夹或文件名（可用 * 通配）补充负责销售；优先级：表头对应 > 本表；都没有时提示补充，不用工作簿作者。",
    help_en="For sheets without an owner column: the rep by folder or file name (* wildcards allowed); order: header mapping > this sheet; with neither, salesdesk asks (never the workbook's author).",
    columns=(
        col("folder_pattern", "文件夹或文件", "Folder or file", req=True, width=24, help=("如 张三、华东/*、客户*.xlsx", "e.g. Zhang San, east/*, customers*.xlsx")),
        col("folder_rep", "该处负责销售", "Rep there", req=True),
    ),
)

SETTINGS_WORKBOOK = WorkbookSpec(
    key="settings",
    zh="设置",
    en="Settings",
    file_name="settings.xlsx",
    sheets=(SETTINGS, CALENDAR_OVERRIDES, TARGETS, CHANNEL_COSTS, REPS, REP_FOLDERS, CLAUSES, PAYMENT_TERMS, SERVICE_NOTES, PIPELINE_STAGES, STAGE_TEMPLATES, COMPLAINT_CAUSES),
)
