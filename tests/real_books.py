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

# An invoice register over several rows (Tally / Zoho style): the invoice number on the first line only;
# decimal quantities where the unit allows them (kg), a whole unit typed 8.1 (pcs).
EN_INVOICE_LINES = [
    ["Sales Register 2024"],
    ["Invoice No.", "Item Code", "Qty", "Rate", "UOM"],
    ["INV-001", "A-100", 2, 10, "pcs"],
    [None, "B-200", 8.1, 5, "kg"],
    [None, "C-300", 8.1, 3, "pcs"],
    ["INV-002", "A-100", 1, 10, "pcs"],
]

# An order sheet whose orders span several rows: the id, customer and date on the first row only.
CN_ORDERS_MULTI_ROW = [
    ["订单号", "客户名称", "签单日期", "金额", "交货日期", "业务员", "型号", "数量"],
    ["SO-1", "华东机电", date(2024, 6, 1), 12000, date(2024, 6, 20), "张三", "A-100", 2],
    [None, None, None, None, None, None, "B-200", 5],
    ["SO-2", "苏州精工", date(2024, 6, 3), 8800, date(2024, 6, 25), "张三", "A-100", 1],
]

# The same orders, filtered to one rep's: a second sheet that is a subset of the first.
CN_ORDERS_ALL = [
    ["订单号", "客户名称", "签单日期", "金额", "交货日期", "业务员"],
    *[[f"SO-{n}", "华东机电", date(2024, 6, n), 1000 * n, date(2024, 7, n), "张三" if n % 2 else "李四"] for n in range(1, 21)],
]
CN_ORDERS_FILTERED = [CN_ORDERS_ALL[0], *[r for r in CN_ORDERS_ALL[1:] if r[5] == "张三"]]

# A header over two rows (a merged group header 联系方式 over 联系人 | 手机号码; the other headers merged
# down, so the row below them is blank), with a title row above.
CN_CUSTOMERS_TWO_ROW_HEADER = [
    ["2024 年客户名单"],
    ["客户名称", "城市", "联系方式", None, "创建时间"],
    [None, None, "联系人", "手机号码", None],
    ["华东机电有限公司", "上海", "王伟", "13800138000", date(2024, 3, 5)],
    ["苏州精工股份有限公司", "苏州", "李娜", "13900139000", date(2024, 4, 1)],
]

# A price list whose unit allows decimals (吨), and order lines without a unit column.
CN_PRICE_LIST = [["产品编码", "产品名称", "单位", "目录价", "底价"], ["S-1", "钢板", "吨", 4200, 4000], ["S-2", "螺栓", "个", 2, 1]]
CN_ORDER_LINES_NO_UNIT = [["订单编号", "产品编码", "数量", "单价"], ["SO-1", "S-1", 2.5, 4200], ["SO-1", "S-2", 7.5, 2]]

# A rep's own price list (a supplier quote sheet): items by name, one price, no SKU and no floor price.
CN_PRICE_SHEET = [["名称", "价格", "供应商"], ["MM32F0010", 0.98, "北京"], ["STM32F103RB", 3.45, "上海"]]

# Header shapes of public books in the corpus (tools/corpus.py), with made-up rows: what each is read as.
CORPUS_SHAPES = {
    "customers": [["Customer ID", "Customer Name", "Customer Type", "City", "State"], ["C001", "Rahul Traders", "Retail", "Pune", "MH"]],
    "orders": [["Order ID", "Customer ID", "Product ID", "Region", "Sale Price/Unit", "Quantity", "Total Amount", "Payment Method", "Order Date", "Delivery Date"],
               ["O1", "C001", "P1", 800, 2, 1600, "UPI", date(2024, 1, 5), date(2024, 1, 9)]],
    "price_list": [["名称", "价格", "供应商"], ["MM32F0010", 0.98, "北京"]],
    "tickets": [["Product", "Company", "Issue", "Date received", "Consumer complaint narrative"], ["Credit card", "CREDIT INC", "Billing dispute", date(2023, 1, 5), "charged twice"]],
}
