"""Messages come from catalogues: every msgid translated, fields kept, one language per run."""

from __future__ import annotations

import pytest

from addin.i18n import LANGUAGES, translator
from addin.i18n.catalogue import missing


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

