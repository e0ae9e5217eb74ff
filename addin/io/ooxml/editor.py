"""Applies one sheet's patch operations to a package, surgically."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...core.patch import HEADER_STYLE, ClearAnnotations, Highlight, Op, SetCell, SetColumn, SetNote, SetWidth
from ...core.tables import column_index
from .cells import (
    SheetDataEdit,
    cells_in_column,
    column_styles,
    edit_sheet_data,
    set_widths,
    widen_dimension,
)
from .highlights import add_highlights
from .highlights import ours as highlight_removals
from .notes import apply_notes
from .package import MAIN_NS, Package
from .structure import Root, scan, splice
from .styles import Styles
from .xmltext import Unsupported, get_attr


@dataclass
class SheetResult:
    sheet: str
    cells_set: int = 0
    notes: int = 0
    highlights: int = 0
    skipped: list[str] = field(default_factory=list)  # cells left alone (formulas, user notes)
    protected: bool = False  # the sheet has password protection (annotated anyway; reported as a warning)


def password_protected(xml: bytes, root: Root) -> bool:
    """Whether the sheet is protected with a password.

    Protection stops people, not programs: salesdesk still annotates, and says
    so. Protection without a password (salesdesk's own templates lock their
    computed columns that way) is a guard against slips and gets no warning."""
    for child in root.named("sheetProtection"):
        tag = xml[child.start : child.tag_end]
        on = (get_attr(tag, b"sheet") or b"").strip() in (b"1", b"true")
        if on and (get_attr(tag, b"password") or get_attr(tag, b"hashValue")):
            return True
    return False


def apply_sheet_ops(package: Package, styles: Styles, sheet: str, ops: list[Op]) -> SheetResult:
    parts = package.sheet_parts()
    if sheet not in parts:
        raise Unsupported(f"sheet {sheet!r} not found")
    part = parts[sheet]
    xml = package.read(part)
    root = scan(xml)
    if root.ns != MAIN_NS or root.local != "worksheet":
        raise Unsupported(f"sheet {sheet!r} is not a SpreadsheetML worksheet")
    result = SheetResult(sheet, protected=password_protected(xml, root))

    clear = next((op for op in ops if isinstance(op, ClearAnnotations)), None)
    edit = SheetDataEdit(restyle=styles.with_format, wrap=styles.wrapped)
    col_styles = column_styles(xml, root)
    max_row, max_col = 0, 0
    if clear and clear.status_column:
        for row in cells_in_column(xml, root, clear.status_column, clear.header_row):
            edit.delete(row, column_index(clear.status_column))

    notes: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    marks: dict[str, list[str]] = {"error": [], "warning": []}
    widths: dict[int, float] = {}
    for op in ops:
        if isinstance(op, SetCell):
            col = column_index(op.column)
            numeric = op.number_format if op.value is not None and not isinstance(op.value, str) else None
            edit.set(op.row, col, op.value, col_styles.get(col), numeric, header=op.style == HEADER_STYLE)
            result.cells_set += 1
            max_row, max_col = max(max_row, op.row), max(max_col, col)
        elif isinstance(op, SetColumn) and op.rows:
            col = column_index(op.column)
            edit.set_column(col, op.rows, op.values, col_styles.get(col), op.number_format)
            result.cells_set += len(op.rows)
            max_row, max_col = max(max_row, max(op.rows)), max(max_col, col)
        elif isinstance(op, SetWidth):
            widths[column_index(op.column)] = op.width
        elif isinstance(op, SetNote):
            notes.setdefault(f"{op.column}{op.row}", []).append(op.text)
            kinds[f"{op.column}{op.row}"] = op.kind
        elif isinstance(op, Highlight):
            marks[op.severity].append(f"{op.column}{op.row}")

    if edit.cells or edit.columns:
        xml = edit_sheet_data(xml, root, edit)
        result.skipped.extend(edit.skipped)
        root = scan(xml)
    if widths:
        xml = set_widths(xml, root, widths)
        root = scan(xml)
    if max_row:
        xml = widen_dimension(xml, root, max_row, max_col)
        root = scan(xml)

    # Every edit after <sheetData> is placed among the root's children, in one pass.
    edits = highlight_removals(xml, root) if clear else []
    added = add_highlights(xml, root, styles, marks, edits)
    if added:
        edits.append(added)
    result.highlights = sum(len(v) for v in marks.values())
    note_edits, skipped_notes = apply_notes(package, part, xml, root, {ref: "\n".join(texts) for ref, texts in notes.items()}, clear is not None, kinds)
    edits.extend(note_edits)
    result.notes = len(notes) - len(skipped_notes)
    result.skipped.extend(skipped_notes)
    package.write(part, splice(xml, edits))
    return result
