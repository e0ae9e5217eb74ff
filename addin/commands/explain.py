"""`check --explain`: which header matched which column, and why (core/recognise.py records it)."""

from __future__ import annotations

from ..core.recognise import Match, NearMiss, Recognised
from ..i18n import translator


def _by(match: Match, lang: str) -> str:
    _ = translator(lang)
    how = {"key": _("column key"), "header_zh": _("Chinese header"), "header_en": _("English header"), "alias": _("alias")}.get(match.by, match.by)
    return _("{how}, unit ignored", how=how) if match.unit_ignored else how


def sheets_json(sheets: list[tuple[str, str, Recognised | NearMiss]], lang: str) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for file, sheet, found in sheets:
        near = isinstance(found, NearMiss)
        out.append({
            "file": file,
            "sheet": sheet,
            "kind": found.spec.key,
            "recognised": not near,
            "header_row": found.header_index + 1,
            "columns": [{"header": m.header, "key": m.key, "by": m.by, "unit_ignored": m.unit_ignored, "explained": _by(m, lang)} for m in found.matches],
            "missing": list(found.missing if isinstance(found, NearMiss) else found.missing_required),
            "supplied": [] if isinstance(found, NearMiss) else list(found.to_supply),
            # full: by its headers alone; mapping: confirmed in the mapping; guess: not read (issue 22)
            "confidence": ("guess" if found.guess else "partial") if isinstance(found, NearMiss) else found.confidence,
        })
    return out


def explain_lines(sheets: list[tuple[str, str, Recognised | NearMiss]], lang: str) -> list[str]:
    _ = translator(lang)
    lines: list[str] = []
    for file, sheet, found in sheets:
        title = found.spec.title(lang)
        if isinstance(found, NearMiss):
            lines.append(_("{file} / {sheet}: nearly {kind} (header row {row}), not read", file=file, sheet=sheet, kind=title, row=found.header_index + 1))
        else:
            lines.append(_("{file} / {sheet}: {kind} (header row {row})", file=file, sheet=sheet, kind=title, row=found.header_index + 1))
        for m in found.matches:
            lines.append(f"  {m.header} → {m.key} ({_by(m, lang)})")
        supplied = () if isinstance(found, NearMiss) else found.to_supply
        for key in supplied:
            lines.append("  " + _("{column}: supplied by salesdesk", column=key))
    return lines
