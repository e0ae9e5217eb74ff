"""File names salesdesk makes from user text (quote ids, workbook names).

Every name is valid on Windows, macOS and Linux, bounded in bytes (UTF-8;
most file systems allow 255, and the temp and backup names built from it
need room too), and two different texts never give the same name: when the
text had to be changed to become a name (a character no file system takes,
a Windows device name, a length cut), a short hash of the original text is
appended, so `Q:1`, `Q/1` and `Q_1` stay three files.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Room left for decorations such as ".bak-20260305-101500-12" and ".salesdesk-tmp-<pid>-".
MAX_NAME_BYTES = 180
HASH_CHARS = 10

# Windows refuses these characters, and control characters everywhere cause grief.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\u0080-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff\s]+')
_HASHED = re.compile(rf"~[0-9a-f]{{{HASH_CHARS}}}$")
# Windows device names, with or without an extension ("CON", "nul.txt", "COM¹").
_RESERVED = re.compile(r"^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.IGNORECASE)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_CHARS]


def truncate_bytes(text: str, max_bytes: int) -> str:
    """The longest prefix of `text` whose UTF-8 encoding fits in `max_bytes` (never a broken character)."""
    encoded = text.encode("utf-8", "surrogatepass")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", "ignore")


def is_reserved(name: str) -> bool:
    return bool(_RESERVED.match(name.rstrip(". ")))


def safe_stem(text: str, max_bytes: int = MAX_NAME_BYTES - 20, fallback: str = "unnamed") -> str:
    """A file-name stem for `text`: unchanged when it is already one, else cleaned and hashed."""
    normal = unicodedata.normalize("NFC", text)
    stem = _UNSAFE.sub("_", normal).strip("_. ") or fallback
    if stem.startswith((".", "~$")):
        stem = "_" + stem.lstrip(".~$")
    altered = stem != text or is_reserved(stem) or bool(_HASHED.search(stem))
    room = max_bytes - (HASH_CHARS + 1 if altered else 0)
    if len(stem.encode("utf-8")) > room:
        altered = True
        room = max_bytes - HASH_CHARS - 1
        stem = truncate_bytes(stem, room).rstrip("_. ") or fallback
    if altered:
        stem = f"{stem}~{text_hash(text)}"
    return stem


def output_name(prefix: str, text: str, suffix: str) -> str:
    """`prefix` + a safe stem of `text` + `suffix`, within MAX_NAME_BYTES."""
    room = MAX_NAME_BYTES - len(prefix.encode()) - len(suffix.encode())
    return f"{prefix}{safe_stem(text, room)}{suffix}"


def bounded_name(stem: str, suffix: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """`stem` + `suffix`, the stem cut (and hashed, so it stays distinct) when the whole is too long."""
    if len((stem + suffix).encode("utf-8", "surrogatepass")) <= max_bytes:
        return stem + suffix
    room = max_bytes - len(suffix.encode()) - HASH_CHARS - 1
    return f"{truncate_bytes(stem, room)}~{text_hash(stem)}{suffix}"
