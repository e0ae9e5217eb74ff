"""Messages come from catalogues: every msgid translated, fields kept, one language per run."""

from __future__ import annotations

import re

import pytest

from addin.i18n import LANGUAGES, translator
from addin.i18n.catalogue import PACKAGE, extract, missing


@pytest.mark.parametrize("locale", [loc for loc in LANGUAGES.values() if loc])
def test_every_message_is_translated(locale):
    assert missing(locale) == []


def test_english_is_the_source_and_fields_are_filled():
    t = translator("en")
    assert t("{n} error(s)", n=3) == "3 error(s)"
    assert t.n("{n} file", "{n} files", 1) == "1 file"
    assert t.n("{n} file", "{n} files", 2) == "2 files"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        translator("xx")



def test_every_literal_message_is_marked_for_extraction():
    """`translator(lang)("text")` is translated at run time but invisible to extraction (and so to the
    completeness test): literals go through `_ = translator(lang)`, `_(...)`, `both(...)` or `N_(...)`."""
    unmarked = re.compile(r"translator\([\w.]*\)\(\s*[\"']")
    found = [f"{path.relative_to(PACKAGE)}:{n}" for path in PACKAGE.rglob("*.py") for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if unmarked.search(line)]
    assert found == []


def test_catalogue_holds_the_codes_and_argparse_messages():
    ids = {m.id for m in extract() if m.id}
    from addin.core.issues import CODES
    from addin.i18n.cli import ARGPARSE_MESSAGES

    assert {c.title_en for c in CODES.values()} | {c.help_en for c in CODES.values()} <= ids
    assert set(ARGPARSE_MESSAGES) <= ids
    zh = translator("zh")
    assert all(zh(c.title_en) != c.title_en for c in CODES.values())  # every code's title has its Chinese


def test_translations_keep_full_width_punctuation():
    """Chinese messages end and pause in full-width marks, as Chinese readers expect."""
    from addin.i18n.catalogue import read

    ascii_marks = re.compile(r"[\u4e00-\u9fff][,;:()](?!\d)|[,;:(][\u4e00-\u9fff]")
    bad = [m.string for m in read("zh_CN") if m.id and isinstance(m.string, str) and ascii_marks.search(m.string)]
    assert bad == []


def _babel_compiled(path) -> dict[object, str]:
    import gettext
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, domain="salesdesk")
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return {k: v for k, v in gettext.GNUTranslations(compiled)._catalog.items() if k != ""}


@pytest.mark.parametrize("locale", [loc for loc in LANGUAGES.values() if loc])
def test_a_run_reads_the_catalogue_as_babel_compiles_it(locale):
    """Runs read the .po without Babel (a ribbon click's start-up): every translation and plural form the same."""
    from addin.i18n import catalogue_path, read_catalogue

    mine = {k: v for k, v in read_catalogue(catalogue_path(locale)).items() if k != ""}
    assert mine == _babel_compiled(catalogue_path(locale)) and len(mine) > 1000


def test_the_catalogue_reader_leaves_out_fuzzy_obsolete_and_untranslated_entries(tmp_path):
    po = tmp_path / "x.po"
    po.write_text('msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                  '#, fuzzy\nmsgid "Fuzzy"\nmsgstr "模糊"\n\n#~ msgid "Old"\n#~ msgstr "旧"\n\n'
                  'msgid "Empty"\nmsgstr ""\n\nmsgid "Kept \\"quoted\\"\\n"\nmsgstr ""\n"保留「引号」\\n"\n\n'
                  'msgctxt "menu"\nmsgid "Open"\nmsgstr "打开"\n\n'
                  'msgid "{n} file"\nmsgid_plural "{n} files"\nmsgstr[0] "{n} 个文件"\nmsgstr[1] "{n} 个文件们"\n', encoding="utf-8")
    mine = {k: v for k, v in __import__("addin.i18n", fromlist=["read_catalogue"]).read_catalogue(po).items() if k != ""}
    assert mine == _babel_compiled(po) == {'Kept "quoted"\n': "保留「引号」\n", "menu\x04Open": "打开", ("{n} file", 0): "{n} 个文件",
                                           ("{n} file", 1): "{n} 个文件们"}


def test_a_language_is_read_as_people_and_systems_spell_it(monkeypatch):
    """Found by a hostile trial: SALESDESK_LANG=fr made a ribbon button raise inside its own error handler, and
    EN or en_US.UTF-8 gave Chinese. Any spelling of a known language is that language; anything else is the default."""
    from unittest.mock import MagicMock

    from addin.excel import ribbon
    from addin.i18n import known_language
    from addin.i18n.cli import run_language

    assert [known_language(v) for v in ("en", "EN", "en_US.UTF-8", "zh-CN", "zh_Hans", "fr", "", None, "english")] == \
        ["en", "en", "en", "zh", "zh", None, None, None, None]
    for value, expected in (("fr", "zh"), ("EN", "en"), ("en_US.UTF-8", "en")):
        monkeypatch.setenv("SALESDESK_LANG", value)
        assert run_language([]) == expected
        message = ribbon.run("salesdesk_check", book=MagicMock())  # one message box, never a traceback
        assert isinstance(message, str) and message
