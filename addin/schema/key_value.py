"""Key/value sheets: one named setting per row, typed by the schema.

Settings and the policy's scalar rules are lists of `Setting`; the sheet
spec, its template rows and the typed reading all come from that list.
"""

from __future__ import annotations

from .dsl import T, col
from .types import Setting, SheetSpec

__all__ = ["Setting", "key_value_sheet"]


def key_value_sheet(
    key: str, zh: str, en: str, settings: tuple[Setting, ...], *, key_column: str, key_header: tuple[str, str], help: tuple[str, str]
) -> SheetSpec:
    """`key_column` differs per sheet ("setting", "rule") so that each sheet is
    recognised by its own headers, in either language."""
    return SheetSpec(
        key=key,
        zh=zh,
        en=en,
        settings=settings,
        id_column=key_column,
        help_zh=help[0],
        help_en=help[1],
        columns=(
            col(key_column, key_header[0], key_header[1], T.ID, req=True, width=26, help=("程序读取的键，勿改", "Key read by salesdesk; do not rename")),
            col("label", "说明", "Label", width=48),
            col("value", "值", "Value", req=True, width=26),
        ),
        defaults=tuple({key_column: s.key, "label": f"{s.zh} / {s.en}", "value": s.default} for s in settings),
    )
