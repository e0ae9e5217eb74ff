"""A small hand-built team whose KPIs are known in advance (the seed's examples among them).

October 2026, as of 2026-11-02 09:00 Shanghai:
- 张伟 visits 50 customers (C001-C050) once each and wins 10 of them (C001-C005 online, C021-C025
  referral), 10,000 CNY each: 50 visited, 10 won = 20%; revenue 100,000.00; average 10,000.00.
- 李娜 visits L001-L003 and L005 and wins L001-L003 (referral), 20,000 CNY each.
- Channels: online 10,000 CNY, 20 leads (C001-C020 first contacted in October), 5 deals;
  referral 5,000 CNY, 15 leads (C021-C035), 8 deals (5 + 3).
- L005 (李娜) is C001 (张伟) under another name form: a conflict, counted once for the team.
- L004 never ordered, first contacted 2026-01-10: dormant ("never ordered").
- L001 bought 100,000 in June (X + Y) and 20,000 in October (X + Y) and complained in September: churn warning.
- Tiers (张伟, October): A (C001-C010) has 20% of visits and 50% of deals: flagged.
"""

from __future__ import annotations

from pathlib import Path

from conftest import workbook_of

AS_OF = "2026-11-02T09:00:00+08:00"
MONTH = "2026-10"

CUSTOMER_HEAD = ["客户编号", "客户名称", "负责销售", "获客渠道", "首次接触", "客户分层", "电话", "状态"]
VISIT_HEAD = ["拜访日期", "客户编号", "销售代表", "方式"]
ORDER_HEAD = ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货"]
LINE_HEAD = ["订单编号", "产品编码", "数量", "单价"]
TICKET_HEAD = ["工单号", "客户编号", "受理时间", "类型", "反馈分类", "首次响应时间", "解决时间", "方案时间", "落实时间", "回访时间"]


def _zhang() -> dict[str, dict[str, list[list[object]]]]:
    customers = [CUSTOMER_HEAD]
    visits = [VISIT_HEAD]
    for n in range(1, 51):
        cid = f"C{n:03d}"
        channel, first = ("线上", "2026-10-05") if n <= 20 else ("老客转介绍", "2026-10-06") if n <= 35 else ("线下", "2026-09-01")
        name = "上海恒信机械 Co., Ltd." if n == 1 else f"客户{n:03d}"
        customers.append([cid, name, "张伟", channel, first, "A" if n <= 10 else "B", f"1380000{n:04d}", "合作中"])
        visits.append([f"2026-10-{(n % 28) + 1:02d}", cid, "张伟", "拜访"])
    orders = [ORDER_HEAD] + [[f"Z{n:02d}", cid, "张伟", "2026-10-15", 10000, "2026-12-01"] for n, cid in enumerate(
        ["C001", "C002", "C003", "C004", "C005", "C021", "C022", "C023", "C024", "C025"], 1)]
    return {
        "customer_register.xlsx": {"客户": customers, "拜访记录": visits},
        "order_progress.xlsx": {"订单": orders},
    }


def _li() -> dict[str, dict[str, list[list[object]]]]:
    customers = [
        CUSTOMER_HEAD,
        ["L001", "北京远大科技有限公司", "李娜", "老客转介绍", "2025-03-01", "B", "13900000001", "合作中"],
        ["L002", "天津力拓", "李娜", "老客转介绍", "2025-03-01", "B", "13900000002", "合作中"],
        ["L003", "广州华南贸易", "李娜", "老客转介绍", "2025-03-01", "C", "13900000003", "合作中"],
        ["L004", "深圳新客", "李娜", "线下", "2026-01-10", "C", "13900000004", "潜在"],
        ["L005", "上海恒信机械有限公司", "李娜", "线下", "2026-09-01", "A", "13900000005", "合作中"],
    ]
    visits = [VISIT_HEAD] + [[f"2026-10-{d:02d}", cid, "李娜", "拜访"] for d, cid in ((3, "L001"), (4, "L002"), (5, "L003"), (6, "L005"))]
    orders = [
        ORDER_HEAD,
        ["N01", "L001", "李娜", "2026-06-01", 100000, "2026-07-01"],
        ["N02", "L001", "李娜", "2026-10-10", 20000, "2026-12-01"],
        ["N03", "L002", "李娜", "2026-10-11", 20000, "2026-12-01"],
        ["N04", "L003", "李娜", "2026-10-12", 20000, "2026-12-01"],
    ]
    lines = [LINE_HEAD, ["N01", "X", 10, 5000], ["N01", "Y", 10, 5000], ["N02", "X", 2, 5000], ["N02", "Y", 2, 5000]]
    tickets = [
        TICKET_HEAD,
        ["T1", "L001", "2026-09-10 10:00", "投诉", "服务类", "2026-09-10 10:20", "2026-09-11 09:00", "2026-09-10 10:25", "2026-09-10 20:00", "2026-09-12 10:00"],
        ["T2", "L002", "2026-10-20 10:00", "硬件故障", "产品类", None, None, None, None, None],
    ]
    return {
        "customer_register.xlsx": {"客户": customers, "拜访记录": visits},
        "order_progress.xlsx": {"订单": orders, "订单明细": lines},
        "feedback_log.xlsx": {"售后与投诉": tickets},
    }


SETTINGS = {"settings.xlsx": {"渠道成本": [["月份", "渠道", "成本"], [None, "线上", 10000], [None, "老客转介绍", 5000]]}}


def write_team(root: Path) -> Path:
    """The team under root: 张伟/, 李娜/, settings.xlsx."""
    for folder, books in (("张伟", _zhang()), ("李娜", _li()), ("", SETTINGS)):
        for name, sheets in books.items():
            book = workbook_of(sheets)
            path = root / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            book.save(path)
    return root
