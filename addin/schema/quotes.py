"""Quote calculator (报价计算器): quotes, lines, price list and the discount policy.

Every number of the pricing rules lives in the policy sheets below (defaults
from domain.md); the pricing code reads them and never hard-codes a rate.
"""

from decimal import Decimal as D

from . import aliases as A
from .dsl import APPROVALS, TIERS, T, col
from .key_value import Setting, key_value_sheet
from .types import SheetSpec, WorkbookSpec

QUOTES = SheetSpec(
    key="quotes",
    suppliable=("owner_rep",),
    zh="报价单",
    en="Quotes",
    id_column="quote_id",
    columns=(
        col("quote_id", "报价单号", "Quote ID", T.ID, req=True),
        col("customer_id", "客户编号", "Customer ID", T.ID, req=True, ref="customers"),
        col("owner_rep", "负责销售", "Owner rep", req=True),
        col("quote_date", "报价日期", "Quote date", T.DATE, req=True),
        col("prepay_share", "预付比例", "Prepayment share", T.PERCENT, lo=0, hi=1),
        col("valid_until", "有效期至", "Valid until", T.DATE),
        col("requested_at", "询价时间", "Requested at", T.DATETIME, help=("客户提出报价需求的时间", "When the customer asked for the quote")),
        col("sent_at", "报价发出时间", "Sent at", T.DATETIME, help=("报价发给客户的时间；与询价时间算报价用时", "When the quote went to the customer; with Requested at it gives the turnaround")),
        col("baseline_power_cost", "客户年电费", "Annual power cost", T.MONEY, lo=0, help=("客户现状，用于价值测算；留空则不测算", "The customer's baseline for the value calculator; blank: not computed")),
        col("baseline_hourly_rate", "人工成本（元/小时）", "Labour cost per hour", T.MONEY, lo=0, help=("客户现状：每工时的人工成本", "The customer's baseline: labour cost per hour")),
        col("baseline_downtime_cost", "客户年停机损失", "Annual downtime cost", T.MONEY, lo=0, help=("客户现状：每年因故障停机的损失", "The customer's baseline: yearly cost of breakdowns")),
        col("alternative_price", "对比方案价格（不含税）", "Alternative offer (excl. VAT)", T.MONEY, lo=0,
            help=("客户比较的另一方案（如竞品报价）；回本期按差价计算，留空按本报价不含税合计", "The offer the customer weighs against ours (e.g. a competitor's); payback recovers the difference; blank: our whole total excl. VAT")),
        col("tier", "客户分层", "Tier", calc=True, opts=TIERS),
        col("cooperation_years", "合作年限", "Cooperation years", T.INT, calc=True),
        col("total_list", "目录价合计", "Total at list", T.MONEY, calc=True),
        col("total_excl_vat", "不含税合计", "Total excl. VAT", T.MONEY, calc=True),
        col("vat", "增值税", "VAT", T.MONEY, calc=True),
        col("total_incl_vat", "含税合计", "Total incl. VAT", T.MONEY, calc=True),
        col("effective_discount", "综合折扣", "Effective discount", T.PERCENT, calc=True),
        col("approval", "审批级别", "Approval", calc=True, opts=APPROVALS),
        col("blocked", "低于底价", "Blocked", T.BOOL, calc=True),
        col("gifts", "赠品", "Gifts", calc=True, width=24),
        col("value_package", "价值包", "Value package", calc=True, width=30),
        col("margin", "毛利", "Margin", T.MONEY, calc=True, help=("仅内部使用，不出现在客户报价单", "Internal only; never on the customer's quote")),
        col("margin_rate", "毛利率", "Margin rate", T.PERCENT, calc=True, help=("仅内部使用", "Internal only")),
        col("rep_advice", "权限内建议", "Within rep authority", calc=True, width=40, help=("超出销售权限时的替代方案", "What stays within the rep's authority when a line needs more")),
        col("yearly_saving", "客户年节省", "Yearly saving", T.MONEY, calc=True, help=("价值测算：价格表的价值因子 × 客户现状", "Value calculator: the price list's value drivers × the customer's baseline")),
        col("payback_months", "回本月数", "Payback (months)", T.INT, calc=True, help=("差价 ÷ 月节省，向上取整", "The price difference ÷ the monthly saving, rounded up")),
        col("value_explanation", "价值说明", "Value explained", calc=True, width=60),
        col("turnaround_hours", "报价用时（工作小时）", "Turnaround (working hours)", T.NUMBER, calc=True, help=("询价到报价发出的工作时间", "Working time from request to quote sent")),
    ),
)

QUOTE_LINES = SheetSpec(
    key="quote_lines",
    zh="报价明细",
    en="Quote lines",
    columns=(
        col("quote_id", "报价单号", "Quote ID", T.ID, req=True, ref="quotes"),
        col("sku", "产品编码", "SKU", T.ID, req=True, ref="price_list"),
        col("qty", "数量", "Quantity", T.INT, req=True, lo=0),
        col("negotiated_discount", "议价折扣", "Negotiated discount", T.PERCENT, lo=0, hi=1, help=("销售手填的额外折扣", "Extra discount typed by the rep")),
        col("list_price", "目录价", "List price", T.MONEY, calc=True),
        col("volume_discount", "批量折扣", "Volume discount", T.PERCENT, calc=True),
        col("prepay_discount", "预付折扣", "Prepayment discount", T.PERCENT, calc=True),
        col("loyalty_discount", "长期合作折扣", "Loyalty discount", T.PERCENT, calc=True),
        col("net_unit_price", "成交单价", "Net unit price", T.MONEY, calc=True),
        col("line_total", "行金额", "Line total", T.MONEY, calc=True),
        col("effective_discount", "综合折扣", "Effective discount", T.PERCENT, calc=True),
        col("approval", "审批级别", "Approval", calc=True, opts=APPROVALS),
        col("blocked", "低于底价", "Blocked", T.BOOL, calc=True),
        col("explanation", "价格说明", "Explanation", calc=True, width=60),
        col("next_tier_hint", "差一点", "Next tier hint", calc=True, width=40),
    ),
)

PRICE_LIST = SheetSpec(
    key="price_list",
    suppliable=("sku", "floor_price"),  # a rep's own price list: items by name, floors not kept (quotes stay drafts)
    identifying=(("name",), ("list_price",)),  # an item and its price: a price list (issue 22)
    zh="价格表",
    en="Price list",
    id_column="sku",
    columns=(
        col("sku", "产品编码", "SKU", T.ID, req=True, aka=A.SKU),
        col("name", "产品名称", "Product name", req=True, width=24, aka=A.PRODUCT_NAME),
        col("category", "类别", "Category"),
        col("unit", "单位", "Unit", width=8, aka=A.UNIT),
        col("list_price", "目录价", "List price", T.MONEY, req=True, lo=0, aka=A.LIST_PRICE),
        col("floor_price", "底价", "Floor price", T.MONEY, req=True, lo=0, help=("成交单价不得低于底价", "No net unit price may go below it")),
        col("cost", "成本", "Cost", T.MONEY, lo=0, help=("仅内部使用", "Internal only")),
        col("name_en", "英文名称", "English name", width=24, help=("英文报价单使用；留空则用产品名称", "Used on English quotes; blank: the product name")),
        col("energy_saving", "节能比例", "Energy saving", T.PERCENT, lo=0, hi=1, help=("占客户年电费的比例", "Share of the customer's annual power cost saved")),
        col("labour_hours_saved", "每台年省工时", "Labour hours saved per unit a year", T.NUMBER, lo=0),
        col("downtime_cut", "故障停机减少", "Downtime cut", T.PERCENT, lo=0, hi=1, help=("占客户年停机损失的比例", "Share of the customer's annual downtime cost avoided")),
    ),
)

POLICY_SETTINGS = (
    Setting("vat_rate", "增值税率", "VAT rate", T.PERCENT, D("0.13")),
    Setting("loyalty_rate", "长期合作折扣", "Loyalty discount", T.PERCENT, D("0.02")),
    Setting("loyalty_tiers", "享受长期合作折扣的分层", "Tiers earning loyalty", T.TEXT, "A", "逗号分隔", "Comma-separated"),
    Setting("loyalty_min_years", "合作满几年享受", "Cooperation years earning loyalty", T.NUMBER, D("2")),
    Setting("approval_rep_max", "销售代表权限上限", "Rep approves up to", T.PERCENT, D("0.10")),
    Setting("approval_manager_max", "销售经理权限上限", "Manager approves up to", T.PERCENT, D("0.15"), "以上需总监审批", "Above this a director approves"),
    Setting("quote_valid_days", "报价有效天数", "Quote valid for (days)", T.INT, 30),
    Setting("value_package_min_order", "价值包起用金额（不含税）", "Value package from order value (excl. VAT)", T.MONEY, D("10000"),
            "订单不含税合计达到此金额，客户报价单才展示价值包", "The customer quote shows the value package only from this order value"),
)

POLICY = key_value_sheet(
    "policy", "折扣政策", "Policy", POLICY_SETTINGS,
    key_column="rule",
    key_header=("政策项", "Policy rule"),
    help=("折扣与审批规则；改这里，不改代码。", "Discount and approval rules: change them here, never in code."),
)


def _tiers(key: str, zh: str, en: str, threshold: tuple[str, str, str], kind, rows) -> SheetSpec:
    return SheetSpec(
        key=key,
        zh=zh,
        en=en,
        help_zh="达到门槛即享受该档折扣；取达到的最高档。",
        help_en="Reaching a threshold earns its rate; the highest tier reached applies.",
        columns=(
            col("min_value", threshold[0], threshold[1], kind, req=True, lo=0, help=(threshold[2], threshold[2])),
            col("rate", "折扣率", "Rate", T.PERCENT, req=True, lo=0, hi=1),
        ),
        defaults=tuple({"min_value": m, "rate": r} for m, r in rows),
    )


VOLUME_TIERS = _tiers(
    "volume_tiers", "批量折扣", "Volume tiers", ("起订数量", "Min quantity", "≥"), T.INT,
    ((10, D("0.03")), (50, D("0.05")), (100, D("0.08"))),
)
PREPAY_TIERS = _tiers(
    "prepay_tiers", "预付折扣", "Prepayment tiers", ("预付比例起点", "Min prepayment share", "≥"), T.PERCENT,
    ((D("0.30"), D("0.01")), (D("0.50"), D("0.02")), (D("1"), D("0.03"))),
)

GIFT_BUNDLES = SheetSpec(
    key="gift_bundles",
    zh="赠品组合",
    en="Gift bundles",
    help_zh="买满 min_qty 个 buy_sku,赠送 gift_qty 个 gift_sku(按目录价计入价值包)。",
    help_en="Buying min_qty of buy_sku adds gift_qty of gift_sku at price 0 (shown at list value).",
    columns=(
        col("buy_sku", "购买产品", "Buy SKU", T.ID, req=True, ref="price_list"),
        col("min_qty", "起赠数量", "Min quantity", T.INT, req=True, lo=1),
        col("gift_sku", "赠品产品", "Gift SKU", T.ID, req=True, ref="price_list"),
        col("gift_qty", "赠送数量", "Gift quantity", T.INT, req=True, lo=1),
    ),
)

VALUE_PACKAGE = SheetSpec(
    key="value_package",
    zh="价值包",
    en="Value package",
    columns=(
        col("service", "服务内容", "Service", req=True, width=30),
        col("value", "价值", "Value", T.MONEY, req=True, lo=0),
    ),
    defaults=(
        {"service": "1 年免费维保 / 1 year free maintenance", "value": D("3000")},
        {"service": "3 次上门巡检 / 3 on-site inspections", "value": D("1500")},
        {"service": "操作培训 / Operator training", "value": D("800")},
    ),
)

PROMOTIONS = SheetSpec(
    key="promotions",
    zh="限时促销",
    en="Promotions",
    help_zh="公司已批准的限时优惠，不占销售的议价权限。",
    help_en="Time-limited offers the company has approved; they do not use up the rep's authority.",
    columns=(
        col("promotion", "促销名称", "Promotion", req=True, width=28),
        col("sku", "适用产品", "SKU", T.ID, ref="price_list", help=("留空表示全部", "Blank means every SKU")),
        col("valid_from", "开始日期", "Valid from", T.DATE),
        col("valid_until", "结束日期", "Valid until", T.DATE),
    ),
)

COMPETITORS = SheetSpec(
    key="competitors",
    zh="竞品信息",
    en="Competitors",
    help_zh="竞品的价格、促销与服务，按观察日期；超过设置的天数（默认 90 天）视为过期，需重新核实。",
    help_en="Competitors' prices, promotions and service, by date observed; older than the settings' days (default 90) is stale: check again.",
    columns=(
        col("competitor", "竞品品牌", "Competitor", req=True),
        col("category", "类别", "Category", help=("与价格表的类别对应", "Matches the price list's category")),
        col("product", "竞品型号", "Product", width=20),
        col("our_sku", "对标我方产品", "Our SKU", T.ID, ref="price_list", help=("留空则取价格表中同类别的第一个产品", "Blank: the first SKU of the same category in the price list")),
        col("price", "竞品价格（不含税）", "Price (excl. VAT)", T.MONEY, lo=0),
        col("promotion", "竞品促销", "Promotion", width=24),
        col("response_hours", "售后响应（小时）", "After-sales response (hours)", T.NUMBER, lo=0),
        col("warranty_months", "质保（月）", "Warranty (months)", T.INT, lo=0),
        col("delivery_days", "交货期（天）", "Delivery (days)", T.INT, lo=0),
        col("notes", "备注", "Notes", width=30),
        col("observed_on", "观察日期", "Date observed", T.DATE, req=True),
    ),
)

QUOTE_CALCULATOR = WorkbookSpec(
    key="quote_calculator",
    zh="报价计算器",
    en="Quote calculator",
    file_name="quote_calculator.xlsx",
    sheets=(QUOTES, QUOTE_LINES, PRICE_LIST, POLICY, VOLUME_TIERS, PREPAY_TIERS, GIFT_BUNDLES, VALUE_PACKAGE, PROMOTIONS, COMPETITORS),
)
