"""A small MS-CFB (compound file) version 3 writer, enough for a vbaProject.bin.

Deterministic: fixed layout (FAT, directory, mini FAT, mini stream, then big
streams), zero timestamps and CLSIDs. Streams under 4096 bytes live in the mini
stream as the spec requires. The build reads every file it writes back with
olefile (an independent reader) and compares each stream.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR, MINI_SECTOR, MINI_CUTOFF = 512, 64, 4096
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5
RED, BLACK = 0, 1


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list["_Entry"] = field(default_factory=list)
    index: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = BLACK
    start: int = ENDOFCHAIN


def _order(entry: _Entry) -> tuple[int, str]:
    """MS-CFB 2.6.4: shorter names first, then code points of the upper-cased names."""
    return (len(entry.name), entry.name.upper())


def _tree(siblings: list[_Entry], depth: int, deepest: int) -> int:
    """A balanced binary search tree; nodes on an incomplete last level are red, so black heights match."""
    if not siblings:
        return NOSTREAM
    mid = len(siblings) // 2
    node = siblings[mid]
    node.left = _tree(siblings[:mid], depth + 1, deepest)
    node.right = _tree(siblings[mid + 1:], depth + 1, deepest)
    node.color = RED if depth == deepest and depth > 0 else BLACK
    return node.index


def _depths(count: int) -> int:
    depth = 0
    while (1 << (depth + 1)) - 1 < count:
        depth += 1
    return depth


def write_cfb(streams: dict[str, bytes]) -> bytes:
    """`streams` maps "VBA/dir"-style paths to contents; storages are created as needed."""
    root = _Entry("Root Entry", ROOT)
    entries = [root]
    for path in sorted(streams):
        parent = root
        *dirs, leaf = path.split("/")
        for name in dirs:
            found = next((c for c in parent.children if c.name == name and c.kind == STORAGE), None)
            if found is None:
                found = _Entry(name, STORAGE, index=len(entries))
                entries.append(found)
                parent.children.append(found)
            parent = found
        if len(leaf) > 31:
            raise ValueError(f"stream name too long for a compound file: {leaf}")
        stream = _Entry(leaf, STREAM, streams[path], index=len(entries))
        entries.append(stream)
        parent.children.append(stream)
    for entry in entries:
        kids = sorted(entry.children, key=_order)
        deepest = _depths(len(kids))
        full = len(kids) == (1 << (deepest + 1)) - 1
        entry.child = _tree(kids, 0, -1 if full else deepest)  # a perfect tree is all black

    small = [e for e in entries if e.kind == STREAM and len(e.data) < MINI_CUTOFF]
    big = [e for e in entries if e.kind == STREAM and len(e.data) >= MINI_CUTOFF]
    mini_fat: list[int] = []
    mini_stream = bytearray()
    for e in small:
        if not e.data:
            e.start = ENDOFCHAIN
            continue
        n = -(-len(e.data) // MINI_SECTOR)
        e.start = len(mini_fat)
        mini_fat.extend(range(e.start + 1, e.start + n))
        mini_fat.append(ENDOFCHAIN)
        mini_stream += e.data.ljust(n * MINI_SECTOR, b"\0")

    dir_sectors = -(-len(entries) // 4)
    minifat_sectors = -(-len(mini_fat) * 4 // SECTOR)
    ministream_sectors = -(-len(mini_stream) // SECTOR)
    big_sectors = [-(-len(e.data) // SECTOR) for e in big]
    others = dir_sectors + minifat_sectors + ministream_sectors + sum(big_sectors)
    fat_sectors = 1
    while (others + fat_sectors) > fat_sectors * (SECTOR // 4):
        fat_sectors += 1
    if fat_sectors > 109:
        raise ValueError("compound file too large for a header-only DIFAT")

    fat: list[int] = [FATSECT] * fat_sectors
    body = bytearray()

    def chain(count: int, payload: bytes) -> int:
        if count == 0:
            return ENDOFCHAIN
        first = len(fat)
        fat.extend(range(first + 1, first + count))
        fat.append(ENDOFCHAIN)
        body.extend(payload.ljust(count * SECTOR, b"\0"))
        return first

    dir_start_pos = len(body)  # directory bytes are filled in once every start sector is known
    dir_start = chain(dir_sectors, b"")
    minifat_start = chain(minifat_sectors, b"".join(struct.pack("<I", v) for v in mini_fat)) if mini_fat else ENDOFCHAIN
    root.start = chain(ministream_sectors, bytes(mini_stream)) if mini_stream else ENDOFCHAIN
    root.data = bytes(mini_stream)
    for e, count in zip(big, big_sectors):
        e.start = chain(count, e.data)
    fat.extend([FREESECT] * (fat_sectors * (SECTOR // 4) - len(fat)))

    directory = b"".join(_dir_entry(e) for e in entries)
    directory += _unused_entry() * (dir_sectors * 4 - len(entries))
    body[dir_start_pos:dir_start_pos + len(directory)] = directory

    difat = list(range(fat_sectors)) + [FREESECT] * (109 - fat_sectors)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"), b"\0" * 16, 0x003E, 3, 0xFFFE, 9, 6, b"\0" * 6,
        0, fat_sectors, dir_start, 0, MINI_CUTOFF, minifat_start, minifat_sectors, ENDOFCHAIN, 0,
    ) + struct.pack("<109I", *difat)
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    return header + fat_bytes + bytes(body)


def _dir_entry(e: _Entry) -> bytes:
    name = e.name.encode("utf-16-le") + b"\0\0"
    size = len(e.data) if e.kind in (STREAM, ROOT) else 0
    start = (e.start if size else ENDOFCHAIN) if e.kind in (STREAM, ROOT) else 0
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name, len(name), e.kind, e.color, e.left, e.right, e.child, b"\0" * 16, 0, 0, 0, start, size,
    )


def _unused_entry() -> bytes:
    return struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, b"\0" * 16, 0, 0, 0, 0, 0)
