"""salesdesk: turns a distributor sales rep's Excel workbooks into a working system.

Layers (imports only point downwards):
    schema/    the single definition of every workbook, sheet and column
    core/      pure values: parsing, issues, patches, tables (no I/O)
    checks/    validation rules over tables
    pricing/   the quote calculator
    io/        file adapters: safe reading and surgical, lossless writing
    excel/     the live-Excel (xlwings) adapter and the ribbon
    commands/  one module per command (CLI and ribbon), gluing the layers; registry.py: the buttons
"""

__version__ = "0.1.0"
