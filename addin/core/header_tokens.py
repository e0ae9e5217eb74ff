"""Header tokens at C speed, for the search of repeated header rows (core/build.py `stacked_blocks`).

`values.header_token` normalises a cell (NFKC, casefold, no spaces or punctuation) with a regex; asked for
every cell of every row of a 100k-row sheet it cost seconds. `header_tokens` gives the same token for every
value, without the regex where the value is ASCII (NFKC leaves ASCII as it is and casefold is lower() there),
and `rows_with_header_texts` finds the rows that can repeat the header column by column (issue 23, item 2).
"""

from __future__ import annotations

from datetime import date, datetime
from operator import itemgetter
from typing import Callable, cast

# What header_token removes from ASCII text (whitespace and the punctuation of its pattern); NFKC leaves ASCII as it is
# and casefold is lower() there, so an ASCII cell's token is one lower() and one translate(): C calls, no regex.
_ASCII_TOKEN_DROP = str.maketrans("", "", "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f ()*-./:\\_")
ASCII_TYPES = frozenset({float, int, bool, date, datetime})  # str() of these is ASCII
_PLAIN_TYPES = ASCII_TYPES | {type(None)}
_TEXT_TYPES = frozenset({str, type(None)})
_TOKEN_MEMO_LIMIT = 100_000


def header_tokens() -> Callable[[object], str]:
    """header_token, the same result for every value, at C speed for ASCII text, numbers and dates, and once per
    distinct non-ASCII text (a column of one rep's name): stacked_blocks asks for it on every cell of every row."""
    from .values import header_token

    memo: dict[str, str] = {}

    def token(value: object) -> str:
        kind = type(value)
        if kind is str:
            text = cast(str, value)
            if text.isascii():
                return text.lower().translate(_ASCII_TOKEN_DROP)
            found = memo.get(text)
            if found is None:
                if len(memo) >= _TOKEN_MEMO_LIMIT:
                    memo.clear()
                found = memo[text] = header_token(text)
            return found
        if kind in ASCII_TYPES:
            return str(value).lower().translate(_ASCII_TOKEN_DROP)
        return header_token(value)

    return token


def rows_with_header_texts(body: list[tuple[int, list[object]]], wanted: list[str], header_token: Callable[[object], str]) -> set[int] | None:
    """The positions of the rows holding at least 4/5 of the `wanted` header tokens, every one non-ASCII: found column
    by column over each column's distinct values, so a sheet's cells are hashed in C and only the few distinct
    non-ASCII texts are tokenised. (Only text that is not ASCII, or a value of an odd type, can carry such a token,
    and no two distinct values of those kinds compare equal: a set of a column's values loses none of them.)"""
    rows = [raw for _row, raw in body]
    width_min = min(map(len, rows), default=0)
    width = max(map(len, rows), default=0)
    wanted_set = set(wanted)
    found: dict[int, set[str]] = {}
    hit_columns: list[tuple[list[object], dict[object, str]]] = []
    for index in range(width):
        column = list(map(itemgetter(index), rows)) if index < width_min else [raw[index] if index < len(raw) else None for raw in rows]
        kinds = set(map(type, column))
        if kinds <= _PLAIN_TYPES:
            continue  # numbers, dates, blanks: their tokens are ASCII
        try:
            distinct = set(column)
        except TypeError:  # a value no set can hold (a live workbook's odd object): the row-by-row test decides
            return None
        if kinds <= _TEXT_TYPES:
            distinct.discard(None)
            if "".join(distinct).isascii():  # type: ignore[arg-type]  # ids, codes: one C pass over the column's texts
                continue
        tokens = {}
        for value in distinct:
            if (type(value) is str and not cast(str, value).isascii()) or (value is not None and type(value) is not str and type(value) not in ASCII_TYPES):
                token = header_token(value)
                if token in wanted_set:
                    tokens[value] = token
        if tokens:
            hit_columns.append((column, tokens))
    # A row's tokens come from its hit columns alone: when even all their tokens together are too few of the
    # header's, no row qualifies (the common case: a column of 联系人 under the header 联系人 is no header row).
    reachable = {token for _column, tokens in hit_columns for token in tokens.values()}
    if sum(1 for token in wanted if token in reachable) * 5 < len(wanted) * 4:
        return set()
    for column, tokens in hit_columns:
        for position, value in enumerate(column):
            if value in tokens and (type(value) is str or type(value) not in ASCII_TYPES):
                found.setdefault(position, set()).add(tokens[value])
    return {position for position, tokens in found.items() if sum(1 for token in wanted if token in tokens) * 5 >= len(wanted) * 4}
