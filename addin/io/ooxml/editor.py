"""Applies one sheet's patch operations to a package, surgically."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...core.patch import ClearAnnotations, Highlight, Op, SetCell, SetNote
from ...core.tables import column_index
from .cells import (
    SheetDataEdit,
    cells_in_column,
    column_styles,
    edit_sheet_data,
    widen_dimension,
)
from .highlights import add_highlights, remove_highlights
from .notes import apply_notes
from .package import Package
from .styles import Styles
from .xmltext import Unsupported


@dataclass
class SheetResult:
    sheet: str
    cells_set: int = 0
    notes: int = 0
    highlights: int = 0
    skipped: list[str] = field(default_factory=list)  # cells left alone (formulas, user notes)


def apply_sheet_ops(package: Package, styles: Styles, sheet: str, ops: list[Op]) -> SheetResult:
    parts = package.sheet_parts()
    if sheet not in parts:
        raise Unsupported(f"sheet {sheet!r} not found")
    part = parts[sheet]
    xml = package.read(part)
    result = SheetResult(sheet)

    clear = next((op for op in ops if isinstance(op, ClearAnnotations)), None)
    edit = SheetDataEdit(restyle=styles.with_format)
    col_styles = column_styles(xml)
    max_row, max_col = 0, 0
    if clear and clear.status_column:
        for row in cells_in_column(xml, clear.status_column, clear.header_row):
            edit.delete(row, column_index(clear.status_column))

    notes: dict[str, list[str]] = {}
    marks: dict[str, list[str]] = {"error": [], "warning": []}
    for op in ops:
        if isinstance(op, SetCell):
            col = column_index(op.column)
            numeric = op.number_format if op.value is not None and not isinstance(op.value, str) else None
            edit.set(op.row, col, op.value, col_styles.get(col), numeric)
            result.cells_set += 1
            max_row, max_col = max(max_row, op.row), max(max_col, col)
        elif isinstance(op, SetNote):
            notes.setdefault(f"{op.column}{op.row}", []).append(op.text)
        elif isinstance(op, Highlight):
            marks[op.severity].append(f"{op.column}{op.row}")

    xml = edit_sheet_data(xml, edit)
    result.skipped.extend(edit.skipped)
    if max_row:
        xml = widen_dimension(xml, max_row, max_col)

    cut = xml.rindex(b"</sheetData>")  # near the end of a possibly huge part
    head, tail = xml[:cut], xml[cut:]
    if clear:
        tail = remove_highlights(tail)
    tail = add_highlights(tail, styles, marks)
    result.highlights = sum(len(v) for v in marks.values())
    xml = head + tail

    xml, skipped_notes = apply_notes(package, part, xml, {ref: "\n".join(texts) for ref, texts in notes.items()}, clear is not None)
    result.notes = len(notes) - len(skipped_notes)
    result.skipped.extend(skipped_notes)
    package.write(part, xml)
    return result
