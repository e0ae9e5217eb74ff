"""`salesdesk addin bundle`: every wheel for the rep's platform, the add-in and an install script,
so a PC that cannot reach PyPI installs salesdesk from one zip."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from addin.cli import main
from addin.excel.bundle import HERE, Target, install_script, missing_requirements


def _wheel(folder: Path, name: str, requires: list[str]) -> None:
    with zipfile.ZipFile(folder / f"{name}-1.0-py3-none-any.whl", "w") as z:
        z.writestr(f"{name}-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: " + name + "\n" + "".join(f"Requires-Dist: {r}\n" for r in requires))


def test_dependencies_only_the_reps_platform_needs_are_found_from_the_wheels_markers(tmp_path):
    """pip evaluates markers on the machine that downloads: a Windows bundle made on Linux would lack pywin32."""
    _wheel(tmp_path, "xlwings", ["pywin32>=224; platform_system == 'Windows'", "appscript>=1.0.1; platform_system == 'Darwin'",
                                 "psutil>=2.0.0; platform_system == 'Darwin'", "pandas; extra == 'all'"])
    _wheel(tmp_path, "tqdm", ['colorama; platform_system == "Windows"'])
    _wheel(tmp_path, "colorama", [])
    assert missing_requirements(tmp_path, Target("win_amd64", "3.11").markers()) == {"pywin32>=224"}
    assert missing_requirements(tmp_path, Target("macosx_11_0_arm64", "3.12").markers()) == {"appscript>=1.0.1", "psutil>=2.0.0"}
    assert missing_requirements(tmp_path, Target(HERE, "3.11").markers()) == set()  # pip resolved for this machine itself


def test_the_windows_script_is_in_the_pcs_code_page_and_installs_without_an_index():
    name, data = install_script(Target("win_amd64", "3.12"), "zh")
    text = data.decode("cp936")  # cmd reads a .bat in the ANSI code page
    assert name == "install.bat" and "正在把 salesdesk 安装到此文件夹" in text and "\r\n" in text
    steps = [line for line in text.splitlines() if line.startswith(("py -3.12 -m", "if not exist", '".venv'))]
    assert [s.split(" || ")[0].split('" ', 1)[-1] for s in steps] == [
        'py -3.12 -m venv .venv', '-m pip install --no-index --find-links "%~dp0wheelhouse" --upgrade salesdesk', "addin install --lang zh"]
    assert install_script(Target("win_amd64", "3.12"), "en")[1].isascii()
    mac_name, mac = install_script(Target("macosx_11_0_arm64", "3.12"), "en")
    assert mac_name == "install.command" and b"--no-index" in mac and b"salesdesk addin install --lang en" in mac


@pytest.mark.skipif(not os.environ.get("SALESDESK_NETWORK_TESTS"), reason="downloads every wheel from PyPI (~30 s): set SALESDESK_NETWORK_TESTS=1")
def test_the_bundle_for_this_platform_installs_offline_into_a_fresh_venv(tmp_path, capsys):
    out = tmp_path / "salesdesk-bundle"
    assert main(["addin", "bundle", "-o", str(out), "--lang", "en"]) == 0
    assert "Install script:" in capsys.readouterr().out
    wheels = sorted(p.name for p in (out / "wheelhouse").iterdir())
    assert any(w.startswith("salesdesk-") for w in wheels) and any(w.startswith("xlwings-") for w in wheels)
    assert (out / "salesdesk.xlam").exists() and os.access(out / "install.sh", os.X_OK)
    # a fresh venv, no index, no pip configuration (its find-links would be a second source), no network if unshare can cut it
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(tmp_path), "PIP_CONFIG_FILE": os.devnull}
    offline = ["unshare", "-n"] if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], check=False).returncode == 0 else []
    python = Path(sys.base_prefix) / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    subprocess.run([str(python), "-m", "venv", str(out / ".venv")], check=True, env=env)  # the script's first step, with this Python
    done = subprocess.run([*offline, "sh", str(out / "install.sh")], capture_output=True, text=True, env=env, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "salesdesk 0.1.0" in done.stdout
    version = subprocess.run([str(out / ".venv" / "bin" / "salesdesk"), "--version"], capture_output=True, text=True, env=env, check=True)
    assert version.stdout.startswith("salesdesk ")
    built = subprocess.run([str(out / ".venv" / "bin" / "salesdesk"), "addin", "build", "-o", str(tmp_path / "again"), "--lang", "en"],
                           capture_output=True, text=True, env=env, check=False)
    assert built.returncode == 0 and (tmp_path / "again" / "salesdesk.xlam").read_bytes() == (out / "salesdesk.xlam").read_bytes()
