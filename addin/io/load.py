"""Loading files and folders into the core's tables (the reading half of the file adapter)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pydantic import BaseModel

from ..core.build import build_table
from ..core.issues import CODES, Issue
from ..core.recognise import recognise
from ..core.settings import read_settings, zone_of
from ..core.tables import Tables
from ..i18n import Translator, both, both_with, pick
from .fsguard import refusal
from .ooxml.generated_sheet import generated_sheet_names
from .package import FileRefused
from .progress import Progress, steps
from .reader import OOXML_SUFFIXES, Grid, Unread, expand_paths, read_book


@dataclass
class Loaded:
    files: list[Path]
    tables: Tables
    issues: list[Issue]
    settings: BaseModel
    refused: list[FileRefused] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)  # sheets that could not be read (each also an issue)

    @property
    def complete(self) -> bool:
        """Everything named was read: no file refused or not read, no sheet unread."""
        return not self.refused and not self.unread


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
    unread: list[Unread] = []
    grids: list[Grid] = []
    step = steps(progress, len(files))
    for path in files:
        if step:
            step(path.name)
        try:
            book = read_book(path)  # refuses a corrupt or hostile file before anything else opens it
            owned = generated_sheet_names(path) if path.suffix.lower() in OOXML_SUFFIXES else set()  # the to-do tab and other sheets salesdesk wrote
        except FileRefused as exc:
            refused.append(exc)
            continue
        except OSError as exc:
            refused.append(refusal(path, "file-unreadable", exc.strerror or str(exc)))
            continue
        grids.extend(g for g in book.grids if g.sheet not in owned)
        unread.extend(u for u in book.unread if u.sheet not in owned)
    for folder in paths:
        if folder.is_dir() and not any(f.is_relative_to(folder) for f in files):
            refused.append(FileRefused(folder, "folder-no-workbook", *both("The folder holds no workbook (.xlsx/.xlsm/.xls/.ods).")))
    name_of = lambda path: display_name(path, paths)  # noqa: E731
    loaded = load_grids(grids, name_of)
    loaded.files, loaded.refused, loaded.unread = files, refused, unread
    loaded.issues[:0] = [unread_issue(u, name_of(u.file)) for u in unread]
    return loaded


def _messages(build: Callable[[Translator], str]) -> dict[str, str]:
    zh, en = both_with(build)
    return {"message_zh": zh, "message_en": en}


def unread_issue(unread: Unread, file: str) -> Issue:
    info = CODES["sheet-unreadable"]
    return Issue(
        file=file,
        sheet=unread.sheet,
        row=None,
        column=None,
        code="sheet-unreadable",
        **_messages(lambda _: _("{title}: {reason}", title=info.title(_.lang), reason=pick((unread.zh, unread.en), _.lang))),
    )


def _cut_issue(grid: Grid, file: str) -> Issue:
    info = CODES["sheet-cells-cut"]
    return Issue(
        file=file,
        sheet=grid.sheet,
        row=None,
        column=None,
        code="sheet-cells-cut",
        **_messages(lambda _: _("{title} ({n} cells)", title=info.title(_.lang), n=format(grid.cut_cells, ","))),
    )


def load_grids(grids: list[Grid], name_of: Callable[[Path], str] = lambda path: path.name) -> Loaded:
    """Recognises and types grids from any source: files, or a workbook open in Excel."""
    recognised = [(found, grid) for grid in grids if (found := recognise(grid.rows))]
    # Key/value sheets first: the settings' time zone types every date-time of the rest.
    tables, issues = Tables(), [_cut_issue(grid, name_of(grid.file)) for grid in grids if grid.cut_cells]
    zone = zone_of(read_settings(tables)[0])
    for key_value_pass in (True, False):
        for found, grid in recognised:
            if found.spec.key_value != key_value_pass:
                continue
            table, table_issues = build_table(found, grid.rows, name_of(grid.file), grid.sheet, zone, grid.date1904, grid.width, consume=True)
            table.path = grid.file
            tables.add(table)
            issues.extend(table_issues)
        if key_value_pass:
            settings, setting_issues = read_settings(tables)
            issues.extend(setting_issues)
            zone = zone_of(settings)
    return Loaded(files=sorted({g.file for g in grids}), tables=tables, issues=issues, settings=settings)
