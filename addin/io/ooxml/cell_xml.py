"""A cell's XML: values rendered as <c> elements (numbers, times as Excel serials, text inline).

Used by the cell editor (cells.py) and the generated sheets; lookups keep a million cells cheap.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from typing import cast

from .xmltext import text

_EXCEL_EPOCH = datetime(1899, 12, 30)


def excel_serial(value: date | datetime) -> Decimal:
    if not isinstance(value, datetime):
        return _day_serial(value)  # a few hundred distinct days among a million cells
    return _serial(value)


@lru_cache(maxsize=4096)
def _day_serial(value: date) -> Decimal:
    return _serial(value)


def _serial(value: date | datetime) -> Decimal:
    if isinstance(value, datetime):
        naive = value.replace(tzinfo=None)  # wall-clock time in the workbook's zone
    else:
        naive = datetime.combine(value, time())
    delta = naive - _EXCEL_EPOCH
    # Rounded to the second, then written as the double nearest to it (the shortest text that reads back as that
    # double): a serial cut to 8 decimals lies 0.3 ms before 09:30, and LibreOffice and WPS show it as 09:29.
    seconds = delta.days * 86400 + delta.seconds + (1 if delta.microseconds >= 500_000 else 0)
    days, rest = divmod(seconds, 86400)
    return Decimal(days) if rest == 0 else Decimal(repr(seconds / 86400))


def render_cell(ref: str, value: object, style: int | None, p: bytes = b"") -> bytes:
    """A <c> element in the sheet's prefix `p` (b"" or b"x:")."""
    return render_ref(ref.encode(), value, style, p)


def render_ref(ref: bytes, value: object, style: int | None, p: bytes = b"") -> bytes:
    """`render_cell` of a reference already in bytes. Common values (times, dates, text of a choice) cost a lookup."""
    kind = type(value)
    if kind is datetime:
        number = _wall_serial(cast(datetime, value).replace(tzinfo=None))
        return b"<" + p + b'c r="' + ref + b'"' + (b' s="%d"' % style if style else b"") + b"><" + p + b"v>" + number + b"</" + p + b"v></" + p + b"c>"
    if kind is str and value:
        return b"<" + p + b'c r="' + ref + b'"' + (b' s="%d"' % style if style else b"") + _inline(cast(str, value), p)
    s = b' s="%d"' % style if style else b""
    start = b"<" + p + b'c r="' + ref + b'"' + s
    if isinstance(value, bool):
        return start + b' t="b"><' + p + b"v>" + (b"1" if value else b"0") + b"</" + p + b"v></" + p + b"c>"
    if isinstance(value, (date, datetime)):
        value = excel_serial(value)
    if isinstance(value, (int, Decimal, float)):
        digits = format(value, "f") if isinstance(value, Decimal) else repr(value)
        return start + b"><" + p + b"v>" + digits.encode() + b"</" + p + b"v></" + p + b"c>"
    if value is None or value == "":
        return start + b"/>"
    return start + _inline(str(value), p)


@lru_cache(maxsize=65536)
def _wall_serial(naive: datetime) -> bytes:
    """The <v> text of a wall-clock time (what `excel_serial` writes): due times repeat across rows (the end of a day)."""
    return format(_serial(naive), "f").encode()


@lru_cache(maxsize=4096)
def _inline(value: str, p: bytes) -> bytes:
    """The rest of an inline-string cell (labels repeat on every row: rendered once)."""
    return b' t="inlineStr"><' + p + b"is><" + p + b't xml:space="preserve">' + text(value) + b"</" + p + b"t></" + p + b"is></" + p + b"c>"
