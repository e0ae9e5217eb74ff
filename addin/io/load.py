"""Loading files and folders into the core's tables (the reading half of the file adapter)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pydantic import BaseModel

from ..core.build import build_table
from ..core.issues import Issue
from ..core.recognise import recognise
from ..core.settings import read_settings, zone_of
from ..core.tables import Tables
from .fsguard import admit_for_reading, refusal
from .ooxml.generated_sheet import generated_sheet_names
from .package import FileRefused
from .reader import Grid, expand_paths, read_grids

Progress = Callable[[str], None]


@dataclass
class Loaded:
    files: list[Path]
    tables: Tables
    issues: list[Issue]
    settings: BaseModel
    refused: list[FileRefused] = field(default_factory=list)


def display_name(path: Path, roots: list[Path]) -> str:
    """Paths in reports are short: relative to the folder that was named."""
    for root in roots:
        base = root if root.is_dir() else root.parent
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return path.name


def load(paths: list[Path], progress: Progress | None = None) -> Loaded:
    files = expand_paths(paths)
    refused: list[FileRefused] = []
    grids: list[Grid] = []
    for number, path in enumerate(files, 1):
        if progress:
            progress(f"[{number}/{len(files)}] {path.name}")
        try:
            admit_for_reading(path)  # a pipe or device would hang the read; an unreadable file is listed, the rest goes on
            read = read_grids(path)  # refuses a corrupt or hostile file before anything else opens it
            owned = generated_sheet_names(path)  # the to-do tab and other sheets salesdesk wrote
            grids.extend(g for g in read if g.sheet not in owned)
        except FileRefused as exc:
            refused.append(exc)
        except OSError as exc:
            refused.append(refusal(path, "file-unreadable", exc.strerror or str(exc)))
    loaded = load_grids(grids, lambda path: display_name(path, paths))
    loaded.files, loaded.refused = files, refused
    return loaded


def load_grids(grids: list[Grid], name_of: Callable[[Path], str] = lambda path: path.name) -> Loaded:
    """Recognises and types grids from any source: files, or a workbook open in Excel."""
    recognised = [(found, grid) for grid in grids if (found := recognise(grid.rows))]
    # Key/value sheets first: the settings' time zone types every date-time of the rest.
    tables, issues = Tables(), []
    zone = zone_of(read_settings(tables)[0])
    for key_value_pass in (True, False):
        for found, grid in recognised:
            if found.spec.key_value != key_value_pass:
                continue
            table, table_issues = build_table(found, grid.rows, name_of(grid.file), grid.sheet, zone)
            table.path = grid.file
            tables.add(table)
            issues.extend(table_issues)
        if key_value_pass:
            settings, setting_issues = read_settings(tables)
            issues.extend(setting_issues)
            zone = zone_of(settings)
    return Loaded(files=sorted({g.file for g in grids}), tables=tables, issues=issues, settings=settings)
