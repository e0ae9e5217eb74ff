"""The ribbon's documents menu: `salesdesk forms KIND` on the row the rep has selected.

A rep selects any cell in the row of an order (订单) or a quote (报价单) and
presses 需求确认单 / 合同 / 验收清单 / 服务报告 / 满意度调研; the document is
written beside the saved workbook, exactly as `salesdesk forms KIND PATH
--order ID` (or `--quote ID`) writes it: the same session and builders
(commands/forms.py), read from the saved files. The competitor comparison
needs no row.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..i18n import translator
from .form_kinds import KINDS, FormRequest

if TYPE_CHECKING:  # the ribbon imports this module for its menu: a click loads only what its button runs
    from ..io.load import Loaded
    from .place import Place


def request_from_row(loaded: Loaded, place: Place) -> FormRequest | None:
    """The order and quote ids of the selected row of this workbook, or None when the selection is on no such row."""
    where = place.selected()
    if where is None:
        return None
    sheet, number = where
    for table in loaded.tables.tables:
        if table.path is None or Path(table.path) != place.path or table.sheet != sheet:
            continue
        row = next((r for r in table.rows if r.row == number), None)
        if row is not None:
            order, quote = getattr(row, "order_id", None), getattr(row, "quote_id", None)
            return FormRequest(order_id=str(order) if order else None, quote_id=str(quote) if quote else None)
    return None


def write_document(kind: str, place: Place, lang: str, as_of: datetime | None = None) -> str:
    """Writes the document of `kind` for the selected row; returns what the rep is told."""
    from .forms import open_session

    _ = translator(lang)
    if not place.path.is_file():
        return _("Save the workbook first: documents are written beside it.")
    if kind == "compare":
        from .compare import compare

        ran = compare([place.path], None, lang, None, False, as_of.date() if as_of else None)
        if ran.sheet is None:
            return _("No competitor comparison written: the workbooks hold no competitors sheet.")
        return _("Document written: {path}", path=ran.sheet) + (_(" (draft: see its reasons)") if ran.issues else "")
    session = open_session([place.path], as_of)
    request = request_from_row(session.loaded, place)
    spec = KINDS[kind]
    if request is None or not any(getattr(request, key) for key in spec.one_of):
        return _("Select a cell in the row of the order or quote the document is for, then press the button again.")
    run = session.run(kind, request)
    if run.sheet is None:
        return _("The document was not written: {reason}", reason="; ".join(i.message(lang) for i in run.issues[:3]) or "-")
    draft = run.document is not None and run.document.draft
    return _("Document written: {path}", path=run.sheet) + (_(" (draft: see its reasons)") if draft else "")


def document_command(kind: str) -> "Callable[[Place, str, datetime | None], str]":
    """The ribbon command of one document kind."""
    def command(place: Place, lang: str, as_of: datetime | None = None) -> str:
        return write_document(kind, place, lang, as_of)

    command.__name__ = f"document_{kind}"
    command.__doc__ = f"`salesdesk forms {kind}` for the selected row."
    return command
