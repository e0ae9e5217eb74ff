"""Which parser reads a column: the schema's column type, the settings' zone and the workbook's date system.

The parsers themselves are in `values.py`; this module only chooses among them.
"""

from __future__ import annotations

from datetime import tzinfo

from ..schema.types import Column, ColumnType
from .stamps import iso_moment
from .values import (
    Parsed,
    Parser,
    choice_parser,
    date_parser,
    datetime_parser,
    normalise_text,
    parse_bool,
    parse_decimal,
    parse_id,
    parse_int,
    parse_month,
    parse_percent,
    parse_text,
)


def _zoned_date_parser(zone: tzinfo, date1904: bool) -> Parser:
    """A date column's parser: a time stamp with its zone (a CRM's 2025-07-24T20:00:00Z) is the date it was where the
    rep is (the settings' zone: 07-25 in Shanghai), as the datetime columns read it; anything else as parse_date."""
    base = date_parser(date1904)

    def parse(value: object) -> Parsed:
        if isinstance(value, str):
            moment = iso_moment(normalise_text(value))
            if moment is not None:
                return Parsed(moment.astimezone(zone).date())
        return base(value)

    return parse


def parser_for(column: Column, zone: tzinfo, date1904: bool = False) -> Parser:
    """The parser of a column; `date1904` reads serial numbers in the Mac date system of the workbook."""
    kind = column.type
    if kind is ColumnType.CHOICE:
        return choice_parser(column)
    if kind is ColumnType.DATETIME:
        return datetime_parser(zone, date1904)
    if kind is ColumnType.DATE:
        return _zoned_date_parser(zone, date1904)
    if kind is ColumnType.MONTH:
        return (lambda value: parse_month(value, True)) if date1904 else parse_month
    return {
        ColumnType.TEXT: parse_text,
        ColumnType.ID: parse_id,
        ColumnType.INT: parse_int,
        ColumnType.NUMBER: parse_decimal,
        ColumnType.MONEY: parse_decimal,
        ColumnType.PERCENT: parse_percent,
        ColumnType.BOOL: parse_bool,
    }[kind]
