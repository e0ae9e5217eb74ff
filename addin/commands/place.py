"""Where a command reads its grids and where its patch goes: one command function, two backends.

Every capability (check, quote, refresh, the rep's and the manager's summary) is one
function in addin/commands that takes a Source and a Sink. The CLI gives it files
(`Files`, `FileSink`: the surgical writer through the guard); the ribbon gives it the
workbook open in Excel (excel/live_book.py `LiveBook`, which is both: its grids come
from Excel, its patch goes back into Excel, which saves the file).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Union, runtime_checkable

if TYPE_CHECKING:  # imported where used: a ribbon click loads only what its button runs
    from ..core.patch import Patch
    from ..io.apply_patch import ApplyReport
    from ..io.load import Loaded, Progress


@runtime_checkable
class Source(Protocol):
    def read(self, progress: Progress | None = None, siblings: bool = True) -> tuple[Loaded, set[str]]:
        """The load, and the names of the files read for context only (their findings are not the command's).
        `siblings`: also read the workbooks beside a given file, for reference."""
        ...


@runtime_checkable
class Sink(Protocol):
    def write(self, patch: Patch, backups_kept: int) -> ApplyReport:
        """Applies a patch (cells, notes, highlights, generated sheets)."""
        ...


class Files:
    """Workbook files and folders on disk."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = list(paths)

    def read(self, progress: Progress | None = None, siblings: bool = True) -> tuple[Loaded, set[str]]:
        from ..io.load import load
        from .scope import context_files, with_siblings

        if not siblings:
            return load(self.paths, progress), set()
        inputs = with_siblings(self.paths)
        loaded = load(inputs.all, progress)
        return loaded, context_files(loaded, inputs)


class FileSink:
    """The surgical writer, through the guard (io/safe_write.py): a backup first, a refusal is reported."""

    def write(self, patch: Patch, backups_kept: int) -> ApplyReport:
        from ..io.apply_patch import apply_patch

        return apply_patch(patch, backups_kept)


Where = Union[Source, list[Path]]


def source_of(where: Where) -> Source:
    """A list of paths (what the CLI has) is read from files; anything else is already a source."""
    return where if isinstance(where, Source) else Files(list(where))


@runtime_checkable
class Place(Source, Sink, Protocol):
    """A workbook a button was pressed on: read from, written to, and able to show one of its sheets."""

    path: Path

    def show(self, sheet: str) -> None: ...

    def selected(self) -> tuple[str, int] | None:
        """The sheet and row of the active cell (the row a document button is for), or None."""
        ...
