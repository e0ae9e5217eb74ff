"""The demo's paperwork data (issue 14): discovery layers on visits, requirement rows, after-sales contacts.

Added after every other table is generated (and from its own random
generator), so the rest of the demo stays what it was for a given seed.
Requirement rows confirm every quote's lines and the lines of recent
accepted orders; three carry a deliberate mistake that `check` and
`forms requirement` report.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from ..i18n import N_
from .names import CITIES

SITUATION = ("门店 12 家，冷柜使用 6 年以上", "日均出餐 800 份，人工洗碗 4 人", "产线两班倒，空压机老旧", "仓库 3 个，温控靠人工巡查")
PAIN = ("夏季故障多，每次停机损失约 3 千元", "电费高，年电费约 12 万元", "人工成本逐年上涨，招工难", "客户投诉配送延迟")
OUTCOME = ("节能 30%，年省电费约 3.6 万元", "减少 2 名洗碗工，年省人工约 14 万元", "停机时间减半", "缩短配送周期后复购率提升")
CRITERIA = {"设备": "外观无损伤，功能测试通过（连续运行 2 小时）", "配件": "型号正确，通电自检通过", "耗材": "包装完好，数量无误"}
SPECS = {"设备": ("标准款", "加大款", "双门 1.2m"), "配件": ("标准",), "耗材": ("标准装",)}


def _day(value: object) -> date | None:
    return value.date() if isinstance(value, datetime) else value if isinstance(value, date) else None


def add_paperwork(tables: dict[str, list[dict[str, Any]]], mistakes: list[tuple[str, str, dict[str, object]]], as_of: date, seed: int) -> None:
    rng = random.Random(seed * 31 + 14)
    for visit in tables["visits"]:
        if visit["kind"] in ("visit", "deep_revisit") and rng.random() < 0.4:
            n = rng.randrange(len(SITUATION))
            visit.update(situation=SITUATION[n], pain=PAIN[n], desired_outcome=OUTCOME[n])
    category = {p["sku"]: str(p["category"]) for p in tables["price_list"]}
    place = {c["customer_id"]: f"{rng.choice(CITIES)}市示范路 {rng.randint(1, 300)} 号" for c in tables["customers"]}
    rows: list[dict[str, Any]] = []

    def confirm(line: dict[str, Any], customer_id: str, arrival: date, **ids: object) -> None:
        kind = category.get(line["sku"], "设备")
        equipment = kind == "设备"
        rows.append({**ids, "sku": line["sku"], "specification": rng.choice(SPECS.get(kind, ("标准",))), "qty": line["qty"],
                     "colour": rng.choice(("银色", "白色")) if equipment else None, "interface_type": "RS485" if equipment and rng.random() < 0.5 else None,
                     "accessories": "搁架、钥匙 2 把、说明书" if equipment else None, "arrival_date": arrival, "installation": equipment,
                     "install_date": arrival + timedelta(days=rng.randint(1, 3)) if equipment else None, "delivery_place": place.get(customer_id, "上海市示范路 1 号"),
                     "carry_upstairs": rng.random() < 0.5, "unloading": True, "acceptance_criteria": CRITERIA.get(kind), "training": equipment,
                     "trainees": rng.randint(2, 6) if equipment else None, "response_hours": Decimal("2") if equipment else None})

    lines_of: dict[str, list[dict[str, Any]]] = {}
    for line in tables["quote_lines"]:
        lines_of.setdefault(line["quote_id"], []).append(line)
    for quote in tables["quotes"]:
        for line in lines_of.get(quote["quote_id"], []):
            confirm(line, quote["customer_id"], quote["quote_date"] + timedelta(days=30), quote_id=quote["quote_id"])
    ids = [o["order_id"] for o in tables["orders"]]
    order_lines: dict[str, list[dict[str, Any]]] = {}
    for line in tables["order_lines"]:
        order_lines.setdefault(line["order_id"], []).append(line)
    recent = [o for o in tables["orders"][100:] if ids.count(o["order_id"]) == 1 and _day(o.get("accepted_at")) and isinstance(o["planned_arrival"], date)
              and isinstance(o["contract_amount"], Decimal) and o["customer_id"] != "C9999"][-20:]
    for order in recent:
        for line in order_lines.get(order["order_id"], []):
            confirm(line, order["customer_id"], order["planned_arrival"], order_id=order["order_id"])
    # Deliberate: three requirement mistakes on order rows (the demo's documents use other orders).
    planted = [r for r in rows if r.get("order_id") and r["installation"]][:3]
    if len(planted) == 3:
        planted[0]["install_date"] = None
        mistakes.append(("requirement-install-date-missing", N_("Requirements {id} {sku}: installation in scope, no installation date"), {"id": planted[0]["order_id"], "sku": planted[0]["sku"]}))
        planted[1]["response_hours"] = Decimal("0.5")
        mistakes.append(("requirement-response-too-strict", N_("Requirements {id} {sku}: 30-minute response promised"), {"id": planted[1]["order_id"], "sku": planted[1]["sku"]}))
        planted[2]["qty"] = planted[2]["qty"] + 1
        mistakes.append(("requirement-qty-differs", N_("Requirements {id} {sku}: one more than ordered"), {"id": planted[2]["order_id"], "sku": planted[2]["sku"]}))
    tables["requirements"] = rows
    extra = {"service_contact": "赵工（售后主管）", "service_phone": "400-820-8888", "evidence_location": "公司共享盘 / 验收资料 / 订单编号"}
    tables["settings"] = [{**row, "value": extra.get(str(row["setting"]), row["value"])} for row in tables["settings"]]
