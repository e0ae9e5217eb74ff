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

from ..io.package import FileRefused

LOG_NAME = "salesdesk.log"
_logger = logging.getLogger("salesdesk.excel")

# Every user-facing text of the Excel side, as zh/en pairs (later: gettext catalogues).
TEXT = {
    "working": ("销售助手：正在运行「{label}」…", "salesdesk: running \"{label}\"..."),
    "reading": ("销售助手：正在读取工作表…", "salesdesk: reading the sheets..."),
    "writing": ("销售助手：正在写回结果…", "salesdesk: writing the results..."),
    "nothing": (
        "这个工作簿里没有 salesdesk 能识别的工作表。\n请确认表头与模板一致（可运行 salesdesk templates 生成模板，或把模板中的工作表复制进来），再按一次按钮。",
        "salesdesk recognises no sheet in this workbook.\nHeaders must match the templates (salesdesk templates writes them; or copy a sheet from a template), then press the button again.",
    ),
    "failed": (
        "「{label}」没有完成：{reason}\n工作簿没有被修改。详细信息已记录在：\n{log}",
        "\"{label}\" did not finish: {reason}\nThe workbook was not changed. Details are in:\n{log}",
    ),
    "unexpected": ("程序内部错误", "an internal error"),
    "no_book": ("请先打开要处理的工作簿，再按按钮。", "Open the workbook to work on first, then press the button."),
    "no_settings": (
        "这个工作簿里没有「设置」工作表。可从 salesdesk templates 生成的模板中复制「设置」表进来，修改其中的值即可生效。",
        "This workbook has no Settings sheet. Copy the Settings sheet from a template (salesdesk templates writes them) and edit its values.",
    ),
    "settings_opened": ("已打开「{sheet}」：修改「值」列，再按其他按钮即可生效。", "Opened \"{sheet}\": edit the Value column; the other buttons use it at once."),
    "help_head": ("销售助手 salesdesk：按钮说明", "salesdesk buttons"),
    "help_log": ("运行记录：{log}", "Log file: {log}"),
}


def text(key: str, lang: str, **values: object) -> str:
    zh, en = TEXT[key]
    return (zh if lang == "zh" else en).format(**values)


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
