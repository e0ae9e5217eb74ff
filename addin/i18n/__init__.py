"""Messages from gettext catalogues: one language per run.

User-facing text is written in English in the code (the gettext msgid) and
translated by the catalogues under ``addin/i18n/locale/<locale>/LC_MESSAGES/
salesdesk.po`` (zh_CN today). A run builds one `Translator` with
`translator(lang)` and passes it along; nothing global is switched, so two
runs in two languages can share a process.

Catalogues are plain ``.po`` files, read in memory when a language is first
used (no build step, nothing generated to commit): `read_catalogue` parses
the .po itself, as Babel's read_po + write_mo would compile it (fuzzy and
untranslated entries left out; tests/test_i18n.py compares the two), so a
run (a ribbon click above all) does not import Babel, which costs about a
tenth of a click's start-up; Babel stays the tool of `dev.py messages`.
``python3 dev.py messages`` extracts the msgids from the code and merges
them into every catalogue; a test fails while any msgid lacks a
translation. Adding a language (e.g. zh_TW for distributors in Taiwan or
Hong Kong) is adding a catalogue folder and a line in `LANGUAGES`.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable, Iterable

DOMAIN = "salesdesk"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# Run language (the --lang value) -> catalogue locale. English is the source
# language: its "catalogue" is the msgids themselves.
LANGUAGES: dict[str, str | None] = {"zh": "zh_CN", "en": None}
DEFAULT_LANG = "zh"


def known_language(value: str | None) -> str | None:
    """A language as people and systems spell it, as one of LANGUAGES: "en", "EN", "en_US.UTF-8", "zh-CN",
    "zh_Hans" -> "en" / "zh"; None for anything else (the caller falls back to its default)."""
    if not value:
        return None
    head = re.split(r"[-_.@]", value.strip().lower(), maxsplit=1)[0]
    return head if head in LANGUAGES else None


def N_(message: str) -> str:
    """Marks a msgid for extraction where it is translated later (tables of codes)."""
    return message


def catalogue_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


_ESCAPE = re.compile(r'\\([\\trn"])')
_ESCAPED = {"\\": "\\", "t": "\t", "r": "\r", "n": "\n", '"': '"'}


def _unquote(text: str) -> str:
    """A .po string literal's text (the escapes Babel's unescape knows: \\\\ \\t \\r \\n \\")."""
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a .po string: {text!r}")
    return _ESCAPE.sub(lambda m: _ESCAPED[m.group(1)], text[1:-1])


def read_catalogue(path: Path) -> dict[object, str]:
    """A .po file's translations as gettext's catalogue: msgid -> msgstr, (msgid, n) -> the n-th plural form,
    "" -> the header; fuzzy, obsolete (#~) and untranslated entries are left out (Babel's write_mo, use_fuzzy=False).
    Raises ValueError on a line that is no .po syntax."""
    catalogue: dict[object, str] = {}
    entry: dict[str, list[str]] = {}
    fuzzy = False
    field = ""

    def finish() -> None:
        nonlocal entry, fuzzy
        if "msgid" in entry and not fuzzy:
            msgid = "".join(entry["msgid"])
            context = "".join(entry["msgctxt"]) + "\x04" if "msgctxt" in entry else ""
            if "msgid_plural" in entry:
                forms = sorted((int(k[7:-1]), "".join(v)) for k, v in entry.items() if k.startswith("msgstr["))
                if forms and all(text for _n, text in forms):
                    for n, text in forms:
                        catalogue[(context + msgid, n)] = text
            else:
                text = "".join(entry.get("msgstr", []))
                if text or not msgid:  # the header is kept even when empty; an untranslated entry is not
                    catalogue[context + msgid] = text
        entry, fuzzy = {}, False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        translated = any(k.startswith("msgstr") for k in entry)  # the entry read so far is complete
        if line.startswith("#"):
            if translated:
                finish()
            if line.startswith("#,") and "fuzzy" in (flag.strip() for flag in line[2:].split(",")):
                fuzzy = True  # flags come before the msgid they mark
            continue
        if line.startswith('"'):
            entry.setdefault(field, []).append(_unquote(line))
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and translated:
            finish()
        if keyword not in ("msgctxt", "msgid", "msgid_plural", "msgstr") and not keyword.startswith("msgstr["):
            raise ValueError(f"{path}: not a .po line: {raw!r}")
        field = keyword
        entry[field] = [_unquote(rest)]
    finish()
    return catalogue


class _Catalogue(gettext.GNUTranslations):
    """gettext's translations over a catalogue read by `read_catalogue` (the header's Plural-Forms and charset)."""

    def __init__(self, catalogue: dict[object, str]) -> None:
        gettext.NullTranslations.__init__(self)
        self._catalog = catalogue
        self._info: dict[str, str] = {}
        self.plural = lambda n: 0
        for item in catalogue.get("", "").splitlines():
            key, _colon, value = item.partition(":")
            self._info[key.strip().lower()] = value.strip()
        forms = self._info.get("plural-forms", "")
        if "plural=" in forms:
            self.plural = gettext.c2py(forms.split(";")[1].split("plural=")[1])


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    locale = LANGUAGES[lang]
    if locale is None:
        return gettext.NullTranslations()
    return _Catalogue(read_catalogue(catalogue_path(locale)))


@dataclass(frozen=True)
class Translator:
    """The messages of one run, in one language.

    ``t("Read {n} file(s)", n=3)`` translates, then fills the named fields;
    ``t.n("{n} error", "{n} errors", n)`` chooses the plural form.
    """

    lang: str

    def gettext(self, message: str) -> str:
        return _translations(self.lang).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _translations(self.lang).ngettext(singular, plural, n)

    def __call__(self, message: str, /, **fields: object) -> str:
        text = self.gettext(message)
        return text.format(**fields) if fields else text

    def n(self, singular: str, plural: str, n: int, /, **fields: object) -> str:
        return self.ngettext(singular, plural, n).format(n=n, **fields)

    def join(self, items: Iterable[str]) -> str:
        """Items of an inline list with the language's separator (English ", ", Chinese "、")."""
        return self.gettext(", ").join(items)

    def clauses(self, items: Iterable[str]) -> str:
        """Clauses of one sentence with the language's comma (English ", ", Chinese full-width "，")."""
        return self._chain(N_("{clause}, {next}"), items)

    def sentences(self, items: Iterable[str]) -> str:
        """Sentences one after another (English with a space between, Chinese without)."""
        return self._chain(N_("{clause} {next}"), items)

    def _chain(self, pattern: str, items: Iterable[str]) -> str:
        form, out = self.gettext(pattern), None
        for item in items:
            out = item if out is None else form.format(clause=out, next=item)
        return out or ""

    def labelled(self, label: str, value: object) -> str:
        """"label: value" with the language's colon (Chinese full-width "：")."""
        return self.gettext("{label}: {value}").format(label=label, value=value)


def translator(lang: str = DEFAULT_LANG) -> Translator:
    """The translator of a run; raises ValueError for a language with no catalogue."""
    _translations(lang)
    return Translator(lang)


def both_with(build: Callable[[Translator], str]) -> tuple[str, str]:
    """(zh, en) of a message built from per-language parts (a column's own zh/en header, say)."""
    return build(translator("zh")), build(translator("en"))


def pick(pair: tuple[str, str], lang: str) -> str:
    """The text of a (zh, en) pair made by `both` for a run in `lang` (English for any language other than zh)."""
    return {"zh": pair[0]}.get(lang, pair[1])


def one_language(text: str, lang: str) -> str:
    """A text written "中文 / English" (the templates' policy rows, a bilingual promotion name) in `lang` only;
    any other text as it is."""
    parts = [p.strip() for p in str(text).split(" / ")]
    if len(parts) == 2 and all(parts):
        return pick((parts[0], parts[1]), lang)
    return str(text)


def both(message: str, /, **fields: object) -> tuple[str, str]:
    """(zh, en) of one message: for data that carries both languages (issues' message_zh/en)."""
    return translator("zh")(message, **fields), translator("en")(message, **fields)
