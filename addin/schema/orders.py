"""Order progress (订单进度表): orders, their lines and payment milestones."""

from . import aliases as A
from .dsl import T, choices, col
from .playbook import STAGE_MESSAGES
from .requirements import REQUIREMENTS
from .types import SheetSpec, WorkbookSpec

STAGES = choices(
    ("contract", "已签约", "signed"),
    ("production", "生产排期", "production"),
    ("shipped", "物流发货", "shipped"),
    ("arrived", "已到货", "arrived"),
    ("installed", "安装调试", "installed"),
    ("accepted", "已验收", "accepted"),
)

# The deadline engine's next steps (deadlines/orders.py), written as these labels in the workbook's language.
NEXT_ACTIONS = choices(
    ("tracking", "发送物流单号", "send the tracking number"),
    ("notice", "到货前通知客户", "notify the customer before delivery"),
    ("arrival", "跟进到货", "follow up the delivery"),
    ("acceptance", "跟进验收", "follow up acceptance"),
    ("inspection", "定期巡检", "routine inspection"),
)

ORDERS = SheetSpec(
    key="orders",
    suppliable=("order_id", "owner_rep"),
    identifying=(("order_id",), ("customer_id", "contract_amount")),  # an order's id, and whom it is for or what it is worth (issue 22)
    zh="订单",
    en="Orders",
    id_column="order_id",
    help_zh="每行一个合同订单。日期顺序：签约 ≤ 发货 ≤ 到货 ≤ 验收。",
    help_en="One row per contract. Dates in order: signed <= shipped <= arrived <= accepted.",
    columns=(
        col("order_id", "订单编号", "Order ID", T.ID, req=True, aka=A.ORDER_ID),
        col("customer_id", "客户编号", "Customer ID", T.ID, req=True, ref="customers", aka=A.CUSTOMER_REF),
        col("quote_id", "报价单号", "Quote ID", T.ID, ref="quotes"),
        col("owner_rep", "负责销售", "Owner rep", req=True, aka=A.REP),
        col("signed_on", "签约日期", "Signed on", T.DATE, req=True, aka=A.SIGNED),
        col("contract_amount", "合同金额", "Contract amount", T.MONEY, req=True, lo=0, aka=A.AMOUNT),
        col("planned_arrival", "计划到货", "Planned arrival", T.DATE, req=True, aka=A.ARRIVAL),
        col("planned_install", "计划安装完成", "Planned installation", T.DATE),
        col("shipped_at", "发货时间", "Shipped at", T.DATETIME, aka=A.SHIPPED),
        col("tracking_no", "物流单号", "Tracking no.", T.ID, aka=A.TRACKING),
        col("tracking_sent_at", "单号发送时间", "Tracking sent at", T.DATETIME),
        col("arrived_at", "到货时间", "Arrived at", T.DATETIME),
        col("installed_at", "安装完成时间", "Installed at", T.DATETIME),
        col("accepted_at", "验收时间", "Accepted at", T.DATETIME),
        col("penalty_rate_per_day", "日违约金比例", "Penalty rate per day", T.PERCENT, lo=0, hi=1),
        col("penalty_cap", "违约金上限", "Penalty cap", T.PERCENT, lo=0, hi=1, help=("占合同金额比例", "Share of the contract amount")),
        col("lines_excl_vat", "明细单价不含税", "Line prices excl. VAT", T.BOOL,
            help=("是：合同金额 = 明细合计 ×（1 + 增值税率）；空或否：合同金额 = 明细合计", "Yes: contract amount = the lines' total x (1 + VAT rate); blank or no: contract amount = the lines' total")),
        col("response_hours", "合同响应时限（小时）", "Response promise (hours)", T.NUMBER, lo=0, help=("合同承诺优先于默认服务时限", "A contract promise overrides the default SLA")),
        col("contract_no", "合同号码", "Contract no.", T.ID,  # not 合同编号: reps' own books use that header for the order's id
            help=("按设置中的合同编号规则生成，文件夹内唯一；合同草稿与订单使用同一编号", "From the settings' contract number pattern, unique across the folder; the contract and the order carry the same number")),
        col("stage", "当前阶段", "Stage", calc=True, opts=STAGES),
        col("notice_due", "到货通知截止", "Pre-delivery notice due", T.DATE, calc=True),
        col("tracking_due", "单号发送截止", "Tracking due", T.DATETIME, calc=True),
        col("acceptance_due", "验收截止", "Acceptance due", T.DATETIME, calc=True),
        col(
            "acceptance_status",
            "验收状态",
            "Acceptance status",
            calc=True,
            opts=choices(("waiting", "待验收", "waiting"), ("accepted", "已验收", "accepted"), ("deemed_accepted", "默认合格", "deemed accepted")),
        ),
        col("days_late", "逾期天数", "Days late", T.INT, calc=True),
        col("penalty_amount", "违约金", "Penalty amount", T.MONEY, calc=True),
        col("next_action", "下一步", "Next action", calc=True, width=22, opts=NEXT_ACTIONS),
        col("next_due", "下一步截止", "Next due", T.DATETIME, calc=True),
        col("overdue", "已逾期", "Overdue", T.BOOL, calc=True),
        col("warranty_until", "质保截止", "Warranty until", T.DATE, calc=True),
        col("next_inspection_due", "下次巡检", "Next inspection due", T.DATE, calc=True),
    ),
)

ORDER_LINES = SheetSpec(
    key="order_lines",
    zh="订单明细",
    en="Order lines",
    columns=(
        col("order_id", "订单编号", "Order ID", T.ID, req=True, ref="orders", aka=A.ORDER_ID),
        col("sku", "产品编码", "SKU", T.ID, req=True, ref="price_list", aka=A.SKU),
        col("qty", "数量", "Quantity", T.NUMBER, req=True, lo=0, aka=A.QTY,
            help=("整数；按重量、长度、体积计的单位（kg、米、升、吨…）可有小数", "Whole; decimals where the unit allows them (kg, m, L, t ...)")),
        col("unit_price", "单价", "Unit price", T.MONEY, req=True, lo=0, aka=A.UNIT_PRICE),
        col("unit", "单位", "Unit", width=8, aka=A.UNIT, help=("留空时用价目表的单位", "Blank: the price list's unit")),
    ),
)

MILESTONES = choices(("prepayment", "预付款", "prepayment"), ("arrival", "到货款", "on arrival"), ("acceptance", "验收款", "on acceptance"))

PAYMENTS = SheetSpec(
    key="payments",
    zh="回款节点",
    en="Payments",
    help_zh="每个订单的付款节点比例合计应为 100%。",
    help_en="Each order's milestone shares add up to 100%.",
    columns=(
        col("order_id", "订单编号", "Order ID", T.ID, req=True, ref="orders", aka=A.ORDER_ID),
        col("milestone", "付款节点", "Milestone", req=True, opts=MILESTONES),
        col("share", "比例", "Share", T.PERCENT, req=True, lo=0, hi=1),
        col("due_in_working_days", "账期（工作日）", "Due in working days", T.INT, req=True, lo=0),
        col("paid_on", "实付日期", "Paid on", T.DATE),
        col("paid_amount", "实付金额", "Paid amount", T.MONEY, lo=0),
        col("amount", "应付金额", "Amount", T.MONEY, calc=True, read_back=True),
        col("due_on", "到期日", "Due on", T.DATE, calc=True),
        col(
            "status",
            "回款状态",
            "Status",
            calc=True,
            opts=choices(
                ("not_due", "未到期", "not due"),
                ("due", "待回款", "due"),
                ("overdue", "已逾期", "overdue"),
                ("paid", "已回款", "paid"),
                ("part_paid", "部分回款", "part paid"),
            ),
        ),
        col("open_amount", "未收金额", "Open amount", T.MONEY, calc=True, help=("应付金额减实付金额：部分回款或逾期时仍欠的部分", "Amount less paid amount: what is still owed on a part-paid or overdue milestone")),
    ),
)

ORDER_PROGRESS = WorkbookSpec(
    key="order_progress",
    zh="订单进度表",
    en="Order progress",
    file_name="order_progress.xlsx",
    sheets=(ORDERS, ORDER_LINES, PAYMENTS, REQUIREMENTS, STAGE_MESSAGES),
)
