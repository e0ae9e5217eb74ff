"""CSV import streams the file (issue 23, item 7): the rows are those a whole-text decode gives, in every encoding."""

from __future__ import annotations

import csv
import io

import pytest

from addin.io import csv_grid
from addin.io.csv_grid import read_csv_grid


def _whole(data: bytes, encoding: str) -> list[list[str | None]]:
    """What the reader gave before it streamed: the whole text decoded, then split into rows."""
    text = data.decode(encoding)
    dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    return [[c if c.strip() else None for c in row] for row in csv.reader(io.StringIO(text, newline=""), dialect)]


ROWS = "".join(f'C{n},"华东{n}\r\n第二行",x\x1cy,\u2028,{"é" if n % 3 else ""},  \r\n' for n in range(3000))


@pytest.mark.parametrize("encoding, data, expected", [
    ("utf-8", ROWS.encode("utf-8-sig"), "utf-8-sig"),
    ("gb18030", ROWS.replace("é", "").encode("gb18030"), "gb18030"),  # not UTF-8: read again as GB18030
    ("utf-16", ROWS.encode("utf-16"), "utf-16"),
    ("late-byte", ROWS.encode("utf-8") + b"\x81\x30", "latin-1"),  # UTF-8 until its last bytes, and no GB18030 either
    ("cr", ROWS.replace("\r\n", "\r").encode("utf-8"), "utf-8"),
    ("semicolons", ROWS.replace(",", ";").encode("gb18030"), "gb18030"),
])
def test_streamed_rows_equal_the_whole_text_decode(tmp_path, monkeypatch, encoding, data, expected):
    monkeypatch.setattr(csv_grid, "CHUNK_BYTES", 4096)  # many chunks, "\r\n" and multi-byte characters split across them
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(data)
    rows = read_csv_grid(path).rows
    assert rows == _whole(data, expected) and len(rows) >= 3000 and (expected == "latin-1" or rows[0][1].startswith("华东0\r"))


def test_a_doubled_quote_after_a_long_plain_prefix_stays_in_its_field(tmp_path):
    """Found by a hostile trial: with no quote in the first 8,192 characters the dialect was guessed without
    doubled quotes, and a later quoted name holding "" and a comma was cut in two, its phone moved a column."""
    from addin.io.csv_grid import read_csv_grid

    path = tmp_path / "leads.csv"
    plain = "".join(f"Cust{n},Bob,100{n}\n" for n in range(600))
    path.write_text("Company,Contact,Phone\n" + plain + '"Acme ""Best"" Ltd, Shanghai",Ann,555\n', encoding="utf-8")
    rows = read_csv_grid(path).rows
    assert rows[-1] == ['Acme "Best" Ltd, Shanghai', "Ann", "555"]
    assert len(rows) == 602 and rows[1] == ["Cust0", "Bob", "1000"]
