"""One module per command: each glues loading, the pure core and an adapter.

The CLI and the Excel ribbon both call these functions (see excel/registry.py).
"""
