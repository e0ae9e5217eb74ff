"""CSV exports (a CRM's customer list, a register) as a grid, for `salesdesk import`.

`check` and the other commands list a .csv as not read (their results go
back into workbooks, which a CSV is not); `import` reads it, since a rep's
customer list is often exactly that. The text is decoded as UTF-8 (with or
without its byte-order mark), else GB18030 (what Excel saves on a Chinese
PC), else Latin-1; every value stays the text it was, typed later by the
column it lands in, like any typed cell.

The file is streamed: decoded and split into rows in chunks, the dialect
sniffed on its first 8,192 characters, so memory holds the rows, never the
whole text beside its bytes. An encoding that fails part-way is dropped and
the file read again with the next one (the same rows a whole-text decode gives).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..i18n import N_, both
from .causes import because
from .fsguard import admit_for_reading
from .package import FileRefused
from .reader import Grid

MAX_CSV_BYTES = 200 * 1024 * 1024  # beyond this, a "CSV" is no rep's list: refused, not read into memory
ENCODINGS = ("utf-8-sig", "gb18030", "latin-1")
BOMS = ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))  # Excel's "Unicode text" export
SNIFF_CHARS = 8192  # the prefix the dialect is guessed from
CHUNK_BYTES = 1 << 20  # what one read decodes


def _text(path: Path, encoding: str) -> io.TextIOWrapper:
    """The file as text, decoded chunk by chunk, newlines as written (csv.reader splits rows on them as it goes)."""
    return io.TextIOWrapper(io.BufferedReader(path.open("rb"), CHUNK_BYTES), encoding=encoding, newline="")


def _rows(path: Path, encoding: str) -> list[list[str | None]]:
    """Every row of the file decoded as `encoding` (UnicodeDecodeError when it is not that encoding)."""
    with _text(path, encoding) as text:
        prefix = text.read(SNIFF_CHARS)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(prefix, delimiters=",;\t")
        # A quote inside a quoted field is doubled (RFC 4180, what Excel and every CRM export write); the sniffer guesses
        # otherwise when its prefix holds no quote at all, and a later "Acme ""Best"" Ltd, Shanghai" split in two.
        dialect.doublequote = True
    except csv.Error:
        dialect = csv.excel
    with _text(path, encoding) as text:
        return [[cell if cell.strip() else None for cell in row] for row in csv.reader(text, dialect)]


def _decodes(path: Path, encoding: str) -> bool:
    """The whole file is text in `encoding`."""
    try:
        with _text(path, encoding) as text:
            while text.read(CHUNK_BYTES):
                pass
    except UnicodeDecodeError:
        return False
    return True


def read_csv_grid(path: Path) -> Grid:
    """One sheet named after the file: its rows as text (blank cells None); FileRefused for a file too large or not CSV."""
    st = admit_for_reading(path)
    if st.st_size > MAX_CSV_BYTES:
        raise FileRefused(path, "file-not-read", *both("The CSV file is larger than {size} MB; not read.", size=MAX_CSV_BYTES // (1024 * 1024)))
    with path.open("rb") as handle:
        head = handle.read(2)
    encodings = tuple(e for bom, e in BOMS if head.startswith(bom)) + ENCODINGS
    csv.field_size_limit(MAX_CSV_BYTES)  # a long note is a value, not an error (the default stops at 128 kB)
    rows: list[list[str | None]] = []
    for encoding in encodings:
        try:
            rows = _rows(path, encoding)
            break
        except UnicodeDecodeError:
            continue
        except csv.Error as exc:
            if not _decodes(path, encoding):
                continue  # not this encoding after all (its rows are never judged): the next one, as a whole-text decode would
            raise FileRefused(path, "file-corrupt", *because(N_("The CSV file cannot be read as rows: {cause}."), exc)) from exc
    return Grid(file=path, sheet=path.stem, rows=rows)  # type: ignore[arg-type]  # str | None cells are grid cells
