"""Small generated stand-ins for the sales books reps already keep (issue 10).

Each is the shape of a real public book (CRM exports, store lists by rep,
order and dispatch sheets, complaint logs; Chinese and English), written by
openpyxl from inline rows: no fetched file is ever committed.
"""

from __future__ import annotations

from datetime import date

# A Chinese customer list: no id, no owner column (keyed by name, owner from the workbook's author).
CN_CUSTOMERS = [
    ["客户名称", "联系人", "手机号码", "城市", "创建时间", "备注"],
    ["华东机电有限公司", "王伟", "13800138000", "上海", date(2024, 3, 5), ""],
    ["苏州精工股份有限公司", "李娜", "13900139000", "苏州", date(2024, 4, 1), "老客户"],
    ["ＡＣＭＥ Trading Co., Ltd.", "Tom", "021-55550000", "上海", date(2024, 5, 9), ""],
]

# An English CRM export (SuiteCRM / Zoho style headers), with its own ids and owners.
EN_ACCOUNTS = [
    ["Account ID", "Account Name", "Phone Office", "Billing State", "Account Owner", "Created Time", "Industry"],
    ["A-1", "Northwind Traders", "+1 555 0100", "WA", "Nancy", date(2023, 1, 13), "Retail"],
    ["A-2", "Contoso Ltd", "+1 555 0101", "NY", "Andrew", date(2023, 2, 1), "Manufacturing"],
]

# Orders that name the customer instead of its id, with no order id (a dispatch sheet).
CN_ORDERS = [
    ["销售订单登记"],
    ["客户名称", "下单日期", "金额", "交货日期", "业务员"],
    ["华东机电", date(2024, 6, 1), 12000, date(2024, 6, 20), "张三"],
    ["苏州精工有限公司", date(2024, 6, 3), 8800, date(2024, 6, 25), "张三"],
]

# A complaint log: looks like tickets, but lacks the customer and the kind.
CN_COMPLAINTS = [
    ["投诉日期", "投诉内容", "处理人", "处理结果"],
    [date(2024, 7, 1), "包装破损", "小刘", "更换"],
]

# A sheet that is none of salesdesk's kinds.
UNRELATED = [["Week", "Visitors", "Bounce rate"], [1, 1200, "40%"]]
