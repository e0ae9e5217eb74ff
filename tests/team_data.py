"""A two-rep team whose numbers are known in advance (issue 18, "team truth"): build it, then extend it.

Layout written by `write_team(root)`:

    root/settings.xlsx                      channel costs; reps by folder (赵强/ -> 赵强)
    root/王芳/customer_register.xlsx         客户 (owner column typed), 拜访记录
    root/王芳/order_progress.xlsx            订单, 订单明细
    root/王芳/旧/2025/order_progress.xlsx    an exact copy of 王芳's order book, two folders down, older mtime
    root/赵强/customer_register.xlsx         客户 (no owner column: the settings' rep for the folder), 拜访记录
    root/赵强/order_progress.xlsx            订单 (no owner column either), 订单明细

Both reps number customers from C0001 (as the templates invite). They are different companies, except:
- 王芳's C0004 上海恒信机械有限公司 and 赵强's C0003 上海恒信机械 (phone 13800000004, tax id 91310000MA1FL0XX4X):
  one customer kept by two reps under different ids: a conflict, counted once for the team;
- 赵强's book holds C0002 twice (rows 3 and 5): an error within one book; the first row (天津港务, tier C) is
  the one every output uses.

October 2026 (MONTH), as of AS_OF. Every figure below is asserted by tests/test_team_truth.py; extend the
team with new rows in new functions (or new keyword arguments) so these stay true.

王芳: visits C0001 (x2), C0002, C0004 -> 4 visits, 3 customers visited. Orders A-001 C0001 50,000;
  A-002 C0003 30,000 (won without a visit); A-003 C0004 20,000 -> 3 deals, 3 won, revenue 100,000.00,
  average 33,333.33; visited and won = C0001, C0004 = 2 -> conversion 2/3 = 0.6667.
赵强: visits C0001, C0003 -> 2 visits, 2 visited. Orders B-001 C0001 40,000; B-002 C0002 10,000 -> 2 deals,
  2 won, revenue 50,000.00; visited and won = C0001 -> conversion 1/2 = 0.5000.
Team: 6 visits; visited = 王芳 C0001, C0002, C0004 (= 赵强 C0003), 赵强 C0001 -> 4; deals 5; won = 5 customers;
  revenue 150,000.00; visited and won = 王芳 C0001, 王芳 C0004, 赵强 C0001 -> 3/4 = 0.7500.
  (The copy two folders down would make 王芳 200,000.00 and the team 250,000.00; merging by id alone
  would make the team 3 customers visited.)
Channels (October): online: leads 王芳 C0001 + 赵强 C0002 = 2, deals A-001 + B-002 = 2, revenue 60,000.00,
  cost 6,000 -> 3,000.00 per lead, 3,000.00 per deal. referral: leads 王芳 C0002 + 赵强 C0001 = 2, deal B-001,
  revenue 40,000.00, cost 4,000 -> 2,000.00 per lead, 4,000.00 per deal. offline: no leads, deals A-002 + A-003,
  revenue 50,000.00.
Tiers (October): 王芳 visits A 3, B 1 -> 0.7500 / 0.2500; deals A 2, B 1. 赵强 visits A 1 (C0003), B 1 (C0001);
  deals B 1, C 1 (C0002, the first row's tier). Team visits A 4 / B 2; deals A 2, B 2, C 1 -> 0.4 / 0.4 / 0.2.
Preferences: 王芳 C0001 and 赵强 C0001 one order each (X + Y lines in 王芳's A-001 only).
"""

from __future__ import annotations

import os
import shutil
from decimal import Decimal
from pathlib import Path

from conftest import workbook_of

AS_OF = "2026-11-02T09:00:00+08:00"
MONTH = "2026-10"
WANG, ZHAO = "王芳", "赵强"

CUSTOMER_HEAD = ["客户编号", "客户名称", "负责销售", "获客渠道", "首次接触", "客户分层", "电话", "税号", "状态"]
CUSTOMER_HEAD_NO_OWNER = [h for h in CUSTOMER_HEAD if h != "负责销售"]
VISIT_HEAD = ["拜访日期", "客户编号", "销售代表", "方式"]
ORDER_HEAD = ["订单编号", "客户编号", "负责销售", "签约日期", "合同金额", "计划到货"]
ORDER_HEAD_NO_OWNER = [h for h in ORDER_HEAD if h != "负责销售"]
LINE_HEAD = ["订单编号", "产品编码", "数量", "单价"]
SHARED_TAX_ID = "91310000MA1FL0XX4X"

# The known numbers, for tests (money as Decimal, ratios to 4 places).
KNOWN = {
    WANG: {"visits": 4, "customers_visited": 3, "deals": 3, "customers_won": 3, "visited_and_won": 2,
           "revenue": Decimal("100000.00"), "average_order_value": Decimal("33333.33"), "conversion_rate": Decimal("0.6667")},
    ZHAO: {"visits": 2, "customers_visited": 2, "deals": 2, "customers_won": 2, "visited_and_won": 1,
           "revenue": Decimal("50000.00"), "average_order_value": Decimal("25000.00"), "conversion_rate": Decimal("0.5000")},
    "*": {"visits": 6, "customers_visited": 4, "deals": 5, "customers_won": 5, "visited_and_won": 3,
          "revenue": Decimal("150000.00"), "average_order_value": Decimal("30000.00"), "conversion_rate": Decimal("0.7500")},
}
KNOWN_CHANNELS = {
    "online": {"leads": 2, "deals": 2, "revenue": Decimal("60000.00"), "cost_per_lead": Decimal("3000.00"), "cost_per_deal": Decimal("3000.00")},
    "referral": {"leads": 2, "deals": 1, "revenue": Decimal("40000.00"), "cost_per_lead": Decimal("2000.00"), "cost_per_deal": Decimal("4000.00")},
    "offline": {"leads": 0, "deals": 2, "revenue": Decimal("50000.00")},
}


def wang() -> dict[str, dict[str, list[list[object]]]]:
    customers = [
        CUSTOMER_HEAD,
        ["C0001", "华东机电有限公司", WANG, "线上", "2026-10-02", "A", "13800000001", None, "合作中"],
        ["C0002", "苏州精工", WANG, "老客转介绍", "2026-10-03", "B", "13800000002", None, "合作中"],
        ["C0003", "杭州新材", WANG, "线下", "2025-05-01", "B", "13800000003", None, "合作中"],
        ["C0004", "上海恒信机械有限公司", WANG, "线下", "2026-03-01", "A", "13800000004", SHARED_TAX_ID, "合作中"],
    ]
    visits = [VISIT_HEAD, ["2026-10-05", "C0001", WANG, "拜访"], ["2026-10-06", "C0002", WANG, "拜访"],
              ["2026-10-08", "C0004", WANG, "拜访"], ["2026-10-20", "C0001", WANG, "电话"]]
    orders = [ORDER_HEAD, ["A-001", "C0001", WANG, "2026-10-10", 50000, "2026-12-01"],
              ["A-002", "C0003", WANG, "2026-10-12", 30000, "2026-12-01"],
              ["A-003", "C0004", WANG, "2026-10-15", 20000, "2026-12-01"]]
    lines = [LINE_HEAD, ["A-001", "X", 5, 5000], ["A-001", "Y", 5, 5000], ["A-002", "X", 6, 5000], ["A-003", "Y", 4, 5000]]
    return {"customer_register.xlsx": {"客户": customers, "拜访记录": visits}, "order_progress.xlsx": {"订单": orders, "订单明细": lines}}


def zhao() -> dict[str, dict[str, list[list[object]]]]:
    customers = [
        CUSTOMER_HEAD_NO_OWNER,
        ["C0001", "北方重工集团", "老客转介绍", "2026-10-04", "B", "13900000001", None, "合作中"],
        ["C0002", "天津港务", "线上", "2026-10-05", "C", "13900000002", None, "合作中"],
        ["C0003", "上海恒信机械", "线下", "2026-04-01", "A", "13800000004", SHARED_TAX_ID, "合作中"],
        ["C0002", "天津港务二厂", "线上", "2026-10-05", "A", "13900000099", None, "合作中"],
    ]
    visits = [VISIT_HEAD, ["2026-10-07", "C0001", ZHAO, "拜访"], ["2026-10-09", "C0003", ZHAO, "拜访"]]
    orders = [ORDER_HEAD_NO_OWNER, ["B-001", "C0001", "2026-10-11", 40000, "2026-12-01"], ["B-002", "C0002", "2026-10-13", 10000, "2026-12-01"]]
    lines = [LINE_HEAD, ["B-001", "Z", 8, 5000], ["B-002", "X", 2, 5000]]
    return {"customer_register.xlsx": {"客户": customers, "拜访记录": visits}, "order_progress.xlsx": {"订单": orders, "订单明细": lines}}


SETTINGS = {"settings.xlsx": {
    "渠道成本": [["月份", "渠道", "成本"], [None, "线上", 6000], [None, "老客转介绍", 4000]],
    "文件夹负责销售": [["文件夹或文件", "该处负责销售"], [ZHAO, ZHAO]],
}}

COPY = Path(WANG) / "旧" / "2025" / "order_progress.xlsx"


def write_books(root: Path, books: dict[str, dict[str, list[list[object]]]], folder: str = "") -> list[Path]:
    out = []
    for name, sheets in books.items():
        path = root / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook_of(sheets).save(path)
        out.append(path)
    return out


def write_team(root: Path, copy: bool = True) -> Path:
    """The team under root (module doc); `copy`: with 王芳's order book copied two folders down (an hour older)."""
    write_books(root, wang(), WANG)
    write_books(root, zhao(), ZHAO)
    write_books(root, SETTINGS)
    if copy:
        original = root / WANG / "order_progress.xlsx"
        target = root / COPY
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(original, target)
        stamp = original.stat().st_mtime - 3600
        os.utime(target, (stamp, stamp))
    return root
