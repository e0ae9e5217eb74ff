"""Dates as exports hold them (issue 22, item 4): ISO 8601 time stamps with a zone, and Excel's empty-date markers.

Pure helpers for the parsers in core/values.py: `iso_moment` reads
`2025-07-24T01:23:22.623Z` or `2025-07-24T09:23:22+08:00` as an aware
datetime; `empty_date_marker` says a cell holds what Excel shows for an
empty date ("1900-01-00", 1900-01-01, serial 0 or 1), which the parsers
report as `date-empty-marker` (domain.md, Plausible values), never a date.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time

# ISO 8601 as every CRM export writes it: 2025-07-24T01:23:22.623Z, 2025-07-24T09:23:22+08:00, and the
# warehouse form Salesforce and BigQuery exports write, 2023-09-06 15:23:12.000000 UTC.
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}| ?UTC| ?GMT)", re.IGNORECASE)
# What Excel shows for an empty date cell formatted as a date (serial 0 and 1): a marker, never a date.
_EMPTY_DATE_TEXT = re.compile(r"1900\s*[-/.年]\s*0?1\s*[-/.月]\s*0?[01]\s*日?(\s+0{1,2}:00(:00)?)?")
EMPTY_DATE_MARKER = "date-empty-marker"


def iso_moment(text: str) -> datetime | None:
    """An ISO 8601 time stamp with a zone (Z or an offset) as an aware datetime; None for any other text."""
    if not _ISO.fullmatch(text):
        return None
    stamp = re.sub(r"(?i)\s?(?:z|utc|gmt)$", "+00:00", text.replace(" ", "T", 1))
    stamp = re.sub(r"(\.\d{6})\d+", r"\1", stamp)  # fromisoformat keeps microseconds at most
    stamp = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", stamp)
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return None


def empty_date_marker(value: object, date1904: bool) -> bool:
    """Excel's "1900-01-00" (serial 0) and 1900-01-01 (serial 1): an empty date cell, flagged (domain.md, values)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return not date1904 and value in (0, 1)
    if isinstance(value, datetime):
        return value.date() == date(1900, 1, 1) and value.time() == time()
    if isinstance(value, date):
        return value == date(1900, 1, 1)
    return isinstance(value, str) and bool(_EMPTY_DATE_TEXT.fullmatch(unicodedata.normalize("NFKC", value).strip()))
