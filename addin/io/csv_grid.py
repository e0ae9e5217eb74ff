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

from ..i18n import both
from .fsguard import admit_for_reading
from .package import FileRefused
from .reader import Grid

MAX_CSV_BYTES = 200 * 1024 * 1024  # beyond this, a "CSV" is no rep's list: refused, not read into memory
ENCODINGS = ("utf-8-sig", "gb18030", "latin-1")


def read_csv_grid(path: Path) -> Grid:
    st = admit_for_reading(path)
    if st.st_size > MAX_CSV_BYTES:
        raise FileRefused(path, "file-not-read", *both("The CSV file is larger than {size} MB; not read.", size=MAX_CSV_BYTES // (1024 * 1024)))
    data = path.read_bytes()
    text = ""
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [[cell if cell.strip() else None for cell in row] for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    return Grid(file=path, sheet=path.stem, rows=rows)  # type: ignore[arg-type]  # str | None cells are grid cells
