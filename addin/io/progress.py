"""One progress facility for long runs (check, quote, refresh, the coming summary).

    with progress_bar(enabled=not args.quiet) as advance:
        loaded = load(paths, advance)          # load() counts its files through `steps`

A terminal gets a tqdm bar per stage (files done / total, the current file's
name beside it); anything else (a log, a pipe, CI) gets plain lines
``[3/12] orders.xlsx``. Both on stderr: stdout stays the command's output.
Outside a stage (or after its last step) a call prints its text as a line, so
an `Advance` is an ordinary `Progress` callable wherever one is expected.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Callable, TextIO

from tqdm import tqdm

Progress = Callable[[str], None]


class Advance:
    """`advance(label)`: one step of the current stage done (or, outside a stage, a line of text)."""

    def __init__(self, stream: TextIO, bar: bool) -> None:
        self._stream = stream
        self._use_bar = bar
        self._bar: tqdm | None = None
        self._done = 0
        self._total = 0

    def start(self, total: int, title: str = "") -> None:
        """Begins a stage of `total` steps."""
        self.close()
        self._done, self._total = 0, total
        if self._use_bar and total > 1:
            self._bar = tqdm(total=total, desc=title or None, file=self._stream, unit="", leave=False, dynamic_ncols=True)

    def __call__(self, label: str) -> None:
        if self._done >= self._total:
            self._line(label)
            return
        self._done += 1
        if self._bar is not None:
            self._bar.set_postfix_str(label, refresh=False)
            self._bar.update(1)
        else:
            self._line(f"[{self._done}/{self._total}] {label}")
        if self._done >= self._total:
            self.close()

    def _line(self, text: str) -> None:
        if self._bar is not None:
            self._bar.write(text, file=self._stream)
        else:
            print(text, file=self._stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


@contextmanager
def progress_bar(enabled: bool = True, stream: TextIO | None = None) -> Iterator[Progress | None]:
    """Yields the run's `Advance` (None when disabled, e.g. --quiet or --json)."""
    if not enabled:
        yield None
        return
    out = stream or sys.stderr
    isatty = getattr(out, "isatty", None)
    advance = Advance(out, bar=bool(isatty and isatty()))
    try:
        yield advance
    finally:
        advance.close()


def steps(progress: Progress | None, total: int, title: str = "") -> Progress | None:
    """The callable for a stage of `total` steps: an `Advance` counts them; a plain callable gets ``[n/total] label``."""
    if progress is None:
        return None
    if isinstance(progress, Advance):
        progress.start(total, title)
        return progress
    done = 0

    def step(label: str) -> None:
        nonlocal done
        done += 1
        progress(f"[{done}/{total}] {label}")

    return step
