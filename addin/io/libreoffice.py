"""LibreOffice, headless, as a converter (PDF export) where it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..i18n import N_


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, target_format: str, out_dir: Path, timeout: int = 180) -> Path:
    """Converts `source`; raises RuntimeError when no output appears.

    LibreOffice exits 0 even when it cannot load a file, so success is judged
    by the output file, not the exit code. A private profile directory lets
    several conversions run side by side.
    """
    binary = soffice()
    if binary is None:
        raise RuntimeError(N_("LibreOffice (soffice) is not installed"))  # translated where printed
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="salesdesk-lo-") as profile:
        completed = subprocess.run(
            [binary, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to", target_format, "--outdir", str(out_dir), str(source)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    result = out_dir / (source.stem + "." + target_format.split(":")[0])
    if not result.exists() or result.stat().st_size == 0:
        raise RuntimeError(f"LibreOffice could not convert {source.name}: {completed.stderr.strip()[-300:]}")
    return result
