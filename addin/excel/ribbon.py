"""The ribbon: a registry of buttons, each calling a command function.

The VBA callback (macros/salesdesk.bas) passes the button's tag to `run`;
macros/ribbon.xml is generated from BUTTONS (`python -m addin.excel.ribbon`),
and a test keeps the committed file in step.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable
from xml.sax.saxutils import quoteattr

from ..checks.run import run_checks
from ..core.annotate import annotation_patch
from ..core.issues import has_errors
from ..io.load import load_grids
from ..pricing.computed import quotes_patch
from ..pricing.policy import load_policy
from ..pricing.quote import price_quotes
from .live_book import LiveBook

Command = Callable[[LiveBook, str], str]


def check_book(book: LiveBook, lang: str) -> str:
    loaded = load_grids(book.grids())
    issues = loaded.issues + run_checks(loaded.tables)
    book.apply(annotation_patch(loaded.tables, issues, lang))
    errors = sum(1 for i in issues if i.severity.value == "error")
    if lang == "zh":
        return f"检查完成：{errors} 个错误，{len(issues) - errors} 个提示。问题单元格已加批注并高亮。"
    return f"Check done: {errors} error(s), {len(issues) - errors} warning(s). Problem cells carry a note and a highlight."


def price_book(book: LiveBook, lang: str) -> str:
    loaded = load_grids(book.grids())
    policy, _ = load_policy(loaded.tables)
    quotes, issues = price_quotes(loaded.tables, policy)
    book.apply(quotes_patch(quotes, policy, lang))
    blocked = sum(1 for q in quotes if q.blocked)
    if lang == "zh":
        return f"已计算 {len(quotes)} 张报价单；{blocked} 张低于底价。" + ("请查看「价格说明」列。" if has_errors(issues) else "")
    return f"Priced {len(quotes)} quote(s); {blocked} below the floor." + (" See the Explanation column." if has_errors(issues) else "")


def refresh_book(book: LiveBook, lang: str) -> str:
    """Deadlines of the open workbook at the current time; the to-do tab itself is written by `salesdesk refresh`."""
    from datetime import datetime

    from ..core.settings import zone_of
    from ..deadlines.run import compute_deadlines

    loaded = load_grids(book.grids())
    result = compute_deadlines(loaded.tables, loaded.settings, datetime.now(zone_of(loaded.settings)), lang)
    book.apply(result.patch(lang))
    late = sum(1 for i in result.todo if i.state == "breached")
    if lang == "zh":
        return f"已刷新截止日期：待办 {len(result.todo)} 项，其中已逾期 {late} 项。"
    return f"Deadlines refreshed: {len(result.todo)} to-do item(s), {late} overdue."


@dataclass(frozen=True)
class Button:
    id: str
    label_zh: str
    label_en: str
    image: str  # a built-in Office icon (imageMso)
    command: Command


BUTTONS: tuple[Button, ...] = (
    Button("salesdesk_check", "检查并批注", "Check & annotate", "ReviewNewComment", check_book),
    Button("salesdesk_quote", "计算报价", "Price quotes", "CalculateNow", price_book),
    Button("salesdesk_refresh", "刷新截止日期", "Refresh deadlines", "CalendarMonthDetails", refresh_book),
)


def run(button_id: str, book: Any = None, lang: str | None = None) -> str:
    """Entry point of every ribbon button (called through xlwings' RunPython)."""
    lang = lang or os.environ.get("SALESDESK_LANG", "zh")
    if book is None:
        import xlwings  # only inside Excel

        book = xlwings.Book.caller()
    button = next(b for b in BUTTONS if b.id == button_id)
    message = button.command(LiveBook(book), lang)
    if hasattr(book, "app") and hasattr(book.app, "alert"):
        book.app.alert(message, title="salesdesk")
    return message


def ribbon_xml(lang: str = "zh") -> str:
    buttons = "\n".join(
        f'          <button id={quoteattr(b.id)} tag={quoteattr(b.id)} label={quoteattr(b.label_zh if lang == "zh" else b.label_en)} '
        f'imageMso={quoteattr(b.image)} size="large" onAction="SalesdeskButton"/>'
        for b in BUTTONS
    )
    return (
        '<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui">\n'
        "  <ribbon>\n    <tabs>\n"
        '      <tab id="salesdesk_tab" label="销售助手 salesdesk">\n'
        '        <group id="salesdesk_group" label="salesdesk">\n'
        f"{buttons}\n"
        "        </group>\n      </tab>\n    </tabs>\n  </ribbon>\n</customUI>\n"
    )


if __name__ == "__main__":
    print(ribbon_xml(), end="")
