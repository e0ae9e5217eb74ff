"""LibreOffice, headless, as a converter (PDF export) where it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..i18n import N_


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


MARKER = "salesdesk"  # the keywords of every customer document, carried by LibreOffice into the PDF's /Keywords


def is_salesdesk_pdf(data: bytes) -> bool:
    """A PDF exported from one of salesdesk's documents (its /Keywords hold the marker, as text or UTF-16 hex)."""
    utf16 = b"FEFF" + MARKER.encode("utf-16-be").hex().upper().encode()
    return data.startswith(b"%PDF") and (utf16 in data or b"(" + MARKER.encode() + b")" in data)


def convert(source: Path, target_format: str, out_dir: Path, timeout: int = 180) -> Path:
    """Converts `source`; raises RuntimeError when no output appears, FileRefused when the target
    exists and is not salesdesk's export (a customer's signed copy is never replaced).

    LibreOffice exits 0 even when it cannot load a file, so success is judged
    by the output file, not the exit code. A private profile directory lets
    several conversions run side by side; the output is made in a private
    folder and moved into place through the guard.
    """
    from .safe_write import save_new_bytes

    binary = soffice()
    if binary is None:
        raise RuntimeError(N_("LibreOffice (soffice) is not installed"))  # translated where printed
    out_dir.mkdir(parents=True, exist_ok=True)
    name = source.stem + "." + target_format.split(":")[0]
    with tempfile.TemporaryDirectory(prefix="salesdesk-lo-") as private:
        work = Path(private)
        completed = subprocess.run(
            [binary, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--convert-to", target_format, "--outdir", str(work / "out"), str(source)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        made = work / "out" / name
        if not made.exists() or made.stat().st_size == 0:
            raise RuntimeError(f"LibreOffice could not convert {source.name}: {completed.stderr.strip()[-300:]}")
        data = made.read_bytes()
    owned = is_salesdesk_pdf if name.lower().endswith(".pdf") else None
    save_new_bytes(data, out_dir / name, backups_kept=0, owned=owned)
    return out_dir / name
