"""How a command is written for the user to type: the one place salesdesk spells a command line it suggests.

Adapter-level (it reads the working folder and PATH): the demo's next steps and the hints that point at another
command ("run salesdesk check order_progress.xlsx to see them") both use it, so a hint works as printed.
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

DEV = Path(__file__).resolve().parents[2] / "dev.py"  # a source checkout's runner (README: `python3 dev.py demo`)


def shown(path: Path) -> str:
    """`path` as the user can type it here: relative to the working folder when under it, else absolute; quoted for a shell."""
    path = path.resolve()
    here = Path.cwd().resolve()
    return shlex.quote(str(path.relative_to(here)) if path.is_relative_to(here) else str(path))


def salesdesk_command() -> str:
    """`salesdesk` when it is on PATH; else, in a source checkout, `python3 dev.py salesdesk` (dev.py's path as `shown`)."""
    if shutil.which("salesdesk") is None and DEV.exists():
        return f"python3 {shown(DEV)} salesdesk"
    return "salesdesk"


def command_line(command: str, path: Path | str, *options: str) -> str:
    """`salesdesk <command> <path> <options>` as it works typed here; a `str` path is shown as it is (quoted)."""
    target = shown(path) if isinstance(path, Path) else shlex.quote(path)
    return " ".join([salesdesk_command(), command, target, *options])
