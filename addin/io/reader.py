"""Reading workbooks into grids with python-calamine (fast, typed, no entity expansion)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

from .package import FileRefused, inspect, macro_free_copy

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Grid:
    file: Path
    sheet: str
    rows: list[list[object]]  # rows[0] is Excel row 1; column 0 is A


def read_grids(path: Path) -> list[Grid]:
    """Every worksheet of a workbook as a grid anchored at A1, or FileRefused."""
    inspect(path)
    try:
        macro_free = macro_free_copy(path)  # Excel 4.0 macro sheets: read the other sheets
        book = CalamineWorkbook.from_filelike(macro_free) if macro_free else CalamineWorkbook.from_path(str(path))
        names = book.sheet_names
    except Exception as exc:  # calamine raises its own error types per format problem
        raise FileRefused(path, "file-corrupt", f"无法读取工作簿：{exc}", f"The workbook cannot be read: {exc}") from exc
    grids: list[Grid] = []
    for name in names:
        try:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:  # chart sheets and dialog sheets have no cells to read
            continue
        grids.append(Grid(file=path, sheet=name, rows=rows))  # type: ignore[arg-type]  # calamine's cell union is a subset of object
    return grids


def is_backup_or_temp(path: Path) -> bool:
    name = path.name
    return name.startswith(("~$", ".~", ".salesdesk-tmp")) or ".bak-" in name or ".salesdesk-check." in name


# Folders salesdesk writes into (customer quote sheets) hold no workbook to check.
OUTPUT_FOLDERS = ("报价单", "quotes")


def _skipped_folder(folder: Path, root: Path) -> bool:
    parts = folder.relative_to(root).parts
    return any(part.startswith(".") or part in OUTPUT_FOLDERS or part == "__pycache__" for part in parts)


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given; folders expanded to their workbooks, subfolders included (a team
    lead's folder of reps' folders), without backups, lock files or salesdesk's outputs."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.suffix.lower() in WORKBOOK_SUFFIXES and p.is_file() and not is_backup_or_temp(p) and not _skipped_folder(p.parent, path)
            )
        else:
            found.append(path)
    return found
