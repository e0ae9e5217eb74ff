"""A sidecar workbook: the findings for one workbook, in a new file beside it.

Offered when a workbook cannot be annotated without loss (the annotate
command refuses it): the rep still gets every finding, with a link to each
cell, and the original stays byte-identical.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Font
from openpyxl.worksheet.table import Table, TableStyleInfo

from ..core.issues import Issue, severity_label
from ..i18n import N_, translator
from .generated import new_workbook
from .names import bounded_name
from .safe_write import save_new_file

HEADERS = (N_("Sheet"), N_("Cell"), N_("Severity"), N_("Code"), N_("Message"))


def sidecar_path(workbook: Path) -> Path:
    """NAME.salesdesk-check.xlsx beside the workbook, the name bounded in bytes."""
    return workbook.with_name(bounded_name(workbook.stem, ".salesdesk-check.xlsx"))


def write_sidecar(workbook: Path, issues: list[Issue], lang: str) -> Path:
    book = new_workbook()
    ws = book.active
    ws.title = "salesdesk"
    _ = translator(lang)
    ws.append([_(h) for h in HEADERS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for issue in issues:
        ws.append((issue.sheet, issue.cell or (str(issue.row) if issue.row else ""), severity_label(issue.severity, lang), issue.code, issue.message(lang)))
        if issue.cell and issue.sheet:
            link = ws.cell(ws.max_row, 2)
            sheet = issue.sheet.replace("'", "''")
            link.hyperlink = f"{workbook.name}#'{sheet}'!{issue.cell}"
            link.font = Font(color="0563C1", underline="single")
    for letter, width in zip("ABCDE", (14, 10, 8, 22, 80)):
        ws.column_dimensions[letter].width = width
    ws.add_table(Table(displayName="salesdesk_issues", ref=f"A1:E{max(ws.max_row, 2)}", tableStyleInfo=TableStyleInfo(name="TableStyleLight9", showRowStripes=True)))
    ws.freeze_panes = "A2"
    path = sidecar_path(workbook)
    save_new_file(book, path, kind="sidecar")
    return path
