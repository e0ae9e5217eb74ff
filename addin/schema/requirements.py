"""Requirement confirmation (需求确认单): what the customer confirmed, per quote or order and line.

The seed's 《需求确认单》: model, specification, quantity, customisation; arrival
and installation complete as two dates; delivery place (carry upstairs?
unloading?); acceptance criteria; training; the after-sales response promise.
It feeds the requirement form, the contract draft and the acceptance checklist.
"""

from . import aliases as A
from .dsl import T, col
from .types import SheetSpec

REQUIREMENTS = SheetSpec(
    key="requirements",
    zh="需求确认",
    en="Requirements",
    help_zh="每行一个产品的确认需求；填报价单号或订单编号（或两者）。到货日期与安装完成日期分开填写。",
    help_en="One row per confirmed line; give the quote ID or the order ID (or both). Arrival and installation complete are separate dates.",
    columns=(
        col("quote_id", "报价单号", "Quote ID", T.ID, ref="quotes"),
        col("order_id", "订单编号", "Order ID", T.ID, ref="orders", aka=A.ORDER_ID),
        col("sku", "产品编码", "SKU", T.ID, req=True, ref="price_list", aka=A.SKU),
        col("specification", "规格", "Specification", width=20),
        col("qty", "数量", "Quantity", T.INT, req=True, lo=0, aka=A.QTY),
        col("colour", "颜色", "Colour"),
        col("interface_type", "接口类型", "Interface type"),
        col("customisation", "其他定制要求", "Other customisation", width=24),
        col("accessories", "随附配件", "Accessories", width=24, help=("验收清单逐项核对", "Checked one by one on the acceptance checklist")),
        col("arrival_date", "到货日期", "Arrival date", T.DATE),
        col("installation", "含安装", "Installation in scope", T.BOOL),
        col("install_date", "安装完成日期", "Installation complete", T.DATE, help=("与到货日期不同：安装调试完成之日", "Not the arrival: the day installation and commissioning are complete")),
        col("delivery_place", "交货地点", "Delivery place", width=24),
        col("carry_upstairs", "含上楼", "Carry upstairs", T.BOOL),
        col("unloading", "含卸货", "Unloading", T.BOOL),
        col("acceptance_criteria", "验收标准", "Acceptance criteria", width=30, help=("如外观无损伤、功能测试通过", "e.g. no visible damage, function test passed")),
        col("training", "需要培训", "Training needed", T.BOOL),
        col("trainees", "培训人数", "Trainees", T.INT, lo=0),
        col("response_hours", "售后响应承诺（小时）", "Response promise (hours)", T.NUMBER, lo=0, help=("如设备故障 2 小时内响应；不得快于设置允许的时限", "e.g. 2 hours for an equipment fault; never faster than settings allow")),
        col("notes", "备注", "Notes", width=24, aka=A.NOTES),
    ),
)
