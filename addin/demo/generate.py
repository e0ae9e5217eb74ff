"""Generates the demo tables as column-key dicts, plus a handful of deliberate mistakes.

Everything is drawn from a seeded random generator relative to `as_of`, so
a demo run is reproducible and its dates always look current.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from ..i18n import N_
from ..schema.settings import SETTINGS
from .names import (
    CITIES,
    DIRECTOR,
    GIVEN,
    INDUSTRIES,
    MANAGER,
    REGIONS,
    REPS,
    SURNAMES,
    WORDS,
)
from .paperwork import add_paperwork
from .pipeline import add_pipeline
from .playbook import add_playbook
from .products import GIFT_BUNDLES, PRICE_LIST

Rows = list[dict[str, Any]]  # demo rows mix every cell type
Mistake = tuple[str, str, dict[str, object]]  # (issue code, msgid, its fields)

def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _moment(day: date, rng: random.Random, start: int = 9, end: int = 18) -> datetime:
    return datetime.combine(day, time(rng.randint(start, end - 1), rng.choice((0, 10, 15, 20, 30, 40, 45, 50))))


class DemoData:
    def __init__(self, as_of: date, seed: int = 2026) -> None:
        self.as_of = as_of
        self.rng = random.Random(seed)
        self.start = as_of - timedelta(days=365)
        self.tables: dict[str, Rows] = {}
        self.mistakes: list[Mistake] = []  # (code, msgid, fields): the demo prints them in the run's language

    # ---- customers and visits ----------------------------------------------
    def customers(self, count: int = 200) -> Rows:
        rng, rows, used = self.rng, [], set()
        for n in range(1, count + 1):
            industry = rng.choice(list(INDUSTRIES))
            name = rng.choice(CITIES) + rng.choice(WORDS) + INDUSTRIES[industry]
            while name in used:
                name = rng.choice(CITIES) + rng.choice(WORDS) + rng.choice(WORDS)[:1] + INDUSTRIES[industry]
            used.add(name)
            demand, capacity = rng.randint(1, 5), rng.randint(1, 5)
            first = self.start - timedelta(days=rng.randint(0, 900)) + timedelta(days=rng.randint(0, 365))
            tier = "A" if demand >= 4 and capacity >= 4 else "C" if demand <= 2 and capacity <= 2 else "B"
            rows.append({
                "customer_id": f"C{n:04d}",
                "name": name,
                "industry": industry,
                "region": rng.choice(REGIONS),
                "owner_rep": REPS[n % 3],
                "channel": rng.choices(("referral", "offline", "online", "other"), (3, 3, 4, 1))[0],
                "channel_detail": rng.choice(("", "上海国际酒店用品展", "行业垂直平台", "老客户推荐", "经销商大会")),
                "first_contact": min(first, self.as_of - timedelta(days=3)),
                "cooperation_since": first + timedelta(days=rng.randint(20, 120)) if rng.random() < 0.7 else None,
                "demand_score": demand,
                "capacity_score": capacity,
                "tier": tier,
                "key_contact": _name(rng),
                "phone": f"13{rng.randint(100000000, 999999999)}",
                "email": f"contact{n}@example.cn",
                "contact_birthday": date(rng.randint(1970, 1995), rng.randint(1, 12), rng.randint(1, 28)),
                "company_anniversary": date(rng.randint(2000, 2020), rng.randint(1, 12), rng.randint(1, 28)),
                "preferences": rng.choice(("", "偏好节能型号", "关注售后响应", "要求上门培训", "价格敏感")),
                "status": rng.choices(("lead", "active", "lost"), (2, 7, 1))[0],
            })
        # Deliberate: a typed tier that disagrees with the scores.
        rows[4].update({"tier": "A", "demand_score": 2, "capacity_score": 3})
        self.mistakes.append(("tier-mismatch", N_("Customers C0005: tier A typed, scores 2/3 suggest B"), {}))
        # Messy but valid: full-width digits and a 年月日 date, read correctly.
        rows[7]["first_contact"] = "２０２５年３月５日" if self.as_of.year > 2025 else rows[7]["first_contact"]
        self.tables["customers"] = rows
        return rows

    def new_leads(self, count: int = 150) -> Rows:
        """Customers first contacted in the last six months (C0201...), so the manager summary's Channels tab has
        leads, cost per lead and cost per deal worth reading. Drawn from their own generator after everything
        else, so the rest of the demo (its visits, orders and deliberate mistakes) stays as it was."""
        rng, rows = random.Random(self.rng.random()), self.tables["customers"]
        used = {r["name"] for r in rows}
        added: Rows = []
        for n in range(len(rows) + 1, len(rows) + count + 1):
            industry = rng.choice(list(INDUSTRIES))
            name = rng.choice(CITIES) + rng.choice(WORDS) + rng.choice(WORDS)[:1] + INDUSTRIES[industry]
            if name in used:
                continue
            used.add(name)
            demand, capacity = rng.randint(1, 5), rng.randint(1, 5)
            added.append({
                "customer_id": f"C{n:04d}", "name": name, "industry": industry, "region": rng.choice(REGIONS), "owner_rep": REPS[n % 3],
                "channel": rng.choices(("online", "referral", "offline", "other"), (5, 3, 3, 1))[0], "channel_detail": "",
                "first_contact": self.as_of - timedelta(days=rng.randint(3, 175)), "cooperation_since": None,
                "demand_score": demand, "capacity_score": capacity,
                "tier": "A" if demand >= 4 and capacity >= 4 else "C" if demand <= 2 and capacity <= 2 else "B",
                "key_contact": _name(rng), "phone": f"13{rng.randint(100000000, 999999999)}", "email": f"lead{n}@example.cn",
                "contact_birthday": None, "company_anniversary": None, "preferences": "", "status": "lead",
            })
        rows.extend(added)
        return added

    def visits(self, count: int = 900) -> Rows:
        rng, customers, rows = self.rng, self.tables["customers"], []
        for _ in range(count):
            customer = rng.choice(customers)
            day = self.start + timedelta(days=rng.randint(0, 364))
            rows.append({
                "visit_date": day,
                "customer_id": customer["customer_id"],
                "rep": customer["owner_rep"],
                "kind": rng.choices(("visit", "call", "trade_show", "online", "deep_revisit"), (5, 6, 1, 3, 2))[0],
                "outcome": rng.choice(("了解现状", "确认痛点", "方案演示", "报价沟通", "签约意向")),
                "next_step": rng.choice(("发送方案", "安排试用", "报价", "回访", "")),
            })
        rows.sort(key=lambda r: r["visit_date"])
        self.tables["visits"] = rows
        return rows

    # ---- orders, lines, payments ------------------------------------------------
    def orders(self, count: int = 1000) -> tuple[Rows, Rows, Rows]:
        rng, customers = self.rng, [c for c in self.tables["customers"] if c["status"] != "lead"]
        orders, lines, payments = [], [], []
        for n in range(1, count + 1):
            customer = rng.choice(customers)
            signed = self.start + timedelta(days=rng.randint(0, 364))
            planned = signed + timedelta(days=rng.randint(20, 45))
            order = {
                "order_id": f"SO-{signed:%y%m}-{n:04d}",
                "customer_id": customer["customer_id"],
                "owner_rep": customer["owner_rep"],
                "signed_on": signed,
                "planned_arrival": planned,
                "planned_install": planned + timedelta(days=rng.randint(1, 5)),
                "penalty_rate_per_day": Decimal("0.0005"),
                "penalty_cap": Decimal("0.05"),
                "response_hours": Decimal("2") if rng.random() < 0.2 else None,
            }
            ship = planned - timedelta(days=rng.randint(2, 6)) + timedelta(days=rng.choice((0, 0, 0, 2, 5)))
            if ship < self.as_of:
                order["shipped_at"] = _moment(ship, rng)
                order["tracking_no"] = f"SF{rng.randint(10**11, 10**12 - 1)}"
                order["tracking_sent_at"] = order["shipped_at"] + timedelta(minutes=rng.choice((20, 40, 55, 90)))
                arrive = ship + timedelta(days=rng.randint(2, 5))
                if arrive < self.as_of:
                    order["arrived_at"] = _moment(arrive, rng)
                    install = arrive + timedelta(days=rng.randint(0, 3))
                    if install < self.as_of:
                        order["installed_at"] = _moment(install, rng)
                        accept = install + timedelta(days=rng.randint(0, 4))
                        if accept < self.as_of and rng.random() < 0.85:
                            order["accepted_at"] = _moment(accept, rng)
            total = Decimal(0)
            for sku in rng.sample(PRICE_LIST, rng.randint(1, 3)):
                qty = rng.choice((1, 2, 3, 5, 10, 20)) if sku["category"] != "设备" else rng.randint(1, 6)
                price = (sku["list_price"] * Decimal(rng.choice(("0.92", "0.95", "0.97", "1")))).quantize(Decimal("0.01"))
                lines.append({"order_id": order["order_id"], "sku": sku["sku"], "qty": qty, "unit_price": price})
                total += price * qty
            order["contract_amount"] = total
            orders.append(order)
            shares = rng.choice(((Decimal("0.3"), Decimal("0.6"), Decimal("0.1")), (Decimal("0.5"), Decimal("0.4"), Decimal("0.1")), (Decimal("1"),)))
            for milestone, share, days in zip(("prepayment", "arrival", "acceptance"), shares, (5, 10, 15)):
                payment = {"order_id": order["order_id"], "milestone": milestone, "share": share, "due_in_working_days": days}
                trigger = {"prepayment": signed, "arrival": order.get("arrived_at"), "acceptance": order.get("accepted_at")}[milestone]
                trigger_day = (trigger.date() if isinstance(trigger, datetime) else trigger) if trigger else None
                if trigger_day and rng.random() < (0.98 if trigger_day < self.as_of - timedelta(days=45) else 0.85):  # old debts mostly collected
                    paid = trigger_day + timedelta(days=rng.randint(2, 25))
                    if paid < self.as_of:
                        payment["paid_on"] = paid
                        payment["paid_amount"] = (total * share).quantize(Decimal("0.01"))
                payments.append(payment)
        self.tables.update(orders=orders, order_lines=lines, payments=payments)
        self._order_mistakes(orders, payments)
        return orders, lines, payments

    def _order_mistakes(self, orders: Rows, payments: Rows) -> None:
        shipped = [o for o in orders if o.get("arrived_at")]
        bad = shipped[3]
        bad["arrived_at"] = bad["shipped_at"] - timedelta(days=1)
        self.mistakes.append(("date-order", N_("Orders {id}: arrived before it was shipped"), {"id": bad["order_id"]}))
        orders[10]["customer_id"] = "C9999"
        self.mistakes.append(("unknown-reference", N_("Orders {id}: customer C9999 does not exist"), {"id": orders[10]["order_id"]}))
        reused, lost = orders[19]["order_id"], orders[20]["order_id"]
        orders[20]["order_id"] = reused  # the rep reused an ID for a new order, lines included
        for row in (*payments, *self.tables.get("order_lines", ())):
            if row["order_id"] == lost:
                row["order_id"] = reused
        self.mistakes.append(("duplicate-id", N_("Orders: the same order ID {id} twice"), {"id": orders[19]["order_id"]}))
        orders[30]["signed_on"] = f"3/5/{orders[30]['signed_on'].year}"  # March 5th or May 3rd?
        self.mistakes.append(("date-ambiguous", N_("Orders {id}: signing date typed as {value}"), {"id": orders[30]["order_id"], "value": orders[30]["signed_on"]}))
        orders[40]["contract_amount"] = "¥12,O00"
        self.mistakes.append(("value-unparseable", N_("Orders {id}: amount {value} with a letter O"), {"id": orders[40]["order_id"], "value": "¥12,O00"}))
        orders[50]["contract_amount"] = f"¥{orders[50]['contract_amount']:,.2f}"  # messy but valid
        target = orders[60]["order_id"]
        for payment in payments:
            if payment["order_id"] == target and payment["milestone"] != "prepayment":
                payment["share"] = payment["share"] - Decimal("0.1") if payment["share"] > Decimal("0.1") else payment["share"]
                break
        self.mistakes.append(("payment-shares-sum", N_("Payments of {id}: shares add up to 90%"), {"id": target}))

    # ---- tickets --------------------------------------------------------------
    def tickets(self, count: int = 500) -> Rows:
        rng, rows = self.rng, []
        orders = [o for o in self.tables["orders"] if o.get("arrived_at") and o["customer_id"] != "C9999"]
        for n in range(1, count + 1):
            order = rng.choice(orders)
            received = datetime.combine(self.start + timedelta(days=rng.randint(0, 364)), time(rng.randint(0, 23), rng.choice((5, 17, 33, 48))))
            received = min(received, datetime.combine(self.as_of, time(8, 0)) - timedelta(hours=rng.randint(1, 200)))
            kind = rng.choices(("hardware", "operation", "software", "complaint", "suggestion"), (5, 4, 2, 2, 1))[0]
            row = {
                "ticket_id": f"T{n:05d}",
                "customer_id": order["customer_id"],
                "order_id": order["order_id"],
                "received_at": received,
                "kind": kind,
                "category": {"hardware": "product", "software": "product", "operation": "service", "complaint": "service", "suggestion": "process"}[kind],
                "description": rng.choice(("设备不制冷", "操作面板报错", "软件升级失败", "安装人员迟到", "希望增加夜间服务", "噪音偏大")),
                "handler": rng.choice(("售后-赵工", "售后-孙工", "客服-周")),
            }
            if received < datetime.combine(self.as_of, time()) - timedelta(hours=2):
                row["first_response_at"] = received + timedelta(minutes=rng.choice((10, 25, 40, 55, 75, 130)))
                if rng.random() < 0.9:
                    row["resolved_at"] = received + timedelta(hours=rng.choice((3, 8, 20, 30, 46, 60)))
                    row["solution"] = rng.choice(("onsite", "remote", "replacement"))
                    row["satisfaction"] = rng.choice((3, 4, 4, 5, 5))
            if kind == "complaint":
                row["plan_at"] = received + timedelta(minutes=rng.choice((15, 25, 45)))
                row["carried_out_at"] = received + timedelta(hours=rng.choice((6, 18, 30)))
                if rng.random() < 0.7:
                    row["follow_up_at"] = row["carried_out_at"] + timedelta(hours=rng.choice((24, 48, 80)))
            rows.append(row)
        self.tables["tickets"] = rows
        return rows

    def deadline_states(self) -> None:
        """Rows that put every clock state on the demo's to-do list at 09:00 on its as-of day."""
        rng, nine = self.rng, datetime.combine(self.as_of, time(9))
        for customer in self.tables["customers"]:
            if customer["status"] == "active" and rng.random() < 0.9:  # most reps keep up with deep revisits
                day = self.as_of - timedelta(days=rng.randint(45, 100))
                self.tables["visits"].append({"visit_date": day, "customer_id": customer["customer_id"], "rep": customer["owner_rep"], "kind": "deep_revisit", "outcome": "确认痛点"})
        for order in self.tables["orders"]:  # quarterly inspections after acceptance, most of them kept up
            arrived = order.get("arrived_at")
            if not arrived or rng.random() < 0.1:
                continue
            day = min(order["accepted_at"], arrived + timedelta(days=3)).date() if order.get("accepted_at") else arrived.date() + timedelta(days=3)
            while (day := day + timedelta(days=rng.randint(80, 90))) < self.as_of - timedelta(days=rng.randint(0, 12)):
                self.tables["visits"].append({"visit_date": day, "customer_id": order["customer_id"], "rep": order["owner_rep"], "kind": "inspection", "outcome": "设备运行正常"})
        self.tables["visits"].sort(key=lambda r: r["visit_date"])
        open_orders = [  # signed well before: arrival 6 days ago and shipping before it stay after the signing (no unplanted date-order error)
            o for o in self.tables["orders"]
            if not o.get("arrived_at") and o["customer_id"] != "C9999" and isinstance(o["signed_on"], date) and o["signed_on"] <= self.as_of - timedelta(days=12)
        ][:3]
        if len(open_orders) == 3:
            waiting, deemed, tracking = open_orders
            waiting["arrived_at"] = nine - timedelta(days=1, hours=3)  # acceptance waiting
            deemed["arrived_at"] = nine - timedelta(days=6)  # no acceptance for 6 days: deemed accepted
            for order in (waiting, deemed):
                order.setdefault("shipped_at", order["arrived_at"] - timedelta(days=2))
                order.setdefault("tracking_sent_at", order["shipped_at"] + timedelta(minutes=30))
            tracking.update(shipped_at=nine - timedelta(minutes=50), tracking_sent_at=None)  # tracking number due in 10 minutes
            for payment in self.tables["payments"]:
                if payment["order_id"] == waiting["order_id"] and payment["milestone"] == "prepayment":
                    payment.update(paid_on=self.as_of - timedelta(days=1), paid_amount=Decimal("1000"))  # part paid
        customer = self.tables["tickets"][0]
        for n, (minutes, kind) in enumerate(((10, "hardware"), (50, "operation"), (130, "complaint")), 1):
            self.tables["tickets"].append({
                "ticket_id": f"T9{n:04d}", "customer_id": customer["customer_id"], "order_id": customer["order_id"],
                "received_at": nine - timedelta(minutes=minutes), "kind": kind, "category": "service", "description": "今天早上报修",
            })
        self.tables["tickets"].append({
            "ticket_id": "T90004", "customer_id": customer["customer_id"], "order_id": customer["order_id"], "received_at": nine - timedelta(days=20),
            "kind": "suggestion", "category": "product", "description": "希望增加远程监控", "first_response_at": nine - timedelta(days=20) + timedelta(minutes=20),
            "resolved_at": nine - timedelta(days=2),  # improvement shipped, customer not told yet
        })

    # ---- quotes ---------------------------------------------------------------
    def quotes(self, count: int = 60) -> tuple[Rows, Rows]:
        rng, customers = self.rng, self.tables["customers"]
        quotes, lines = [], []
        for n in range(1, count + 1):
            customer = rng.choice(customers)
            day = self.as_of - timedelta(days=rng.randint(0, 25) if n % 12 else rng.randint(35, 60))  # a few expired, most current
            quote = {
                "quote_id": f"Q-{day:%y%m}-{n:03d}",
                "customer_id": customer["customer_id"],
                "owner_rep": customer["owner_rep"],
                "quote_date": day,
                "prepay_share": rng.choice((None, Decimal("0.3"), Decimal("0.5"), Decimal("1"))),
                "valid_until": day + timedelta(days=30),
            }
            quotes.append(quote)
            for sku in rng.sample(PRICE_LIST, rng.randint(1, 4)):
                qty = rng.choice((1, 2, 5, 9, 10, 12, 50, 100)) if sku["category"] != "设备" else rng.choice((1, 2, 3, 5, 10))
                lines.append({"quote_id": quote["quote_id"], "sku": sku["sku"], "qty": qty, "negotiated_discount": rng.choice((None, None, Decimal("0.02"), Decimal("0.03"), Decimal("0.05"), Decimal("0.08")))})
        # Deliberate: one line negotiated far below the floor; one needing a director.
        lines[0]["negotiated_discount"] = Decimal("0.25")
        self.mistakes.append(("price-below-floor", N_("Quote lines {id} {sku}: 25% negotiated, below the floor price"), {"id": lines[0]["quote_id"], "sku": lines[0]["sku"]}))
        lines[1]["negotiated_discount"] = Decimal("0.12")
        self.tables.update(quotes=quotes, quote_lines=lines)
        return quotes, lines

    def value_and_competitors(self) -> None:
        """Item 14.5-7: the customer's baselines and request times on the quotes; the competitors sheet.

        Its own random generator, so the rest of the demo stays what it was."""
        rng = random.Random(f"{self.as_of}-value")
        equipment = {l["quote_id"] for l in self.tables["quote_lines"] if str(l["sku"]).startswith("EQ")}
        prices = {p["sku"]: p["list_price"] for p in PRICE_LIST}
        for n, quote in enumerate(self.tables["quotes"]):
            requested = _moment(quote["quote_date"], rng, 9, 16)
            quote["requested_at"] = requested
            quote["sent_at"] = requested + timedelta(minutes=rng.choice((25, 40, 70, 95, 110, 150, 240, 600, 1500)))
            if quote["quote_id"] in equipment and (n + 1) % 4:
                quote["baseline_power_cost"] = Decimal(rng.choice((60, 90, 120, 180, 240)) * 1000)
                quote["baseline_hourly_rate"] = Decimal(rng.choice((45, 60, 80)))
                quote["baseline_downtime_cost"] = Decimal(rng.choice((20, 50, 80)) * 1000)
                if n % 3 == 0:  # the customer weighs a cheaper offer: the payback recovers the difference (差价)
                    at_list = sum(prices[l["sku"]] * l["qty"] for l in self.tables["quote_lines"] if l["quote_id"] == quote["quote_id"])
                    quote["alternative_price"] = (at_list * Decimal("0.6")).quantize(Decimal("1000"))
        day = self.as_of
        self.tables["competitors"] = [
            {"competitor": "冰峰制冷", "category": "设备", "product": "BF-300 冷柜", "our_sku": "EQ-100", "price": Decimal("12060"), "promotion": "送一年延保",
             "response_hours": Decimal("5"), "warranty_months": 12, "delivery_days": 20, "notes": "华东经销商报价，含运费", "observed_on": day - timedelta(days=12)},
            {"competitor": "雪源电器", "category": "设备", "product": "XY-ICE 制冰机", "our_sku": "EQ-200", "price": Decimal("25900"), "promotion": None,
             "response_hours": Decimal("24"), "warranty_months": 6, "delivery_days": 10, "notes": "客户转述", "observed_on": day - timedelta(days=40)},
            {"competitor": "捷净", "category": "设备", "product": "JJ-8 洗碗机", "our_sku": "EQ-300", "price": Decimal("33800"), "promotion": "买二送除垢剂",
             "response_hours": Decimal("8"), "warranty_months": 24, "delivery_days": 15, "notes": None, "observed_on": day - timedelta(days=30)},
            {"competitor": "恒力压缩机", "category": "设备", "product": "HL-45", "our_sku": "EQ-400", "price": Decimal("44500"), "promotion": None,
             "response_hours": Decimal("48"), "warranty_months": 12, "delivery_days": 30, "notes": "展会价目表", "observed_on": day - timedelta(days=130)},
            {"competitor": "通用耗材", "category": "耗材", "product": "滤芯（通用款）", "our_sku": None, "price": Decimal("79"), "promotion": "满 50 支 9 折",
             "response_hours": None, "warranty_months": 3, "delivery_days": 3, "notes": "电商平台价", "observed_on": day - timedelta(days=8)},
        ]

    def settings(self) -> None:
        # The demo company's letterhead (blank templates start these empty; quotes are drafts until filled in).
        letterhead = {"company_name": "示例分销有限公司", "company_address": "上海市浦东新区示例路 88 号", "company_phone": "021-5000 8888",
                      "company_tax_id": "91310000MA1EXAMPLE", "company_bank": "示例银行上海分行", "company_bank_account": "3100 0000 0000 0088"}
        self.tables["settings"] = [{**row, "value": letterhead.get(str(row["setting"]), row["value"])} for row in SETTINGS.defaults]
        self.tables["reps"] = [
            *({"name": rep, "role": "rep", "manager": MANAGER} for rep in REPS),
            {"name": MANAGER, "role": "manager", "manager": DIRECTOR},
            {"name": DIRECTOR, "role": "director", "manager": None},
        ]
        self.tables["channel_costs"] = [  # the demo's own sample spend (blank templates ship none)
            {"month": None, "channel": "online", "cost": Decimal("10000")},
            {"month": None, "channel": "referral", "cost": Decimal("5000")},
            {"month": None, "channel": "offline", "cost": Decimal("8000")},
        ]
        self.tables["targets"] = [{"rep": rep, "month": None, "deals_target": 28, "revenue_target": Decimal("900000"), "conversion_target": Decimal("0.2")} for rep in REPS]
        self.tables["price_list"] = PRICE_LIST
        self.tables["gift_bundles"] = GIFT_BUNDLES
        self.tables["promotions"] = [
            {"promotion": "双十二耗材买十送二 / Consumables 10+2", "sku": "CS-010", "valid_from": self.as_of - timedelta(days=10), "valid_until": self.as_of + timedelta(days=20)},
            {"promotion": "年末设备以旧换新 / Year-end trade-in", "sku": None, "valid_from": self.as_of - timedelta(days=5), "valid_until": self.as_of + timedelta(days=35)},
        ]


def generate(as_of: date, seed: int = 2026) -> DemoData:
    data = DemoData(as_of, seed)
    data.customers()
    data.visits()
    data.orders()
    data.tickets()
    data.deadline_states()
    data.quotes()
    data.value_and_competitors()
    data.settings()
    data.new_leads()
    add_playbook(data.tables, data.tables["price_list"], as_of)
    add_paperwork(data.tables, data.mistakes, as_of, seed)
    add_pipeline(data.tables, data.mistakes, as_of, seed)
    return data
