"""Surgical editing of OOXML spreadsheet packages.

Only the parts a command means to change are rewritten (a sheet's XML, its
comments and VML, styles, relationships, content types), by text-level
edits that keep every byte the edit does not concern; every other part is
copied as it is. openpyxl is never used on a user's file: it rewrites the
whole package and drops what it does not model.
"""
