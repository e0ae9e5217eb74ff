"""Header variants people write for salesdesk's columns (Chinese, English, more welcome).

Used as `col(..., aka=...)` in the sheet definitions, so they reach
`schema --json` (`aliases`), docs/schema.md and the recogniser from one
place. A column's own headers always win over an alias; an alias never
repeats another column's header within a sheet (tests/test_aliases.py).
Matching ignores case, width, spaces and a bracketed unit, so `Qty (pcs)`
and `ＱＴＹ` are `qty`: list each word once.
"""

from __future__ import annotations

CUSTOMER_ID = ("客户编码", "客户代码", "客户ID", "客户号", "客户代号", "Account ID", "Customer No.", "Customer Code", "Customer Number", "Client ID", "Код клиента", "Lead ID", "Contact ID")
# Orders, tickets and visits may name the customer instead of its id (keyed by normalised name, core/keys.py).
CUSTOMER_REF = (*CUSTOMER_ID, "客户名称", "客户名", "客户", "客户全称", "单位名称", "公司名称", "门店名称", "购货单位", "Customer Name", "Customer", "Account Name", "Account", "Party Name", "Client", "Client Name", "Company")
CUSTOMER_NAME = ("名称", "客户姓名", "姓名", "客户名字", "经销商名称", "经销商", "客户单位", "account", "客户名", "客户", "客户全称", "公司名称", "公司", "企业名称", "门店名称", "门店", "店名", "单位名称", "Account Name", "Customer Name", "Customer", "Company", "Company Name", "Party Name", "Name", "Store Name", "Organization", "Organisation", "Client", "Client Name", "First Name", "Given Name", "名", "Наименование", "Название", "Клиент", "Контрагент", "Имя", "ФИО", "Consumer Name", "Lead Name", "Customer Full Name", "Client Full Name")
REP = ("业务员", "归属销售", "所属业务员", "负责人姓名", "跟进销售", "客户归属", "sales_agent", "Sales Agent", "Agent", "Sales Owner", "Record Owner", "负责人", "销售", "销售员", "销售代表", "销售人员", "客户经理", "所属销售", "跟进人", "业务经理", "Account Owner", "Deal Owner", "Lead Owner", "Owner", "Sales Rep", "Salesperson", "Sales Person", "Sales Executive", "Assigned To", "Assigned User", "Rep", "Ответственный", "Менеджер", "Assigned Rep", "Assigned Sales Rep", "Lead Owner Name")
REGION = ("地区", "所在地", "Office Location", "Location", "所属区域", "所属地区", "所在区域", "所属城市", "省市", "Region Name", "Billing Region", "城市", "省份", "大区", "办事处", "片区", "所在地区", "所在城市", "区域", "Zone", "Area", "City", "State", "Province", "Territory", "Billing State", "Billing City", "Billing State/Province", "Город", "Регион")
CREATED = ("注册时间", "首次联系日期", "首次联系时间", "首次接触日期", "首次拜访日期", "录入时间", "录入日期", "First Contact Date", "First Contact", "Created Date", "createdAt", "created_at", "Lead Created", "注册日期", "创建时间", "创建日期", "登记日期", "建档日期", "Created Time", "Creation Date", "Created", "Created At", "Created On", "Date Created", "Date Create", "Created Date Time", "Lead Created Date")
CONTACT = ("联系人", "联系人姓名", "主要联系人", "Contact Name", "Primary Contact", "Contact", "Contact Person")
PHONE = ("客户手机号", "客户手机", "客户电话", "手机", "联系手机", "Mobile Number", "Cell Phone", "手机号", "手机号码", "联系电话", "联系方式", "电话号码", "固定电话", "Phone Number", "Mobile", "Mobile Phone", "Contact #", "Contact No.", "Tel", "Telephone", "Office Phone", "Phone Office", "Телефон", "Мобильный", "Мобильный телефон", "Mobile No.", "Mobile No", "Phone No.", "Contact Number", "Mobile Phone Number", "Cell", "WhatsApp")
EMAIL = ("电子邮箱", "邮件", "电子邮件", "E-mail", "Email Address", "Email Id", "Mail", "Почта", "Электронная почта")
FAMILY_NAME = ("姓", "姓氏", "Last Name", "Family Name", "Surname", "Фамилия")
TAX_ID = ("纳税人识别号", "统一社会信用代码", "社会信用代码", "信用代码", "Tax Number", "VAT ID", "USCC", "ИНН")
TIER = ("客户等级", "分层", "等级", "客户级别", "Customer Tier", "Account Tier", "Customer Level", "Rating Level")
INDUSTRY = ("所属行业", "行业类别", "Industry Type", "Sector")
SOURCE = ("来源", "获客来源", "渠道来源", "渠道", "Lead Channel", "Channel Source", "客户来源", "线索来源", "Source", "Lead Source", "Account Source")
STATUS = ("客户状态", "线索状态", "跟进状态", "Lead Status", "Account Status", "Customer Status", "Lifecycle Stage")
STATUS_LEAD = ("线索", "新线索", "意向", "意向客户", "潜在客户", "跟进中", "待跟进", "初步接触", "New", "Open", "Working", "Contacted", "Qualified", "Nurturing", "Prospect", "Lead", "Engaging", "Attempted to Contact")
STATUS_ACTIVE = ("成交", "已成交", "成交客户", "合作", "已合作", "签约", "已签约", "Customer", "Active", "Won", "Closed Won", "Converted")
STATUS_LOST = ("丢单", "输单", "无效", "已流失", "流失客户", "放弃", "Lost", "Closed Lost", "Unqualified", "Disqualified", "Churned", "Inactive", "Junk")
NOTES = ("说明", "客户备注", "跟进备注", "跟进记录", "Description Notes", "备注说明", "Remarks", "Remark", "Comments", "Comment", "Note", "Примечание", "Комментарий")

ORDER_ID = ("订单号", "Sale ID", "Sale No.", "Sales ID", "订单ID", "单号", "订单编码", "合同号", "合同编号", "委托编号", "发票号", "发票号码", "销售单号", "Invoice No.", "Invoice Number", "Invoice ID", "Invoice #", "Order No.", "Order Number", "Order #", "SO Number", "Sales Order", "Sales Order No.")
SIGNED = ("签单日期", "销售日期", "成交时间", "Sale Date", "Sales Date", "下单时间", "订单时间", "合同日期", "签约时间", "下单日期", "订单日期", "成交日期", "开票日期", "Invoice Date", "Closing Date", "Close Date", "Order Date", "Date")
AMOUNT = ("金额", "销售金额", "Total Price", "Sale Amount", "成交金额", "订单金额", "合同额", "总金额", "总价", "合计", "价税合计", "销售额", "Amount", "Total", "Grand Total", "Total Amount", "Deal Amount", "Order Amount", "Invoice Amount", "Value")
ARRIVAL = ("交货日期", "交期", "预计到货", "要求到货日期", "Delivery Date", "Expected Delivery", "Expected Delivery Date", "Due Date")
SHIPPED = ("发货日期", "出库日期", "Dispatch Date", "Ship Date", "Shipped Date", "Shipping Date")
TRACKING = ("快递单号", "运单号", "Tracking Number", "AWB No.")
SKU = ("条码", "物料号", "物料编码", "型号", "产品编号", "货号", "商品编码", "商品编号", "规格型号", "SKU Id", "Item Code", "Product Code", "Part No.", "Part Number", "Item No.", "Model", "Item", "Артикул", "Артикл", "Код товара")
QTY = ("订货", "订货数量", "订购数量", "采购数量", "销售数量", "件数", "Qty", "Qty.", "Ordered Qty", "Units", "Quantity Ordered")
UNIT = ("计量单位", "单位名称", "UOM", "Unit of Measure", "Units of Measure", "Единица измерения", "Ед. изм.", "Ед изм")
UNIT_PRICE = ("进货价", "销售单价", "含税单价", "价格", "售价", "Rate", "Price", "Unit Rate", "Sales Price", "Unit Cost")
PRODUCT_NAME = ("品名", "商品名称", "名称", "Item Name", "Product", "Description", "Наименование", "Наименнование", "Товар")
LIST_PRICE = ("零售价", "销售价", "单价", "报价", "Sales Price", "Selling Price", "Unit Price", "标准价", "价格", "售价", "Price", "MRP", "Retail Price", "Цена", "Стоимость", "Стоимость в руб.")

TICKET_ID = ("投诉编号", "工单编号", "反馈编号", "Case Number", "Case No.", "Complaint No.", "Ticket No.", "Ticket Number", "Complaint ID", "Case ID")
RECEIVED = ("投诉日期", "投诉时间", "反馈日期", "反馈时间", "受理日期", "登记时间", "Complaint Date", "Date Received", "Reported On", "Created Time", "Date Opened", "Date")
DESCRIPTION = ("投诉内容", "问题", "反馈内容", "投诉事项", "问题描述", "Complaint", "Issue", "Problem", "Details", "Subject")
HANDLER = ("经办人", "CS Name", "Handled By", "Assigned To")
SOLUTION = ("处理结果", "处理方式", "处理措施", "Action Taken", "Resolution")
RESOLVED = ("处理完成时间", "解决日期", "关闭日期", "结案日期", "Closed Date", "Resolution Date", "Date Closed")
COMPLAINT_KIND = ("投诉类型", "问题类型", "类别", "Type")
SATISFACTION = ("客户满意度", "满意度评分", "Rating", "CSAT")
