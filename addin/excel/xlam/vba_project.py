"""vbaProject.bin from module sources: source only, so Excel compiles on load (MS-OVBA).

What xlwings does for its own add-ins: `_VBA_PROJECT` is `cc61ffff000100`
(version 0xFFFF: no compiled cache), every module's offset is 0 (the module
stream is just the compressed source), the `dir` stream lists the modules.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from .cfb import write_cfb
from .ovba import compress

CODEPAGE = 1252  # the project's MBCS code page; module source must be ASCII to mean the same on every PC
VBA_PROJECT_STREAM = bytes.fromhex("cc61ffff000100")
PROJECT_ID = "{5A1E5DE5-0000-4000-8000-5A1E5DE5C0DE}"  # salesdesk's own VBA project identity (any fixed GUID)
SEED = 0x5D  # MS-OVBA 2.4.3.2 wants any seed byte; a fixed one keeps builds reproducible
PROJECT_VERSION = bytes.fromhex("83f7ee610300")  # VersionMajor, VersionMinor as Excel wrote them
REFERENCES = (  # (name, LibidReference): OLE Automation and the Office library (IRibbonControl)
    ("stdole", r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\Windows\System32\stdole2.tlb#OLE Automation"),
    ("Office", r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL#Microsoft Office 16.0 Object Library"),
)
DOCUMENT_BASES = {"workbook": "0{00020819-0000-0000-C000-000000000046}", "sheet": "0{00020820-0000-0000-C000-000000000046}"}
CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"


@dataclass(frozen=True)
class Module:
    name: str
    kind: str  # "standard", "class" or "document"
    source: str  # as stored: CRLF lines, starting with `Attribute VB_Name = ...`

    @property
    def encoded(self) -> bytes:
        return self.source.encode("ascii")


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def standard_module(bas_text: str) -> Module:
    """A .bas file as exported from the VBA editor."""
    lines = _lines(bas_text)
    name = _vb_name(lines)
    return Module(name, "standard", _join(lines))


def class_module(cls_text: str) -> Module:
    """A .cls file: the VERSION/BEGIN/END header is the editor's, not stored; attributes as Excel stores them."""
    lines = _lines(cls_text)
    if lines and lines[0].startswith("VERSION"):
        end = lines.index("END")
        lines = lines[end + 1:]
    name = _vb_name(lines)
    out = []
    for line in lines:
        out.append(line)
        if line.startswith("Attribute VB_Name"):
            out.append(f'Attribute VB_Base = "{CLASS_BASE}"')
        if line.startswith("Attribute VB_Exposed"):
            out += ["Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = False"]
    return Module(name, "class", _join(out))


def document_module(name: str, base: str) -> Module:
    attrs = [
        f'Attribute VB_Name = "{name}"', f'Attribute VB_Base = "{DOCUMENT_BASES[base]}"', "Attribute VB_GlobalNameSpace = False",
        "Attribute VB_Creatable = False", "Attribute VB_PredeclaredId = True", "Attribute VB_Exposed = True",
        "Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = True",
    ]
    return Module(name, "document", _join(attrs + [""]))


def _vb_name(lines: list[str]) -> str:
    for line in lines:
        if line.startswith("Attribute VB_Name = "):
            return line.split('"')[1]
    raise ValueError("a VBA module starts with Attribute VB_Name")


def _join(lines: list[str]) -> str:
    while len(lines) > 1 and lines[-1] == "" and lines[-2] == "":
        lines = lines[:-1]
    return "\r\n".join(lines)


def encrypt(data: bytes, project_id: str = PROJECT_ID, seed: int = SEED) -> str:
    """MS-OVBA 2.4.3.2 Data Encryption (an obfuscation keyed by the project ID), as hex for the PROJECT stream."""
    key = sum(project_id.encode("cp1252")) & 0xFF
    out = [seed, seed ^ 2, seed ^ key]
    plain_prev, enc_prev, enc_prev2 = key, out[2], out[1]
    ignored = [0] * ((seed & 6) // 2)
    for byte in ignored + list(len(data).to_bytes(4, "little")) + list(data):
        enc = byte ^ ((enc_prev2 + plain_prev) & 0xFF)
        out.append(enc)
        enc_prev2, enc_prev, plain_prev = enc_prev, enc, byte
    return bytes(out).hex().upper()


# Not protected, no password, visible (MS-OVBA 2.3.1.15-17).
PROTECTION = f'CMG="{encrypt(bytes(4))}"\r\nDPB="{encrypt(bytes(1))}"\r\nGC="{encrypt(bytes([0xFF]))}"\r\n'


def _record(rid: int, data: bytes) -> bytes:
    return struct.pack("<HI", rid, len(data)) + data


def _text(rid: int, unicode_rid: int, value: str) -> bytes:
    return _record(rid, value.encode("cp1252")) + _record(unicode_rid, value.encode("utf-16-le"))


def dir_stream(project_name: str, modules: list[Module]) -> bytes:
    """The decompressed `dir` stream (MS-OVBA 2.3.4.2)."""
    out = bytearray()
    out += _record(0x0001, struct.pack("<I", 1))  # SysKind: 32-bit Windows (Excel 64-bit reads it too)
    out += _record(0x0002, struct.pack("<I", 0x0409))  # LCID
    out += _record(0x0014, struct.pack("<I", 0x0409))  # LCIDInvoke
    out += _record(0x0003, struct.pack("<H", CODEPAGE))
    out += _record(0x0004, project_name.encode("cp1252"))
    out += _text(0x0005, 0x0040, "")  # DocString
    out += _text(0x0006, 0x003D, "")  # HelpFile
    out += _record(0x0007, struct.pack("<I", 0))  # HelpContext
    out += _record(0x0008, struct.pack("<I", 0))  # LibFlags
    out += struct.pack("<HI", 0x0009, 4) + PROJECT_VERSION  # its Reserved size field is 4, 6 bytes follow
    out += _text(0x000C, 0x003C, "")  # Constants
    for name, libid in REFERENCES:
        out += _text(0x0016, 0x003E, name)
        raw = libid.encode("cp1252")
        out += _record(0x000D, struct.pack("<I", len(raw)) + raw + struct.pack("<IH", 0, 0))
    out += _record(0x000F, struct.pack("<H", len(modules)))
    out += _record(0x0013, struct.pack("<H", 0xFFFF))  # ProjectCookie
    for m in modules:
        out += _text(0x0019, 0x0047, m.name)  # MODULENAME, MODULENAMEUNICODE
        out += _text(0x001A, 0x0032, m.name)  # stream name
        out += _text(0x001C, 0x0048, "")  # DocString
        out += _record(0x0031, struct.pack("<I", 0))  # TextOffset: no compiled code before the source
        out += _record(0x001E, struct.pack("<I", 0))  # HelpContext
        out += _record(0x002C, struct.pack("<H", 0xFFFF))  # Cookie
        out += _record(0x0021 if m.kind == "standard" else 0x0022, b"")
        out += _record(0x002B, b"")  # module terminator
    out += _record(0x0010, b"")  # dir terminator
    return bytes(out)


def project_stream(project_name: str, modules: list[Module]) -> bytes:
    """The PROJECT stream (MS-OVBA 2.3.1): text properties of the project."""
    lines = [f'ID="{PROJECT_ID}"']
    for m in modules:
        if m.kind == "document":
            lines.append(f"Document={m.name}/&H00000000")
        elif m.kind == "class":
            lines.append(f"Class={m.name}")
        else:
            lines.append(f"Module={m.name}")
    lines += [f'Name="{project_name}"', 'HelpContextID="0"', 'VersionCompatible32="393222000"']
    text = "\r\n".join(lines) + "\r\n" + PROTECTION + "\r\n[Host Extender Info]\r\n&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000\r\n"
    return text.encode("cp1252")


def project_wm(modules: list[Module]) -> bytes:
    """PROJECTwm: each module's name in MBCS and UTF-16 (MS-OVBA 2.3.3)."""
    return b"".join(m.name.encode("cp1252") + b"\0" + m.name.encode("utf-16-le") + b"\0\0" for m in modules) + b"\0\0"


def vba_project_bin(project_name: str, modules: list[Module]) -> bytes:
    for m in modules:
        if not m.source.isascii():  # the code page would garble it on a Chinese PC: text belongs in Python
            raise ValueError(f"VBA module {m.name} must be ASCII")
    streams = {
        "PROJECT": project_stream(project_name, modules),
        "PROJECTwm": project_wm(modules),
        "VBA/_VBA_PROJECT": VBA_PROJECT_STREAM,
        "VBA/dir": compress(dir_stream(project_name, modules)),
    }
    for m in modules:
        streams[f"VBA/{m.name}"] = compress(m.encoded)
    return write_cfb(streams)
