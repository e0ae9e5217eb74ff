"""Reading back a filled satisfaction survey (满意度调研; the form `salesdesk forms survey` makes).

Pure: the form's grid (rows of cell values) in, the answers out. The form (documents/handover.py) has
a facts block with the order ID, a grid of questions with five boxes "□ 1" ... "□ 5", and one line per
suggestion category "N. □ 产品类: ____". A box counts as ticked when its cell no longer starts with
the empty box □ (☑ 4, ■ 4, √, x, or the score typed alone); a suggestion counts when the text after
the colon is more than underscores. Two ticked boxes in one line are ambiguous: that line has no score
(never guessed) and is listed in `doubtful`.

The answers become feedback-log rows (tickets, kind suggestion, source survey), as the form itself
states: one row with the overall score in `satisfaction` and every line's score in the description,
then one row per suggestion with its category.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..i18n import translator
from ..schema.catalog import sheet_spec

BOX = "□"
ORDER_LABEL = "Order no."  # the facts label the form prints (documents/handover.py), in either language
SCORE_HEAD = ("1", "2", "3", "4", "5")


@dataclass
class SurveyAnswers:
    order_id: str | None
    scores: list[tuple[str, int | None]] = field(default_factory=list)  # (question as printed, score 1-5 or None)
    suggestions: list[tuple[str, str]] = field(default_factory=list)  # (category key, text)
    doubtful: list[str] = field(default_factory=list)  # questions with more than one box ticked

    @property
    def overall(self) -> int | None:
        return self.scores[0][1] if self.scores else None

    @property
    def filled(self) -> bool:
        return any(s is not None for _, s in self.scores) or bool(self.suggestions)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _ticked(cell: object, score: int) -> bool:
    text = _text(cell)
    if not text or text.startswith(BOX):
        return False
    return True if text == str(score) or not text.isdigit() else False


def read_survey(rows: list[list[object]]) -> SurveyAnswers:
    labels_of_order = {translator(lang)(ORDER_LABEL) for lang in ("zh", "en")} | {"订单编号", "Order ID"}
    order_id = None
    for row in rows:
        cells = [_text(c) for c in row]
        for i, cell in enumerate(cells):
            if cell in labels_of_order:
                order_id = next((c for c in cells[i + 1:] if c), None)
                break
        if order_id:
            break
    answers = SurveyAnswers(order_id)
    header = next((i for i, row in enumerate(rows) if [c for c in map(_text, row) if c][-5:] == list(SCORE_HEAD)), None)
    if header is not None:
        head = [_text(c) for c in rows[header]]
        columns = [head.index(s) for s in SCORE_HEAD]
        for row in rows[header + 1:]:
            question = _text(row[0]) if row else ""
            boxes = [row[c] if c < len(row) else None for c in columns]
            if not question or not any(BOX in _text(b) or _text(b) for b in boxes):
                break
            ticked = [n for n, b in enumerate(boxes, 1) if _ticked(b, n)]
            if len(ticked) > 1:
                answers.doubtful.append(question)
            answers.scores.append((question, ticked[0] if len(ticked) == 1 else None))
    category = sheet_spec("tickets").column("category")
    labels = {label: c.key for c in category.choices for label in (c.zh, c.en)}
    for row in rows:
        line = _text(row[0]) if row else ""
        found = re.match(r"^\d+\.\s*\S\s*([^:：]+)[:：]\s*(.*)$", line)
        if not found or found.group(1).strip() not in labels:
            continue
        beside = " ".join(t for t in map(_text, row[1:]) if t)  # written in a cell beside the line
        said = " ".join(t for t in (found.group(2).strip().strip("_").strip(), beside) if t)
        if said:
            answers.suggestions.append((labels[found.group(1).strip()], said))
    return answers
