"""One module per command: each glues a source of grids, the pure core and a sink for its patch.

The CLI calls them on files (place.py: Files, FileSink); the Excel ribbon calls the same
functions on the open workbook (excel/live_book.py LiveBook) through registry.py.
"""
