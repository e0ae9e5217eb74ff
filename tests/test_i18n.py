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
