"""The manager summary: KPIs per rep and month from the typed tables (pure: no file, no Excel).

`compute_summary` (run.py) takes tables, settings, the deadline engine's
results and an as-of clock and returns every tab's rows as plain dicts with
exact values (Decimal money, ratios to 4 places); the adapters write them
(io/summary_book.py) or print them (--json).
"""
