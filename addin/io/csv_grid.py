"""CSV exports (a CRM's customer list, a register) as a grid, for `salesdesk import`.

`check` and the other commands list a .csv as not read (their results go
back into workbooks, which a CSV is not); `import` reads it, since a rep's
customer list is often exactly that. The text is decoded as UTF-8 (with or
without its byte-order mark), else GB18030 (what Excel saves on a Chinese
PC), else Latin-1; every value stays the text it was, typed later by the
column it lands in, like any typed cell.
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


def read_csv_grid(path: Path) -> Grid:
    st = admit_for_reading(path)
    if st.st_size > MAX_CSV_BYTES:
        raise FileRefused(path, "file-not-read", *both("The CSV file is larger than {size} MB; not read.", size=MAX_CSV_BYTES // (1024 * 1024)))
    data = path.read_bytes()
    text = ""
    encodings = tuple(e for bom, e in BOMS if data.startswith(bom)) + ENCODINGS
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(MAX_CSV_BYTES)  # a long note is a value, not an error (the default stops at 128 kB)
    try:
        rows = [[cell if cell.strip() else None for cell in row] for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise FileRefused(path, "file-corrupt", *because(N_("The CSV file cannot be read as rows: {cause}."), exc)) from exc
    return Grid(file=path, sheet=path.stem, rows=rows)  # type: ignore[arg-type]  # str | None cells are grid cells
