"""The run's clock as a user types it on the command line (`--as-of`), the same for every command."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

from ..i18n import N_, translator

AS_OF_HELP = N_("--as-of must be a date or an ISO time, e.g. 2026-11-02 or 2026-11-02T09:00")


def parse_as_of(text: str | None) -> datetime | None:
    """`2026-11-02`, `2026-11-02T09:00`, `2026-11-02 09:00+08:00` (naive: read in the configured zone
    by the command); None when not given. Raises ValueError for anything else."""
    if text is None:
        return None
    moment = datetime.fromisoformat(text.strip())
    if not 1900 <= moment.year <= 9000:  # every rule adds months and days to it: year 1 or 9999 is no one's today
        raise ValueError(f"year {moment.year} out of range")
    return moment


class AsOfUsage(Exception):
    """`--as-of` could not be read; the message was printed, the command exits 2 (wrong usage)."""


def as_of_argument(args: Any) -> datetime | None:
    """The command line's `--as-of` (None when not given). Raises AsOfUsage after printing the usage message in
    the run's language on stderr."""
    try:
        return parse_as_of(getattr(args, "as_of", None))
    except ValueError:
        print(translator(args.lang)(AS_OF_HELP), file=sys.stderr)
        raise AsOfUsage from None
