"""`salesdesk addin build`: the .xlam checked by readers that are not ours.

olevba (oletools) reads the VBA back, olefile the compound file, LibreOffice
loads the modules; the ribbon's callbacks are matched against the built VBA.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import olefile
import pytest
import xlwings
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import decompress_stream

from addin.cli import main
from addin.excel import ribbon
from addin.excel.install import build
from addin.excel.xlam.cfb import write_cfb
from addin.excel.xlam.ovba import compress, decompress
from addin.excel.xlam.package import CUSTOMUI_PART, default_sources, xlam_bytes
from addin.excel.xlam.verify import BuildCheckFailed, check_package, ribbon_callbacks, ribbon_subs, vba_modules


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("xlam")
    assert main(["addin", "build", "-o", str(out)]) == 0
    return (out / "salesdesk.xlam").read_bytes()


def test_two_builds_are_the_same_bytes(built, tmp_path):
    again = build(tmp_path).read_bytes()
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(built).hexdigest()


def test_vba_reads_back_exactly_through_olevba(built):
    modules = vba_modules(built)
    sources = default_sources()
    assert list(modules) == [m.name for m in sources.modules]
    for module in sources.modules:
        assert modules[module.name] == module.source
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in modules["xlwings"]  # the pinned version's module
    bas = (Path(__file__).resolve().parent.parent / "addin" / "excel" / "macros" / "salesdesk.bas").read_text(encoding="ascii")
    assert modules["Salesdesk"].replace("\r\n", "\n").rstrip("\n") == bas.replace("\r\n", "\n").rstrip("\n")


def test_the_project_is_source_only(built):
    with zipfile.ZipFile(io.BytesIO(built)) as z, olefile.OleFileIO(io.BytesIO(z.read("xl/vbaProject.bin")), raise_defects=olefile.DEFECT_INCORRECT) as ole:
        assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("cc61ffff000100")
        project = ole.openstream("PROJECT").read().decode("cp1252")
        assert 'Name="SalesdeskAddin"' in project and "Module=Salesdesk" in project and "Class=Dictionary" in project
        dir_stream = bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read())))
        assert dir_stream.count(b"\x31\x00\x04\x00\x00\x00\x00\x00\x00\x00") == 6  # MODULEOFFSET 0: no compiled code


def test_every_ribbon_action_is_a_ribbon_sub_in_the_built_vba(built):
    with zipfile.ZipFile(io.BytesIO(built)) as z:
        ribbon_xml = z.read(CUSTOMUI_PART).decode("utf-8")
    callbacks = ribbon_callbacks(ribbon_xml)
    assert callbacks == ["SalesdeskButton"]
    assert set(callbacks) <= ribbon_subs(vba_modules(built))
    for button in ribbon.BUTTONS:
        assert f'tag="{button.id}"' in ribbon_xml


def test_every_macro_the_live_adapter_runs_is_a_public_function_of_the_built_vba(built):
    """live_book.py runs SalesdeskApply, SalesdeskSheet and SalesdeskOwned through app.macro: each must be
    in the built module, taking as many arguments as Python passes."""
    from addin.excel.live_book import APPLY_MACRO, OWNED_MACRO, SHEET_MACRO

    salesdesk = vba_modules(built)["Salesdesk"]
    for macro, arguments in ((APPLY_MACRO, 2), (SHEET_MACRO, 5), (OWNED_MACRO, 1)):
        book, name = macro.split("!")
        assert book == "'salesdesk.xlam'"
        found = re.search(rf"(?m)^Public Function {name}\(([^)]*)\)", salesdesk)
        assert found and len(found.group(1).split(",")) == arguments, name


def test_the_documents_menu_is_built_with_its_buttons_calling_the_one_callback(monkeypatch):
    """The place left for the documents menu (commands/registry.py DOCUMENTS): filled, it becomes a menu."""
    entry = ribbon.Button("salesdesk_forms_invoice", "发票", "Invoice", "FileNew", lambda place, lang: "ok")
    monkeypatch.setattr(ribbon, "DOCUMENTS", (entry,))
    sources = default_sources("en")
    data = xlam_bytes(sources)
    check_package(data, sources)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read(CUSTOMUI_PART).decode()
    assert '<menu id="salesdesk_documents" label="Documents"' in xml and 'tag="salesdesk_forms_invoice"' in xml
    assert ribbon_callbacks(xml) == ["SalesdeskButton"]
    monkeypatch.setattr(ribbon, "DOCUMENTS", ())
    assert "<menu" not in ribbon.ribbon_xml("en")  # empty until the lead wires `salesdesk forms`


def test_content_types_and_relationships_are_consistent(built):
    check_package(built, default_sources())  # raises on any inconsistency; the next test shows it does
    with zipfile.ZipFile(io.BytesIO(built)) as z:
        rels = z.read("_rels/.rels").decode()
        names = z.namelist()
    assert 'Type="http://schemas.microsoft.com/office/2006/relationships/ui/extensibility" Target="customUI/customUI.xml"' in rels
    assert names[0] == "[Content_Types].xml"


def _rezip(data: bytes, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = change(info.filename, src.read(info.filename))
            if content is not None:
                dst.writestr(info, content)
    return out.getvalue()


def test_the_checks_catch_a_broken_package(built):
    sources = default_sources()
    no_type = _rezip(built, lambda n, d: d.replace(b'<Override PartName="/xl/styles.xml"', b'<Override PartName="/xl/gone.xml"') if n == "[Content_Types].xml" else d)
    with pytest.raises(BuildCheckFailed, match="content type of /xl/styles.xml"):
        check_package(no_type, sources)
    wrong_action = _rezip(built, lambda n, d: d.replace(b'onAction="SalesdeskButton"', b'onAction="RunMain"') if n == CUSTOMUI_PART else d)
    with pytest.raises(BuildCheckFailed, match="RunMain"):
        check_package(wrong_action, sources)
    old_rel = _rezip(built, lambda n, d: d.replace(b"office/2006/relationships/ui", b"office/2007/relationships/ui") if n == "_rels/.rels" else d)
    with pytest.raises(BuildCheckFailed, match="ribbon part related as"):
        check_package(old_rel, sources)


def test_no_leftovers_of_a_template_or_a_machine(built):
    with zipfile.ZipFile(io.BytesIO(built)) as z:
        text = b"".join(z.read(n) for n in z.namelist() if n.endswith((".xml", ".rels")))
        with olefile.OleFileIO(io.BytesIO(z.read("xl/vbaProject.bin"))) as ole:
            text += ole.openstream("PROJECT").read()
        infos = z.infolist()
    for leftover in (b"felix", b"absPath", b"myaddin", b"creator", b"lastModifiedBy", b"Users\\", b"/home/", b"/work/", b"318BEE36"):
        assert leftover.lower() not in text.lower()
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    modules = vba_modules(built)
    assert not any(re.search(r"felix|RunMain", source) for source in modules.values())


def test_a_button_added_to_the_registry_is_on_the_rebuilt_ribbon_without_a_vba_edit(monkeypatch):
    extra = ribbon.Button("salesdesk_extra", "新按钮", "New button", "HappyFace", lambda book, lang: "ok")
    monkeypatch.setattr(ribbon, "BUTTONS", ribbon.BUTTONS + (extra,))
    sources = default_sources("en")
    data = xlam_bytes(sources)
    check_package(data, sources)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert 'tag="salesdesk_extra" label="New button"' in z.read(CUSTOMUI_PART).decode()


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=9000) | st.text(alphabet="Dim x As Long\r\n'()=", max_size=12000).map(str.encode))
def test_ovba_compression_round_trips_through_oletools(data):
    packed = compress(data)
    assert bytes(decompress_stream(bytearray(packed))) == data
    assert decompress(packed) == data


@pytest.mark.parametrize("size", [656, 657, 658, 4095, 4096, 4097, 20000])
def test_ovba_compression_at_the_sizes_that_broke_other_implementations(size):
    data = (b"Sub A()\r\n    RunPython \"x\"\r\nEnd Sub\r\n" * 1000)[:size]
    assert bytes(decompress_stream(bytearray(compress(data)))) == data


def test_compound_file_reads_back_through_olefile():
    streams = {f"VBA/m{i:02}": os.urandom(i * 613) for i in range(1, 14)}
    streams["PROJECT"] = b"ID=1"
    with olefile.OleFileIO(io.BytesIO(write_cfb(streams)), raise_defects=olefile.DEFECT_INCORRECT) as ole:
        assert sorted("/".join(p) for p in ole.listdir()) == sorted(streams)
        for path, data in streams.items():
            assert ole.openstream(path).read() == data


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_loads_the_modules(built, tmp_path):
    source = tmp_path / "salesdesk.xlam"
    source.write_bytes(built)
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--infilter=Calc MS Excel 2007 VBA XML",
         "--convert-to", "ods", "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=180, check=False,
    )
    with zipfile.ZipFile(tmp_path / "salesdesk.ods") as z:
        library = z.read("Basic/SalesdeskAddin/script-lb.xml").decode()
        salesdesk = z.read("Basic/SalesdeskAddin/Salesdesk.xml").decode()
    for module in ("Dictionary", "Salesdesk", "SalesdeskText", "Sheet1", "ThisWorkbook", "xlwings"):  # library named after the project
        assert f'library:name="{module}"' in library
    assert "Public Sub SalesdeskButton(control As IRibbonControl)" in salesdesk
    assert "Public Function SalesdeskSheet(" in salesdesk and "Public Function SalesdeskOwned(" in salesdesk


def _decrypt(hex_text: str) -> tuple[int, int, bytes]:
    """MS-OVBA 2.4.3.3 Data Decryption, written from the spec for this test: (version, project key, data)."""
    d = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = d[0], d[1], d[2]
    state = {"plain": seed ^ key_enc, "enc1": key_enc, "enc2": version_enc, "pos": 3}

    def next_byte() -> int:
        enc = d[state["pos"]]
        plain = enc ^ ((state["enc2"] + state["plain"]) & 0xFF)
        state.update(pos=state["pos"] + 1, enc2=state["enc1"], enc1=enc, plain=plain)
        return plain

    for _ in range((seed & 6) // 2):
        next_byte()
    length = int.from_bytes(bytes(next_byte() for _ in range(4)), "little")
    data = bytes(next_byte() for _ in range(length))
    assert state["pos"] == len(d)
    return seed ^ version_enc, seed ^ key_enc, data


def test_project_protection_fields_say_unprotected_no_password_visible(built):
    # Known-good vectors: what Excel wrote into xlwings' quickstart add-in (project ID {318BEE36-...}).
    excel_key = sum(b"{318BEE36-5BE1-492A-826D-473DB19B0F30}") & 0xFF
    assert _decrypt("5D5F8AADDAA8DEA8DEA8DEA8DE") == (2, excel_key, bytes(4))
    assert _decrypt("5D5F8AADDAADDBADDB52") == (2, excel_key, b"\xff")
    with zipfile.ZipFile(io.BytesIO(built)) as z, olefile.OleFileIO(io.BytesIO(z.read("xl/vbaProject.bin"))) as ole:
        project = dict(line.split("=", 1) for line in ole.openstream("PROJECT").read().decode("cp1252").splitlines() if "=" in line)
    key = sum(project["ID"].strip('"').encode()) & 0xFF
    assert project["ID"] == '"{5A1E5DE5-0000-4000-8000-5A1E5DE5C0DE}"'  # our own project, not the template's
    assert _decrypt(project["CMG"].strip('"')) == (2, key, bytes(4))
    assert _decrypt(project["DPB"].strip('"')) == (2, key, b"\x00")
    assert _decrypt(project["GC"].strip('"')) == (2, key, b"\xff")


# ---- issue 21: names VBA can hold apart, and salesdesk's own check before Python runs -------------
_PROC = re.compile(r"^(?:Public |Private |Friend )?(?:Static )?(?:Sub|Function|Property (?:Get|Let|Set)) (\w+)", re.MULTILINE | re.IGNORECASE)


def test_no_two_vba_names_are_equal_ignoring_case(built):
    """VBA compares names ignoring case: the editor refuses a project `salesdesk` beside a module `Salesdesk`."""
    with zipfile.ZipFile(io.BytesIO(built)) as z, olefile.OleFileIO(io.BytesIO(z.read("xl/vbaProject.bin"))) as ole:
        project = ole.openstream("PROJECT").read().decode("cp1252")
    project_name = re.search(r'^Name="([^"]+)"', project, re.MULTILINE).group(1)
    modules = vba_modules(built)
    names = [project_name, *modules]
    assert len({n.lower() for n in names}) == len(names), names
    public: dict[str, str] = {}
    for module, source in modules.items():
        procs = _PROC.findall(source)
        assert len({p.lower() for p in procs if not p.lower().startswith(("get", "let", "set"))}) <= len(procs)
        for proc in procs:
            assert proc.lower() not in {n.lower() for n in names}, f"{module}.{proc} has a module's or the project's name"
        if module in ("Salesdesk", "SalesdeskText"):  # ours: each name once across the project
            for proc in procs:
                assert proc.lower() not in public, f"{proc} in {module} and {public.get(proc.lower())}"
                public[proc.lower()] = module
    # the check catches the old pair
    assert len({n.lower() for n in ["salesdesk", "Salesdesk"]}) == 1


def _vba_text(source: str, key: str) -> str:
    """The message SalesdeskText returns for a key, as VBA would build it (literals, vbLf, ChrW)."""
    block = source.split(f'Case "{key}"', 1)[1].split("Case ", 1)[0].split("End Select", 1)[0]
    text = ""
    for line in block.splitlines():
        line = line.strip()
        if not line.startswith("s = s & "):
            continue
        for part in re.findall(r'"(?:[^"]|"")*"|vbLf|ChrW\(&H[0-9A-F]+\)', line[len("s = s & "):]):
            if part == "vbLf":
                text += "\n"
            elif part.startswith("ChrW"):
                text += chr(int(part[7:-1], 16))
            else:
                text += part[1:-1].replace('""', '"')
    return text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_addin_checks_the_interpreter_before_python_runs_with_its_own_message_in_the_addins_language(lang, tmp_path):
    from addin.excel.xlam.vba_text import MESSAGES
    from addin.i18n import translator

    modules = vba_modules(build(tmp_path, lang).read_bytes())
    button = modules["Salesdesk"].split("Public Sub SalesdeskButton", 1)[1].split("End Sub", 1)[0]
    ready = button.index("If Not SalesdeskReady() Then Exit Sub")
    assert ready < button.index("RunPython ") and ready < button.index("ExecuteWindows ")
    assert 'GetConfig("USE UDF SERVER", False)' in button  # xlwings' COM server when installed with --keep-python
    check = modules["Salesdesk"].split("Private Function SalesdeskReady", 1)[1].split("End Function", 1)[0]
    assert 'Not FileExists(interpreter)' in check and '"import addin.excel.ribbon"' in check  # exists, and loads salesdesk
    assert 'SalesdeskMessage("no_python")' in check and 'SalesdeskMessage("no_salesdesk")' in check
    _ = translator(lang)
    for key, msgid in MESSAGES.items():
        assert _vba_text(modules["SalesdeskText"], key) == _(msgid)
    assert modules["SalesdeskText"].isascii()
    shown = _vba_text(modules["SalesdeskText"], "no_python")
    assert ("install.bat" in shown) and (("找不到" in shown or "未找到" in shown) if lang == "zh" else "was not found" in shown)
