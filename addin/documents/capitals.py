"""An amount in Chinese capitals (人民币大写), the banking convention.

domain.md "Pipeline and approvals", Chinese capitals: ¥154,836.22 ->
人民币壹拾伍万肆仟捌佰叁拾陆元贰角贰分; ¥10.00 -> 人民币壹拾元整; ¥0.05 ->
人民币伍分; ¥1,000,001.10 -> 人民币壹佰万零壹元壹角; ¥100,000.00 ->
人民币壹拾万元整. Rules applied: the amount is rounded half-up to 0.01;
groups of four digits (元, 万, 亿, 万亿); zeros inside the integer part are
read once as 零 (also across a group boundary), trailing zeros of a group
are not read; 壹拾 keeps its 壹; 整 ends an amount without 角 and 分; a
zero 角 before a 分 is read as 零 (¥1.05 -> 壹元零伍分); no 元 when the
integer part is 0.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿", "万亿")
PREFIX = "人民币"


def _group(number: int) -> str:
    """0 < number < 10000, with 零 for inner zeros, none at the end."""
    text, zero = "", False
    for power in range(3, -1, -1):
        digit = number // 10**power % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += DIGITS[0]
            zero = False
        text += DIGITS[digit] + PLACES[power]
    return text


def _integer(number: int) -> str:
    if number >= 10**16:
        raise ValueError("amount too large for Chinese capitals (10^16 or more)")
    groups = []
    while number:
        groups.append(number % 10000)
        number //= 10000
    text = ""
    gap = False  # a zero between the last group read and this one
    for index in range(len(groups) - 1, -1, -1):
        value = groups[index]
        if value == 0:
            gap = bool(text)
            continue
        if text and (gap or value < 1000):
            text += DIGITS[0]
        text += _group(value) + GROUPS[index]
        gap = False
    return text


def capitals(amount: Decimal, prefix: str = PREFIX) -> str:
    """`amount` (CNY, >= 0) in capitals, e.g. 人民币壹拾元整. Raises ValueError for a negative amount or one of 10^16 or more."""
    cents = int(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)
    if cents < 0:
        raise ValueError("a negative amount has no Chinese capitals")
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    if cents == 0:
        return f"{prefix}零元整"
    text = _integer(yuan) + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        return f"{prefix}{text}整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif yuan:
        text += DIGITS[0]  # ¥1.05: 壹元零伍分
    if fen:
        text += DIGITS[fen] + "分"
    return prefix + text
