"""xlwings.conf as xlwings' VBA reads it: one `"KEY","VALUE"` line per setting, in the PC's ANSI code page.

xlwings' VBA (`GetConfigFromFile` in xlwings.bas) reads the file with `Open ... For
Input` / `Input #`, which decodes bytes in the system's ANSI code page (936 on
Simplified-Chinese Windows, 1252 on Western Windows); xlwings' own writer
(`xlwings config create`, `update_user_config` in xlwings/cli.py) writes it with
Python's default text encoding, which on Windows is that same code page. A UTF-8
file turns `C:\\Users\\张三` into `C:\\Users\\寮犱笁` for the VBA: every button then fails.

Here: the code page is detected (`ansi_codepage`, injectable for tests), a value the
code page cannot hold is refused with a folder that works, an existing file in UTF-8
or in the code page is read and merged key by key (other keys and their order kept).
"""

from __future__ import annotations

import locale
import sys
from dataclasses import dataclass
from pathlib import PureWindowsPath

from ..i18n import N_, translator

SAFE_FOLDER = r"C:\salesdesk"  # a folder every ANSI code page can hold (ASCII), outside the profile


def ansi_codepage(system: str) -> str:
    """The Python codec of the code page the VBA reads xlwings.conf in: Windows' ANSI code page
    (GetACP, e.g. "cp936"); macOS VBA reads text files as UTF-8 (xlwings' Python writes them so there)."""
    if system != "Windows":
        return "utf-8"
    if sys.platform == "win32":
        import ctypes

        return f"cp{ctypes.windll.kernel32.GetACP()}"  # type: ignore[attr-defined]
    return locale.getpreferredencoding(False)  # Windows simulated elsewhere (tests inject the code page instead)


class ConfRefused(Exception):
    """A value the VBA would read wrongly, or a conf file in an encoding salesdesk cannot tell."""

    def __init__(self, msgid: str, **fields: object) -> None:
        super().__init__(msgid.format(**fields))
        self.msgid, self.fields = msgid, fields

    def message(self, lang: str) -> str:
        return translator(lang)(self.msgid, **self.fields)


NOT_IN_CODEPAGE = N_("This path cannot be written into xlwings.conf: {path}\n"
                     "Excel reads that file in this PC's code page ({codepage}), which has no character for \"{char}\"; "
                     "the buttons would not find Python. Install salesdesk in a folder with such characters only, "
                     "e.g. {folder} (unzip the bundle there and run install.bat), then run salesdesk addin install again.")
UNREADABLE = N_("{path} is neither UTF-8 nor in this PC's code page ({codepage}); it was left as it is. "
                "Rename it (xlwings recreates it) and run salesdesk addin install again.")


@dataclass(frozen=True)
class Conf:
    """The settings in file order; `encoding` is what the bytes were read as (None: no file)."""

    values: dict[str, str]
    encoding: str | None = None


def parse(text: str) -> dict[str, str]:
    """Lines `"KEY","VALUE"` (as VBA's `Write #` writes them); keys compared as VBA does, ignoring case."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith('"') and '","' in line and line.endswith('"'):
            key, value = line[1:-1].split('","', 1)
            existing = next((k for k in values if k.lower() == key.lower()), key)
            values[existing] = value
    return values


def decode(data: bytes, codepage: str, path: object = "xlwings.conf") -> Conf:
    """UTF-8 first (salesdesk's earlier installs wrote that; ASCII is both), then the code page."""
    for encoding in ("utf-8-sig", codepage):
        try:
            return Conf(parse(data.decode(encoding)), encoding)
        except UnicodeDecodeError:
            continue
    raise ConfRefused(UNREADABLE, path=path, codepage=codepage)


def as_vba_reads(data: bytes, codepage: str) -> dict[str, str]:
    """What xlwings' VBA gets out of these bytes: decoded in the code page, never failing (bytes it cannot map become U+FFFD)."""
    return parse(data.decode(codepage, errors="replace"))


def merged(existing: dict[str, str], wanted: dict[str, str]) -> dict[str, str]:
    """The existing settings with `wanted` replacing keys equal ignoring case, in place; new keys at the end."""
    out = dict(existing)
    for key, value in wanted.items():
        same = next((k for k in out if k.lower() == key.lower()), None)
        if same is not None and same != key:
            out = {(key if k == same else k): v for k, v in out.items()}
        out[key] = value
    return out


def encode(values: dict[str, str], codepage: str, newline: str = "\r\n") -> bytes:
    """The file's bytes in the code page; raises ConfRefused for a value it cannot hold (never written garbled)."""
    for value in values.values():
        bad = next((c for c in value if not fits(c, codepage)), None)
        if bad is not None:
            raise ConfRefused(NOT_IN_CODEPAGE, path=value, codepage=codepage, char=bad, folder=suggested_folder(value))
    return "".join(f'"{k}","{v}"{newline}' for k, v in values.items()).encode(codepage)


def fits(text: str, codepage: str) -> bool:
    try:
        text.encode(codepage)
    except UnicodeEncodeError:
        return False
    return True


def suggested_folder(path: str) -> str:
    """A folder on the same drive whose name every code page holds: `<drive>\\salesdesk`."""
    drive = PureWindowsPath(path).drive
    return f"{drive}\\salesdesk" if drive and drive.isascii() and len(drive) == 2 else SAFE_FOLDER
