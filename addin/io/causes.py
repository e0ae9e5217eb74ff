"""Why a file could not be read, in the reader's language.

A library's exception text is English and written for programmers
("Bad CRC-32 for file 'xl/styles.xml'", "not well-formed (invalid token):
line 2, column 7"). A rep needs the cause in their own language with the
data that locates it (a part name, a line and column); the exception's
type name is kept as a code for whoever supports them.
"""

from __future__ import annotations

import errno
import zipfile
import zlib
from xml.parsers.expat import ExpatError

from ..i18n import Translator, both_with


def cause(_: Translator, exc: BaseException) -> str:
    """One sentence naming what went wrong with the file, for `exc` raised while reading it."""
    if isinstance(exc, zipfile.BadZipFile):
        text = _("its ZIP package is damaged, or it is not one (every .xlsx is a ZIP package)")
    elif isinstance(exc, (zlib.error, EOFError)):
        text = _("its compressed data is damaged or cut short")
    elif isinstance(exc, ExpatError):
        text = _("its XML is damaged at line {line}, column {column}", line=exc.lineno, column=exc.offset + 1)
    elif isinstance(exc, SyntaxError) and getattr(exc, "position", None):  # ElementTree's ParseError
        line, column = exc.position  # type: ignore[attr-defined]
        text = _("its XML is damaged at line {line}, column {column}", line=line, column=column + 1)
    elif isinstance(exc, KeyError) and exc.args:
        text = _("a part it refers to is missing: {name}", name=exc.args[0])
    elif isinstance(exc, NotImplementedError):
        text = _("it uses a compression method salesdesk cannot read")
    elif isinstance(exc, OSError) and exc.errno:
        text = _("the system could not read it ({code})", code=errno.errorcode.get(exc.errno, exc.errno))
    else:
        text = _("the reader could not make sense of it")
    return f"{text} [{type(exc).__name__}]"


def causes(exc: BaseException) -> tuple[str, str]:
    """(zh, en) of `cause`, for data that carries both languages."""
    return both_with(lambda _: cause(_, exc))


def because(message: str, exc: BaseException, **fields: object) -> tuple[str, str]:
    """(zh, en) of `message` (marked with `N_`) with its `{cause}` field filled from `exc` in each language."""
    return both_with(lambda _: _(message, cause=cause(_, exc), **fields))
