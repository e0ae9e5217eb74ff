"""`salesdesk addin build | install | status`: the add-in file and where Excel finds it.

Windows and macOS: the .xlam goes into Excel's start-up folder (XLSTART: asked of
Excel when it runs, else the profile's AppData folder as the registry's shell
folders give it), so Excel loads it on every start; xlwings' user configuration
file tells its RunPython which interpreter to start (this environment's, where
salesdesk is installed), written in the PC's ANSI code page as xlwings' VBA reads
it (excel/conf.py), with the OneDrive folders found on the PC (xlwings turns a
OneDrive/SharePoint workbook's web address into its local path with them).
Linux has no Excel: build works, install and status say so.
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
from typing import TYPE_CHECKING, Callable

from ..i18n import N_, translator
from . import conf as xlconf

if TYPE_CHECKING:
    from .xlam.package import Sources

ADDIN_FILE = "salesdesk.xlam"
LANGUAGE_FILE = "excel.json"  # where platformdirs' user_config_dir("salesdesk") is on Windows and macOS
MAC_OFFICE = "Library/Group Containers/UBF8T346G9.Office/User Content.localized/Startup.localized/Excel"
MAC_XLWINGS_CONF = "Library/Containers/com.microsoft.Excel/Data/xlwings.conf"
# macOS asks twice the first time a button runs; both must be allowed (README "In Excel").
MAC_PROMPTS = (
    N_("macOS will ask to let Excel control \"System Events\"/Terminal (Automation): allow it; if denied, "
       "System Settings > Privacy & Security > Automation > Microsoft Excel: tick it."),
    N_("macOS will ask to let Python write into Excel's folder (Files and Folders / \"access data from other apps\"): allow it; "
       "if denied, System Settings > Privacy & Security > Files and Folders (or Full Disk Access): tick Python, then press the button again."),
)

StartupAsker = Callable[[], "Path | None"]


class ExcelUnavailable(Exception):
    def __init__(self, system: str) -> None:
        super().__init__(system)
        self.system = system

    def message(self, lang: str) -> str:
        return translator(lang)(N_("Excel is not available on this computer ({system}): salesdesk addin build works here, install on a Windows or Mac PC with Excel."), system=self.system)


def build(out_dir: Path, lang: str = "zh", sources: Sources | None = None) -> Path:
    """Builds, checks independently (olevba, olefile, ribbon callbacks), then writes."""
    from ..io.safe_write import save_new_bytes
    from .xlam.package import default_sources, xlam_bytes
    from .xlam.verify import check_package

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
    startup_source: str = "default"  # where the start-up folder came from: "excel" (Application.StartupPath) or "default"


def excel_startup_path() -> Path | None:
    """Application.StartupPath of a running Excel (through xlwings), None when no Excel runs or it cannot be asked."""
    if platform.system() not in ("Windows", "Darwin"):
        return None
    try:
        import xlwings

        if xlwings.apps.count == 0:
            return None
        app = xlwings.apps.active
        path = str(app.startup_path or "") if app is not None else ""
    except Exception:  # noqa: BLE001 - COM/AppleScript errors have no common type; the default folder is used instead
        return None
    return Path(path) if path else None


def places(system: str | None = None, home: Path | None = None, env: dict[str, str] | None = None,
           startup: StartupAsker | None = None) -> Places:
    """Where things go on this PC. `startup` asks Excel for its start-up folder (default: a running Excel
    through xlwings); without an answer, the folder Excel uses for the profile (APPDATA, which Windows takes
    from the registry's User Shell Folders, so a redirected profile is followed)."""
    system = system or platform.system()
    home = home or Path.home()
    env = dict(os.environ) if env is None else env
    if system not in ("Windows", "Darwin"):
        raise ExcelUnavailable(system)
    asked = (startup or excel_startup_path)()
    source = "excel" if asked else "default"
    if system == "Windows":
        appdata = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
        profile = Path(env.get("USERPROFILE") or home)
        local = Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local")
        folder = asked or appdata / "Microsoft" / "Excel" / "XLSTART"
        return Places(system, folder / ADDIN_FILE, profile / ".xlwings" / "xlwings.conf", "INTERPRETER_WIN",
                      local / "salesdesk" / LANGUAGE_FILE, startup_source=source)
    folder = asked or home / MAC_OFFICE
    return Places(system, folder / ADDIN_FILE, home / MAC_XLWINGS_CONF, "INTERPRETER_MAC",
                  home / "Library" / "Application Support" / "salesdesk" / LANGUAGE_FILE, home / "Library/Application Scripts/com.microsoft.Excel",
                  startup_source=source)


def applescript() -> Path:
    import xlwings

    from .xlam.package import xlwings_dir

    return xlwings_dir() / f"xlwings-{xlwings.__version__}.applescript"


def default_interpreter() -> Path:
    """This environment's Python; on Windows its pythonw.exe, so no console window flashes up."""
    exe = Path(sys.executable)
    windowless = exe.with_name("pythonw.exe")
    return windowless if exe.name.lower() == "python.exe" and windowless.exists() else exe


def _windows_onedrive_registry() -> dict[str, str]:
    """OneDrive's own record of its folders (HKCU\\Software\\Microsoft\\OneDrive\\Accounts\\*\\UserFolder)."""
    if sys.platform != "win32":
        return {}
    import winreg

    found: dict[str, str] = {}
    for account, key in (("Personal", "OneDriveConsumer"), ("Business1", "OneDriveCommercial")):
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, rf"Software\Microsoft\OneDrive\Accounts\{account}") as handle:
                found[key] = str(winreg.QueryValueEx(handle, "UserFolder")[0])
        except OSError:
            continue
    return found


def onedrive_folders(system: str, home: Path, env: dict[str, str]) -> dict[str, str]:
    """xlwings' OneDrive settings for the folders found on this PC (xlwings issues #2554, #2652, #2017: a workbook
    saved there reports a web address; xlwings maps it back with these). Windows: the OneDrive client's
    variables, else its registry keys; macOS: ~/Library/CloudStorage/OneDrive-Personal and OneDrive-<org>."""
    found: dict[str, str] = {}
    if system == "Windows":
        known = {**_windows_onedrive_registry(), **{k: v for k, v in env.items() if k in ("OneDriveConsumer", "OneDriveCommercial")}}
        if known.get("OneDriveConsumer"):
            found["ONEDRIVE_CONSUMER_WIN"] = known["OneDriveConsumer"]
        if known.get("OneDriveCommercial"):
            found["ONEDRIVE_COMMERCIAL_WIN"] = known["OneDriveCommercial"]
            # SharePoint libraries sync beside it: "<org>\<site> - Documents" next to "OneDrive - <org>"
            business = Path(known["OneDriveCommercial"])
            found["SHAREPOINT_WIN"] = str(business.with_name(business.name.replace("OneDrive - ", "", 1)))
        return found
    cloud = home / "Library" / "CloudStorage"
    if (cloud / "OneDrive-Personal").is_dir():
        found["ONEDRIVE_CONSUMER_MAC"] = str(cloud / "OneDrive-Personal")
    orgs = sorted(p for p in cloud.glob("OneDrive-*") if p.is_dir() and p.name != "OneDrive-Personal") if cloud.is_dir() else []
    if orgs:
        found["ONEDRIVE_COMMERCIAL_MAC"] = str(orgs[0])
        found["SHAREPOINT_MAC"] = str(cloud / orgs[0].name.replace("OneDrive-", "", 1))
    return found


KEEP_PYTHON = "USE UDF SERVER"  # xlwings' setting: RunPython through its COM server, one Python kept between clicks (Windows)


def wanted_config(where: Places, interpreter: Path, found: dict[str, str] | None = None, keep_python: bool = False) -> dict[str, str]:
    """The interpreter (always salesdesk's), the OneDrive folders found (only where the user set none) and, asked
    for, xlwings' COM server (a Python kept between clicks; it applies to every xlwings add-in of this user)."""
    keep = {KEEP_PYTHON: "True"} if keep_python and where.system == "Windows" else {}
    return {where.interpreter_key: str(interpreter), **(found or {}), **keep}


def _read_conf(where: Places, codepage: str) -> xlconf.Conf:
    if not where.xlwings_conf.exists():
        return xlconf.Conf({})
    return xlconf.decode(where.xlwings_conf.read_bytes(), codepage, where.xlwings_conf)


def install(lang: str = "zh", system: str | None = None, home: Path | None = None, env: dict[str, str] | None = None,
            interpreter: Path | None = None, codepage: str | None = None, startup: StartupAsker | None = None,
            keep_python: bool = False) -> list[str]:
    """Puts the add-in where Excel loads it and points xlwings at this Python (`keep_python`: through xlwings'
    COM server, Windows only; README "Click time"). `codepage`: the PC's ANSI
    code page as a Python codec ("cp936"; default: detected). Raises conf.ConfRefused (nothing written) when
    the interpreter's path cannot be written in that code page or an existing conf cannot be read."""
    from ..io.safe_write import save_new_bytes
    from .xlam.package import default_sources, xlam_bytes
    from .xlam.verify import check_package

    where = places(system, home, env, startup)
    env = dict(os.environ) if env is None else env
    codepage = codepage or xlconf.ansi_codepage(where.system)
    interpreter = interpreter or default_interpreter()
    existing = _read_conf(where, codepage)  # before anything is written: a refusal leaves the PC as it was
    found = {k: v for k, v in onedrive_folders(where.system, home or Path.home(), env).items()  # a folder the code page
             if not any(k.lower() == e.lower() for e in existing.values) and xlconf.fits(v, codepage)}  # cannot hold: xlwings' own search
    conf_bytes = xlconf.encode(xlconf.merged(existing.values, wanted_config(where, interpreter, found, keep_python)), codepage,
                               "\r\n" if where.system == "Windows" else "\n")
    sources = default_sources(lang)
    data = xlam_bytes(sources)
    check_package(data, sources)
    where.addin.parent.mkdir(parents=True, exist_ok=True)
    save_new_bytes(data, where.addin, backups_kept=0, owned=is_salesdesk_addin)  # no backup: Excel opens every file in XLSTART
    where.xlwings_conf.parent.mkdir(parents=True, exist_ok=True)
    where.language_file.parent.mkdir(parents=True, exist_ok=True)
    save_new_bytes(conf_bytes, where.xlwings_conf, backups_kept=1)
    save_new_bytes(json.dumps({"lang": lang}).encode("utf-8"), where.language_file, backups_kept=0)
    if where.applescript_dir is not None:
        script = applescript()
        where.applescript_dir.mkdir(parents=True, exist_ok=True)
        save_new_bytes(script.read_bytes(), where.applescript_dir / script.name, backups_kept=0)
    return status(lang, system, home, env, interpreter, codepage, startup)


def saved_language() -> str | None:
    """The rep's language chosen at install (Excel starts Python without their shell's variables)."""
    try:
        path = places(startup=lambda: None).language_file
    except ExcelUnavailable:
        return None
    return _read_language(path)


def _read_language(path: Path) -> str | None:
    if not path.exists():
        return None
    try:
        lang = json.loads(path.read_text(encoding="utf-8")).get("lang")
    except (ValueError, UnicodeDecodeError, AttributeError):
        return None  # a damaged file: the default language, and install writes it again
    return lang if lang in ("zh", "en") else None


def status(lang: str = "zh", system: str | None = None, home: Path | None = None, env: dict[str, str] | None = None,
           interpreter: Path | None = None, codepage: str | None = None, startup: StartupAsker | None = None) -> list[str]:
    """What is installed where, and whether it works as Excel will see it: this version's add-in in the folder
    Excel loads from, and xlwings.conf decoded as xlwings' VBA decodes it (the PC's code page)."""
    from .xlam.package import default_sources, xlam_bytes

    where = places(system, home, env, startup)
    env = dict(os.environ) if env is None else env
    codepage = codepage or xlconf.ansi_codepage(where.system)
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
    if where.startup_source == "excel":
        lines.append(_("Excel loads add-ins from: {path} (asked of Excel)", path=where.addin.parent))
    data = where.xlwings_conf.read_bytes() if where.xlwings_conf.exists() else b""
    conf = xlconf.as_vba_reads(data, codepage)  # as xlwings' VBA will read it, not as Python would like to
    wanted = wanted_config(where, interpreter or default_interpreter())
    for key, value in wanted.items():
        got = next((v for k, v in conf.items() if k.lower() == key.lower()), None)
        ok = got == value and Path(value).exists()
        lines.append(f"xlwings {key}: {got or '-'}" + ("" if ok else _(" (should be {value})", value=value)))
    for key, value in conf.items():
        if key.upper() == KEEP_PYTHON and value.lower() == "true":
            lines.append(_("xlwings {key}: True (one Python kept between clicks; restart Excel after updating salesdesk)", key=key))
        if key.upper().startswith(("ONEDRIVE_", "SHAREPOINT_")):
            lines.append(f"xlwings {key}: {value}" + ("" if Path(value).is_dir() else _(" (folder not found)")))
    if where.applescript_dir is not None:
        script = where.applescript_dir / applescript().name
        lines.append(f"xlwings AppleScript: {script}" + ("" if script.exists() else _(" (missing)")))
        lines += [_(prompt) for prompt in MAC_PROMPTS]
    return lines
