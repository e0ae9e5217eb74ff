"""The demo's products: a price list with floors, costs and value drivers, and its gift bundles."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

Rows = list[dict[str, Any]]

PRICE_LIST: Rows = [
    {"sku": "EQ-100", "name": "商用冷柜 / Commercial fridge", "category": "设备", "unit": "台", "list_price": Decimal("12800"), "floor_price": Decimal("10900"), "cost": Decimal("8600")},
    {"sku": "EQ-200", "name": "节能制冰机 / Ice machine", "category": "设备", "unit": "台", "list_price": Decimal("23500"), "floor_price": Decimal("20200"), "cost": Decimal("16100")},
    {"sku": "EQ-300", "name": "智能洗碗机 / Dishwasher", "category": "设备", "unit": "台", "list_price": Decimal("35999"), "floor_price": Decimal("31000"), "cost": Decimal("25800")},
    {"sku": "EQ-400", "name": "工业空压机 / Air compressor", "category": "设备", "unit": "台", "list_price": Decimal("48600"), "floor_price": Decimal("42000"), "cost": Decimal("35500")},
    {"sku": "AC-010", "name": "温控模块 / Thermostat module", "category": "配件", "unit": "个", "list_price": Decimal("860"), "floor_price": Decimal("700"), "cost": Decimal("420")},
    {"sku": "AC-020", "name": "远程监控网关 / IoT gateway", "category": "配件", "unit": "个", "list_price": Decimal("1990"), "floor_price": Decimal("1650"), "cost": Decimal("1100")},
    {"sku": "CS-010", "name": "专用滤芯 / Filter cartridge", "category": "耗材", "unit": "支", "list_price": Decimal("129"), "floor_price": Decimal("99"), "cost": Decimal("45")},
    {"sku": "CS-020", "name": "除垢剂 / Descaler", "category": "耗材", "unit": "桶", "list_price": Decimal("88.5"), "floor_price": Decimal("70"), "cost": Decimal("31")},
    {"sku": "CS-030", "name": "密封圈套装 / Gasket kit", "category": "耗材", "unit": "套", "list_price": Decimal("45.9"), "floor_price": Decimal("36"), "cost": Decimal("12")},
]
for _product in PRICE_LIST:  # the name in the price list's language columns: 名称 Chinese, name_en English (one language per quote)
    _product["name"], _product["name_en"] = str(_product["name"]).split(" / ")
# Value drivers (价值因子) per SKU: energy saved (share of the power bill), labour hours saved per unit a year, breakdowns cut.
DRIVERS = {
    "EQ-100": {"energy_saving": Decimal("0.30")},
    "EQ-200": {"energy_saving": Decimal("0.25"), "labour_hours_saved": Decimal("120")},
    "EQ-300": {"labour_hours_saved": Decimal("300"), "downtime_cut": Decimal("0.20")},
    "EQ-400": {"energy_saving": Decimal("0.30"), "downtime_cut": Decimal("0.40")},
    "AC-020": {"downtime_cut": Decimal("0.25")},
}
for _product in PRICE_LIST:
    _product.update(DRIVERS.get(str(_product["sku"]), {}))
GIFT_BUNDLES: Rows = [
    {"buy_sku": "EQ-100", "min_qty": 5, "gift_sku": "CS-010", "gift_qty": 10},
    {"buy_sku": "EQ-200", "min_qty": 3, "gift_sku": "CS-020", "gift_qty": 6},
    {"buy_sku": "EQ-300", "min_qty": 2, "gift_sku": "CS-030", "gift_qty": 4},
]
