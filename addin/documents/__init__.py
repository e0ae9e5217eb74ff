"""The order's paperwork: pure builders (tables + settings + as_of -> a document model + issues).

One function per document kind; the file writer (addin/io/form_sheet.py)
only lays a `Document` out, and `salesdesk forms` (addin/commands/forms.py)
dispatches by kind.
"""
