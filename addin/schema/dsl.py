"""Terse constructors so the sheet definitions read like the data dictionary."""

from __future__ import annotations

from .types import Choice, Column, ColumnType

T = ColumnType


def choices(*triples: tuple[str, str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(k, zh, en) for k, zh, en in triples)


def col(
    key: str,
    zh: str,
    en: str,
    type: ColumnType = T.TEXT,
    *,
    req: bool = False,
    calc: bool = False,
    opts: tuple[Choice, ...] = (),
    lo: float | None = None,
    hi: float | None = None,
    help: tuple[str, str] = ("", ""),
    width: int | None = None,
    ref: str | None = None,
    aka: tuple[str, ...] = (),
    read_back: bool = False,
) -> Column:
    if opts and type is T.TEXT:
        type = T.CHOICE
    default_width = {T.DATE: 13, T.DATETIME: 18, T.MONEY: 14, T.PERCENT: 10, T.INT: 8}.get(type, 14)
    return Column(
        key=key,
        zh=zh,
        en=en,
        type=type,
        required=req,
        computed=calc,
        choices=opts,
        min_value=lo,
        max_value=hi,
        help_zh=help[0],
        help_en=help[1],
        width=width or max(default_width, len(en) + 2, 2 * len(zh) + 2),
        ref=ref,
        aliases=aka,
        read_back=read_back,
    )


def short_choices(*rows: tuple[str, str, str]) -> tuple[Choice, ...]:
    """Choices shown by their key (A / B / C), the meaning in the dropdown's input message; "A 高需求高采购" still reads as A."""
    return tuple(Choice(k, k, k, zh, en, (f"{k} {zh}", f"{k} {en}")) for k, zh, en in rows)


TIERS = short_choices(("A", "高需求高采购", "high demand & capacity"), ("B", "潜力型", "potential"), ("C", "观望型", "wait-and-see"))
CHANNELS = choices(
    ("referral", "老客转介绍", "referral"),
    ("offline", "线下", "offline"),
    ("online", "线上", "online"),
    ("other", "其他", "other"),
)
APPROVALS = choices(("rep", "销售代表", "rep"), ("manager", "销售经理", "sales manager"), ("director", "销售总监", "director"))
YES_NO = T.BOOL

# The column salesdesk adds to the right of a checked sheet: one line per row
# with its issues. Recognised by its header on re-runs, so annotations never pile up.
STATUS_COLUMN = col("salesdesk_status", "salesdesk 检查结果", "salesdesk check", width=40)
