"""What the order's paperwork reads besides the rep's rows (settings workbook).

Contract clauses (合同条款): the texts of the contract draft, one row per
clause, in Chinese and English, so a company's lawyer changes them in Excel.
`{placeholders}` are filled from the quote, the requirement form and the
policy (addin/documents/contract.py lists them); a number is never typed
into a clause. Payment terms (付款条件): the default milestones of a
contract whose order has none yet. Service notes (服务资料): usage guide
references and FAQ entries printed on the service report.
"""

from decimal import Decimal as D

from .dsl import T, choices, col
from .orders import MILESTONES
from .types import SheetSpec

# The names a clause may use in braces (addin/documents/contract.py fills each).
PLACEHOLDERS = ("customer", "company", "total_incl_vat", "total_excl_vat", "vat", "vat_rate", "arrival_date", "install_date", "delivery_place",
                "notice_days", "acceptance_days", "payment_terms", "response_hours", "penalty_rate", "penalty_cap", "warranty_months", "services",
                "contract_no", "quote_id", "total_in_words")
PLACEHOLDER_LIST = ", ".join("{" + p + "}" for p in PLACEHOLDERS)


def _clause(key: str, zh_title: str, zh: str, en_title: str, en: str) -> dict[str, object]:
    return {"clause": key, "title_zh": zh_title, "text_zh": zh, "title_en": en_title, "text_en": en}


CLAUSES = SheetSpec(
    key="clauses",
    zh="合同条款",
    en="Contract clauses",
    id_column="clause",
    help_zh="合同草稿的条款文本，可由法务修改；花括号中的占位符由 salesdesk 从报价、需求确认与政策填入，勿手填数字。可用占位符：" + PLACEHOLDER_LIST,
    help_en="The contract draft's clause texts, for the company's lawyer to edit; salesdesk fills the placeholders in braces from the quote, the requirements and the policy: never type the numbers. Placeholders: " + PLACEHOLDER_LIST,
    columns=(
        col("clause", "条款", "Clause", T.ID, req=True, help=("条款键；新增条款用新键", "Clause key; a new clause gets a new key")),
        col("title_zh", "中文标题", "Title (Chinese)", width=16),
        col("text_zh", "中文条款", "Text (Chinese)", width=70),
        col("title_en", "英文标题", "Title (English)", width=16),
        col("text_en", "英文条款", "Text (English)", width=70),
    ),
    defaults=(
        _clause("subject", "标的与价款", "卖方向买方供应上表所列产品，合同总价（含税）为 {total_incl_vat}，其中不含税金额 {total_excl_vat}，增值税（税率 {vat_rate}）{vat}。",
                "Subject and price", "The seller supplies the products listed above; the contract price is {total_incl_vat} including VAT, of which {total_excl_vat} before VAT and VAT at {vat_rate} {vat}."),
        _clause("delivery", "交货", "到货日期：{arrival_date}；安装完成日期：{install_date}；交货地点：{delivery_place}。卖方在到货前 {notice_days} 天通知买方做好收货准备。",
                "Delivery", "Arrival: {arrival_date}; installation complete: {install_date}; delivery place: {delivery_place}. The seller notifies the buyer {notice_days} days before delivery."),
        _clause("acceptance", "验收", "买方在到货后 {acceptance_days} 日内按验收标准完成验收；逾期未验收且未书面提出异议的，视为验收合格。",
                "Acceptance", "The buyer accepts within {acceptance_days} days of arrival against the acceptance criteria; without acceptance or a written objection by then, the delivery is deemed accepted."),
        _clause("payments", "付款", "买方按上文“付款节点”表付款：{payment_terms}。", "Payment", "The buyer pays by the payment milestones table above: {payment_terms}."),
        _clause("after_sales", "售后响应", "设备故障时，卖方在接到买方通知后 {response_hours} 小时内响应。",
                "After-sales response", "For an equipment fault the seller responds within {response_hours} hours of the buyer's notice."),
        _clause("penalty", "违约责任", "卖方延迟交货的，每逾期一日按合同总价的 {penalty_rate} 支付违约金，累计不超过合同总价的 {penalty_cap}。",
                "Late delivery", "For late delivery the seller pays {penalty_rate} of the contract price per day late, at most {penalty_cap} of the contract price in total."),
        _clause("warranty", "质保", "质保期为验收合格（含视为验收合格）之日起 {warranty_months} 个月。",
                "Warranty", "The warranty runs {warranty_months} months from acceptance (or deemed acceptance)."),
        _clause("services", "增值服务", "合同价格已包含：{services}。", "Included services", "The contract price includes: {services}."),
        _clause("disputes", "争议解决", "本合同未尽事宜由双方协商解决；协商不成的，提交卖方所在地人民法院诉讼解决。",
                "Disputes", "Matters not covered are settled by negotiation; failing that, before the court at the seller's seat."),
    ),
)

PAYMENT_TERMS = SheetSpec(
    key="payment_terms",
    zh="付款条件",
    en="Payment terms",
    help_zh="订单尚无回款节点时合同草稿使用的默认付款节点；报价的预付比例优先，差额计入到货款。比例合计 100%。",
    help_en="The contract draft's milestones while the order has none; the quote's prepayment share wins, the difference goes to the arrival payment. Shares add up to 100%.",
    columns=(
        col("milestone", "付款节点", "Milestone", req=True, opts=MILESTONES),
        col("share", "比例", "Share", T.PERCENT, req=True, lo=0, hi=1),
        col("due_in_working_days", "账期（工作日）", "Due in working days", T.INT, req=True, lo=0),
    ),
    defaults=(
        {"milestone": "prepayment", "share": D("0.3"), "due_in_working_days": 5},
        {"milestone": "arrival", "share": D("0.6"), "due_in_working_days": 10},
        {"milestone": "acceptance", "share": D("0.1"), "due_in_working_days": 15},
    ),
)

SERVICE_NOTES = SheetSpec(
    key="service_notes",
    zh="服务资料",
    en="Service notes",
    help_zh="服务报告中的产品使用指南与常见问题；产品编码留空表示适用全部产品。",
    help_en="Usage guides and FAQ entries printed on the service report; a blank SKU means every product.",
    columns=(
        col("kind", "类型", "Kind", req=True, opts=choices(("guide", "使用指南", "usage guide"), ("faq", "常见问题", "FAQ"))),
        col("sku", "产品编码", "SKU", T.ID, ref="price_list", help=("留空表示全部", "Blank means every SKU")),
        col("title", "标题/问题", "Title or question", req=True, width=30),
        col("text", "内容/解答", "Reference or answer", req=True, width=60),
    ),
    defaults=(
        {"kind": "guide", "sku": None, "title": "产品使用说明书 / Operating manual", "text": "随货纸质版；电子版见公司官网「服务支持」 / Printed copy in the box; online under Support on our website"},
        {"kind": "faq", "sku": None, "title": "设备报故障找谁？ / Whom do I call for a fault?", "text": "拨打售后电话，7×24 小时受理 / Call the after-sales line, 7×24"},
        {"kind": "faq", "sku": None, "title": "质保期内维修收费吗？ / Are repairs under warranty charged?", "text": "非人为损坏免费维修 / Free unless the damage was caused by misuse"},
    ),
)
