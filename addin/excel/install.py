"""`salesdesk addin build | install | status`: the add-in file and where Excel finds it.

Windows and macOS: the .xlam goes into Excel's start-up folder (XLSTART), so
Excel loads it on every start; xlwings' user configuration file tells its
RunPython which interpreter to start (this environment's, where salesdesk is
installed). Linux has no Excel: build works, install and status say so.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..i18n import N_, translator
from ..io.safe_write import save_new_bytes
from .xlam.package import Sources, default_sources, xlam_bytes, xlwings_dir
from .xlam.verify import check_package

ADDIN_FILE = "salesdesk.xlam"
LANGUAGE_FILE = "excel.json"  # where platformdirs' user_config_dir("salesdesk") is on Windows and macOS
MAC_OFFICE = "Library/Group Containers/UBF8T346G9.Office/User Content.localized/Startup.localized/Excel"
MAC_XLWINGS_CONF = "Library/Containers/com.microsoft.Excel/Data/xlwings.conf"


class ExcelUnavailable(Exception):
    def __init__(self, system: str) -> None:
        super().__init__(system)
        self.system = system

    def message(self, lang: str) -> str:
        return translator(lang)(N_("Excel is not available on this computer ({system}): salesdesk addin build works here, install on a Windows or Mac PC with Excel."), system=self.system)


def build(out_dir: Path, lang: str = "zh", sources: Sources | None = None) -> Path:
    """Builds, checks independently (olevba, olefile, ribbon callbacks), then writes."""
    sources = sources or default_sources(lang)
    data = xlam_bytes(sources)
    check_package(data, sources)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / ADDIN_FILE
    save_new_bytes(data, target, backups_kept=0, owned=is_salesdesk_addin)
    return target


def is_salesdesk_addin(data: bytes) -> bool:
    """An add-in salesdesk built (its ribbon names salesdesk's buttons): the only .xlam `build` and `install` replace."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            ribbon = next((n for n in ("customUI/customUI.xml", "customUI/customUI14.xml") if n in names), None)
            return ribbon is not None and b'id="salesdesk' in archive.read(ribbon)
    except (zipfile.BadZipFile, OSError, EOFError, KeyError):
        return False


@dataclass(frozen=True)
class Places:
    system: str
    addin: Path  # the .xlam in Excel's start-up folder
    xlwings_conf: Path  # xlwings' user configuration (RunPython reads it)
    interpreter_key: str
    language_file: Path  # salesdesk's own: the rep's language for messages in Excel
    applescript_dir: Path | None = None  # macOS: RunPython needs xlwings' AppleScript there (`xlwings runpython install`)


def places(system: str | None = None, home: Path | None = None, env: dict[str, str] | None = None) -> Places:
    system = system or platform.system()
    home = home or Path.home()
    env = dict(os.environ) if env is None else env
    if system == "Windows":
        appdata = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
        profile = Path(env.get("USERPROFILE") or home)
        local = Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return Places(system, appdata / "Microsoft" / "Excel" / "XLSTART" / ADDIN_FILE, profile / ".xlwings" / "xlwings.conf", "INTERPRETER_WIN",
                      local / "salesdesk" / LANGUAGE_FILE)
    if system == "Darwin":
        return Places(system, home / MAC_OFFICE / ADDIN_FILE, home / MAC_XLWINGS_CONF, "INTERPRETER_MAC",
                      home / "Library" / "Application Support" / "salesdesk" / LANGUAGE_FILE, home / "Library/Application Scripts/com.microsoft.Excel")
    raise ExcelUnavailable(system)


def _conf_lines(path: Path) -> dict[str, str]:
    """xlwings.conf: one `"KEY","VALUE"` per line."""
    values: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith('"') and '","' in line:
                key, value = line.strip()[1:-1].split('","', 1)
                values[key] = value
    return values


def applescript() -> Path:
    import xlwings

    return xlwings_dir() / f"xlwings-{xlwings.__version__}.applescript"


def default_interpreter() -> Path:
    """This environment's Python; on Windows its pythonw.exe, so no console window flashes up."""
    exe = Path(sys.executable)
    windowless = exe.with_name("pythonw.exe")
    return windowless if exe.name.lower() == "python.exe" and windowless.exists() else exe


def wanted_config(where: Places, interpreter: Path) -> dict[str, str]:
    return {where.interpreter_key: str(interpreter)}


def install(lang: str = "zh", system: str | None = None, home: Path | None = None, env: dict[str, str] | None = None,
            interpreter: Path | None = None) -> list[str]:
    where = places(system, home, env)
    interpreter = interpreter or default_interpreter()
    sources = default_sources(lang)
    data = xlam_bytes(sources)
    check_package(data, sources)
    where.addin.parent.mkdir(parents=True, exist_ok=True)
    save_new_bytes(data, where.addin, backups_kept=0, owned=is_salesdesk_addin)  # no backup: Excel opens every file in XLSTART
    conf = _conf_lines(where.xlwings_conf)  # other keys the user set are kept
    conf.update(wanted_config(where, interpreter))
    where.xlwings_conf.parent.mkdir(parents=True, exist_ok=True)
    where.language_file.parent.mkdir(parents=True, exist_ok=True)
    save_new_bytes("".join(f'"{k}","{v}"\n' for k, v in conf.items()).encode("utf-8"), where.xlwings_conf, backups_kept=1)
    save_new_bytes(json.dumps({"lang": lang}).encode("utf-8"), where.language_file, backups_kept=0)
    if where.applescript_dir is not None:
        script = applescript()
        where.applescript_dir.mkdir(parents=True, exist_ok=True)
        save_new_bytes(script.read_bytes(), where.applescript_dir / script.name, backups_kept=0)
    return status(lang, system, home, env, interpreter)


def saved_language() -> str | None:
    """The rep's language chosen at install (Excel starts Python without their shell's variables)."""
    try:
        path = places().language_file
    except ExcelUnavailable:
        return None
    return _read_language(path)


def _read_language(path: Path) -> str | None:
    if not path.exists():
        return None
    lang = json.loads(path.read_text(encoding="utf-8")).get("lang")
    return lang if lang in ("zh", "en") else None


def status(lang: str = "zh", system: str | None = None, home: Path | None = None, env: dict[str, str] | None = None,
           interpreter: Path | None = None) -> list[str]:
    """What is installed where, and whether it is this version's add-in."""
    where = places(system, home, env)
    _ = translator(lang)
    lines = []
    if where.addin.exists():
        current = hashlib.sha256(xlam_bytes(default_sources(_read_language(where.language_file) or lang))).hexdigest()
        installed = hashlib.sha256(where.addin.read_bytes()).hexdigest()
        same = installed == current
        if same:
            lines.append(_("Add-in: {path} (up to date)", path=where.addin))
        else:
            lines.append(_("Add-in: {path} (not this version: run salesdesk addin install again)", path=where.addin))
    else:
        lines.append(_("Add-in not installed; expected at: {path}", path=where.addin))
    conf = _conf_lines(where.xlwings_conf)
    wanted = wanted_config(where, interpreter or default_interpreter())
    for key, value in wanted.items():
        got = conf.get(key)
        ok = got == value and Path(value).exists()
        lines.append(f"xlwings {key}: {got or '-'}" + ("" if ok else _(" (should be {value})", value=value)))
    if where.applescript_dir is not None:
        script = where.applescript_dir / applescript().name
        lines.append(f"xlwings AppleScript: {script}" + ("" if script.exists() else _(" (missing)")))
    return lines
