"""Pre-flight checks of an Excel package before anything reads or writes it.

Refuses, with a message a rep understands: binary .xlsb, encrypted files
(an OLE container, not a zip), corrupt packages, zip bombs and XML with a
DOCTYPE (entity expansion). Reading never expands entities; writing never
runs on a refused file.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

OLE_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_MEMBERS = 20_000
MAX_TOTAL_UNCOMPRESSED = 4 * 1024**3
MAX_RATIO = 200  # compressed XML is typically 5-20x; bombs are 1000x+
RATIO_FLOOR = 50 * 1024**2  # small parts may compress well; only big ones are judged


class FileRefused(Exception):
    """A file salesdesk will not read or write, with a reason in zh and en."""

    def __init__(self, path: Path | str, code: str, zh: str, en: str) -> None:
        super().__init__(f"{path}: {en}")
        self.path = str(path)
        self.code = code
        self.zh = zh
        self.en = en

    def message(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def lock_file(path: Path) -> Path:
    """Excel's owner file for an open workbook: `~$` plus the name, beside it."""
    return path.with_name("~$" + path.name)


def refuse_if_open(path: Path) -> None:
    lock = lock_file(path)
    # Excel drops the first two characters of long names in the owner file name.
    alt = path.with_name("~$" + path.name[2:]) if len(path.name) > 2 else lock
    if lock.exists() or alt.exists():
        raise FileRefused(
            path,
            "file-open-in-excel",
            f"文件正在被 Excel 打开（{lock.name}），请先关闭再运行。",
            f"The file is open in Excel ({lock.name} exists); close it and run again.",
        )


@dataclass(frozen=True)
class PackageInfo:
    path: Path
    members: tuple[str, ...]
    has_vba: bool


def inspect(path: Path) -> PackageInfo:
    """Validates a workbook package, or raises FileRefused."""
    if not path.exists():
        raise FileRefused(path, "file-missing", "找不到文件。", "File not found.")
    suffix = path.suffix.lower()
    if suffix == ".xlsb":
        raise FileRefused(path, "file-xlsb", "不支持二进制工作簿 .xlsb，请在 Excel 中另存为 .xlsx。", "Binary .xlsb workbooks are not supported; save as .xlsx in Excel.")
    with path.open("rb") as handle:
        head = handle.read(4)
    if head == OLE_MAGIC:
        raise FileRefused(
            path,
            "file-encrypted",
            "文件已加密（或为旧版 .xls），请在 Excel 中去掉密码并另存为 .xlsx。",
            "The file is encrypted (or an old .xls); remove the password and save as .xlsx in Excel.",
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileRefused(path, "file-corrupt", f"文件已损坏或不是 Excel 工作簿：{exc}", f"The file is corrupt or not an Excel workbook: {exc}") from exc
    with archive:
        infos = archive.infolist()
        _refuse_bombs(path, infos)
        names = tuple(i.filename for i in infos)
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise FileRefused(path, "file-corrupt", "文件已损坏：缺少工作簿结构。", "The file is corrupt: the workbook structure is missing.")
        for info in infos:
            if info.filename.endswith((".xml", ".rels", ".vml")):
                with archive.open(info) as part:
                    _refuse_doctype(path, info.filename, part.read(4096))
    return PackageInfo(path=path, members=names, has_vba="xl/vbaProject.bin" in names)


def _refuse_bombs(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    total = sum(i.file_size for i in infos)
    suspicious = [i for i in infos if i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1)]
    if len(infos) > MAX_MEMBERS or total > MAX_TOTAL_UNCOMPRESSED or suspicious:
        raise FileRefused(
            path,
            "file-hostile",
            "文件结构异常（疑似压缩炸弹），已拒绝处理。",
            "The package looks hostile (a zip bomb: far too large when unpacked); refused.",
        )


def _refuse_doctype(path: Path, part: str, head: bytes) -> None:
    # OOXML parts never declare a DTD; one that does is an entity-expansion attack.
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise FileRefused(
            path,
            "file-hostile",
            f"文件中的 {part} 含有 DTD/实体声明，已拒绝处理。",
            f"{part} declares a DTD or entities (entity-expansion attack); refused.",
        )
