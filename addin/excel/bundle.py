"""`salesdesk addin bundle`: one folder IT can zip and hand to a rep whose PC cannot reach PyPI.

The folder holds every wheel salesdesk needs for the rep's platform and Python
version (`pip download --only-binary=:all: --platform ... --python-version ...`,
salesdesk's own wheel built from this checkout first), the built add-in and an
install script: `install.bat` (Windows: `py -3.X -m venv`, `pip install
--no-index --find-links wheelhouse salesdesk`, `salesdesk addin install`),
`install.command` (macOS, double-clickable) or `install.sh` (Linux, for testing
the same bundle here). Downloading happens here, once, on a machine that reaches
PyPI or a mirror (pip's own configuration: `pip config set global.index-url ...`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import N_, translator

PROJECT = Path(__file__).resolve().parents[2]  # the checkout salesdesk's wheel is built from
WHEELHOUSE = "wheelhouse"
HERE = "here"  # --platform value: this machine's platform and Python


class BundleFailed(Exception):
    def __init__(self, msgid: str, **fields: object) -> None:
        super().__init__(msgid.format(**fields))
        self.msgid, self.fields = msgid, fields

    def message(self, lang: str) -> str:
        return translator(lang)(self.msgid, **self.fields)


NO_CHECKOUT = N_("salesdesk addin bundle builds salesdesk's wheel from its source folder, and {path} is not one: run it from a salesdesk checkout.")
PIP_FAILED = N_("pip could not finish \"{command}\" (exit code {code}); its last lines:\n{tail}")


@dataclass(frozen=True)
class Target:
    """Where the bundle will be installed: a pip platform tag (or `here`) and a Python version ("3.11")."""

    platform: str
    python: str

    @property
    def system(self) -> str:
        if self.platform == HERE:
            return {"win32": "Windows", "darwin": "Darwin"}.get(sys.platform, "Linux")
        return "Windows" if self.platform.startswith("win") else "Darwin" if self.platform.startswith("macosx") else "Linux"

    def markers(self) -> dict[str, str] | None:
        """The environment markers of the rep's PC (PEP 508), for the dependencies pip cannot see from here:
        `pip download --platform` evaluates markers on this machine, so pywin32 (xlwings on Windows),
        colorama (tqdm on Windows) or appscript (xlwings on macOS) would be missing. None: this machine."""
        if self.platform == HERE:
            return None
        machine = {"win_amd64": "AMD64", "win32": "x86", "win_arm64": "ARM64"}.get(self.platform, self.platform.rsplit("_", 1)[-1])
        system = self.system
        return {
            "sys_platform": {"Windows": "win32", "Darwin": "darwin"}.get(system, "linux"), "platform_system": system,
            "os_name": "nt" if system == "Windows" else "posix", "platform_machine": "arm64" if machine == "universal2" else machine,
            "python_version": self.python, "python_full_version": f"{self.python}.0", "implementation_name": "cpython",
            "platform_python_implementation": "CPython", "platform_release": "", "platform_version": "", "extra": "",
        }

    def pip_options(self) -> list[str]:
        if self.platform == HERE:
            return []
        return ["--platform", self.platform, "--python-version", self.python, "--implementation", "cp"]


@dataclass
class Bundle:
    folder: Path
    wheels: list[Path] = field(default_factory=list)
    addin: Path | None = None
    script: Path | None = None


def _pip(args: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line for line in (done.stderr or done.stdout).strip().splitlines() if not line.startswith("WARNING: Location")]
        raise BundleFailed(PIP_FAILED, command="pip " + " ".join(args), code=done.returncode, tail="\n".join(lines[-8:]))


def _fetch(requirement: str, target: Target, folder: Path) -> None:
    """A wheel for the target; a package published only as source (win-unicode-console, which oletools wants on
    Windows) is built here into a wheel, accepted only when pure Python (any platform can install it)."""
    try:
        _pip(["download", "--only-binary=:all:", *target.pip_options(), "--quiet", "--dest", str(folder), requirement])
    except BundleFailed:
        before = set(folder.glob("*.whl"))
        _pip(["wheel", "--no-deps", "--quiet", "--wheel-dir", str(folder), requirement])
        for built in set(folder.glob("*.whl")) - before:
            if not built.name.endswith("-none-any.whl"):
                built.unlink()
                raise


def make_bundle(out: Path, target: Target, lang: str = "zh", project: Path = PROJECT) -> Bundle:
    """Writes the bundle folder `out` (created if missing): wheelhouse/, salesdesk.xlam, the install script.
    Raises BundleFailed (pip's failure, no checkout to build from) and FileRefused (a file there not salesdesk's)."""
    from ..io.safe_write import save_new_bytes
    from .install import build

    if not (project / "pyproject.toml").is_file():
        raise BundleFailed(NO_CHECKOUT, path=project)
    bundle = Bundle(out)
    house = out / WHEELHOUSE
    house.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="salesdesk-bundle-") as tmp:
        own, deps = Path(tmp) / "own", Path(tmp) / "deps"
        _pip(["wheel", "--no-deps", "--quiet", "--wheel-dir", str(own), str(project)])
        wheel = next(own.glob("salesdesk-*.whl"))
        _pip(["download", "--only-binary=:all:", *target.pip_options(), "--quiet", "--dest", str(deps), str(wheel)])
        for _round in range(6):  # what the rep's platform needs beyond what pip resolved with this machine's markers
            missing = missing_requirements(deps, target.markers())
            if not missing:
                break
            for requirement in sorted(missing):
                _fetch(requirement, target, deps)
        for found in sorted(deps.glob("*.whl")):
            save_new_bytes(found.read_bytes(), house / found.name, backups_kept=0)  # the guard: never over a file not ours
            bundle.wheels.append(house / found.name)
    bundle.addin = build(out, lang)
    name, data = install_script(target, lang)
    bundle.script = out / name
    save_new_bytes(data, bundle.script, backups_kept=0)
    if not name.endswith(".bat"):
        bundle.script.chmod(0o755)
    return bundle


def _bat(text: str) -> str:
    """Text for `echo` in a .bat, also inside a ( ... ) block: cmd's special characters escaped."""
    text = text.replace("%", "%%").replace("^", "^^")
    for ch in "&<>|()":
        text = text.replace(ch, "^" + ch)
    return text


def _sh(text: str) -> str:
    """Text as one single-quoted shell word."""
    return "'" + text.replace("'", "'\\''") + "'"


def missing_requirements(folder: Path, markers: dict[str, str] | None) -> set[str]:
    """Requirements of the wheels in `folder` that hold for the target's markers and that no wheel there satisfies by name."""
    if markers is None:
        return set()
    from pip._vendor.packaging.requirements import Requirement  # pip's own copy: the bundle needs pip anyway
    from pip._vendor.packaging.utils import canonicalize_name

    wheels = sorted(folder.glob("*.whl"))
    have = {canonicalize_name(w.name.split("-", 1)[0]) for w in wheels}
    missing: set[str] = set()
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            meta = next((n for n in archive.namelist() if n.endswith(".dist-info/METADATA")), None)
            lines = archive.read(meta).decode("utf-8", errors="replace").splitlines() if meta else []
        for line in lines:
            if not line.startswith("Requires-Dist:"):
                continue
            req = Requirement(line.split(":", 1)[1].strip())
            if (req.marker is None or req.marker.evaluate(markers)) and canonicalize_name(req.name) not in have:
                missing.add(f"{req.name}{req.specifier}")
    return missing


def install_script(target: Target, lang: str) -> tuple[str, bytes]:
    """The script a rep double-clicks, in their language: (file name, bytes). Windows' cmd reads a .bat in
    the PC's ANSI code page: a Chinese script is written in GBK (cp936), an English one in ASCII."""
    _ = translator(lang)
    major_minor = target.python if target.platform != HERE else f"{sys.version_info.major}.{sys.version_info.minor}"
    steps = {
        "start": _("Installing salesdesk into this folder (no internet needed)..."),
        "no_python": _("Python {version} was not found. Install it first (python.org, or a mirror such as "
                       "https://registry.npmmirror.com/binary.html?path=python/), then run this script again.", version=major_minor),
        "failed": _("The installation did not finish; the messages above say why. Nothing in Excel was changed."),
        "done": _("Done. Restart Excel: the salesdesk tab is on the ribbon."),
    }
    if target.system == "Windows":
        steps = {k: _bat(v) for k, v in steps.items()}
        lines = [
            "@echo off", "setlocal", 'cd /d "%~dp0"', f"echo {steps['start']}",
            # a python.org installer IT put beside this script is used when the PC has no Python yet
            f'py -{major_minor} -c "" >nul 2>&1 || (for %%I in (python-{major_minor}*.exe) do "%%I" /quiet InstallAllUsers=0 Include_launcher=1 PrependPath=0)',
            f'py -{major_minor} -c "" >nul 2>&1 || (echo {steps["no_python"]} & pause & exit /b 1)',
            f'if not exist ".venv\\Scripts\\python.exe" py -{major_minor} -m venv .venv || goto failed',
            f'".venv\\Scripts\\python.exe" -m pip install --no-index --find-links "%~dp0{WHEELHOUSE}" --upgrade salesdesk || goto failed',
            f'".venv\\Scripts\\salesdesk.exe" addin install --lang {lang} || goto failed',
            f"echo {steps['done']}", "pause", "exit /b 0", ":failed", f"echo {steps['failed']}", "pause", "exit /b 1", "",
        ]
        return "install.bat", "\r\n".join(lines).encode("cp936" if lang == "zh" else "ascii", errors="strict")
    steps = {k: _sh(v) for k, v in steps.items()}
    name = "install.command" if target.system == "Darwin" else "install.sh"
    addin = f'.venv/bin/salesdesk addin install --lang {lang} || fail' if target.system == "Darwin" else ".venv/bin/salesdesk --version || fail"
    lines = [
        "#!/bin/sh", 'cd "$(dirname "$0")" || exit 1', f"fail() {{ echo {steps['failed']}; exit 1; }}", f"echo {steps['start']}",
        f"PY=$(command -v python{major_minor} || command -v python3) || {{ echo {steps['no_python']}; exit 1; }}",
        '[ -x .venv/bin/python ] || "$PY" -m venv .venv || fail',
        f'.venv/bin/python -m pip install --no-index --find-links "$PWD/{WHEELHOUSE}" --upgrade salesdesk || fail',
        addin, f"echo {steps['done']}", "",
    ]
    return name, "\n".join(lines).encode("utf-8")


def run_bundle_cli(args: argparse.Namespace) -> int:
    """`salesdesk addin bundle [--platform TAG] [--python 3.11] -o DIR`: prints what was written; exit 1 with the reason."""
    from ..io.package import FileRefused

    _ = translator(args.lang)
    python = args.python or f"{sys.version_info.major}.{sys.version_info.minor}"
    target = Target(args.platform or HERE, python)
    out = Path(args.out) if args.out != "." else Path(f"salesdesk-bundle-{target.platform}-py{python}")
    try:
        bundle = make_bundle(out, target, args.lang)
    except (BundleFailed, FileRefused) as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 1
    print(_("Bundle for {platform} / Python {python}: {folder}", platform=target.platform, python=python, folder=bundle.folder))
    print(_("{n} wheel(s) in {folder}", n=len(bundle.wheels), folder=out / WHEELHOUSE))
    print(_("Add-in: {path}", path=bundle.addin))
    print(_("Install script: {path} (zip the folder; the rep unzips it and double-clicks the script)", path=bundle.script))
    return 0
