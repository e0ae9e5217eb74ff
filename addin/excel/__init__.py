"""The live-Excel adapter (xlwings) and the ribbon's command registry.

Reads each sheet's used range in one call and writes whole column blocks;
notes and highlights go to Excel in a single macro call (macros/salesdesk.bas),
so the number of calls per sheet is constant, never one per cell.
"""
