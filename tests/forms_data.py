"""Inline workbooks for the order's paperwork: one customer, one quote, its order, requirement rows."""

from __future__ import annotations

SETTINGS = [["设置项", "说明", "值"], ["company_name", "公司名称", "杭州宏远设备有限公司"], ["company_address", "公司地址", "杭州市西湖区文三路 1 号"],
            ["company_phone", "公司电话", "0571-88880000"], ["service_contact", "售后联系人", "李工"], ["service_phone", "售后电话", "400-800-1234"],
            ["evidence_location", "验收资料", "共享盘/验收/2026"]]

QUOTES = {
    "价格表": [["产品编码", "产品名称", "单位", "目录价", "底价", "英文名称"], ["EQ", "商用冷柜", "台", 12800, 10900, "Commercial fridge"],
            ["CS", "专用滤芯", "支", 112, 90, "Filter cartridge"]],
    "客户": [["客户编号", "客户名称", "负责销售", "客户分层", "关键决策人", "电话"], ["CA", "上海恒信机械有限公司", "张伟", "A", "王经理", "021-5555"]],
    "报价单": [["报价单号", "客户编号", "负责销售", "报价日期", "预付比例"], ["Q-1", "CA", "张伟", "2026-03-05", "30%"]],
    "报价明细": [["报价单号", "产品编码", "数量"], ["Q-1", "EQ", 2], ["Q-1", "CS", 4]],
}

REQ_HEAD = ["报价单号", "订单编号", "产品编码", "规格", "数量", "颜色", "接口类型", "随附配件", "到货日期", "含安装", "安装完成日期", "交货地点",
            "含上楼", "含卸货", "验收标准", "需要培训", "培训人数", "售后响应承诺（小时）"]
REQ_EQ = ["Q-1", "SO-1", "EQ", "双门 1.2m", 2, "银色", "RS485", "搁架 4 块、钥匙 2 把", "2026-04-01", "是", "2026-04-03", "上海市浦东新区张江路 99 号 3 楼",
          "是", "是", "外观无损伤，制冷测试 2 小时达标", "是", 3, 2]
REQ_CS = ["Q-1", "SO-1", "CS", "标准", 4, None, None, None, "2026-04-01", "否", None, "上海市浦东新区张江路 99 号 3 楼", "是", "是", "包装完好", "否", None, None]

ORDERS = {
    # The amount is the quote's total incl. VAT; the lines carry the quote's net prices before VAT (they must agree: checks/reconcile.py).
    "订单": [["订单编号", "客户编号", "报价单号", "负责销售", "签约日期", "合同金额", "明细单价不含税", "计划到货", "到货时间", "验收时间"],
           ["SO-1", "CA", "Q-1", "张伟", "2026-03-10", 28557.09, "是", "2026-04-01", "2026-04-01 10:00", None]],
    "订单明细": [["订单编号", "产品编码", "数量", "单价"], ["SO-1", "EQ", 2, 12418.56], ["SO-1", "CS", 4, 108.66]],
    "需求确认": [REQ_HEAD, REQ_EQ, REQ_CS],
}


def books(requirements: list[list[object]] | None = None) -> dict[str, dict[str, list[list[object]]]]:
    orders = dict(ORDERS)
    if requirements is not None:
        orders["需求确认"] = [REQ_HEAD, *requirements]
    return {"quote_calculator.xlsx": QUOTES, "order_progress.xlsx": orders, "settings.xlsx": {"设置": SETTINGS, "合同条款": default_clauses()}}


def default_clauses() -> list[list[object]]:
    """The clauses sheet as `salesdesk templates` seeds it (a settings workbook without one makes contracts drafts)."""
    from addin.schema.catalog import sheet_spec

    spec = sheet_spec("clauses")
    keys = ("clause", "title_zh", "text_zh", "title_en", "text_en")
    return [[spec.column(k).zh for k in keys]] + [[d.get(k) for k in keys] for d in spec.defaults]
