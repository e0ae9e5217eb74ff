"""Values as people type them: accepted when unambiguous, flagged otherwise."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from addin.core.values import (
    choice_parser,
    datetime_parser,
    money,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_percent,
)
from addin.schema.customers import CUSTOMERS

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("2026/3/5", date(2026, 3, 5)),
        ("2026-03-05", date(2026, 3, 5)),
        ("2026.3.5", date(2026, 3, 5)),
        ("2026年3月5日", date(2026, 3, 5)),
        ("２０２６年３月５日", date(2026, 3, 5)),
        ("20260305", date(2026, 3, 5)),
        ("25/3/2026", date(2026, 3, 25)),  # only one reading: day 25
        (46086.0, date(2026, 3, 5)),  # Excel serial
        ("46086", date(2026, 3, 5)),
        (datetime(2026, 3, 5, 14, 0), date(2026, 3, 5)),
        ("2026-03-05 14:30", date(2026, 3, 5)),
    ],
)
def test_dates_people_type(typed, expected):
    assert parse_date(typed).value == expected
    assert parse_date(typed).code is None


@pytest.mark.parametrize(
    "typed, code",
    [("3/5/2026", "date-ambiguous"), ("3/5/26", "date-ambiguous"), ("2026-02-30", "value-unparseable"), ("next week", "value-unparseable"), ("2026-03-05 25:00", "value-unparseable")],
)
def test_dates_flagged_never_guessed(typed, code):
    parsed = parse_date(typed)
    assert (parsed.value, parsed.code) == (None, code)


def test_datetimes_are_aware_in_the_configured_zone():
    parse = datetime_parser(SHANGHAI)
    assert parse("2026/3/5 下午2:30").value == datetime(2026, 3, 5, 14, 30, tzinfo=SHANGHAI)
    assert parse(datetime(2026, 3, 5, 9, 0)).value.tzinfo is SHANGHAI
    assert parse(date(2026, 3, 5)).value == datetime(2026, 3, 5, 0, 0, tzinfo=SHANGHAI)
    assert parse("2026-03-05T08:15:30").value == datetime(2026, 3, 5, 8, 15, 30, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    "typed, expected",
    [("1,200", Decimal("1200")), ("¥1,200.00", Decimal("1200.00")), ("￥1,200.00", Decimal("1200.00")), ("1200元", Decimal("1200")),
     ("１２００", Decimal("1200")), (1200.1, Decimal("1200.1")), ("1.5万", Decimal("15000.0")), ("RMB 99.9", Decimal("99.9"))],
)
def test_amounts(typed, expected):
    assert parse_decimal(typed).value == expected


def test_amount_with_a_letter_is_flagged():
    assert parse_decimal("¥12,O00").code == "value-unparseable"


@pytest.mark.parametrize(
    "typed, expected, code",
    [("15%", Decimal("0.15"), None), ("１５％", Decimal("0.15"), None), (0.15, Decimal("0.15"), None), ("0.15", Decimal("0.15"), None),
     (15, Decimal("0.15"), "percent-points"), ("9折", Decimal("0.1"), None), ("85折", Decimal("0.15"), None), (1, Decimal("1"), None)],
)
def test_percentages(typed, expected, code):
    parsed = parse_percent(typed)
    assert (parsed.value, parsed.code) == (expected, code)


def test_whole_numbers_and_booleans():
    assert parse_int("12台").value == 12
    assert parse_int(3.0).value == 3
    assert parse_int("2.5").code == "value-unparseable"
    assert [parse_bool(v).value for v in ("是", "否", "Yes", "n", True, 1.0)] == [True, False, True, False, True, True]
    assert parse_bool("maybe").code == "value-unparseable"


def test_choices_by_key_or_either_label():
    parse = choice_parser(CUSTOMERS.column("channel"))
    assert [parse(v).value for v in ("referral", "老客转介绍", "Referral", " 线上 ", "ONLINE")] == ["referral", "referral", "referral", "online", "online"]
    assert parse("传真").code == "choice-unknown"


def test_money_rounds_half_up_not_to_even():
    assert money(Decimal("0.125")) == Decimal("0.13")  # banker's rounding would give 0.12
    assert money(Decimal("2.675")) == Decimal("2.68")


@pytest.mark.parametrize("typed", ["2026-03", "2026/3", "2026年3月", "２０２６年３月", "2026-03-17", date(2026, 3, 31), 46086.0])
def test_months_as_people_type_them(typed):
    from addin.core.values import parse_month

    assert parse_month(typed).value == date(2026, 3, 1)


def test_a_month_alone_is_not_a_date():
    assert parse_date("2026-03").code == "value-unparseable"
