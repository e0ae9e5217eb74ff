"""Contract numbers: the settings' pattern, unique across the workbooks read (issue #19, item 6).

The pattern (setting `contract_no_pattern`, default ``HT-{yyyy}{mm}-{seq}``)
knows {yyyy}, {yy}, {mm} (of the quote date, else today) and {seq}, the
number within that month, 3 digits. A quote whose order already has a
contract_no keeps it. Any other quote gets, deterministically, the numbers
after the highest one the orders already hold for that month, in the order
of its quotes without a numbered order (quote date, then quote id): the
contract draft printed today and the order `order --from-quote` writes
tomorrow carry the same number while nothing else changed, and two quotes
of one folder never share one.

Pure: tables in, a string out.
"""

from __future__ import annotations

import re
from datetime import date

from ..core.tables import Tables

DEFAULT_PATTERN = "HT-{yyyy}{mm}-{seq}"


def _fill(pattern: str, on: date, seq: str) -> str:
    return (pattern.replace("{yyyy}", f"{on.year:04d}").replace("{yy}", f"{on.year % 100:02d}")
            .replace("{mm}", f"{on.month:02d}").replace("{seq}", seq))


def _matcher(pattern: str, on: date) -> re.Pattern[str]:
    marker = "\x00"
    return re.compile(re.escape(_fill(pattern, on, marker)).replace(re.escape(marker), r"(\d+)") + r"\Z")


def contract_no(tables: Tables, quote_id: str, today: date, pattern: str | None = None) -> str:
    """The contract number of `quote_id`: its order's contract_no, else the next free one of its month (see the module)."""
    pattern = (pattern or "").strip() or DEFAULT_PATTERN
    if "{seq}" not in pattern:
        pattern += "-{seq}"
    numbered: dict[str, str] = {}
    for _, order in tables.rows("orders"):
        if order.quote_id and order.contract_no and order.quote_id not in numbered:
            numbered[order.quote_id] = str(order.contract_no)
    if quote_id in numbered:
        return numbered[quote_id]
    dates = {q.quote_id: q.quote_date or today for _, q in tables.rows("quotes") if q.quote_id}
    on = dates.get(quote_id, today)
    match = _matcher(pattern, on)
    taken = [int(m.group(1)) for _, o in tables.rows("orders") if o.contract_no and (m := match.match(str(o.contract_no)))]
    waiting = sorted((d, q) for q, d in dates.items() if q not in numbered and (d.year, d.month) == (on.year, on.month))
    rank = next((i for i, (_, q) in enumerate(waiting) if q == quote_id), len(waiting))
    return _fill(pattern, on, f"{max(taken, default=0) + rank + 1:03d}")
