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

from ..schema.types import Column, ColumnType

_EXCEL_EPOCH = datetime(1899, 12, 30)
_MAX_SERIAL = 2958465  # 9999-12-31


@dataclass(frozen=True, slots=True)
class Parsed:
    value: object
    code: str | None = None  # an issue code when the value was not accepted as is
    hint: str = ""


EMPTY = Parsed(None)

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


def _decimal_from_text(text: str) -> Decimal | None:
    text = _MONEY_NOISE.sub("", normalise_text(text))
    scale = Decimal(1)
    if text.endswith("万"):
        scale, text = Decimal(10000), text[:-1]
    if not _NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text) * scale
    except InvalidOperation:
        return None


def parse_decimal(value: object) -> Parsed:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return Parsed(None, "value-unparseable")
    if isinstance(value, float):
        return Parsed(_float_to_decimal(value))
    if isinstance(value, int):
        return Parsed(Decimal(value))
    if isinstance(value, Decimal):
        return Parsed(value)
    if isinstance(value, str):
        number = _decimal_from_text(value)
        return Parsed(number) if number is not None else Parsed(None, "value-unparseable")
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
            return Parsed(number / 100) if number is not None else Parsed(None, "value-unparseable")
        if text.endswith("折"):  # 九折 style "9折" = 10% off; "85折" = 15% off
            number = _decimal_from_text(text[:-1])
            if number is None or number <= 0 or number >= 100:
                return Parsed(None, "value-unparseable")
            fraction = number / (10 if number < 10 else 100)
            return Parsed(1 - fraction)
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


def _serial_to_datetime(serial: float) -> datetime | None:
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


def parse_date(value: object) -> Parsed:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, datetime):
        return Parsed(value.date())
    if isinstance(value, date):
        return Parsed(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        moment = _serial_to_datetime(float(value))
        return Parsed(moment.date()) if moment else Parsed(None, "value-unparseable")
    if isinstance(value, str):
        text = normalise_text(value)
        if re.fullmatch(r"\d+(\.\d+)?", text) and len(text) != 8:
            return parse_date(float(text))
        d, _, problem = _split_date_time(text)
        return Parsed(d) if d else Parsed(None, problem)
    return Parsed(None, "value-unparseable")


_YEAR_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")


def parse_month(value: object) -> Parsed:
    """A month: `2026-03`, `2026/3`, `2026年3月`, or any date in it; kept as the 1st."""
    if isinstance(value, str):
        m = _YEAR_MONTH.fullmatch(normalise_text(value))
        if m and 1 <= int(m[2]) <= 12:
            return Parsed(date(int(m[1]), int(m[2]), 1))
    parsed = parse_date(value)
    return Parsed(parsed.value.replace(day=1)) if isinstance(parsed.value, date) else parsed


def datetime_parser(zone: tzinfo) -> Parser:
    """Date-times are made aware in the configured zone; a bare date means 00:00."""

    def parse(value: object) -> Parsed:
        if value is None or value == "":
            return EMPTY
        if isinstance(value, datetime):
            return Parsed(value if value.tzinfo else value.replace(tzinfo=zone))
        if isinstance(value, date):
            return Parsed(datetime.combine(value, time(), zone))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            moment = _serial_to_datetime(float(value))
            if moment is None:
                return Parsed(None, "value-unparseable")
            return Parsed(moment.replace(microsecond=0, tzinfo=zone))
        if isinstance(value, str):
            text = normalise_text(value)
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
        text = parse_text(value).value
        if text is None:
            return EMPTY
        key = lookup.get(header_token(text))
        return Parsed(key) if key else Parsed(None, "choice-unknown")

    return parse


def parser_for(column: Column, zone: tzinfo) -> Parser:
    kind = column.type
    if kind is ColumnType.CHOICE:
        return choice_parser(column)
    if kind is ColumnType.DATETIME:
        return datetime_parser(zone)
    return {
        ColumnType.TEXT: parse_text,
        ColumnType.ID: parse_id,
        ColumnType.INT: parse_int,
        ColumnType.NUMBER: parse_decimal,
        ColumnType.MONEY: parse_decimal,
        ColumnType.PERCENT: parse_percent,
        ColumnType.DATE: parse_date,
        ColumnType.MONTH: parse_month,
        ColumnType.BOOL: parse_bool,
    }[kind]
