"""Tolerant parsing of values as people type them into Excel.

Each parser takes what a reader returns for a cell (str, float, int, bool,
date, datetime or None) and returns `Parsed(value)` or `Parsed(None, code,
hint)`. Unambiguous forms are accepted (`2026/3/5`, `2026年3月5日`, Excel
serials, full-width digits, `¥1,200.00`, `1200元`, `15%`, 是/否); anything
ambiguous or unreadable is reported with a code, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Callable

from ..schema.types import Column
from .stamps import EMPTY_DATE_MARKER, empty_date_marker, iso_moment

_EXCEL_EPOCH = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)
_MAX_SERIAL = 2958465  # 9999-12-31
MAX_MAGNITUDE = Decimal(10) ** 12  # no amount, quantity or price of a sales rep reaches a trillion


@dataclass(frozen=True, slots=True)
class Parsed:
    value: object
    code: str | None = None  # an issue code when the value was not accepted as is
    hint: str = ""


EMPTY = Parsed(None)


@dataclass(frozen=True, slots=True)
class CellMark:
    """A cell a reader could not give a value for: an Excel error (`#N/A`) or a formula never calculated.

    It travels in the grid in place of the value, so the row does not look
    blank, and every parser turns it into its issue code.
    """

    code: str  # "cell-error-value" or "formula-no-value"
    text: str = ""

    def __str__(self) -> str:
        return self.text

Parser = Callable[[object], Parsed]


def normalise_text(value: str) -> str:
    """Full-width to half-width (NFKC), trimmed; the one normalisation for typed text."""
    return unicodedata.normalize("NFKC", value).strip()


def header_token(value: object) -> str:
    """Header comparison ignores case, spaces, full-width forms and punctuation."""
    text = normalise_text(str(value)).casefold()
    return re.sub(r"[\s_\-–—:：()（）/\\.·*]+", "", text)


def money(value: Decimal) -> Decimal:
    """Round half-up to 0.01: the one money rounding rule (domain.md)."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _float_to_decimal(value: float) -> Decimal:
    # repr() gives the shortest string that round-trips: 1200.1 stays 1200.1.
    return Decimal(repr(value))


# ---- numbers -------------------------------------------------------------

_MONEY_NOISE = re.compile(r"[,\s¥$]|元|rmb|cny|人民币", re.IGNORECASE)
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def _decimal_from_text(text: str) -> Decimal | None:
    text = normalise_text(text)
    if "," in text and not _GROUPED.fullmatch(re.sub(r"[\s¥$]|元|rmb|cny|人民币|万$", "", text, flags=re.IGNORECASE)):
        return None  # `1,2,00`: a misplaced separator is a typo, not 1200
    text = _MONEY_NOISE.sub("", text)
    scale = Decimal(1)
    if text.endswith("万"):
        scale, text = Decimal(10000), text[:-1]
    if not _NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text) * scale
    except InvalidOperation:
        return None


def _bounded(number: Decimal) -> Parsed:
    if not number.is_finite():
        return Parsed(None, "value-not-finite")
    if abs(number) >= MAX_MAGNITUDE:
        return Parsed(None, "value-too-large")
    return Parsed(number)


def parse_decimal(value: object) -> Parsed:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, CellMark):
        return Parsed(None, value.code)
    if isinstance(value, bool):
        return Parsed(None, "value-unparseable")
    if isinstance(value, float):
        return _bounded(_float_to_decimal(value))
    if isinstance(value, int):
        return _bounded(Decimal(value))
    if isinstance(value, Decimal):
        return _bounded(value)
    if isinstance(value, str):
        number = _decimal_from_text(value)
        return _bounded(number) if number is not None else Parsed(None, "value-unparseable")
    return Parsed(None, "value-unparseable")


def parse_int(value: object) -> Parsed:
    if isinstance(value, str):
        value = re.sub(r"[个件台套分年人次]$", "", normalise_text(value))
    parsed = parse_decimal(value)
    if parsed.value is None:
        return parsed
    number = parsed.value
    assert isinstance(number, Decimal)
    if number != number.to_integral_value():
        return Parsed(None, "value-unparseable", "whole number")
    return Parsed(int(number))


_ZH_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def _zhe(text: str) -> Parsed:
    """`8折` pays 80%: 20% off; `95折`, `九五折`, `9.5折` 5% off; `10折`/`十折` no discount."""
    text = text.strip().translate(_ZH_DIGITS).replace("十", "10")
    number = _decimal_from_text(text) if re.fullmatch(r"\d+(\.\d+)?", text) else None
    if number is None or number <= 0 or number >= 100:
        return Parsed(None, "value-unparseable")
    paid = number / (10 if number <= 10 else 100)  # one digit (or 9.5) is tenths; two digits hundredths
    return Parsed(1 - paid)


def parse_percent(value: object) -> Parsed:
    """A fraction: `15%`, `0.15` and 15% formatted cells are all 0.15.

    A bare number above 1 (e.g. `15`) is read as percentage points, with a
    warning, because a discount of 1500% is never meant.
    """
    if value is None or value == "":
        return EMPTY
    if isinstance(value, str):
        text = normalise_text(value)
        if text.endswith("%"):
            number = _decimal_from_text(text[:-1])
            if number is None:
                return Parsed(None, "value-unparseable")
            bounded = _bounded(number)
            return Parsed(number / 100) if bounded.code is None else bounded
        if text.endswith("折"):
            return _zhe(text[:-1])
        value = text
    parsed = parse_decimal(value)
    if not isinstance(parsed.value, Decimal):
        return parsed
    if Decimal(1) < parsed.value <= Decimal(100):
        return Parsed(parsed.value / 100, "percent-points")
    return parsed


# ---- dates ---------------------------------------------------------------

_YMD = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DMY_OR_MDY = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{2,4})")
_TIME = re.compile(r"[T\s]*(上午|下午|AM|PM)?\s*(\d{1,2})\s*[:：时点]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?\s*秒?\s*(AM|PM|上午|下午)?", re.IGNORECASE)


def _serial_to_datetime(serial: float, date1904: bool = False) -> datetime | None:
    if date1904:  # the Mac system: day 0 is 1904-01-01, no phantom leap day
        return _EPOCH_1904 + timedelta(days=serial) if 0 <= serial <= _MAX_SERIAL - 1462 else None
    if not 1 <= serial <= _MAX_SERIAL:
        return None
    # Excel's phantom 1900-02-29 (serial 60) makes serials < 61 one day off; we
    # accept them as Excel shows them for anything after 1900-03-01 only.
    if serial < 61:
        return None
    return _EXCEL_EPOCH + timedelta(days=serial)


def _split_date_time(text: str) -> tuple[date | None, time | None, str | None]:
    """Returns (date, time, problem) for a typed date or date-time string."""
    m = _YMD.match(text) or _COMPACT.match(text)
    if m:
        try:
            d = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None, None, "value-unparseable"
        rest = text[m.end():]
    else:
        m = _DMY_OR_MDY.match(text)
        if not m:
            return None, None, "value-unparseable"
        a, b, y = int(m[1]), int(m[2]), m[3]
        if len(y) != 4:
            return None, None, "date-ambiguous"  # two-digit year
        # Day and month can only be told apart when one of them exceeds 12.
        if a <= 12 and b <= 12 and a != b:
            return None, None, "date-ambiguous"
        day, month = (a, b) if a > 12 else (b, a)
        try:
            d = date(int(y), month, day)
        except ValueError:
            return None, None, "value-unparseable"
        rest = text[m.end():]
    rest = rest.strip()
    if not rest:
        return d, None, None
    t = _TIME.fullmatch(rest)
    if not t:
        return None, None, "value-unparseable"
    hour, minute, second = int(t[2]), int(t[3]), int(t[4] or 0)
    marker = (t[1] or t[5] or "").upper()
    if marker in ("PM", "下午") and hour < 12:
        hour += 12
    if marker in ("AM", "上午") and hour == 12:
        hour = 0
    try:
        return d, time(hour, minute, second), None
    except ValueError:
        return None, None, "value-unparseable"


def parse_date(value: object, date1904: bool = False) -> Parsed:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, CellMark):
        return Parsed(None, value.code)
    if empty_date_marker(value, date1904):
        return Parsed(None, EMPTY_DATE_MARKER)
    if isinstance(value, datetime):
        return Parsed(value.date())
    if isinstance(value, date):
        return Parsed(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        moment = _serial_to_datetime(float(value), date1904)
        return Parsed(moment.date()) if moment else Parsed(None, "value-unparseable")
    if isinstance(value, str):
        text = normalise_text(value)
        if re.fullmatch(r"\d+(\.\d+)?", text) and len(text) != 8:
            return parse_date(float(text), date1904)
        moment = iso_moment(text)
        if moment is not None:
            return Parsed(moment.date())  # the date as the stamp writes it (its own offset)
        d, _, problem = _split_date_time(text)
        return Parsed(d) if d else Parsed(None, problem)
    return Parsed(None, "value-unparseable")


def date_parser(date1904: bool) -> Parser:
    return (lambda value: parse_date(value, True)) if date1904 else parse_date


_YEAR_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")


def parse_month(value: object, date1904: bool = False) -> Parsed:
    """A month: `2026-03`, `2026/3`, `2026年3月`, or any date in it; kept as the 1st."""
    if isinstance(value, str):
        m = _YEAR_MONTH.fullmatch(normalise_text(value))
        if m and 1 <= int(m[2]) <= 12:
            return Parsed(date(int(m[1]), int(m[2]), 1))
    parsed = parse_date(value, date1904)
    return Parsed(parsed.value.replace(day=1)) if isinstance(parsed.value, date) else parsed


def datetime_parser(zone: tzinfo, date1904: bool = False) -> Parser:
    """Date-times are made aware in the configured zone; a bare date means 00:00."""

    def parse(value: object) -> Parsed:
        if value is None or value == "":
            return EMPTY
        if isinstance(value, CellMark):
            return Parsed(None, value.code)
        if empty_date_marker(value, date1904):
            return Parsed(None, EMPTY_DATE_MARKER)
        if isinstance(value, datetime):  # to the nearest second: 09:29:59.9997 (a serial cut short) is 09:30
            value = (value + timedelta(microseconds=500_000) if value.year < 9999 else value).replace(microsecond=0) if value.microsecond else value
            return Parsed(value if value.tzinfo else value.replace(tzinfo=zone))
        if isinstance(value, date):
            return Parsed(datetime.combine(value, time(), zone))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            moment = _serial_to_datetime(float(value), date1904)
            if moment is None:
                return Parsed(None, "value-unparseable")
            return Parsed((moment + timedelta(microseconds=500_000)).replace(microsecond=0, tzinfo=zone))
        if isinstance(value, str):
            text = normalise_text(value)
            moment = iso_moment(text)
            if moment is not None:
                return Parsed(moment.astimezone(zone))  # the instant, shown in the settings' zone
            d, t, problem = _split_date_time(text)
            if d is None:
                return Parsed(None, problem)
            return Parsed(datetime.combine(d, t or time(), zone))
        return Parsed(None, "value-unparseable")

    return parse


# ---- text, choices, booleans --------------------------------------------


def parse_text(value: object) -> Parsed:
    if value is None:
        return EMPTY
    if isinstance(value, CellMark):
        return Parsed(None, value.code)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number in a text column: 1001.0 is "1001"
    text = str(value).strip()
    return Parsed(text) if text else EMPTY


def parse_id(value: object) -> Parsed:
    parsed = parse_text(value)
    return Parsed(normalise_text(parsed.value)) if isinstance(parsed.value, str) else parsed


_TRUE = {"是", "y", "yes", "true", "1", "✓", "✔", "对", "有", "√"}
_FALSE = {"否", "n", "no", "false", "0", "✗", "✘", "×", "无", "不"}


def parse_bool(value: object) -> Parsed:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, CellMark):
        return Parsed(None, value.code)
    if isinstance(value, bool):
        return Parsed(value)
    token = normalise_text(str(int(value) if isinstance(value, float) and value.is_integer() else value)).casefold()
    if token in _TRUE:
        return Parsed(True)
    if token in _FALSE:
        return Parsed(False)
    return Parsed(None, "value-unparseable")


def choice_parser(column: Column) -> Parser:
    lookup: dict[str, str] = {}
    for choice in column.choices:
        for label in choice.labels():
            lookup[header_token(label)] = choice.key

    def parse(value: object) -> Parsed:
        if isinstance(value, CellMark):
            return Parsed(None, value.code)
        text = parse_text(value).value
        if text is None:
            return EMPTY
        key = lookup.get(header_token(text))
        return Parsed(key) if key else Parsed(None, "choice-unknown")

    return parse
