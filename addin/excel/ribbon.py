"""The ribbon: buttons generated from the command registry, one entry point for all of them.

The registry (addin/commands/registry.py: id, zh/en label and tooltip, imageMso, the
command) is the one list of what a rep can press; each command runs the same function
as the CLI on the workbook open in Excel (a LiveBook: source of the grids, sink of the
patch). The VBA callback (addin/excel/macros/salesdesk.bas) passes the button's tag to `run`; the
ribbon XML in the add-in (and addin/excel/macros/ribbon.xml, kept in step by a test) is generated
from BUTTONS (and the DOCUMENTS menu), so a button added there needs no VBA edit:
`salesdesk addin build` puts it on the 销售助手 tab.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from ..commands.registry import BUTTONS, DOCUMENTS, Button, Command, NothingRecognised
from ..i18n import both, known_language, pick
from . import feedback
from .install import saved_language
from .live_book import ADDIN_NAME, CloudPathUnresolved, LiveBook

CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"  # the Office 2007 part customUI/customUI.xml
CALLBACK = "SalesdeskButton"  # the one VBA Sub every button calls (addin/excel/macros/salesdesk.bas)
__all__ = ["BUTTONS", "DOCUMENTS", "Button", "Command", "NothingRecognised", "NoWorkbook", "ribbon_xml", "run", "target_book"]


class NoWorkbook(Exception):
    """A button pressed with no workbook open (only the add-in itself)."""

    def __init__(self, addin: Any) -> None:
        super().__init__()
        self.addin = addin


def target_book(caller: Any) -> Any:
    """The rep's workbook. RunPython called from an add-in makes `Book.caller()` the
    add-in itself (xlwings.bas passes ThisWorkbook): the rep's book is the active one."""
    if str(caller.name).lower() != ADDIN_NAME:
        return caller
    active = caller.app.books.active
    if active is None or str(active.name).lower() == ADDIN_NAME:
        raise NoWorkbook(caller)
    return active


def run(button_id: str, book: Any = None, lang: str | None = None, as_of: datetime | None = None) -> str:
    """Entry point of every ribbon button (called through xlwings' RunPython).

    Whatever happens, the rep gets one message box in their language; a
    failure's details go to the log file, never a traceback on screen."""
    lang = known_language(lang) or known_language(os.environ.get("SALESDESK_LANG")) or known_language(saved_language()) or "zh"
    log = feedback.logger()
    button = next((b for b in (*BUTTONS, *DOCUMENTS) if b.id == button_id), None)
    label = button.label(lang) if button else button_id
    critical = False
    try:
        if book is None:
            import xlwings  # only inside Excel

            book = target_book(xlwings.Book.caller())
        if button is None:
            raise KeyError(f"no button {button_id!r} in the registry: rebuild the add-in (salesdesk addin build)")
        feedback.status(book, feedback.text("working", lang, label=label))
        log.info("%s on %s", button_id, getattr(book, "name", "?"))  # its full name may be a OneDrive address xlwings cannot map
        clock = {"as_of": as_of} if as_of else {}  # None: the commands read the clock themselves (tests pin it)
        message = button.command(LiveBook(book, lang), lang, **clock)  # the workbook is the command's source and its sink
    except NothingRecognised:
        message = feedback.text("nothing", lang)
    except NoWorkbook as exc:
        book, message = exc.addin, feedback.text("no_book", lang)
    except CloudPathUnresolved as exc:
        log.warning("%s: no local folder for %s", button_id, exc.address)
        message = feedback.text("cloud", lang, address=exc.address)
    except Exception as exc:  # noqa: BLE001 - the top of a button: logged in full, shown to the rep in words
        log.exception("%s failed", button_id)
        message, critical = feedback.failure_message(exc, label, lang), True
    finally:
        if book is not None:
            feedback.status(book, False)
    if book is not None:
        feedback.show(book, message, critical)
    return message


def quoteattr(text: str) -> str:
    """An XML attribute value with its quotes, as xml.sax.saxutils.quoteattr writes it (that module would import
    urllib and http.client on every click)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    return f"'{text}'" if "'" not in text else '"' + text.replace('"', "&quot;") + '"'


def _button_xml(b: Button, lang: str, indent: str, large: bool = True) -> str:
    size = ' size="large"' if large else ""
    return (f"{indent}<button id={quoteattr(b.id)} tag={quoteattr(b.id)} label={quoteattr(b.label(lang))} "
            f'screentip={quoteattr(b.label(lang))} supertip={quoteattr(b.tip(lang))} '
            f'imageMso={quoteattr(b.image)}{size} onAction="{CALLBACK}"/>')


def ribbon_xml(lang: str = "zh") -> str:
    items = [_button_xml(b, lang, "          ") for b in BUTTONS]
    if DOCUMENTS:  # the documents menu: one large menu button, its entries below it
        label = quoteattr(pick(both("Documents"), lang))
        items.append(f'          <menu id="salesdesk_documents" label={label} imageMso="FileNew" size="large" itemSize="normal">')
        items += [_button_xml(b, lang, "            ", large=False) for b in DOCUMENTS]
        items.append("          </menu>")
    buttons = "\n".join(items)
    return (
        f'<customUI xmlns="{CUSTOMUI_NS}">\n'
        "  <ribbon>\n    <tabs>\n"
        '      <tab id="salesdesk_tab" label="销售助手 salesdesk">\n'
        '        <group id="salesdesk_group" label="salesdesk">\n'
        f"{buttons}\n"
        "        </group>\n      </tab>\n    </tabs>\n  </ribbon>\n</customUI>\n"
    )


if __name__ == "__main__":
    print(ribbon_xml(), end="")
