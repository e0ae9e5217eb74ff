"""Issues for sheets salesdesk did not read: a near miss, or a run that recognised nothing.

A near miss names the kind the sheet looks like, the columns that matched
(and the headers they matched) and the required ones missing, and what to
do: map them (`salesdesk map`), add them, or let salesdesk supply them.
"""

from __future__ import annotations

from ..i18n import both, translator
from .issues import Issue
from .recognise import NearMiss


def near_miss_issue(miss: NearMiss, file: str, sheet: str) -> Issue:
    messages = []
    for lang in ("zh", "en"):
        _ = translator(lang)
        matched = _.join(f"{m.header}→{miss.spec.column(m.key).header(lang)}" for m in miss.matches if m.key in {c.key for c in miss.spec.columns})
        missing = _.join(miss.spec.column(k).header(lang) for k in miss.missing)
        if miss.guess:  # everything required is there, but too little matched to be sure (issue 22, item 1)
            messages.append(_(
                "Might be {kind} (matched: {matched}), but too few of its headers match to be sure: not read, and never written. "
                "Confirm it in the mapping (salesdesk map), or use the template's headers",
                kind=miss.spec.title(lang), matched=matched,
            ))
            continue
        messages.append(_(
            "Looks like {kind} (matched: {matched}) but lacks required columns: {missing}. "
            "Map its headers (salesdesk map), or add those columns; it was not read",
            kind=miss.spec.title(lang), matched=matched, missing=missing,
        ))
    return Issue(file=file, sheet=sheet, row=miss.header_index + 1, column=None, code="sheet-near-miss", message_zh=messages[0], message_en=messages[1])


def nothing_recognised_issue(file: str) -> Issue:
    zh, en = both("No sheet was recognised: headers must match the templates or their usual variants (salesdesk schema lists them); salesdesk map proposes a mapping")
    return Issue(file=file, sheet="", row=None, column=None, code="nothing-recognised", message_zh=zh, message_en=en)
