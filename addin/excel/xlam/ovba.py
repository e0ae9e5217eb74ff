"""MS-OVBA 2.4.1 compression: the "CompressedContainer" holding VBA source and the dir stream.

Deterministic (greedy longest match, nearest candidate first), so two builds
give the same bytes. The build never trusts this alone: it decompresses what
it wrote with oletools (an independent implementation) and compares.
"""

from __future__ import annotations

CHUNK = 4096
MIN_MATCH = 3
_CANDIDATES = 48  # how many earlier positions of the same 3 bytes are tried: speed, not correctness


def _bit_count(difference: int) -> int:
    """Bits of a copy token's offset field at this position of a chunk (MS-OVBA 2.4.1.3.19.1)."""
    bits = 4
    while (1 << bits) < difference:
        bits += 1
    return bits


def _compress_chunk(data: bytes) -> bytes:
    out = bytearray()
    pos, end = 0, len(data)
    heads: dict[bytes, list[int]] = {}
    while pos < end:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            best_len, best_off = 0, 0
            if pos > 0 and pos + MIN_MATCH <= end:
                bits = _bit_count(pos)
                max_len = min((0xFFFF >> bits) + 3, end - pos)
                for cand in reversed(heads.get(data[pos:pos + MIN_MATCH], [])[-_CANDIDATES:]):
                    length = 0
                    while length < max_len and data[cand + length] == data[pos + length]:
                        length += 1
                    if length > best_len:
                        best_len, best_off = length, pos - cand
                        if length == max_len:
                            break
            if best_len >= MIN_MATCH:
                token = ((best_off - 1) << (16 - bits)) | (best_len - 3)
                out += token.to_bytes(2, "little")
                flags |= 1 << bit
                step = best_len
            else:
                out.append(data[pos])
                step = 1
            for p in range(pos, pos + step):
                if p + MIN_MATCH <= end:
                    heads.setdefault(data[p:p + MIN_MATCH], []).append(p)
            pos += step
        out[flag_at] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        chunk = data[start:start + CHUNK]
        packed = _compress_chunk(chunk)
        if len(packed) <= CHUNK - 2 or len(chunk) < CHUNK:
            if len(packed) > CHUNK:
                raise ValueError("incompressible final chunk: not VBA source")
            out += (0xB000 | (len(packed) + 2 - 3)).to_bytes(2, "little") + packed
        else:  # a raw chunk is always 4096 bytes
            out += (0x3000 | (CHUNK + 2 - 3)).to_bytes(2, "little") + chunk
    return bytes(out)


def decompress(data: bytes) -> bytes:
    """The reverse, for our own round-trip checks (the build also checks with oletools)."""
    if not data or data[0] != 1:
        raise ValueError("not an MS-OVBA compressed container")
    out = bytearray()
    pos = 1
    while pos < len(data):
        header = int.from_bytes(data[pos:pos + 2], "little")
        size = (header & 0x0FFF) + 3
        chunk_end = pos + size
        pos += 2
        start = len(out)
        if not header & 0x8000:
            out += data[pos:pos + CHUNK]
            pos += CHUNK
            continue
        while pos < chunk_end:
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= chunk_end:
                    break
                if flags & (1 << bit):
                    token = int.from_bytes(data[pos:pos + 2], "little")
                    bits = _bit_count(len(out) - start)
                    length = (token & (0xFFFF >> bits)) + 3
                    offset = (token >> (16 - bits)) + 1
                    for _ in range(length):
                        out.append(out[-offset])
                    pos += 2
                else:
                    out.append(data[pos])
                    pos += 1
    return bytes(out)
