"""The live-Excel adapter (xlwings) and the ribbon (its buttons: addin/commands/registry.py).

Reads each sheet's used range in one call and writes whole column blocks;
notes, highlights and links go to Excel in a single macro call (addin/excel/macros/salesdesk.bas),
a generated sheet (to-do tab, summary tab) in one macro call and one block write,
so the number of calls per sheet is constant, never one per cell.
"""
