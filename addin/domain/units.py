"""Units a quantity may be a decimal in (issue 10, item 5): weight, length, area, volume.

8.1 kg or 2.5 米 is a quantity real books hold; 8.1 个 (pieces, sets, boxes)
is a typing error. A unit is written as people write it: kg, KG, 公斤,
千克, m², 平方米, L, 升, 吨 ... Case, width, spaces and a trailing dot are
ignored; anything not in the list counts as a unit of whole pieces.
"""

from __future__ import annotations

import unicodedata

DIVISIBLE_UNITS = frozenset({
    # weight
    "kg", "kgs", "g", "mg", "t", "ton", "tons", "tonne", "tonnes", "lb", "lbs", "oz",
    "吨", "公斤", "千克", "克", "斤", "两",
    # length
    "m", "cm", "mm", "km", "ft", "in", "yd", "meter", "meters", "metre", "metres",
    "米", "厘米", "毫米", "公里", "千米", "尺",
    # area and volume
    "m2", "m²", "㎡", "sqm", "m3", "m³", "l", "ml", "litre", "litres", "liter", "liters", "gal",
    "平方米", "平米", "立方米", "立方", "方", "升", "毫升",
    # time and energy billed by the hour or kWh
    "h", "hr", "hrs", "hour", "hours", "kwh", "小时", "度",
})


def divisible(unit: object) -> bool:
    """A quantity in `unit` may be a decimal (8.1 kg); False for pieces and for a blank unit."""
    if unit is None:
        return False
    text = unicodedata.normalize("NFKC", str(unit)).casefold().strip().rstrip(".").replace(" ", "")
    return text in DIVISIBLE_UNITS or text.replace("^", "") in DIVISIBLE_UNITS
