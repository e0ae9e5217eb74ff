"""Feedback log (反馈登记): after-sales tickets, complaints and suggestions."""

from . import aliases as A
from .dsl import T, choices, col
from .playbook import TICKET_COLUMNS
from .types import SheetSpec, WorkbookSpec

TICKETS = SheetSpec(
    key="tickets",
    suppliable=("ticket_id",),
    zh="售后与投诉",
    en="Tickets",
    id_column="ticket_id",
    help_zh="7x24 支持：1 小时内首次响应，48 小时内解决；投诉 30 分钟出方案，24 小时落实，落实后 72 小时回访。",
    help_en="7x24 support: first response within 1 h, solved within 48 h; complaints: plan in 30 min, carried out in 24 h, follow-up 72 h after.",
    columns=(
        col("ticket_id", "工单号", "Ticket ID", T.ID, req=True, aka=A.TICKET_ID),
        col("customer_id", "客户编号", "Customer ID", T.ID, req=True, ref="customers", aka=A.CUSTOMER_REF),
        col("order_id", "订单编号", "Order ID", T.ID, ref="orders", aka=A.ORDER_ID),
        col("received_at", "受理时间", "Received at", T.DATETIME, req=True, aka=A.RECEIVED),
        col(
            "kind",
            "类型",
            "Kind",
            req=True,
            opts=choices(
                ("hardware", "硬件故障", "hardware fault"),
                ("operation", "操作疑问", "operation question"),
                ("software", "软件bug", "software bug"),
                ("complaint", "投诉", "complaint"),
                ("suggestion", "建议", "suggestion"),
            ),
        ),
        col("category", "反馈分类", "Category", aka=A.COMPLAINT_KIND, opts=choices(("product", "产品类", "product"), ("service", "服务类", "service"), ("process", "流程类", "process"))),
        col("description", "问题描述", "Description", width=30, aka=A.DESCRIPTION),
        col("first_response_at", "首次响应时间", "First response at", T.DATETIME),
        col("solution", "解决方式", "Solution", aka=A.SOLUTION, opts=choices(("onsite", "上门维修", "on-site repair"), ("remote", "远程指导", "remote guidance"), ("replacement", "更换", "replacement"), ("other", "其他", "other"))),
        col("resolved_at", "解决时间", "Resolved at", T.DATETIME, aka=A.RESOLVED),
        col("plan_at", "方案时间", "Plan at", T.DATETIME),
        col("carried_out_at", "落实时间", "Carried out at", T.DATETIME),
        col("follow_up_at", "回访时间", "Follow-up at", T.DATETIME),
        col("customer_notified_at", "告知客户时间", "Customer notified at", T.DATETIME, help=("改进上线后告知提出者（反馈闭环）", "Telling the customer when the improvement ships")),
        col("satisfaction", "满意度", "Satisfaction", T.INT, lo=1, hi=5, aka=A.SATISFACTION),
        col("handler", "处理人", "Handler", aka=A.HANDLER),
        *TICKET_COLUMNS,
        col("response_due", "响应截止", "Response due", T.DATETIME, calc=True),
        col("resolution_due", "解决截止", "Resolution due", T.DATETIME, calc=True),
        col("plan_due", "方案截止", "Plan due", T.DATETIME, calc=True),
        col("carry_out_due", "落实截止", "Carry-out due", T.DATETIME, calc=True),
        col("follow_up_due", "回访截止", "Follow-up due", T.DATETIME, calc=True),
        col("reply_due", "答复截止", "Reply due", T.DATETIME, calc=True, help=("建议：解决后 5 个工作日内告知客户结果", "Suggestion: tell the customer the outcome within 5 working days of resolving it")),
        col("route_to", "流转部门", "Route to", calc=True, opts=choices(("rnd", "研发", "R&D"), ("after_sales", "售后", "after-sales"), ("operations", "运营", "operations"))),
        col(
            "sla_status",
            "服务时限状态",
            "SLA status",
            calc=True,
            aka=("SLA 状态", "SLA状态"),  # the header's earlier Chinese label: books written before keep being recognised
            opts=choices(
                ("open_on_time", "处理中", "open, on time"),
                ("at_risk", "即将超时", "at risk"),
                ("breached", "已超时", "breached"),
                ("met", "按时完成", "met"),
                ("missed", "超时完成", "missed"),
            ),
        ),
        col("overdue_by", "超时时长", "Overdue by", calc=True),
    ),
)

FEEDBACK_LOG = WorkbookSpec(
    key="feedback_log",
    zh="反馈登记",
    en="Feedback log",
    file_name="feedback_log.xlsx",
    sheets=(TICKETS,),
)
