"""The demo's playbook rows (issue 24): referrals, trade-show leads, stage messages, cases, feedback sources and
complaint reviews, drawn from their own generator so the rest of the demo stays what it was."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from .names import REPS

Rows = list[dict[str, Any]]

PITCHES = {
    "EQ-100": "风冷无霜，日耗电比同级低 30%，一年省下的电费约等于一台冷柜的耗材。",
    "EQ-200": "节能制冰，每吨冰耗电降 25%，两年回本。",
    "EQ-300": "一键洗消，单店每天省 2 小时人工，不良率归零。",
    "EQ-400": "变频空压，满载节电 20%，故障停机减少一半。",
}
CASES: Rows = [
    {"case_id": "K01", "industry": "餐饮连锁", "customer_name": "上海某连锁火锅（42 家门店）", "skus": "EQ-100, EQ-200", "before": "每店月电费 1.8 万元",
     "after": "每店月电费 1.3 万元", "result": "年省电费 250 万元", "testimonial": "“换了以后门店经理不再盯电表了。”"},
    {"case_id": "K02", "industry": "餐饮连锁", "customer_name": "杭州某快餐品牌", "skus": "EQ-300", "before": "洗碗工 3 人/店", "after": "洗碗工 1 人/店",
     "result": "单店年省人工 9.6 万元", "testimonial": "“高峰时段再也不缺碗。”"},
    {"case_id": "K03", "industry": "制造业", "customer_name": "苏州某精密机械厂", "skus": "EQ-400", "before": "空压站年电费 86 万元", "after": "年电费 68 万元",
     "result": "年省电费 18 万元，停机减少 40%", "testimonial": "“设备科第一次在年度总结里表扬了采购。”"},
    {"case_id": "K04", "industry": "医疗", "customer_name": "南京某医疗器械公司", "skus": "EQ-100", "before": "样品冷藏温差 ±4℃", "after": "温差 ±1℃",
     "result": "冷链报损降为 0", "testimonial": None},
    {"case_id": "K05", "industry": "新能源", "customer_name": "合肥某电池材料厂", "skus": "EQ-400", "before": "故障停机每月 12 小时", "after": "每月 3 小时",
     "result": "年减少停机损失 35 万元", "testimonial": "“响应比承诺还快。”"},
    {"case_id": "K06", "industry": "零售", "customer_name": "宁波某连锁超市", "skus": "EQ-100, EQ-200", "before": "冷柜故障每季度 6 次", "after": "每季度 1 次",
     "result": "年省维修费 4 万元", "testimonial": None},
]
CAUSES = (("交付延误", (2000, 5000)), ("产品质量", (3000, 12000)), ("安装调试", (500, 2000)), ("沟通不畅", (0, 800)), ("账单错误", (0, 500)))
COMPENSATIONS = ("免费延保 6 个月", "赠送耗材一批", "货款折让", "上门加急维修", "书面致歉")


def add_playbook(tables: dict[str, Rows], price_list: Rows, as_of: date) -> None:
    rng = random.Random(f"{as_of}-playbook")
    nine = datetime.combine(as_of, time(9))
    tables["price_list"] = [{**p, "pitch": PITCHES.get(p["sku"])} for p in price_list]  # a copy: the shared list stays as it was
    tables["cases"] = CASES

    # Referrals: referral customers who ordered, each introduced by an older active customer.
    customers = tables["customers"]
    ordered = {o["customer_id"] for o in tables["orders"] if isinstance(o.get("signed_on"), date)}
    signed: dict[str, date] = {}
    for o in tables["orders"]:
        if isinstance(o.get("signed_on"), date):
            signed[o["customer_id"]] = min(signed.get(o["customer_id"], o["signed_on"]), o["signed_on"])
    referrers = [c for c in customers if c.get("status") == "active"]
    referred = [c for c in customers if c.get("channel") == "referral" and c["customer_id"] in ordered][:12]
    rows: Rows = []
    for n, c in enumerate(referred):
        by = rng.choice(referrers[: max(1, len(referrers) // 4)])  # a few loyal customers refer most
        if by["customer_id"] == c["customer_id"]:
            continue
        first = signed[c["customer_id"]]
        row = {"referrer_id": by["customer_id"], "referred_id": c["customer_id"], "referred_on": first - timedelta(days=rng.randint(10, 40)),
               "reward_kind": "service_upgrade" if n % 4 == 3 else "rebate"}
        if n % 3 == 0:
            row["reward_paid_on"] = min(as_of, first + timedelta(days=30))
        rows.append(row)
    tables["referrals"] = rows

    # Trade-show leads: yesterday's fair, each met at its own hour.
    industries = ("餐饮连锁", "制造业", "医疗", "零售", "新能源", "餐饮连锁")
    names = ("周敏", "吴强", "郑洁", "孙涛", "马丽", "朱峰")
    needs = ("门店冷柜耗电高，想换节能款", "空压站电费高、停机多", "样品冷藏温差大", "冷柜故障频繁", "车间压缩空气不稳", "后厨洗碗人手不够")
    skus = ("EQ-100", "EQ-400", "EQ-100", "EQ-200", "EQ-400", "EQ-300")
    leads: Rows = []
    for n in range(6):
        met = datetime.combine(as_of - timedelta(days=1 if n < 5 else 2), time(10 + n, 15 * (n % 4)))
        lead = {"event": "上海国际酒店用品展", "met_at": met, "lead_name": names[n], "company": f"{('上海', '苏州', '南京', '宁波', '合肥', '杭州')[n]}{names[n][0]}氏{industries[n]}",
                "phone": f"139{rng.randint(10000000, 99999999)}", "wechat": f"wx_{n + 1:03d}", "industry": industries[n], "need": needs[n],
                "interest_sku": skus[n], "rep": REPS[n % 3]}
        if n in (1, 3):
            lead["followed_up_at"] = met + timedelta(hours=rng.randint(2, 6))
        leads.append(lead)
    tables["trade_show_leads"] = leads

    # Stage messages: the orders that moved lately, some told, the latest changes not yet.
    messages: Rows = []
    recent = [o for o in tables["orders"] if isinstance(o.get("shipped_at"), datetime) and o["shipped_at"] >= nine - timedelta(days=6)]
    for o in recent:
        messages.append({"order_id": o["order_id"], "stage": "signed", "sent_at": datetime.combine(o["signed_on"], time(17, 30)), "channel": "wechat"})
        if isinstance(o.get("arrived_at"), datetime):
            messages.append({"order_id": o["order_id"], "stage": "shipped", "sent_at": o["shipped_at"] + timedelta(minutes=40), "channel": "wechat"})
            messages.append({"order_id": o["order_id"], "stage": "arrived", "sent_at": None, "channel": None})  # not told yet
        else:
            messages.append({"order_id": o["order_id"], "stage": "shipped", "sent_at": None, "channel": None})
    tables["stage_messages"] = messages

    # Where feedback came from, and why complaints happened and what they cost.
    for ticket in tables["tickets"]:
        ticket["source"] = rng.choices(("phone", "callback", "survey", "meeting", "visit"), (6, 3, 2, 1, 1))[0]
        if ticket["kind"] == "complaint" and ticket.get("carried_out_at"):
            cause, (low, high) = rng.choices(CAUSES, (4, 3, 2, 2, 1))[0]
            ticket["root_cause"] = cause
            ticket["compensation"] = rng.choice(COMPENSATIONS)
            ticket["compensation_cost"] = Decimal(rng.randint(low // 100, high // 100) * 100)
