"""Keeping the catalogues in step with the code (`python3 dev.py messages`).

`extract()` finds every msgid in the package with Babel's Python extractor;
`update()` merges them into each catalogue (new ones empty, vanished ones
dropped) and `missing()` lists what a catalogue does not translate yet,
which the test suite requires to be nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from . import DOMAIN, LANGUAGES, catalogue_path

PACKAGE = Path(__file__).resolve().parent.parent
# How messages are marked in the code: `_ = translator(lang)` then `_("...")`,
# `_.n("one", "many", n)`; `both("...")` for zh/en pairs; `N_("...")` in tables.
KEYWORDS = {"_": None, "N_": None, "both": None, "gettext": None, "n": (1, 2), "ngettext": (1, 2)}
_FIELD = re.compile(r"{(\w*)[^{}]*}")


def extract() -> Catalog:
    template = Catalog(domain=DOMAIN, project="salesdesk")
    found = extract_from_dir(str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("i18n:",), strip_comment_tags=True)
    for filename, lineno, message, comments, context in found:
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def read(locale: str) -> Catalog:
    with catalogue_path(locale).open("rb") as handle:
        return read_po(handle, locale=locale, domain=DOMAIN)


def update() -> list[Path]:
    """Merges the code's msgids into every catalogue; returns the files written."""
    template = extract()
    written = []
    for locale in (loc for loc in LANGUAGES.values() if loc):
        path = catalogue_path(locale)
        catalog = read(locale) if path.exists() else Catalog(locale=locale, domain=DOMAIN, project="salesdesk")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=120, sort_output=False, omit_header=False)
        written.append(path)
    return written


def _fields(text: str) -> set[str]:
    return set(_FIELD.findall(text))


def missing(locale: str) -> list[str]:
    """msgids of the code that `locale` leaves untranslated or fuzzy, or whose fields differ."""
    catalog = read(locale)
    problems = []
    for message in extract():
        if not message.id:
            continue
        entry = catalog.get(message.id)
        ids = [str(i) for i in (message.id if isinstance(message.id, (tuple, list)) else (message.id,))]
        raw = None if entry is None else entry.string
        strings = [str(s) for s in (raw if isinstance(raw, (tuple, list)) else (raw,)) if s]
        if entry is None or entry.fuzzy or len(strings) < (catalog.num_plurals if len(ids) > 1 else 1):
            problems.append(f"untranslated: {ids[0]!r}")
        elif any(_fields(s) != _fields(ids[-1]) for s in strings):
            problems.append(f"fields differ: {ids[0]!r}")
    return problems
