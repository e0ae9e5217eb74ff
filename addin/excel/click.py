"""The Windows entry point of a ribbon click: `pythonw -B -c "import addin.excel.click as c; c.main('salesdesk_check')"`.

The add-in starts Python through xlwings' launch for frozen executables
(addin/excel/macros/salesdesk.bas: `ExecuteWindows True, ...`), which passes the caller
(`--wb=... --from_xl=1 --hwnd=...`) exactly as RunPython does, so
`xlwings.Book.caller()` works, but runs this module first instead of
`import xlwings.utils`. That lets a button that needs no data frames keep
pandas and polars out of the process: xlwings imports both (and numpy with them)
when it can (about 0.7 s of CPU per click measured on a 2-core Linux machine), though no button's live path uses
xlwings' DataFrame conversion. A button that does need them (the summaries)
imports them as usual. Nothing else runs here: every button goes through
`addin.excel.ribbon.run`, whatever happens one message box in the rep's language.
"""

from __future__ import annotations

import sys

# Imported only when a button asks for them; xlwings' "try: import pandas" then finds none.
FRAME_LIBRARIES = ("pandas", "polars", "numpy")
# Buttons whose whole path runs without data frames (tests/test_click_time.py runs each with them blocked): every
# button but the two summaries, whose KPIs are polars frames (addin/summary/columnar.py).
FRAME_BUTTONS = frozenset({"salesdesk_my_summary", "salesdesk_team_summary"})
LEAN_BUTTONS = frozenset({
    "salesdesk_check", "salesdesk_settings", "salesdesk_help", "salesdesk_quote", "salesdesk_refresh", "salesdesk_import_surveys",
    "salesdesk_order_from_quote", "salesdesk_doc_requirement", "salesdesk_doc_contract", "salesdesk_doc_acceptance", "salesdesk_doc_service",
    "salesdesk_doc_survey", "salesdesk_doc_approval", "salesdesk_doc_compare",
})


def keep_out_frame_libraries() -> None:
    """Marks pandas, polars and numpy as absent for this process (only if none is imported yet)."""
    if not any(name in sys.modules for name in FRAME_LIBRARIES):
        for name in FRAME_LIBRARIES:
            sys.modules[name] = None  # type: ignore[assignment]  # `import name` now raises ImportError


def main(button_id: str) -> str:
    """Runs one ribbon button in this (fresh) process; returns the message shown."""
    if button_id in LEAN_BUTTONS:
        keep_out_frame_libraries()
    from .ribbon import run

    return run(button_id)
