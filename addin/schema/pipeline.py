"""The opportunity pipeline (商机): the opportunities sheet (customer register) and the stage probabilities (settings).

Keys fixed in workbooks.md ("Named by the pipeline and approvals work");
rules in domain.md "Pipeline and approvals".
"""

from decimal import Decimal as D

from . import aliases as A
from .dsl import CHANNELS, T, col
from .types import Choice, SheetSpec

# The stages in their order; won is the last stage, lost is off the ladder.
STAGES = (
    Choice("lead", "线索", "lead", aliases=("Prospecting", "New", "潜在", "初步接触", "Lead In", "New Lead", "Appointment Scheduled", "Contact Made", "Discovery", "初次沟通", "意向")),
    Choice("qualified", "已验证", "qualified", aliases=("Qualification", "Qualify", "合格", "已确认", "Qualified To Buy", "Qualified", "Demo Scheduled", "Presentation Scheduled", "验证")),
    Choice("needs_confirmed", "需求确认", "needs confirmed", aliases=("Needs Analysis", "Needs Confirmed", "方案", "需求分析", "Value Proposition", "Id. Decision Makers", "Perception Analysis", "Decision Maker Bought-In", "Solution", "方案确认")),
    Choice("quoted", "已报价", "quoted", aliases=("Proposal", "Proposal/Price Quote", "Quote", "Quoted", "报价", "Proposal Made", "Proposal Sent", "Quote Sent", "已报价", "报价中")),
    Choice("negotiating", "谈判中", "negotiating", aliases=("Negotiation", "Negotiation/Review", "商务谈判", "谈判", "Negotiations Started", "In Negotiation", "Contract Sent", "Commit", "合同审批", "谈判中")),
    Choice("won", "赢单", "won", aliases=("Closed Won", "Won", "成交", "已成交", "签约", "Closed - Won", "Deal Won", "赢单", "已签约")),
    Choice("lost", "输单", "lost", aliases=("Closed Lost", "Lost", "丢单", "失败", "未成交", "Closed - Lost", "Deal Lost", "输单", "Disqualified")),
)
STAGE_ORDER = tuple(c.key for c in STAGES if c.key != "lost")  # lead .. won
OPEN_STAGES = STAGE_ORDER[:-1]
DEFAULT_PROBABILITY = {"lead": D("0.10"), "qualified": D("0.20"), "needs_confirmed": D("0.40"), "quoted": D("0.60"),
                       "negotiating": D("0.80"), "won": D("1"), "lost": D("0")}

# The customer as CRM exports and reps' 商机 sheets name it; fewer variants than an order's (no "Client", "Party Name"),
# so a sheet of orders with a client column and a date is never taken for opportunities.
OPPORTUNITY_CUSTOMER = (*A.CUSTOMER_ID, "客户名称", "客户", "客户全称", "Account Name", "Account", "Customer", "Customer Name", "Company Name")

OPPORTUNITIES = SheetSpec(
    key="opportunities",
    suppliable=("opportunity_id", "owner_rep"),
    # a pipeline is its stages, of a deal, a customer or an amount: a lead list with a source and a date is no pipeline (issue 22)
    identifying=(("stage",), ("opportunity_id", "customer_id", "lead_name", "expected_amount")),
    zh="商机",
    en="Opportunities",
    id_column="opportunity_id",
    help_zh="每行一个商机：阶段、预计金额、赢单率（留空按阶段默认）、预计成交日期、下一步。赢单须有报价单号，输单须写原因。",
    help_en="One row per opportunity: stage, expected amount, probability (blank: the stage's default), expected close, next step. "
            "A won one names its quote; a lost one its reason.",
    columns=(
        col("opportunity_id", "商机编号", "Opportunity ID", T.ID, req=True,
            aka=("商机", "机会", "销售机会", "项目", "项目编号", "项目名称", "商机名称", "机会编号", "Opportunity", "Opportunity Name", "Deal", "Deal Name", "Opportunity No.", "Deal ID", "Deal No.")),
        col("customer_id", "客户编号", "Customer ID", T.ID, aka=OPPORTUNITY_CUSTOMER, help=("已建档客户的编号；潜在客户填线索名称", "A registered customer's ID; for a lead, its name in Lead name")),
        col("lead_name", "线索名称", "Lead name", aka=("潜在客户", "线索", "Lead", "Lead Name", "Prospect")),
        col("owner_rep", "负责销售", "Owner rep", req=True, aka=A.REP),
        col("created_on", "创建日期", "Created on", T.DATE, req=True, aka=A.CREATED),
        col("stage", "阶段", "Stage", req=True, opts=STAGES, aka=("销售阶段", "商机阶段", "Sales Stage", "Deal Stage", "Opportunity Stage", "Stage Name", "Stage ID", "Pipeline Stage", "Deal Stage ID")),
        col("expected_amount", "预计金额", "Expected amount", T.MONEY, lo=0,
            aka=("预计成交金额", "预估金额", "商机金额", "Amount", "Deal Amount", "Opportunity Amount", "Expected Revenue", "Deal Size", "Deal Value", "Opportunity Value")),
        col("probability", "赢单率", "Probability", T.PERCENT, lo=0, hi=1, aka=("成交概率", "赢率", "Probability (%)", "Win Probability"),
            help=("留空按设置中的阶段默认赢单率", "Blank: the stage's default from the settings")),
        col("expected_close", "预计成交日期", "Expected close", T.DATE, aka=("预计签约", "预计签约日期", "预计成交", "Close Date", "Expected Close Date", "Expected Closing")),
        col("next_step", "下一步", "Next step", width=24, aka=("下一步计划", "Next Step")),
        col("next_step_due", "下一步截止", "Next step due", T.DATE, aka=("下一步日期", "跟进日期", "Next Step Date", "Next Activity Date")),
        col("closed_on", "关闭日期", "Closed on", T.DATE, aka=("成交日期", "赢单日期", "输单日期", "Actual Close Date", "Closed Date"),
            help=("赢单或输单的日期；留空按预计成交日期", "The day it was won or lost; blank: the expected close")),
        col("lost_reason", "输单原因", "Lost reason", width=20, aka=("丢单原因", "失败原因", "Lost Reason", "Loss Reason", "Reason Lost")),
        col("lost_at_stage", "输单时阶段", "Lost at stage", opts=STAGES[:-2], help=("输单前到达的阶段；留空：有报价按已报价，否则按线索", "The stage reached before it was lost; blank: quoted when it has a quote, else lead")),
        col("competitor", "竞争对手", "Competitor", aka=("竞品", "Competitor", "Competitors")),
        col("channel", "获客渠道", "Channel", opts=CHANNELS, aka=A.SOURCE),
        col("quote_id", "报价单号", "Quote ID", T.ID, ref="quotes", aka=("报价编号", "Quote", "Quote No.")),
        col("weighted_amount", "加权金额", "Weighted amount", T.MONEY, calc=True, help=("预计金额 × 赢单率", "Expected amount × probability")),
        col("stale", "停滞", "Stale", T.BOOL, calc=True, help=("未关闭且多日无变化或下一步已逾期", "Open, and unchanged for days or its next step overdue")),
        col("next_due", "下一跟进截止", "Next due", T.DATE, calc=True),
        col("change_fingerprint", "变更指纹", "Change fingerprint", calc=True, read_back=True, width=10,
            help=("salesdesk 记录的本行内容与最近变化日期，用于判断停滞", "What salesdesk last saw on the row and since when: tells a stale opportunity")),
    ),
)

PIPELINE_STAGES = SheetSpec(
    key="pipeline_stages",
    zh="商机阶段",
    en="Pipeline stages",
    id_column="stage",
    help_zh="各阶段的默认赢单率；商机行自填的赢单率优先。",
    help_en="Each stage's default probability; an opportunity's own probability wins.",
    columns=(
        col("stage", "阶段", "Stage", req=True, opts=STAGES),
        col("probability", "默认赢单率", "Default probability", T.PERCENT, req=True, lo=0, hi=1),
    ),
    defaults=tuple({"stage": k, "probability": p} for k, p in DEFAULT_PROBABILITY.items()),
)
