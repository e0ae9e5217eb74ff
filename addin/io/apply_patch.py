"""The file adapter: applies a patch to workbooks on disk through the safe writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.patch import Patch, ReplaceGeneratedSheet
from ..i18n import both
from .ooxml.editor import SheetResult, apply_sheet_ops
from .ooxml.generated_sheet import replace_generated_sheet
from .ooxml.package import Package
from .ooxml.styles import Styles
from .package import FileRefused
from .safe_write import DEFAULT_BACKUPS_KEPT, WriteResult, safe_edit

# Read for check and quote, never written: their formats are not Open XML packages.
NOT_EDITABLE = (".xls", ".ods")
NOT_EDITABLE_MESSAGE = both("Old .xls and .ods files are read but never written; use --sidecar to write the findings to a separate file, or save as .xlsx.")


@dataclass
class ApplyReport:
    written: list[WriteResult] = field(default_factory=list)
    refused: list[FileRefused] = field(default_factory=list)

    def sheet_results(self) -> list[SheetResult]:
        return [d for w in self.written for d in w.details if isinstance(d, SheetResult)]


def apply_patch(patch: Patch, backups_kept: int = DEFAULT_BACKUPS_KEPT) -> ApplyReport:
    report = ApplyReport()
    for path, sheets in patch.by_sheet(expand=False).items():  # a SetColumn stays one op

        def edit(package: Package, sheets=sheets) -> list[object]:
            styles = Styles(package)
            results: list[object] = []
            for sheet, ops in sheets.items():
                generated = [op for op in ops if isinstance(op, ReplaceGeneratedSheet)]
                results.extend(replace_generated_sheet(package, op, styles) for op in generated)
                if len(generated) < len(ops):
                    results.append(apply_sheet_ops(package, styles, sheet, [op for op in ops if not isinstance(op, ReplaceGeneratedSheet)]))
            styles.save()
            return results

        if Path(path).suffix.lower() in NOT_EDITABLE:
            report.refused.append(FileRefused(path, "file-unsupported", *NOT_EDITABLE_MESSAGE))
            continue
        try:
            report.written.append(safe_edit(Path(path), edit, backups_kept))
        except FileRefused as exc:
            report.refused.append(exc)
    return report
