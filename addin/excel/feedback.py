"""What the rep sees when a button runs: progress in the status bar, one message box,
and, when something fails, a plain message in their language while the details
go to a rotating log file in the user's data folder (never a raw traceback).
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

from platformdirs import user_log_dir

from ..i18n import N_, translator
from ..io.package import FileRefused

LOG_NAME = "salesdesk.log"
_logger = logging.getLogger("salesdesk.excel")

# Every user-facing text of the Excel side: msgids, translated in the run's language by text().
TEXT = {
    "working": N_("salesdesk: running \"{label}\"..."),
    "reading": N_("salesdesk: reading the sheets..."),
    "writing": N_("salesdesk: writing the results..."),
    "nothing": N_("salesdesk recognises no sheet in this workbook.\nHeaders must match the templates (salesdesk templates writes them; or copy a sheet from a template), then press the button again."),
    "failed": N_("\"{label}\" did not finish: {reason}\nThe workbook was not changed. Details are in:\n{log}"),
    "unexpected": N_("an internal error"),
    "no_book": N_("Open the workbook to work on first, then press the button."),
    "no_settings": N_("This workbook has no Settings sheet. Copy the Settings sheet from a template (salesdesk templates writes them) and edit its values."),
    "settings_opened": N_("Opened \"{sheet}\": edit the Value column; the other buttons use it at once."),
    "cloud": N_("This workbook is saved in OneDrive or SharePoint and its folder on this PC was not found:\n{address}\n"
                "Without it the workbooks beside it and the documents folder cannot be read. Let OneDrive sync the folder to this PC "
                "(or open the workbook from that folder in File Explorer / Finder), run salesdesk addin install again "
                "(it records the OneDrive folders it finds), then press the button again."),
    "help_head": N_("salesdesk buttons"),
    "help_log": N_("Log file: {log}"),
}


def text(key: str, lang: str, **values: object) -> str:
    return translator(lang)(TEXT[key], **values)


def log_path() -> Path:
    return Path(user_log_dir("salesdesk", appauthor=False)) / LOG_NAME


def logger() -> logging.Logger:
    """Rotating: at most 4 files of 1 MB each, whatever happens."""
    path = log_path()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in _logger.handlers):
        for old in list(_logger.handlers):
            _logger.removeHandler(old)
            old.close()
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        _logger.addHandler(handler)
        _logger.setLevel(logging.INFO)
        _logger.propagate = False
    return _logger


def failure_message(exc: BaseException, label: str, lang: str) -> str:
    """A refusal already carries its reason in both languages; anything else is ours to own up to."""
    if isinstance(exc, FileRefused):
        reason = exc.message(lang)
    else:
        reason = text("unexpected", lang) + f" ({type(exc).__name__})"
    return text("failed", lang, label=label, reason=reason, log=log_path())


def status(book: Any, message: str | bool) -> None:
    """The status bar (False hands it back to Excel)."""
    app = getattr(book, "app", None)
    if app is not None:
        app.status_bar = message


def show(book: Any, message: str, critical: bool = False) -> None:
    app = getattr(book, "app", None)
    if app is not None:
        app.alert(message, title="销售助手 salesdesk", mode="critical" if critical else "info")
